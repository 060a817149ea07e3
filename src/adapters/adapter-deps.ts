import type { Logger } from 'pino';
import type { Actor } from '../core/actor.js';
import type { CoreSettings, Ctx } from '../core/context.js';
import type { Store } from '../core/store-port.js';
import type { OutboxDispatcher } from '../infra/outbox/outbox-dispatcher.js';

/** What every chat adapter is built with. Adapters pass `store` into core verbs; they never query it themselves. */
export interface AdapterDeps {
  store: Store;
  settings: CoreSettings;
  dispatcher: OutboxDispatcher;
  /** Runs approved actions; kicked after an approval. */
  actions: { kick(): void };
  logger: Logger;
  now: () => Date;
}

export function coreCtx(deps: AdapterDeps, actor: Actor, requestId: string): Ctx {
  return { actor, now: deps.now, store: deps.store, requestId, settings: deps.settings };
}
