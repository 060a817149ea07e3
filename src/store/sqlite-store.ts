import type { Store } from '../core/store-port.js';
import type { Db } from './db.js';
import { alertInboxRepo } from './repos/alert-inbox-repo.js';
import { alertRepo } from './repos/alert-repo.js';
import { incidentRepo } from './repos/incident-repo.js';
import { scheduleRepo } from './repos/schedule-repo.js';
import { approvalRepo } from './repos/approval-repo.js';
import { playbookRepo } from './repos/playbook-repo.js';
import { outboxRepo } from './repos/outbox-repo.js';
import { processedRequestRepo } from './repos/processed-request-repo.js';
import { roleRepo } from './repos/role-repo.js';
import { timelineRepo } from './repos/timeline-repo.js';
import { timelineCheckpointRepo } from './repos/timeline-checkpoint-repo.js';
import { evidenceRepo } from './repos/evidence-repo.js';
import { postmortemRepo } from './repos/postmortem-repo.js';
import { statsRepo } from './repos/stats-repo.js';
import { peopleRepo } from './repos/people-repo.js';
import { stormRepo } from './repos/storm-repo.js';
import { repeatTallyRepo } from './repos/repeat-tally-repo.js';

/**
 * The Store over SQLite. The repositories (and the statements they prepare) are built once and serve transactions
 * too: better-sqlite3 runs everything on its one connection, so a statement run inside `db.transaction` is part of
 * that transaction. Building them anew per transaction would re-prepare every statement each time.
 */
export function sqliteStore(db: Db): Store {
  const repos: Omit<Store, 'transaction'> = {
    incidents: incidentRepo(db),
    roles: roleRepo(db),
    timeline: timelineRepo(db),
    checkpoints: timelineCheckpointRepo(db),
    outbox: outboxRepo(db),
    requests: processedRequestRepo(db),
    alerts: alertRepo(db),
    inbox: alertInboxRepo(db),
    playbooks: playbookRepo(db),
    approvals: approvalRepo(db),
    schedules: scheduleRepo(db),
    evidence: evidenceRepo(db),
    postmortems: postmortemRepo(db),
    stats: statsRepo(db),
    people: peopleRepo(db),
    storms: stormRepo(db),
    repeats: repeatTallyRepo(db),
  };
  // Inside a transaction a nested call simply joins it (better-sqlite3 is synchronous).
  const inTransaction: Store = { ...repos, transaction: (fn) => fn(inTransaction) };
  return {
    ...repos,
    transaction: (fn) => db.transaction(() => fn(inTransaction), { behavior: 'immediate' }),
  };
}
