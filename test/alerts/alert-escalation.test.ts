import { describe, expect, it } from 'vitest';
import { fixtureJson, useAlertRouteHarness } from '../support/alert-route-harness.js';

interface SandboxMessage {
  text: string;
  blocks: Array<{ text?: string; buttons?: unknown[] }>;
}
const shown = (m: SandboxMessage) => [m.text, ...m.blocks.map((b) => b.text ?? '')].join('\n');

/**
 * A warning that waits in triage and then turns critical at the source keeps its fingerprint (Sentry's metric alert
 * incident, Datadog's monitor and group). Counted as a mere repeat, the page would stay in triage.
 */
describe('an alert waiting in triage that escalates at the source, through POST /webhooks/alerts/sentry', () => {
  const h = useAlertRouteHarness();

  const on = (project: string, action: string) => {
    const body = fixtureJson('sentry', 'metric-alert-critical.json') as {
      action: string;
      data: { metric_alert: { projects: string[] } };
    };
    return {
      ...body,
      action,
      data: { ...body.data, metric_alert: { ...body.data.metric_alert, projects: [project] } },
    };
  };
  const onSearch = (action: string) => on('search', action);
  const triageMessages = async (): Promise<SandboxMessage[]> => {
    const channels = (await (await fetch(`${h.app.url}/sandbox/api/channels?user=alice`)).json()) as {
      channels: Array<{ id: string; name: string }>;
    };
    const triage = channels.channels.find((c) => c.name === 'triage')?.id;
    return (
      (await (await fetch(`${h.app.url}/sandbox/api/channels/${triage}/messages?user=alice`)).json()) as {
        messages: SandboxMessage[];
      }
    ).messages;
  };
  const incidents = () =>
    h.app.database.sqlite.prepare('select id, severity, title from incidents').all() as Array<{
      id: number;
      severity: string;
      title: string;
    }>;

  it('waits in triage as a warning, opens a war room when it turns critical, and says so in triage', async () => {
    // search is a tier-2 service: a warning (medium) is P3 and waits in triage.
    expect((await h.post('sentry', onSearch('warning'))).status).toBe(202);
    expect(h.alerts('sentry')).toMatchObject([{ severity: 'medium', triage: 'pending', receivedCount: 1 }]);
    expect(incidents()).toHaveLength(0);
    await expect
      .poll(async () => (await triageMessages()).some((m) => shown(m).includes('Waiting for a decision')), {
        timeout: 5_000,
      })
      .toBe(true);

    // Critical (P1 on a tier-2 service): the same alert, now in a war room of its own.
    expect((await h.post('sentry', onSearch('critical'))).status).toBe(202);
    const [alert] = h.alerts('sentry');
    expect(h.alerts('sentry')).toHaveLength(1);
    expect(alert).toMatchObject({ severity: 'critical', triage: 'declared', receivedCount: 2 });
    expect(incidents()).toHaveLength(1);
    const row = h.app.database.sqlite
      .prepare('select incident_id, priority from alerts where id = ?')
      .get(alert?.id) as { incident_id: number; priority: string };
    expect(row).toEqual({ incident_id: incidents()[0]?.id, priority: 'P1' });
    expect(h.app.store.timeline.forIncident(incidents()[0]?.id ?? 0).map((e) => e.kind)).toContain('alert.received');
    // The triage message is edited: no buttons left to declare what is already a war room.
    await expect
      .poll(
        async () =>
          (await triageMessages()).some((m) =>
            shown(m).includes('Escalated at the source to P1 (critical): it opened a war room'),
          ),
        { timeout: 5_000 },
      )
      .toBe(true);
    const escalated = (await triageMessages()).filter((m) => shown(m).includes('Escalated at the source'));
    expect(escalated.flatMap((m) => m.blocks.flatMap((b) => b.buttons ?? []))).toEqual([]);

    // Repeats and the resolve now go to that war room's alert.
    expect((await h.post('sentry', onSearch('critical'))).status).toBe(202);
    expect((await h.post('sentry', onSearch('resolved'))).status).toBe(202);
    expect(h.alerts('sentry')).toMatchObject([{ status: 'resolved', receivedCount: 4 }]);
    expect(incidents()).toHaveLength(1);
  });

  it('a warning that stays a warning only counts up in triage', async () => {
    // Another tier-2 service, so it does not join the search incident above.
    const body = on('corp-it', 'warning');
    const next = { ...body, data: { ...body.data, metric_alert: { ...body.data.metric_alert, id: '813' } } };
    expect((await h.post('sentry', next)).status).toBe(202);
    expect((await h.post('sentry', next)).status).toBe(202);
    expect(h.alerts('sentry').filter((a) => a.fingerprint === 'metric_alert:813')).toMatchObject([
      { triage: 'pending', receivedCount: 2, severity: 'medium' },
    ]);
    expect(incidents()).toHaveLength(1);
  });
});
