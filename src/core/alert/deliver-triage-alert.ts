import { DeliveryError } from '../delivery-error.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { describeTriageAlert } from './describe-triage-alert.js';
import { rememberTriageMessage } from './remember-triage-message.js';

/** `triage.post`: a below-threshold alert in the triage channel, posted once and edited when decided or resolved. */
export const deliverTriageAlert: DeliveryHandler<'triage.post'> = async ({ ctx, chat, intent }) => {
  const alert = ctx.store.alerts.byId(intent.alertId);
  if (!alert) throw new DeliveryError(`alert ${intent.alertId} not found`, 'permanent');
  const view = { kind: 'triage', view: describeTriageAlert(alert, chat.fmt) } as const;
  if (alert.triageChannelId && alert.triageMessageId) {
    await chat.update(alert.triageChannelId, alert.triageMessageId, view);
    return;
  }
  const channelId = await chat.resolveChannel(intent.channel);
  const messageId = await chat.post(channelId, view);
  rememberTriageMessage({ ctx, input: { alertId: alert.id, channelId, messageId } });
};
