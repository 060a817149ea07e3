import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

const SECRET = 'datadog-secret-0123456789abcdef';
let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness({ WEBHOOK_SECRET_DATADOG: SECRET });
});
afterAll(() => h.stop());

const post = (source: string, body: string, contentType: string) =>
  fetch(`${h.app.url}/webhooks/alerts/${source}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRET}`, 'content-type': contentType },
    body,
  });

describe('Datadog webhooks with "Encode as form"', () => {
  it('takes the default template posted as a form, nested org included, and stores it as the JSON it means', async () => {
    const form = new URLSearchParams({
      id: '7131420045118208451',
      title: '[Triggered] Checkout p99 latency above 2s',
      body: '%%% p99 latency is 2.4s on checkout %%%',
      event_type: 'query_alert_monitor',
      date: '1764666121000',
      last_updated: '1764666121000',
      org: JSON.stringify({ id: '1234', name: 'Example Shop' }),
    });
    const res = await post('datadog', form.toString(), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(202);
    await h.app.alertProcessor.idle(10_000);
    const row = h.app.database.sqlite
      .prepare("select title, status, normalized from alerts where source = 'datadog'")
      .get() as { title: string; status: string; normalized: string };
    expect(row).toMatchObject({ title: 'Checkout p99 latency above 2s', status: 'firing' });
    const inbox = h.app.database.sqlite.prepare("select body from alert_inbox where source = 'datadog'").get() as {
      body: string;
    };
    expect(JSON.parse(inbox.body)).toMatchObject({
      id: '7131420045118208451',
      org: { id: '1234', name: 'Example Shop' },
    });
  });

  it('a body that is neither JSON nor a form gets a 400 naming both encodings', async () => {
    const bad = await post('datadog', '{"title": ', 'application/json');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: 'Body is not valid JSON (or a form with content-type application/x-www-form-urlencoded).',
    });
  });
});
