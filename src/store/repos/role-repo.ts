import { and, asc, eq, sql } from 'drizzle-orm';
import type { RoleRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { prepareOnce } from '../prepare-once.js';
import { incidentRoles } from '../schema/index.js';

export function roleRepo(db: Db): RoleRepo {
  // Every header and every role command reads the roles.
  const forIncidentQuery = prepareOnce(() =>
    db
      .select()
      .from(incidentRoles)
      .where(eq(incidentRoles.incidentId, sql.placeholder('incidentId')))
      .orderBy(asc(incidentRoles.role))
      .prepare(),
  );
  const getQuery = prepareOnce(() =>
    db
      .select()
      .from(incidentRoles)
      .where(
        and(
          eq(incidentRoles.incidentId, sql.placeholder('incidentId')),
          eq(incidentRoles.role, sql.placeholder('role')),
        ),
      )
      .prepare(),
  );
  return {
    forIncident: (incidentId) => forIncidentQuery().all({ incidentId }),
    get: (incidentId, role) => getQuery().get({ incidentId, role }) ?? null,
    upsert(assignment) {
      db.insert(incidentRoles)
        .values(assignment)
        .onConflictDoUpdate({
          target: [incidentRoles.incidentId, incidentRoles.role],
          set: { userId: assignment.userId, assignedBy: assignment.assignedBy, assignedAt: assignment.assignedAt },
        })
        .run();
    },
  };
}
