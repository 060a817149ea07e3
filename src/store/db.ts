import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { RunResult } from 'better-sqlite3';
import * as schema from './schema/index.js';
import { findProjectPath } from '../project-file.js';

export type Schema = typeof schema;
/** The common shape of the database and of a transaction, so repositories work on either. */
export type Db = BaseSQLiteDatabase<'sync', RunResult, Schema>;

export interface OpenDatabase {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

/** Finds `migrations/` whether we run from src (tsx) or dist (compiled). */
export function findMigrationsFolder(): string {
  return dirname(findProjectPath(join('migrations', 'meta', '_journal.json'))).replace(/[\\/]meta$/, '');
}

/**
 * Opens (creating if needed) the SQLite database. WAL lets readers run beside the single writer;
 * synchronous=FULL because the timeline and outbox are acknowledged to people and must survive a power loss.
 */
export function openDatabase(path: string, opts: { migrate?: boolean; migrationsFolder?: string } = {}): OpenDatabase {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  if (opts.migrate ?? true) {
    // Table rebuilds (SQLite's way to change a column) drop and recreate parents: keep foreign keys off meanwhile,
    // then prove nothing was orphaned before turning them on.
    sqlite.pragma('foreign_keys = OFF');
    const before = countApplied(sqlite);
    migrate(db, { migrationsFolder: opts.migrationsFolder ?? findMigrationsFolder() });
    // Only when a migration ran: the check reads every row of every table with a foreign key (seconds at 2M
    // timeline entries), which every start would otherwise pay.
    const orphans = countApplied(sqlite) === before ? [] : (sqlite.pragma('foreign_key_check') as unknown[]);
    if (orphans.length > 0)
      throw new Error(
        `migration left ${orphans.length} rows with broken foreign keys: ${JSON.stringify(orphans.slice(0, 5))}`,
      );
  }
  sqlite.pragma('foreign_keys = ON');
  return { db, sqlite, close: () => sqlite.close() };
}

/** Applies pending migrations; returns how many ran. */
export function migrateDatabase(path: string): number {
  const { sqlite, close } = openDatabase(path, { migrate: false });
  const before = countApplied(sqlite);
  close();
  const after = openDatabase(path, { migrate: true });
  const applied = countApplied(after.sqlite) - before;
  after.close();
  return applied;
}

function countApplied(sqlite: Database.Database): number {
  const table = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='__drizzle_migrations'")
    .get();
  if (!table) return 0;
  const row = sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
  return row.n;
}
