import { and, asc, eq } from 'drizzle-orm';
import type { RoleRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { incidentRoles } from '../schema/index.js';

export function roleRepo(db: Db): RoleRepo {
  return {
    forIncident: (incidentId) =>
      db
        .select()
        .from(incidentRoles)
        .where(eq(incidentRoles.incidentId, incidentId))
        .orderBy(asc(incidentRoles.role))
        .all(),
    get: (incidentId, role) =>
      db
        .select()
        .from(incidentRoles)
        .where(and(eq(incidentRoles.incidentId, incidentId), eq(incidentRoles.role, role)))
        .get() ?? null,
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
