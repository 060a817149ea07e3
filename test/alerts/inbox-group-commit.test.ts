// Group commit of accepted webhooks (src/alerts/inbox-group-commit.ts): those ready in the same turn share one
// transaction, each is answered only once that transaction committed, and a failed commit fails all of them.
import { afterEach, describe, expect, it } from 'vitest';
import { inboxGroupCommit } from '../../src/alerts/inbox-group-commit.js';
import type { Store } from '../../src/core/store-port.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore | null = null;
afterEach(() => {
  t?.close();
  t = null;
});

/** The store, counting the transactions begun through it. */
function countingTransactions(store: Store): { store: Store; transactions: () => number } {
  let n = 0;
  return {
    store: {
      ...store,
      transaction: (fn) => {
        n += 1;
        return store.transaction(fn);
      },
    },
    transactions: () => n,
  };
}

const item = (i: number) => ({ source: 'generic', receivedAt: '2026-11-24T09:00:00.000Z', body: `{"n":${i}}` });

describe('inbox group commit', () => {
  it('commits the webhooks of one turn in one transaction and answers each with its own row', async () => {
    t = openTestStore();
    const counted = countingTransactions(t.store);
    const writer = inboxGroupCommit(counted.store);
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => writer.insert(item(i))));
    expect(counted.transactions()).toBe(1);
    expect(new Set(ids).size).toBe(12);
    // Each id is the row holding that webhook's body, in the order they were handed in.
    expect(ids.map((id) => t?.store.inbox.byId(id)?.body)).toEqual(Array.from({ length: 12 }, (_, i) => `{"n":${i}}`));
    expect(t.store.inbox.pending(100)).toHaveLength(12);

    // A webhook of a later turn gets a transaction of its own.
    const later = await writer.insert(item(12));
    expect(counted.transactions()).toBe(2);
    expect(t.store.inbox.byId(later)?.body).toBe('{"n":12}');
  });

  it('splits a turn larger than the batch limit into several commits, none lost', async () => {
    t = openTestStore();
    const counted = countingTransactions(t.store);
    const writer = inboxGroupCommit(counted.store, { maxBatch: 5 });
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => writer.insert(item(i))));
    expect(counted.transactions()).toBe(3);
    expect(new Set(ids).size).toBe(12);
    expect(t.store.inbox.pending(100).map((r) => r.body)).toEqual(Array.from({ length: 12 }, (_, i) => `{"n":${i}}`));
  });

  it('fails every webhook of a commit that fails, and stores none of them; the next turn commits again', async () => {
    t = openTestStore();
    const real = t.store;
    let failOn: string | null = '{"n":2}';
    // The third insert fails as a full disk would, after the first two were written in the same transaction.
    const failing: Store = {
      ...real,
      transaction: (fn) =>
        real.transaction((tx) =>
          fn({
            ...tx,
            inbox: {
              ...tx.inbox,
              insert: (row) => {
                if (row.body === failOn)
                  throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
                return tx.inbox.insert(row);
              },
            },
          }),
        ),
    };
    const writer = inboxGroupCommit(failing);
    const results = await Promise.allSettled([0, 1, 2, 3].map((i) => writer.insert(item(i))));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : null))).toEqual([
      'SQLITE_FULL',
      'SQLITE_FULL',
      'SQLITE_FULL',
      'SQLITE_FULL',
    ]);
    expect(real.inbox.pending(100)).toEqual([]);

    failOn = null;
    const id = await writer.insert(item(4));
    expect(real.inbox.pending(100).map((r) => r.id)).toEqual([id]);
  });
});
