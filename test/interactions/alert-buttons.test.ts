import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_ENRICHMENT, type Enrichment } from '../../src/core/alert/catalog-types.js';
import type { NormalizedAlert } from '../../src/core/alert/normalized-alert.js';
import { rememberTriageMessage } from '../../src/core/alert/remember-triage-message.js';
import { routeAlerts } from '../../src/core/alert/route-alerts.js';
import { declareForm, pressButton, submitForm } from '../../src/interactions/index.js';
import { makeAlert, tierEnrichment } from '../support/alert-builders.js';
import { interactionEnv, openWarRoom } from '../support/interaction-env.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

const TRIAGE = 'CTRIAGE';

function route(alert: NormalizedAlert, enrichment: Enrichment = tierEnrichment(3)) {
  const receivedAt = t.clock.now().toISOString();
  const inbox = t.store.inbox.insert({ source: 'alertmanager', receivedAt, body: '{}' });
  const [routed] = routeAlerts({
    ctx: t.ctx({ type: 'alert', source: 'alertmanager' }),
    input: { inboxId: inbox.id, receivedAt, items: [{ alert, enrichment, enrichmentMs: 0 }] },
  });
  if (!routed) throw new Error('nothing routed');
  return routed;
}

/** An alert waiting in triage, its message posted in #triage. */
function triaged(fingerprint: string): number {
  const { alertId } = route(makeAlert({ severity: 'medium', fingerprint, title: `Disk 85% on ${fingerprint}` }));
  rememberTriageMessage({ ctx: t.ctx({ type: 'system' }), input: { alertId, channelId: TRIAGE, messageId: '1.0' } });
  return alertId;
}

describe('the triage buttons', () => {
  it('Declare incident: the clicker leads the new incident; a second click is refused', () => {
    const alertId = triaged('disk-1');
    const declared = pressButton({ kind: 'triage-declare', alertId }, interactionEnv(t, 'bob', TRIAGE));
    expect(declared).toMatchObject({
      type: 'declared',
      incident: { ref: 'INC-0001', leadId: 'bob' },
      text: expect.stringMatching(
        /^Declared \*INC-0001\* from this alert\. You lead it; the war room #inc-0001-\S+ is opening\.$/,
      ),
    });
    expect(pressButton({ kind: 'triage-declare', alertId }, interactionEnv(t, 'carol', TRIAGE))).toEqual({
      type: 'private',
      text: `Alert #${alertId} was already declared as an incident (INC-0001).`,
    });
  });

  it('Dismiss asks why; a reason too short is refused under it, a good one dismisses', () => {
    const alertId = triaged('disk-2');
    const opened = pressButton({ kind: 'triage-dismiss', alertId }, interactionEnv(t, 'bob', TRIAGE));
    expect(opened).toMatchObject({
      type: 'open-form',
      form: {
        id: 'dismiss_alert',
        title: 'Dismiss alert',
        submit: 'Dismiss',
        context: { alertId, channelId: TRIAGE },
        fields: [
          {
            id: 'reason',
            kind: 'text',
            required: true,
            maxLength: 500,
            placeholder: 'Known flapping check, ticket OPS-123',
          },
        ],
      },
    });
    const submit = (reason: string) =>
      submitForm(
        { formId: 'dismiss_alert', context: { alertId, channelId: TRIAGE }, values: { reason } },
        interactionEnv(t, 'bob', null),
      );
    expect(submit('no')).toEqual({
      type: 'form-errors',
      errors: { reason: 'Say why in a few words (it is recorded).' },
    });
    expect(submit('known slow reindex')).toEqual({ type: 'done' });
    expect(t.store.alerts.byId(alertId)).toMatchObject({
      triage: 'dismissed',
      triageBy: 'bob',
      triageReason: 'known slow reindex',
    });
    expect(submit('again')).toMatchObject({
      type: 'form-errors',
      errors: { reason: expect.stringMatching(/already dismissed/) },
    });
  });

  it('act only on an alert whose message is in the channel pressed in', () => {
    const alertId = triaged('disk-3');
    expect(pressButton({ kind: 'triage-declare', alertId }, interactionEnv(t, 'bob', 'CGENERAL'))).toEqual({
      type: 'stale',
      text: 'That button does not belong to an alert in this channel.',
    });
    expect(t.store.alerts.byId(alertId)?.triage).toBe('pending');
  });
});

describe('the declare form', () => {
  it('opens with the severity asked for, and declares on submit after refusing an empty title', () => {
    const form = declareForm('CGENERAL', 'sev2');
    expect(form).toMatchObject({
      id: 'declare',
      context: { originChannelId: 'CGENERAL' },
      fields: [
        { id: 'title', required: true },
        { id: 'severity', initial: 'sev2' },
      ],
    });
    const submit = (values: Record<string, string>) =>
      submitForm({ formId: 'declare', context: form.context, values }, interactionEnv(t, 'carol', null));
    expect(submit({ title: '  ', severity: 'sev2' })).toEqual({
      type: 'form-errors',
      errors: { title: 'The incident needs a title.' },
    });
    expect(submit({ title: 'Search', severity: 'sev0' })).toEqual({
      type: 'form-errors',
      errors: { severity: 'Pick one of: SEV1, SEV2, SEV3, SEV4.' },
    });
    expect(submit({ title: 'Search <b>slow</b>', severity: 'sev2' })).toMatchObject({
      type: 'declared',
      incident: { ref: 'INC-0001', leadId: 'carol', severity: 'sev2', originChannelId: 'CGENERAL' },
      text: 'Declared *INC-0001* (SEV2): Search &lt;b&gt;slow&lt;/b&gt;. You lead it; the war room #inc-0001-search-b-slow-b is opening.',
    });
    expect(
      submitForm({ formId: 'declare', context: {}, values: { title: 'x' } }, interactionEnv(t, 'carol', null)),
    ).toEqual({ type: 'form-errors', errors: { title: 'This dialog is out of date; declare again.' } });
  });
});

describe('Declare separately on a storm', () => {
  it('splits a service out of the storm in its war room only, once', () => {
    // Alerts of six unknown services within the window: the sixth starts a storm, the seventh joins it.
    for (let i = 1; i <= 7; i += 1)
      route(makeAlert({ fingerprint: `fp-${i}`, title: `Service svc-${i} down`, service: `svc-${i}` }), NO_ENRICHMENT);
    const storm = t.store.incidents.byId(6);
    if (!storm) throw new Error('no storm');
    const stormRoom = openWarRoom(t, storm);
    const split = { kind: 'storm-split', stormIncidentId: storm.id, target: { service: 'svc-7' } };
    expect(pressButton(split, interactionEnv(t, 'bob', 'CGENERAL'))).toEqual({
      type: 'stale',
      text: "That button does not belong to this channel's incident.",
    });
    expect(pressButton(split, interactionEnv(t, 'bob', stormRoom))).toMatchObject({
      type: 'declared',
      incident: { ref: 'INC-0007', leadId: 'bob' },
      text: expect.stringMatching(/^Declared svc-7 separately as \*INC-0007\*/),
    });
    expect(pressButton(split, interactionEnv(t, 'bob', stormRoom))).toMatchObject({
      type: 'private',
      text: expect.any(String),
    });
  });
});
