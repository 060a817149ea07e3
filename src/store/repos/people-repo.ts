import { sql } from 'drizzle-orm';
import type { PeopleRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { people } from '../schema/index.js';

export function peopleRepo(db: Db): PeopleRepo {
  return {
    remember(userId, name, at) {
      const result = db
        .insert(people)
        .values({ userId, name, updatedAt: at })
        // Only a new name is a write: the same person seen again on every request changes nothing.
        .onConflictDoUpdate({ target: people.userId, set: { name, updatedAt: at }, setWhere: sql`${people.name} <> excluded.name` })
        .run();
      return result.changes === 1;
    },
    all: () => new Map(db.select({ userId: people.userId, name: people.name }).from(people).all().map((p) => [p.userId, p.name])),
  };
}
