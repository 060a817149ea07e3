import { eq, sql } from 'drizzle-orm';
import type { PeopleRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { people } from '../schema/index.js';

export function peopleRepo(db: Db): PeopleRepo {
  return {
    remember(userId, name, at, platformId) {
      const result = db
        .insert(people)
        .values({ userId, name, updatedAt: at, platformId: platformId ?? null })
        // Only news is a write: the same person seen again on every request changes nothing. A request that does not
        // carry the platform id keeps the one learned before.
        .onConflictDoUpdate({
          target: people.userId,
          set: { name, updatedAt: at, platformId: sql`coalesce(excluded.platform_id, ${people.platformId})` },
          setWhere: sql`${people.name} <> excluded.name or coalesce(excluded.platform_id, ${people.platformId}) is not ${people.platformId}`,
        })
        .run();
      return result.changes === 1;
    },
    byPlatformId: (platformId) =>
      db.select({ userId: people.userId }).from(people).where(eq(people.platformId, platformId)).get()?.userId ?? null,
    name: (userId) =>
      db.select({ name: people.name }).from(people).where(eq(people.userId, userId)).get()?.name ?? null,
    platformId: (userId) =>
      db.select({ platformId: people.platformId }).from(people).where(eq(people.userId, userId)).get()?.platformId ??
      null,
    all: () =>
      new Map(
        db
          .select({ userId: people.userId, name: people.name })
          .from(people)
          .all()
          .map((p) => [p.userId, p.name]),
      ),
  };
}
