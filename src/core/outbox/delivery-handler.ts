import type { ChatPort } from '../chat-port.js';
import type { Ctx } from '../context.js';
import type { OutboxIntent } from './outbox-intent.js';

/** The outbox intent whose type is T. */
export type IntentOf<T extends OutboxIntent['type']> = Extract<OutboxIntent, { type: T }>;

/**
 * Carries out one queued intent of type T on a chat platform: reads the current state through `ctx`, renders it with
 * a describe-* presenter and `chat.fmt`, sends it through `chat`, and records what the platform gave back (a message
 * id) with a core verb. Every step is safe to repeat: a retry after a crash continues from what was recorded.
 * Throws DeliveryError.
 */
export type DeliveryHandler<T extends OutboxIntent['type']> = (args: {
  ctx: Ctx;
  chat: ChatPort;
  intent: IntentOf<T>;
}) => Promise<void>;
