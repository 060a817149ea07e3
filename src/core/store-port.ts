import type { AlertRecord, InboxItem } from './alert/alert-record.js';
import type { Incident, IncidentStatus, RoleAssignment } from './incident/incident.js';
import type { ClockStats, StepStats } from './metrics/incident-stats.js';
import type { PlaybookRun, StepState } from './playbook/playbook-run.js';
import type { Approval } from './approval/approval.js';
import type { IncidentClock } from './schedule/incident-clock.js';
import type { OutboxRow } from './outbox/outbox-intent.js';
import type { DeadLetter, DeadLetterCause } from './outbox/dead-letter.js';
import type { TimelineEntry } from './timeline/timeline-event.js';
import type { TimelineCheckpoint } from './timeline/timeline-checkpoint.js';
import type { EvidenceItem } from './evidence/evidence-item.js';
import type { CustodyEntry } from './evidence/custody-entry.js';
import type { CorrectiveAction, Postmortem, PostmortemNote, PostmortemWhy } from './postmortem/postmortem.js';
import type { Storm, WarRoomDemand } from './storm/storm.js';
import type { RepeatTally } from './alert/repeat-tally.js';
import type { RollUpBudget } from './outbox/roll-up-budget.js';

/** The repositories the core uses. src/store implements them over SQLite; the core never sees SQL. */
export interface Store {
  incidents: IncidentRepo;
  roles: RoleRepo;
  timeline: TimelineRepo;
  checkpoints: TimelineCheckpointRepo;
  outbox: OutboxRepo;
  requests: ProcessedRequestRepo;
  alerts: AlertRepo;
  inbox: AlertInboxRepo;
  playbooks: PlaybookRepo;
  approvals: ApprovalRepo;
  evidence: EvidenceRepo;
  schedules: ScheduleRepo;
  postmortems: PostmortemRepo;
  stats: StatsRepo;
  people: PeopleRepo;
  storms: StormRepo;
  repeats: RepeatTallyRepo;
  /** Runs `fn` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(fn: (store: Store) => T): T;
}

export type NewIncident = Omit<Incident, 'id'>;

export interface IncidentRepo {
  nextNumber(): number;
  insert(incident: NewIncident): Incident;
  byId(id: number): Incident | null;
  byNumber(number: number): Incident | null;
  byChannel(platform: Incident['platform'], channelId: string): Incident | null;
  /** Every incident, oldest first. */
  listAll(): Incident[];
  /** Every incident not closed, newest first. */
  listOpen(): Incident[];
  /** The incidents in one of these statuses, newest first (indexed: the closed history is never read). */
  withStatus(statuses: readonly IncidentStatus[]): Incident[];
  update(id: number, changes: Partial<Omit<Incident, 'id' | 'number' | 'ref'>>): Incident;
  channelNameInUse(platform: Incident['platform'], name: string): boolean;
}

export interface RoleRepo {
  forIncident(incidentId: number): RoleAssignment[];
  get(incidentId: number, role: string): RoleAssignment | null;
  upsert(assignment: RoleAssignment): void;
}

export interface TimelineRepo {
  last(incidentId: number): TimelineEntry | null;
  insert(entry: Omit<TimelineEntry, 'id'>): TimelineEntry;
  forIncident(incidentId: number): TimelineEntry[];
  bySeq(incidentId: number, seq: number): TimelineEntry | null;
  /** The newest `limit` entries, oldest first. */
  latest(incidentId: number, limit: number): TimelineEntry[];
}

/** Signed timeline heads, outside the chain. Append-only: no update, no delete. */
export interface TimelineCheckpointRepo {
  insert(checkpoint: Omit<TimelineCheckpoint, 'id'>): TimelineCheckpoint;
  /** The newest checkpoint of the incident, if any. */
  latest(incidentId: number): TimelineCheckpoint | null;
  /** By number. */
  forIncident(incidentId: number): TimelineCheckpoint[];
}

