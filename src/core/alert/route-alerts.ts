import type { Ctx } from '../context.js';
import type { Incident } from '../incident/incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import type { Store } from '../store-port.js';
import type { AlertRecord } from './alert-record.js';
import type { Enrichment } from './catalog-types.js';
import { findAlertGroup } from './find-alert-group.js';
import { NormalizedAlert } from './normalized-alert.js';
import { openIncidentFromAlert } from './open-incident-from-alert.js';
import { scorePriority } from './priority-policy.js';
import { attachMatchingPlaybooks } from '../playbook/attach-playbook.js';
import { decideWarRoom } from '../storm/decide-war-room.js';
import { joinStorm } from '../storm/join-storm.js';
import { openStormIncident } from '../storm/open-storm-incident.js';
import { countRepeat, rollUpRepeats } from './roll-up-repeats.js';

export interface RoutedAlertInput {
  alert: NormalizedAlert;
  enrichment: Enrichment;
  enrichmentMs: number;
}

export type RouteOutcome =
  | 'opened'
  | 'grouped'
  | 'stormed'
  | 'triage'
  | 'test'
  | 'repeated'
  | 'resolved'
  | 'resolved-unseen'
  | 'late';

export interface RoutedAlert {
  alertId: number;
  outcome: RouteOutcome;
  incidentId: number | null;
  /** The storm guard's part: it started a storm, joined one (directly or grouped), or was exempt as a tier-1 P1. */
  storm?: 'started' | 'stormed' | 'grouped' | 'exempt';
}

/**
 * Routes one webhook's alerts in one transaction, and marks its inbox row processed in the same commit, so a crash
 * replays the whole webhook or none of it. Senders deliver at least once and out of order: a repeat of a known
 * occurrence only counts up, a resolve may arrive before its firing, and a late firing of a resolved occurrence
 * opens nothing.
 */
export function routeAlerts({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    inboxId: number;
    receivedAt: string;
    items: RoutedAlertInput[];
    drillTag?: string | null;
    /** Later copies of this webhook collapsed into it on arrival, the last received at `lastReceivedAt`. */
    repeats?: number;
    lastReceivedAt?: string | null;
  };
}): RoutedAlert[] {
  const drillTag = input.drillTag ?? null;
  // A drill's alerts get their own identities, so they can never count as repeats of real ones (or the reverse).
  const items = input.items.map((i) => {
    const alert = NormalizedAlert.parse(i.alert);
    return {
      ...i,
      alert: drillTag ? { ...alert, fingerprint: `drill:${drillTag}:${alert.fingerprint}`.slice(0, 255) } : alert,
    };
  });
  return ctx.store.transaction((store) => {
    const routed = items.map((item) => routeOne(store, ctx, item, input.receivedAt, drillTag));
    // The collapsed copies repeat what the first one made known: counted at once, as one repeat of `repeats`.
    const repeats = input.repeats ?? 0;
    if (repeats > 0)
      for (const item of items)
        if (item.alert.status === 'firing' && !item.alert.test)
          routeOne(store, ctx, item, input.lastReceivedAt ?? input.receivedAt, drillTag, repeats);
    store.inbox.markProcessed(input.inboxId, ctx.now());
    return routed;
  });
}

