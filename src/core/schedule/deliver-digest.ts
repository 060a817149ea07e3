import { textView } from '../chat-view.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { describeDigest } from './describe-digest.js';

/** `digest.post`: the weekly digest in its configured channel. */
export const deliverDigest: DeliveryHandler<'digest.post'> = async ({ ctx, chat, intent }) => {
  await chat.post(await chat.resolveChannel(intent.channel), textView(describeDigest(ctx, intent.days, chat.fmt)));
};
