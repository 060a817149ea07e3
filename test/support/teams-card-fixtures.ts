import type { AlertRecord } from '../../src/core/alert/alert-record.js';
import type { Approval } from '../../src/core/approval/approval.js';
import type { Incident } from '../../src/core/incident/incident.js';
import type { PlaybookRun, StepState } from '../../src/core/playbook/playbook-run.js';
import type { Playbook } from '../../src/core/playbook/playbook-schema.js';
import type { Storm } from '../../src/core/storm/storm.js';
import { createTeamsFmt } from '../../src/adapters/teams/teams-fmt.js';
import type { CardContext } from '../../src/adapters/teams/presenters/build-card-activity.js';
import type { TeamsPeople } from '../../src/adapters/teams/resolve-teams-text.js';
import { makeAlert } from './alert-builders.js';

export const T0 = '2026-11-25T09:00:00.000Z';

/** Everyone the card tests name: warroom ids (Entra object ids) → display name and Teams address. */
export const teamsPeople: TeamsPeople = (id) =>
  ({
    'aad-ann': { name: 'Ann Lee', mentionId: '29:ann' },
    'aad-bob': { name: 'Bob Stone', mentionId: '29:bob' },
    'aad-cyd': { name: 'Cyd *Admin*', mentionId: '29:cyd' },
    VICTIM: { name: 'Victim Person', mentionId: '29:victim' },
  })[id];

export const teamsCtx = (over: Partial<CardContext> = {}): CardContext => ({
  fmt: createTeamsFmt(),
  people: teamsPeople,
  refreshUserIds: ['29:ann', '29:bob'],
  ...over,
});

export function makeTeamsIncident(over: Partial<Incident> = {}): Incident {
  return {
    id: 42,
    number: 42,
    ref: 'INC-0042',
    title: 'Checkout is down',
    severity: 'sev2',
    status: 'investigating',
    platform: 'slack',
    originChannelId: null,
    plannedChannelName: 'inc-0042-checkout',
    channelId: '19:room@thread.tacv2',
    channelName: 'inc-0042-checkout',
    headerMessageId: null,
    alertsMessageId: null,
    leadId: 'aad-ann',
    declaredBy: 'aad-bob',
    origin: 'manual',
    priority: null,
    service: null,
    detectedAt: null,
    alertReceivedAt: null,
    drillTag: null,
    bridgeUrl: null,
    declaredAt: T0,
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    closedAt: null,
    updatedAt: T0,
    ...over,
  };
}

export function makeRun(playbook: Playbook, over: Partial<PlaybookRun> = {}): PlaybookRun {
  const stageStarts = Object.fromEntries(playbook.stages.map((s) => [s.id, T0]));
  return {
    id: 7,
    incidentId: 42,
    playbookId: playbook.id,
    version: playbook.version,
    definition: JSON.stringify(playbook),
    status: 'active',
    attachedAt: T0,
    attachedBy: 'aad-ann',
    reason: 'matched',
    detachedAt: null,
    stageStarts: JSON.stringify(stageStarts),
    stageMessages: '{}',
    ...over,
  };
}

export function makeStepState(stepId: string, over: Partial<StepState> = {}): StepState {
  return {
    runId: 7,
    stepId,
    status: 'open',
    claimedBy: null,
    doneBy: null,
    doneAt: null,
    reason: null,
    answer: null,
    updatedAt: T0,
    ...over,
  };
}

export function makeApproval(over: Partial<Approval> = {}): Approval {
  return {
    id: 3,
    incidentId: 42,
    runId: 7,
    stepId: 'isolate-host',
    action: 'isolate_host',
    params: JSON.stringify({ host: 'db-1' }),
    approverRole: 'security',
    status: 'pending',
    requestedBy: 'aad-bob',
    requestedAt: T0,
    decidedBy: null,
    decidedAt: null,
    reason: null,
    executor: null,
    claimedAt: null,
    result: null,
    finishedAt: null,
    messageId: null,
    ...over,
  };
}

export function makeAlertRecord(over: Partial<AlertRecord> = {}, normalized = makeAlert()): AlertRecord {
  return {
    id: 9,
    source: 'alertmanager',
    fingerprint: 'fp-9',
    externalId: null,
    incidentId: null,
    status: 'firing',
    severity: 'medium',
    priority: 'P3',
    title: 'Disk filling on db-1',
    service: 'db',
    normalized: JSON.stringify(normalized),
    enrichment: '{}',
    enrichmentMs: null,
    receivedCount: 1,
    firstReceivedAt: T0,
    lastReceivedAt: T0,
    startsAt: null,
    endsAt: null,
    resolvedAt: null,
    triage: 'pending',
    triageBy: null,
    triageAt: null,
    triageReason: null,
    triageChannelId: null,
    triageMessageId: null,
    ...over,
  };
}

export function makeStorm(over: Partial<Storm> = {}): Storm {
  return {
    incidentId: 42,
    startedAt: T0,
    lastJoinedAt: T0,
    rolledUpAt: T0,
    maxWarRooms: 3,
    windowMinutes: 10,
    joined: 0,
    ...over,
  };
}