function routeOne(
  store: Store,
  ctx: Ctx,
  item: RoutedAlertInput,
  receivedAt: string,
  drillTag: string | null,
  /** How many deliveries of this alert this is (more than one for copies collapsed on arrival). */
  copies = 1,
): RoutedAlert {
  const { alert } = item;
  const prev = store.alerts.latest(alert.source, alert.fingerprint);
  const prevIncident = prev?.incidentId ? store.incidents.byId(prev.incidentId) : null;
  if (alert.status === 'resolved') return resolve(store, ctx, item, prev, prevIncident, receivedAt);
  if (alert.test) return routeTestNotification(store, ctx, item, receivedAt);

  const service = item.enrichment.service?.id ?? alert.service;
  const priority = scorePriority(ctx.settings.alertPolicy, alert.severity, item.enrichment.tier);
  const opensWarRoom = drillTag !== null || ctx.settings.alertPolicy.war_room_priorities.includes(priority);
  // A warning waiting in triage that turns critical (Sentry warning → critical, Datadog Warn → Triggered) keeps its
  // fingerprint: counting it as a repeat would leave a page in triage, so it opens a war room like a new alert would.
  const escalated =
    prev !== null &&
    isSameOccurrence(prev, prevIncident, alert) &&
    escalatesOutOfTriage(ctx, prev, prevIncident, opensWarRoom);
  if (prev && !escalated && isSameOccurrence(prev, prevIncident, alert)) {
    const late = prev.status === 'resolved';
    store.alerts.update(prev.id, { receivedCount: prev.receivedCount + copies, lastReceivedAt: receivedAt });
    if (prevIncident && prevIncident.status !== 'closed' && !late) {
      // Counted, not recorded one by one: a storm of repeats is one timeline entry a minute ("+1,240 repeats"), and
      // one message edited on the storm budget's widening interval, not an entry and a redraw per repeat.
      countRepeat(store, ctx, { incident: prevIncident, alertId: prev.id, receivedAt, count: copies });
      enqueueDelivery(store, {
        key: `inc${prevIncident.id}.alerts.a${prev.id}.r${prev.receivedCount + copies}`,
        now: ctx.now(),
        intent: { type: 'warroom.alerts', incidentId: prevIncident.id },
        rollUp: true,
      });
    } else if (!prevIncident && (prev.triage === 'pending' || prev.triage === 'dismissed')) {
      // The triage message shows how often it fired; edited on the same storm budget as a war room's.
      enqueueDelivery(store, {
        key: `alert${prev.id}.triage.r${prev.receivedCount + copies}`,
        now: ctx.now(),
        intent: { type: 'triage.post', alertId: prev.id, channel: ctx.settings.alertPolicy.triage_channel },
        rollUp: true,
      });
    }
    return { alertId: prev.id, outcome: late ? 'late' : 'repeated', incidentId: prev.incidentId };
  }

  // A drill always gets its own war room (that is what it exercises) and never joins a real incident.
  const found = drillTag
    ? findDrillGroup(store, drillTag)
    : findAlertGroup(store, ctx.settings.alertPolicy, { alert, service }, ctx.now());
  // A tier-1 P1 is never held in a storm, not even when its service's other alerts are there.
  const group =
    found && priority === 'P1' && item.enrichment.tier === 1 && store.storms.byIncident(found.incident.id)
      ? null
      : found;
  // Drills exercise one war room each and never count towards (or join) a real storm.
  const decision =
    !group && opensWarRoom && !drillTag ? decideWarRoom(store, ctx, { priority, tier: item.enrichment.tier }) : null;
  let incident = group?.incident ?? null;
  if (!incident && decision?.kind === 'storm')
    incident =
      decision.storm ?? openStormIncident(store, ctx, { alert, enrichment: item.enrichment, priority, receivedAt });
  else if (!incident && opensWarRoom)
    incident = openIncidentFromAlert(store, ctx, {
      alert,
      enrichment: item.enrichment,
      priority,
      receivedAt,
      service,
      drillTag,
    });
  const record =
    escalated && prev
      ? escalateOccurrence(store, ctx, item, prev, receivedAt, { incidentId: incident?.id ?? null, priority })
      : insertOccurrence(store, item, receivedAt, {
          incidentId: incident?.id ?? null,
          status: 'firing',
          priority,
          service,
          triage: incident ? 'none' : 'pending',
        });
  if (!incident) {
    enqueueDelivery(store, {
      key: `alert${record.id}.triage`,
      now: ctx.now(),
      intent: { type: 'triage.post', alertId: record.id, channel: ctx.settings.alertPolicy.triage_channel },
    });
    return { alertId: record.id, outcome: 'triage', incidentId: null };
  }
  if (decision?.kind === 'storm' || (group && store.storms.byIncident(incident.id))) {
    // A storm rolls its alerts up: no entry or message per alert (see joinStorm).
    const how = decision?.kind === 'storm' ? (decision.storm ? 'stormed' : 'started') : 'grouped';
    joinStorm(store, ctx, { incident, alert: record, how });
    attachMatchingPlaybooks(store, ctx, incident);
    return {
      alertId: record.id,
      outcome: how === 'grouped' ? 'grouped' : 'stormed',
      incidentId: incident.id,
      storm: how,
    };
  }
  const exempt = decision?.kind === 'own' && decision.exempt;
  if (decision)
    store.storms.recordDemand({
      alertId: record.id,
      incidentId: incident.id,
      outcome: exempt ? 'exempt' : 'opened',
      at: ctx.now().toISOString(),
      recorded: true,
    });
  const reason = group
    ? `grouped: ${group.rule}`
    : exempt
      ? `opened this incident (${priority}, tier 1: never held back by the storm guard)`
      : `opened this incident (${priority})`;
  const entry = recordIncidentChange(
    store,
    ctx,
    incident,
    {
      kind: 'alert.received',
      payload: {
        alertId: record.id,
        source: alert.source,
        fingerprint: alert.fingerprint,
        title: alert.title,
        severity: alert.severity,
        priority,
        reason,
      },
    },
    { header: false, post: Boolean(group) },
  );
  queueAlertsSummary(store, ctx, incident, entry.seq);
  // The alert may be what makes a playbook apply (its source, technique, labels): route after recording it.
  attachMatchingPlaybooks(store, ctx, incident);
  return {
    alertId: record.id,
    outcome: group ? 'grouped' : 'opened',
    incidentId: incident.id,
    ...(exempt ? { storm: 'exempt' as const } : {}),
  };
}

