import { setImmediate } from 'node:timers';
import type { Store } from '../core/store-port.js';

export type NewInboxItem = Parameters<Store['inbox']['insert']>[0];

export interface InboxGroupCommit {
  /** Resolves with the inbox id once the webhook is committed (durable); rejects if the commit failed. */
  insert(item: NewInboxItem): Promise<number>;
}

interface Waiting {
  item: NewInboxItem;
  resolve: (id: number) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the alert inbox: webhooks whose bodies were read in the same turn of the event loop are written
 * in one transaction, so one fsync makes all of them durable before any of them is answered 202. No timer: the
 * batch is whatever arrived until the loop's check phase, so a lone webhook waits for nothing, and under load each
 * fsync is shared by every sender whose request was ready. A failed commit fails every webhook in it (each sender
 * is answered 503 and retries); none is answered 202 for something not on disk.
 */
export function inboxGroupCommit(store: Store, opts: { maxBatch?: number } = {}): InboxGroupCommit {
  const maxBatch = opts.maxBatch ?? 500;
  let waiting: Waiting[] = [];
  let scheduled = false;

  function flush(): void {
    const batch = waiting.slice(0, maxBatch);
    waiting = waiting.slice(batch.length);
    scheduled = waiting.length > 0;
    if (scheduled) setImmediate(flush);
    let ids: number[];
    try {
      ids = store.transaction((tx) => batch.map((w) => tx.inbox.insert(w.item).id));
    } catch (error) {
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
