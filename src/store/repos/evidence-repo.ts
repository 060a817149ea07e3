import { and, asc, desc, eq } from 'drizzle-orm';
import type { EvidenceRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { custodyEntries, evidenceItems } from '../schema/index.js';

export function evidenceRepo(db: Db): EvidenceRepo {
  return {
    insertItem: (item) => db.insert(evidenceItems).values(item).returning().get(),
    item: (id) => db.select().from(evidenceItems).where(eq(evidenceItems.id, id)).get() ?? null,
    itemBySha: (incidentId, sha256) =>
      db
        .select()
        .from(evidenceItems)
        .where(and(eq(evidenceItems.incidentId, incidentId), eq(evidenceItems.sha256, sha256)))
        .get() ?? null,
    itemsFor: (incidentId) =>
      db
        .select()
        .from(evidenceItems)
        .where(eq(evidenceItems.incidentId, incidentId))
        .orderBy(asc(evidenceItems.id))
        .all(),
    lastCustody: (incidentId) =>
      db
        .select()
        .from(custodyEntries)
        .where(eq(custodyEntries.incidentId, incidentId))
        .orderBy(desc(custodyEntries.seq))
        .limit(1)
        .get() ?? null,
    insertCustody: (entry) => db.insert(custodyEntries).values(entry).returning().get(),
    custodyFor: (incidentId) =>
      db
        .select()
        .from(custodyEntries)
        .where(eq(custodyEntries.incidentId, incidentId))
        .orderBy(asc(custodyEntries.seq))
        .all(),
  };
}