/**
 * A sender's test notification (a "Test" button): a new triage message every time, so whoever pressed the button sees
 * this press arrive rather than a counter move on an old message; it never opens, joins or pages a war room.
 */
function routeTestNotification(store: Store, ctx: Ctx, item: RoutedAlertInput, receivedAt: string): RoutedAlert {
  const { alert } = item;
  const priority = scorePriority(ctx.settings.alertPolicy, alert.severity, item.enrichment.tier);
  const service = item.enrichment.service?.id ?? alert.service;
  const record = insertOccurrence(store, item, receivedAt, {
    incidentId: null,
    status: 'firing',
    priority,
    service,
    triage: 'pending',
  });
  enqueueDelivery(store, {
    key: `alert${record.id}.triage`,
    now: ctx.now(),
    intent: { type: 'triage.post', alertId: record.id, channel: ctx.settings.alertPolicy.triage_channel },
  });
  return { alertId: record.id, outcome: 'test', incidentId: null };
}

/**
 * A firing that belongs to an occurrence we already have: the same occurrence still firing (its incident not closed,
 * or waiting in / dismissed from triage), or a late firing of an occurrence whose resolve came first (same start).
 */
function isSameOccurrence(prev: AlertRecord, prevIncident: Incident | null, alert: NormalizedAlert): boolean {
  if (prev.status === 'firing') return prevIncident ? prevIncident.status !== 'closed' : prev.triage !== 'declared';
  return alert.startsAt !== null && prev.startsAt !== null && alert.startsAt <= prev.startsAt;
}

function resolve(
  store: Store,
  ctx: Ctx,
  item: RoutedAlertInput,
  prev: AlertRecord | null,
  incident: Incident | null,
  receivedAt: string,
): RoutedAlert {
  const { alert } = item;
  if (
    !prev ||
    (prev.status === 'resolved' && alert.startsAt !== null && prev.startsAt !== null && alert.startsAt > prev.startsAt)
  ) {
    // Resolved before we ever saw it fire (out-of-order HA delivery): remember it so the late firing opens nothing.
    const priority = scorePriority(ctx.settings.alertPolicy, alert.severity, item.enrichment.tier);
    const record = insertOccurrence(store, item, receivedAt, {
      incidentId: null,
      status: 'resolved',
      priority,
      service: item.enrichment.service?.id ?? alert.service,
      triage: 'none',
    });
    return { alertId: record.id, outcome: 'resolved-unseen', incidentId: null };
  }
  if (prev.status === 'resolved') {
    store.alerts.update(prev.id, { receivedCount: prev.receivedCount + 1, lastReceivedAt: receivedAt });
    return { alertId: prev.id, outcome: 'repeated', incidentId: prev.incidentId };
  }
  store.alerts.update(prev.id, {
    status: 'resolved',
    resolvedAt: receivedAt,
    endsAt: alert.endsAt,
    receivedCount: prev.receivedCount + 1,
    lastReceivedAt: receivedAt,
  });
  const now = ctx.now();
  if (prev.triage === 'pending' || prev.triage === 'dismissed') {
    enqueueDelivery(store, {
      key: `alert${prev.id}.triage.resolved`,
      now,
      intent: { type: 'triage.post', alertId: prev.id, channel: ctx.settings.alertPolicy.triage_channel },
    });
  }
  if (incident && incident.status !== 'closed') {
    // The repeats counted so far come before the resolve on the timeline.
    rollUpRepeats(store, ctx, incident);
    // A storm's resolves show in its rolled-up message, not as one message each.
    const post = store.storms.byIncident(incident.id) === null;
    const entry = recordIncidentChange(
      store,
      ctx,
      incident,
      { kind: 'alert.resolved', payload: { alertId: prev.id, title: prev.title } },
      { header: false, post },
    );
    queueAlertsSummary(store, ctx, incident, entry.seq);
    const all = store.alerts.forIncident(incident.id);
    if (all.every((a) => a.status === 'resolved') && incident.status !== 'resolved') {
      const done = recordIncidentChange(
        store,
        ctx,
        incident,
        { kind: 'alerts.all_resolved', payload: { alerts: all.length } },
        { header: false },
      );
      enqueueDelivery(store, {
        key: `inc${incident.id}.t${done.seq}.prompt`,
        now,
        intent: { type: 'warroom.resolve_prompt', incidentId: incident.id },
      });
    }
  }
  return { alertId: prev.id, outcome: 'resolved', incidentId: prev.incidentId };
}

