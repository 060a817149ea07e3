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

/** The Store over SQLite. Inside a transaction the same repositories are bound to the transaction. */
export function sqliteStore(db: Db, inTransaction = false): Store {
  const store: Store = {
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
    transaction<T>(fn: (tx: Store) => T): T {
      // better-sqlite3 is synchronous, so a nested call simply joins the open transaction.
      if (inTransaction) return fn(store);
      return db.transaction((tx) => fn(sqliteStore(tx as unknown as Db, true)), { behavior: 'immediate' });
    },
  };
  return store;
}
