import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../src/core/actor.js';
import type { Ctx, CoreSettings } from '../../src/core/context.js';
import type { Store } from '../../src/core/store-port.js';
import { DEFAULT_ALERT_POLICY } from '../../src/core/alert/priority-policy.js';
import { openDatabase, type OpenDatabase } from '../../src/store/db.js';
import { sqliteStore } from '../../src/store/sqlite-store.js';
import { loadOrCreateSigningKey } from '../../src/infra/evidence/signing-key.js';

export interface TestStore {
  store: Store;
  database: OpenDatabase;
  path: string;
  /**
   * A data directory holding only keys/: the real signing key that signs timeline checkpoints in ctx().
   * Apart from the database's folder, so tests of a folder without a key (evidence export) still have one.
   */
  keyDataDir: string;
  clock: TestClock;
  ctx(actor?: Actor | string, settings?: Partial<CoreSettings>): Ctx;
  close(): void;
}

/** A clock tests move by hand. */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
  set(iso: string): void;
}

export function testClock(start = '2026-11-24T09:00:00.000Z'): TestClock {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms) => (t += ms), set: (iso) => (t = new Date(iso).getTime()) };
}

export const defaultSettings: CoreSettings = {
  platform: 'sandbox',
  roles: ['comms', 'ops', 'scribe', 'security'],
  announceChannel: null,
  alertPolicy: DEFAULT_ALERT_POLICY,
  playbooks: [],
  attack: null,
  timeZone: 'UTC',
  postmortemRequired: ['sev1', 'sev2'],
};

/** A fresh SQLite file with migrations applied, in its own temp directory. */
export function openTestStore(): TestStore {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-test-'));
  const path = join(dir, 'warroom.db');
  const database = openDatabase(path);
  const store = sqliteStore(database.db);
  const clock = testClock();
  const keyDataDir = join(dir, 'server');
  const { signer } = loadOrCreateSigningKey(keyDataDir);
  let requests = 0;
  return {
    store,
    database,
    path,
    keyDataDir,
    clock,
    ctx(actor = 'alice', settings = {}) {
      const resolved: Actor = typeof actor === 'string' ? { type: 'sandbox', userId: actor } : actor;
      requests += 1;
      return {
        actor: resolved,
        now: clock.now,
        store,
        requestId: `test-${requests}`,
        settings: { ...defaultSettings, signer, ...settings },
      };
    },
    close() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