export interface OutboxRepo {
  /** Ignores a row whose idempotency key exists already. `heldUntil` (default null): see outbox.held_until. */
  insert(
    row: Pick<
      OutboxRow,
      'idempotencyKey' | 'destination' | 'incidentId' | 'intent' | 'createdAt' | 'nextAttemptAt' | 'coalesceKey'
    > &
      Partial<Pick<OutboxRow, 'heldUntil'>>,
  ): void;
  /**
   * The oldest pending row of each destination, if due. A roll-up row held beyond `nowMs` is not part of its queue
   * meanwhile: the rows behind it go on, and it takes its place again once its time comes.
   */
  dueHeads(nowMs: number, limit: number): OutboxRow[];
  /**
   * A pending row after `afterId` in the destination's queue with this coalesce key exists, and is in the queue's
   * order (a roll-up row not taken yet does not count: it may be held, and is joined into the send instead).
   */
  hasNewerPending(destination: string, coalesceKey: string, afterId: number): boolean;
  /** A roll-up row of this message waits, not taken by the dispatcher yet: a later redraw joins it. */
  hasUnclaimed(destination: string, coalesceKey: string): boolean;
  /** Holds a roll-up row outside its queue's order until `untilMs` (the storm budget's next allowed edit). */
  hold(id: number, untilMs: number): void;
  /**
   * The dispatcher takes the row to send it now: it is no longer a roll-up row others join, and every roll-up row of
   * the same message not taken yet is superseded by it (it renders their state too). Returns their keys.
   */
  claim(row: Pick<OutboxRow, 'id' | 'destination' | 'coalesceKey'>, at: Date): string[];
  /** The storm budget of the message with this coalesce key; null when it had no edit lately. */
  budget(coalesceKey: string): RollUpBudget | null;
  saveBudget(coalesceKey: string, budget: RollUpBudget): void;
  /** Forgets budgets whose last edit was before `beforeMs` (quiet: the next storm starts afresh); returns how many. */
  forgetBudgets(beforeMs: number): number;
  markSent(id: number, at: Date): void;
  markSuperseded(id: number, at: Date): void;
  /** Dead-letters the row and records why (one `outbox_dead_letters` row each time, counted by the metric). */
  markDead(id: number, error: string, at: Date, cause: DeadLetterCause): void;
  reschedule(id: number, nextAttemptAt: number, error: string): void;
  /** Moves a row's next attempt later without counting an attempt (pacing, not failure). */
  defer(id: number, nextAttemptAt: number): void;
  byKey(key: string): OutboxRow | null;
  countPending(): number;
  /** Rows refused for good and not yet re-driven or discarded, oldest first. */
  listDead(): DeadLetter[];
  /**
   * Puts dead rows back at the head of their queues, keeping their idempotency keys (nothing is sent twice):
   * `ids` or every dead row. Returns the ids re-queued.
   */
  redrive(ids: number[] | 'all', at: Date, by: string): number[];
  /** Gives a dead row up; false when there is no dead row with that id. */
  discard(id: number, at: Date, by: string): boolean;
  /** How many times deliveries were dead-lettered, ever, by method and error. */
  deadLetterCounts(): Array<DeadLetterCause & { count: number }>;
}

export interface ProcessedRequestRepo {
  /** Records the key; returns false if it was recorded before (a retry or duplicate). */
  claim(key: string, at: Date): boolean;
}

export interface AlertRepo {
  insert(alert: Omit<AlertRecord, 'id'>): AlertRecord;
  byId(id: number): AlertRecord | null;
  /** The newest occurrence of this alert identity, if any. */
  latest(source: string, fingerprint: string): AlertRecord | null;
  forIncident(incidentId: number): AlertRecord[];
  update(id: number, changes: Partial<Omit<AlertRecord, 'id' | 'source' | 'fingerprint'>>): AlertRecord;
  /** Alerts of open incidents received since `sinceIso`, for grouping. */
  recentInOpenIncidents(sinceIso: string): AlertRecord[];
  /** Alerts waiting in triage for a person to declare or dismiss, newest first. */
  pendingTriage(limit: number): AlertRecord[];
}

export interface AlertInboxRepo {
  insert(
    item: Pick<InboxItem, 'source' | 'receivedAt' | 'body'> &
      Partial<Pick<InboxItem, 'drillTag' | 'identities' | 'collapseKey' | 'urgent'>>,
  ): InboxItem;
  /** Counts one more copy of a webhook that is still pending; false if it is not pending any more. */
  addRepeat(id: number, receivedAt: string): boolean;
  /** Oldest pending first. */
  pending(limit: number): InboxItem[];
  /** Oldest pending urgent ones first (P1/P2 candidates), however far back in the queue they are. */
  pendingUrgent(limit: number): InboxItem[];
  /** Whether a pending webhook older than `id` carries the alert identity `identity` (see alertIdentity). */
  hasOlderPending(id: number, identity: string): boolean;
  byId(id: number): InboxItem | null;
  markProcessed(id: number, at: Date): void;
  markAttempt(id: number, error: string, failed: boolean): void;
}

export interface PlaybookRepo {
  insertRun(run: Omit<PlaybookRun, 'id'>): PlaybookRun;
  run(id: number): PlaybookRun | null;
  runsFor(incidentId: number): PlaybookRun[];
  updateRun(
    id: number,
    changes: Partial<Pick<PlaybookRun, 'status' | 'detachedAt' | 'stageStarts' | 'stageMessages'>>,
  ): PlaybookRun;
  steps(runId: number): StepState[];
  upsertStep(state: StepState): void;
  /** Records when steps started counting (their stage's start) and their SLA due time; a later start replaces it. */
  startStepClocks(runId: number, clocks: Array<{ stepId: string; startedAt: string; dueAt: string | null }>): void;
}