/** A firing occurrence still in triage (waiting or dismissed) whose new severity now opens a war room. */
function escalatesOutOfTriage(
  ctx: Ctx,
  prev: AlertRecord,
  prevIncident: Incident | null,
  opensWarRoom: boolean,
): boolean {
  if (!opensWarRoom || prevIncident || prev.status !== 'firing') return false;
  if (prev.triage !== 'pending' && prev.triage !== 'dismissed') return false;
  return !ctx.settings.alertPolicy.war_room_priorities.includes(prev.priority);
}

/**
 * The triage occurrence, escalated: its new severity and priority, the war room it went to, and its triage message
 * edited to say so (no person declared it, so triageBy stays empty).
 */
function escalateOccurrence(
  store: Store,
  ctx: Ctx,
  item: RoutedAlertInput,
  prev: AlertRecord,
  receivedAt: string,
  routed: Pick<AlertRecord, 'incidentId' | 'priority'>,
): AlertRecord {
  const { alert } = item;
  const record = store.alerts.update(prev.id, {
    ...routed,
    severity: alert.severity,
    title: alert.title,
    normalized: JSON.stringify(alert),
    triage: 'declared',
    triageBy: null,
    triageAt: ctx.now().toISOString(),
    // An earlier dismissal stays on record in the reason, since the row's triageBy now says no person declared it.
    triageReason:
      prev.triage === 'dismissed'
        ? `escalated to ${routed.priority} (${alert.severity}) after ${prev.triageBy ?? 'someone'} dismissed it: ${prev.triageReason ?? ''}`.slice(
            0,
            1000,
          )
        : `escalated to ${routed.priority} (${alert.severity})`,
    receivedCount: prev.receivedCount + 1,
    lastReceivedAt: receivedAt,
  });
  enqueueDelivery(store, {
    key: `alert${prev.id}.triage.escalated`,
    now: ctx.now(),
    intent: { type: 'triage.post', alertId: prev.id, channel: ctx.settings.alertPolicy.triage_channel },
  });
  return record;
}

/** All alerts of one drill run share its war room. */
function findDrillGroup(store: Store, drillTag: string): { incident: Incident; rule: string } | null {
  const incident = store.incidents.listOpen().find((i) => i.drillTag === drillTag);
  return incident ? { incident, rule: `same drill ${drillTag}` } : null;
}

/** A new occurrence row: the alert as received, its enrichment, and how it was routed. */
function insertOccurrence(
  store: Store,
  item: RoutedAlertInput,
  receivedAt: string,
  routed: Pick<AlertRecord, 'incidentId' | 'status' | 'priority' | 'service' | 'triage'>,
): AlertRecord {
  const { alert } = item;
  const resolved = routed.status === 'resolved';
  return store.alerts.insert({
    ...routed,
    source: alert.source,
    fingerprint: alert.fingerprint,
    externalId: alert.externalId,
    severity: alert.severity,
    title: alert.title,
    normalized: JSON.stringify(alert),
    enrichment: JSON.stringify(item.enrichment),
    enrichmentMs: item.enrichmentMs,
    receivedCount: 1,
    firstReceivedAt: receivedAt,
    lastReceivedAt: receivedAt,
    startsAt: alert.startsAt,
    endsAt: resolved ? alert.endsAt : null,
    resolvedAt: resolved ? receivedAt : null,
    triageBy: null,
    triageAt: null,
    triageReason: null,
    triageChannelId: null,
    triageMessageId: null,
  });
}

/** One rolled-up message per war room: queued per change, collapsed by the dispatcher so a storm edits it, not floods. */
function queueAlertsSummary(store: Store, ctx: Ctx, incident: Incident, seq: number): void {
  enqueueDelivery(store, {
    key: `inc${incident.id}.t${seq}.alerts`,
    now: ctx.now(),
    intent: { type: 'warroom.alerts', incidentId: incident.id },
  });
}
