import type { ModalView } from '@slack/types';
import { BLOCK, VIEW } from '../ids.js';

/** A modal that only asks "why" (skip a step, reject an action, dismiss an alert): the reason is required and recorded. */
function reasonModal(o: { callbackId: string; metadata: Record<string, unknown>; title: string; submit: string; label: string; context?: string; placeholder?: string }): ModalView {
  return {
    type: 'modal',
    callback_id: o.callbackId,
    private_metadata: JSON.stringify(o.metadata),
    title: { type: 'plain_text', text: o.title },
    submit: { type: 'plain_text', text: o.submit },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      ...(o.context ? [{ type: 'section' as const, text: { type: 'plain_text' as const, text: o.context.slice(0, 2900) } }] : []),
      {
        type: 'input',
        block_id: BLOCK.reason,
        label: { type: 'plain_text', text: o.label },
        element: { type: 'plain_text_input', action_id: BLOCK.reason, max_length: 500, ...(o.placeholder ? { placeholder: { type: 'plain_text' as const, text: o.placeholder } } : {}) },
      },
    ],
  };
}

export const skipModal = (runId: number, stepId: string, title: string, channelId: string): ModalView =>
  reasonModal({ callbackId: VIEW.skipStep, metadata: { runId, stepId, channelId }, title: 'Skip step', submit: 'Skip', label: 'Why skip it?', context: title });

export const rejectModal = (approvalId: number, channelId: string): ModalView =>
  reasonModal({ callbackId: VIEW.rejectAction, metadata: { approvalId, channelId }, title: 'Reject action', submit: 'Reject', label: 'Why not?' });

export const dismissModal = (alertId: number, channelId: string): ModalView =>
  reasonModal({
    callbackId: VIEW.dismissAlert,
    metadata: { alertId, channelId },
    title: 'Dismiss alert',
    submit: 'Dismiss',
    label: 'Why is this not an incident?',
    placeholder: 'Known flapping check, ticket OPS-123',
  });