export interface ApprovalRepo {
  insert(approval: Omit<Approval, 'id'>): Approval;
  byId(id: number): Approval | null;
  /** The pending or approved request of a step, if any. */
  openFor(runId: number, stepId: string): Approval | null;
  /** Approved and not yet claimed by a runner, oldest first. */
  approved(limit: number): Approval[];
  /** Takes an approved, unclaimed action for running: the row, or null if it was claimed or decided meanwhile. */
  claim(id: number, at: string): Approval | null;
  /** Approved actions claimed before `before` and still without a result (their runner stopped mid-call). */
  claimedBefore(before: string): Approval[];
  update(id: number, changes: Partial<Omit<Approval, 'id'>>): Approval;
}

/** The evidence vault's records (the bytes themselves are in the ContentStore). Append-only: no update, no delete. */
export interface EvidenceRepo {
  insertItem(item: Omit<EvidenceItem, 'id'>): EvidenceItem;
  item(id: number): EvidenceItem | null;
  /** The item of this incident with these bytes, if any (one item per content per incident). */
  itemBySha(incidentId: number, sha256: string): EvidenceItem | null;
  /** Oldest first. */
  itemsFor(incidentId: number): EvidenceItem[];
  lastCustody(incidentId: number): CustodyEntry | null;
  insertCustody(entry: Omit<CustodyEntry, 'id'>): CustodyEntry;
  /** In chain order. */
  custodyFor(incidentId: number): CustodyEntry[];
}

export interface ScheduleRepo {
  /** Takes or renews the named lease if it is free, expired, or already ours; false if someone else holds it. */
  acquireLease(name: string, holder: string, nowMs: number, ttlMs: number): boolean;
  /** Records a reminder key; false if it was sent before (so a restart never sends it twice). */
  claimReminder(key: string, incidentId: number | null, at: Date): boolean;
  insertClock(clock: Omit<IncidentClock, 'id'>): IncidentClock;
  clocksFor(incidentId: number): IncidentClock[];
  /** Up to `limit` clocks whose `remindAt` has come (at or before `nowIso`), the longest waiting first. */
  dueClocks(nowIso: string, limit: number): IncidentClock[];
  updateClock(
    id: number,
    changes: Partial<Pick<IncidentClock, 'stoppedAt' | 'stoppedBy' | 'missedAt' | 'endedAt' | 'remindAt'>>,
  ): IncidentClock;
}

/** Postmortems, their 5 Whys, notes and corrective actions. */
export interface PostmortemRepo {
  insert(postmortem: Omit<Postmortem, 'id'>): Postmortem;
  forIncident(incidentId: number): Postmortem | null;
  update(id: number, changes: Partial<Omit<Postmortem, 'id' | 'incidentId'>>): Postmortem;
  /** In chain order, then depth. */
  whys(postmortemId: number): PostmortemWhy[];
  insertWhy(why: Omit<PostmortemWhy, 'id'>): PostmortemWhy;
  /** Oldest first. */
  notes(postmortemId: number): PostmortemNote[];
  insertNote(note: Omit<PostmortemNote, 'id'>): PostmortemNote;
  /** By number. */
  actions(postmortemId: number): CorrectiveAction[];
  actionById(id: number): CorrectiveAction | null;
  /** Corrective actions not verified yet, across incidents, oldest due first. */
  unverifiedActions(): CorrectiveAction[];
  /** Open corrective actions due before `today` (YYYY-MM-DD), across incidents, oldest due first. */
  overdueActions(today: string): CorrectiveAction[];
  action(postmortemId: number, number: number): CorrectiveAction | null;
  insertAction(action: Omit<CorrectiveAction, 'id'>): CorrectiveAction;
  updateAction(
    id: number,
    changes: Partial<Pick<CorrectiveAction, 'status' | 'evidence' | 'doneBy' | 'doneAt' | 'verifiedBy' | 'verifiedAt'>>,
  ): CorrectiveAction;
  /** Incidents on this service (case-insensitive) declared in [sinceIso, beforeIso), oldest first: recurrence candidates. */
  incidentsOnService(service: string, sinceIso: string, beforeIso: string): Incident[];
}

/** Incidents declared in [since, until), drills left out: every stats query counts over one such window. */
export interface StatsWindow {
  sinceIso: string;
  untilIso: string;
  /** Only this catalog service's incidents (case-insensitive); null: all. */
  service: string | null;
}

