import { setImmediate } from 'node:timers';
import type { Store } from '../core/store-port.js';

export type NewInboxItem = Parameters<Store['inbox']['insert']>[0];

export interface InboxGroupCommit {
  /**
   * Resolves with the inbox id once the webhook is committed (durable): its own row, or the still pending row of an
   * identical earlier copy it was counted into. Rejects if the commit failed.
   */
  insert(item: NewInboxItem): Promise<number>;
}

interface Waiting {
  item: NewInboxItem;
  resolve: (id: number) => void;
  reject: (error: unknown) => void;
}

/** Identities remembered for collapsing; past this the memory starts afresh (a miss only costs a row). */
const MAX_REMEMBERED = 20_000;

/**
 * Group commit for the alert inbox: webhooks whose bodies were read in the same turn of the event loop are written
 * in one transaction, so one fsync makes all of them durable before any of them is answered 202. No timer: the
 * batch is whatever arrived until the loop's check phase, so a lone webhook waits for nothing, and under load each
 * fsync is shared by every sender whose request was ready. A failed commit fails every webhook in it (each sender
 * is answered 503 and retries); none is answered 202 for something not on disk.
 *
 * Repeats collapse on arrival: a webhook with the same collapse key as a still pending one, which is also the
 * latest pending webhook for each of its alerts, only counts that row's `repeats` up. Being the latest keeps each
 * alert's order (a firing after a resolve is never counted into the firing before it). Which row is the latest is
 * remembered here, for the rows this process wrote; the update only applies while the row is pending.
 */
export function inboxGroupCommit(store: Store, opts: { maxBatch?: number } = {}): InboxGroupCommit {
  const maxBatch = opts.maxBatch ?? 500;
  let waiting: Waiting[] = [];
  let scheduled = false;
  /** The latest row written per alert identity, and each such row's collapse key. */
  const latestRow = new Map<string, number>();
  const keyOfRow = new Map<number, string>();

  function collapsible(item: NewInboxItem): number | null {
    const identities = item.identities ? (JSON.parse(item.identities) as string[]) : [];
    if (!item.collapseKey || identities.length === 0) return null;
    const row = latestRow.get(identities[0] as string);
    if (row === undefined || keyOfRow.get(row) !== item.collapseKey) return null;
    return identities.every((k) => latestRow.get(k) === row) ? row : null;
  }

  function remember(item: NewInboxItem, id: number): void {
    if (!item.identities || !item.collapseKey) return;
    if (latestRow.size > MAX_REMEMBERED) {
      latestRow.clear();
      keyOfRow.clear();
    }
    for (const k of JSON.parse(item.identities) as string[]) {
      const previous = latestRow.get(k);
      if (previous !== undefined) keyOfRow.delete(previous);
      latestRow.set(k, id);
    }
    keyOfRow.set(id, item.collapseKey);
  }

  function write(tx: Store, item: NewInboxItem): number {
    const row = collapsible(item);
    if (row !== null && tx.inbox.addRepeat(row, item.receivedAt)) return row;
    const id = tx.inbox.insert(item).id;
    remember(item, id);
    return id;
  }

  function flush(): void {
    const batch = waiting.slice(0, maxBatch);
    waiting = waiting.slice(batch.length);
    scheduled = waiting.length > 0;
    if (scheduled) setImmediate(flush);
    let ids: number[];
    try {
      ids = store.transaction((tx) => batch.map((w) => write(tx, w.item)));
    } catch (error) {
      // What was remembered during the failed transaction names rows that do not exist: forget everything.
      latestRow.clear();
      keyOfRow.clear();
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => w.resolve(ids[i] as number));
  }

  return {
    insert(item) {
      return new Promise<number>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}
