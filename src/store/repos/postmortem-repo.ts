import { and, asc, eq, gte, lt, ne, sql } from 'drizzle-orm';
import type { CorrectiveAction, Postmortem } from '../../core/postmortem/postmortem.js';
import type { PostmortemRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { correctiveActions, incidents, postmortemNotes, postmortems, postmortemWhys } from '../schema/index.js';

export function postmortemRepo(db: Db): PostmortemRepo {
  return {
    insert: (postmortem) => db.insert(postmortems).values(postmortem).returning().get(),
    forIncident: (incidentId) =>
      db.select().from(postmortems).where(eq(postmortems.incidentId, incidentId)).get() ?? null,
    update(id, changes): Postmortem {
      const row = db.update(postmortems).set(changes).where(eq(postmortems.id, id)).returning().get();
      if (!row) throw new Error(`postmortem ${id} vanished during update`);
      return row;
    },
    whys: (postmortemId) =>
      db
        .select()
        .from(postmortemWhys)
        .where(eq(postmortemWhys.postmortemId, postmortemId))
        .orderBy(asc(postmortemWhys.chain), asc(postmortemWhys.depth))
        .all(),
    insertWhy: (why) => db.insert(postmortemWhys).values(why).returning().get(),
    notes: (postmortemId) =>
      db
        .select()
        .from(postmortemNotes)
        .where(eq(postmortemNotes.postmortemId, postmortemId))
        .orderBy(asc(postmortemNotes.id))
        .all(),
    insertNote: (note) => db.insert(postmortemNotes).values(note).returning().get(),
    actionById: (id) => db.select().from(correctiveActions).where(eq(correctiveActions.id, id)).get() ?? null,
    unverifiedActions: () =>
      db
        .select()
        .from(correctiveActions)
        .where(ne(correctiveActions.status, 'verified'))
        .orderBy(asc(correctiveActions.dueDate))
        .all(),
    // corrective_actions_open_due_idx: the open ones past due, not every action ever agreed.
    overdueActions: (today) =>
      db
        .select()
        .from(correctiveActions)
        .where(and(eq(correctiveActions.status, 'open'), lt(correctiveActions.dueDate, today)))
        .orderBy(asc(correctiveActions.dueDate))
        .all(),
    actions: (postmortemId) =>
      db
        .select()
        .from(correctiveActions)
        .where(eq(correctiveActions.postmortemId, postmortemId))
        .orderBy(asc(correctiveActions.number))
        .all(),
    action: (postmortemId, number) =>
      db
        .select()
        .from(correctiveActions)
        .where(and(eq(correctiveActions.postmortemId, postmortemId), eq(correctiveActions.number, number)))
        .get() ?? null,
    insertAction: (action) => db.insert(correctiveActions).values(action).returning().get(),
    updateAction(id, changes): CorrectiveAction {
      const row = db.update(correctiveActions).set(changes).where(eq(correctiveActions.id, id)).returning().get();
      if (!row) throw new Error(`corrective action ${id} vanished during update`);
      return row;
    },
    incidentsOnService: (service, sinceIso, beforeIso) =>
      db
        .select()
        .from(incidents)
        .where(
          and(
            sql`lower(${incidents.service}) = ${service.toLowerCase()}`,
            gte(incidents.declaredAt, sinceIso),
            lt(incidents.declaredAt, beforeIso),
          ),
        )
        .orderBy(asc(incidents.declaredAt))
        .all(),
  };
}