/** Minutes summed over the incidents that have the timestamp (`n` of them): averages add up exactly across cells. */
export interface MinutesSum {
  sum: number;
  n: number;
}

/** Response times added up over some of the window's incidents. */
export interface ResponseTimeTotals {
  incidents: number;
  mtta: MinutesSum;
  mttm: MinutesSum;
  mttr: MinutesSum;
  mttd: MinutesSum;
}

/** The window's response times overall and per value of each breakdown (a null key: no service, no priority). */
export interface ResponseTimeBreakdown {
  overall: ResponseTimeTotals;
  bySeverity: Array<ResponseTimeTotals & { key: string }>;
  byService: Array<ResponseTimeTotals & { key: string | null }>;
  byPriority: Array<ResponseTimeTotals & { key: string | null }>;
  byMonth: Array<ResponseTimeTotals & { key: string }>;
}

/** Aggregates for the metrics, computed by SQL on indexed columns (fast on 100k incidents, see npm run bench). */
export interface StatsRepo {
  /**
   * Response times overall and per severity, service, priority and month. `months` are the months' first instants
   * (ascending) in the team's time zone, keyed `2026-11`; an incident before the first counts in the first.
   */
  responseTimes(window: StatsWindow, months: Array<{ key: string; startIso: string }>): ResponseTimeBreakdown;
  postmortems(window: StatsWindow): { finalized: number; draft: number };
  /** `today` is the local date: actions due before it and still open are overdue. */
  actions(
    window: StatsWindow,
    today: string,
  ): { open: number; awaitingVerification: number; overdue: number; verified: number };
  /** Incidents with at least one `recurrence.flagged` timeline entry. */
  recurringIncidents(window: StatsWindow): number;
  /** Resolved (or closed) incidents whose last resolve was confirmed with playbook work still open. */
  resolvedWithOpenWork(window: StatsWindow): number;
  topTechniques(window: StatsWindow, limit: number): Array<{ technique: string; incidents: number }>;
  /** Per playbook step; steps never settled are judged at `nowIso`, their run's detach or the incident's resolve. */
  steps(window: StatsWindow, nowIso: string): Array<Omit<StepStats, 'title' | 'slaMissRate'> & { latestRunId: number }>;
  clocks(window: StatsWindow, nowIso: string): ClockStats[];
}

/** The people directory: names chat platforms showed for user ids, so documents can name people. */
export interface PeopleRepo {
  /** Records the name (and the platform's second id, see people.platformId) for this id; false when nothing was new. */
  remember(userId: string, name: string, at: string, platformId?: string): boolean;
  /** The platform's second id for a person (Teams: the `29:…` id), when a request has shown it. */
  platformId(userId: string): string | null;
  /** The person a platform's second id belongs to (Teams: whose `29:…` id this is). */
  byPlatformId(platformId: string): string | null;
  name(userId: string): string | null;
  /** Every known person, id → name. */
  all(): Map<string, string>;
}

/** The storm guard's rate window and the storm incidents it opened. */
export interface StormRepo {
  recordDemand(demand: Omit<WarRoomDemand, 'id'>): WarRoomDemand;
  /** How many alerts would have opened a war room of their own at or after `sinceIso`. */
  demandsSince(sinceIso: string): number;
  insert(storm: Storm): Storm;
  byIncident(incidentId: number): Storm | null;
  /** The storm joined most recently, if any. */
  latest(): Storm | null;
  update(incidentId: number, changes: Partial<Omit<Storm, 'incidentId'>>): Storm;
  /** Joins of this storm not on its timeline yet, oldest first. */
  unrecorded(incidentId: number, limit: number): WarRoomDemand[];
  countUnrecorded(incidentId: number): number;
  markRecorded(demandIds: number[]): void;
  /** Storms with joins not on their timeline yet. */
  withUnrecorded(): Storm[];
  /** Alerts that joined this storm and have since been declared separately (they are in another incident now). */
  splitOut(incidentId: number): AlertRecord[];
}

/** Alert repeats counted for an incident's timeline and not on it yet (written there in roll-up entries). */
export interface RepeatTallyRepo {
  /** Counts `n` (default 1) repeats of the alert, the last received at `at`, for the incident; returns the tally. */
  count(incidentId: number, alertId: number, at: string, n?: number): RepeatTally;
  /** The incident's tallies, by alert. */
  forIncident(incidentId: number): RepeatTally[];
  /** Removes these tallies of the incident (they are on its timeline now). */
  clear(incidentId: number, alertIds: number[]): void;
  /** Incidents with a tally whose first repeat was received at or before `beforeIso`. */
  incidentsDue(beforeIso: string): number[];
}
