import type { App } from '@slack/bolt';
import { z } from 'zod';
import { addPostmortemNote } from '../../../../core/postmortem/add-postmortem-note.js';
import { loadPostmortemView } from '../../../../core/postmortem/describe-postmortem.js';
import { finalizePostmortem } from '../../../../core/postmortem/finalize-postmortem.js';
import type { PostmortemNoteKind } from '../../../../core/postmortem/postmortem.js';
import { setRootCauseCategory } from '../../../../core/postmortem/set-root-cause-category.js';
import { startCausalChain } from '../../../../core/postmortem/start-causal-chain.js';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { interactionCtx } from '../../slack-ctx.js';
import { BLOCK, VIEW } from '../../ids.js';
import { PM_NEXT, postmortemDetailsModal, postmortemModalFor } from '../../presenters/postmortem-modals.js';
import { postmortemFormErrors as attempt } from './postmortem-form-errors.js';

const Metadata = z.object({ incidentId: z.number().int(), channelId: z.string() });
const NOTES: Array<[string, PostmortemNoteKind]> = [
  [BLOCK.pmFactor, 'factor'],
  [BLOCK.pmWentWell, 'went_well'],
  [BLOCK.pmLesson, 'lesson'],
];

/**
 * Category, factors, went-well and lessons from the details modal, each saved by its own verb (one transaction each),
 * then: close, add more, start another chain, or (the lead) finalize.
 */
export function registerPostmortemDetailsSubmission(app: App, deps: AdapterDeps): void {
  app.view(VIEW.postmortemDetails, async ({ ack, body, view }) => {
    const meta = Metadata.safeParse(JSON.parse(view.private_metadata || '{}'));
    if (!meta.success || meta.data.channelId === '') {
      await ack();
      return;
    }
    const { incidentId, channelId } = meta.data;
    const values = view.state.values;
    const requestId = `${view.id}:${body.user.id}`;
    const ctx = interactionCtx(deps, body, requestId);
    const errors: Record<string, string> = {};
    const category = values[BLOCK.pmCategory]?.[BLOCK.pmCategory]?.selected_option?.value;
    if (category) Object.assign(errors, attempt(() => setRootCauseCategory({ ctx, input: { incidentId, category, via: 'form' } }), BLOCK.pmCategory, requestId, deps));
    for (const [block, kind] of NOTES) {
      const text = (values[block]?.[block]?.value ?? '').trim();
      if (text) Object.assign(errors, attempt(() => addPostmortemNote({ ctx, input: { incidentId, kind, text, via: 'form' } }), block, requestId, deps));
    }
    const next = values[BLOCK.pmNext]?.[BLOCK.pmNext]?.selected_option?.value ?? PM_NEXT.close;
    if (Object.keys(errors).length === 0 && next === PM_NEXT.chain) {
      Object.assign(errors, attempt(() => startCausalChain({ ctx, input: { incidentId, via: 'form' } }), BLOCK.pmNext, requestId, deps));
    }
    if (Object.keys(errors).length === 0 && next === PM_NEXT.finalize) {
      Object.assign(errors, attempt(() => finalizePostmortem({ ctx, input: { incidentId, via: 'form' } }), BLOCK.pmNext, requestId, deps));
    }
    deps.dispatcher.kick();
    if (Object.keys(errors).length > 0) {
      // Whatever was saved stays saved; the errors say what was not.
      await ack({ response_action: 'errors', errors });
      return;
    }
    const fresh = loadPostmortemView(deps.store, incidentId);
    if (!fresh || next === PM_NEXT.close) {
      await ack();
      return;
    }
    const modal = next === PM_NEXT.more ? postmortemDetailsModal(fresh, channelId, fresh.leadId === body.user.id) : postmortemModalFor(fresh, channelId, body.user.id);
    await ack({ response_action: 'update', view: modal });
  });
}
