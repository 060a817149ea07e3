import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Ctx } from '../../../../core/context.js';
import { addWhy } from '../../../../core/postmortem/add-why.js';
import { loadPostmortemView } from '../../../../core/postmortem/describe-postmortem.js';
import { setPostmortemProblem } from '../../../../core/postmortem/set-postmortem-problem.js';
import { startCausalChain } from '../../../../core/postmortem/start-causal-chain.js';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { interactionCtx } from '../../slack-ctx.js';
import { BLOCK, VIEW } from '../../ids.js';
import { PM_NEXT, postmortemDetailsModal, postmortemModalFor } from '../../presenters/postmortem-modals.js';
import { postmortemFormErrors as attempt } from './postmortem-form-errors.js';

const Metadata = z.object({ incidentId: z.number().int(), channelId: z.string(), chain: z.number().int(), depth: z.number().int() });

/**
 * A why answered in the modal. The answer is saved before the modal moves on (response_action "update" to the next
 * why), so closing the modal at any point loses nothing. The chain/depth it was asked at guard against a stale modal.
 */
export function registerPostmortemWhySubmission(app: App, deps: AdapterDeps): void {
  app.view(VIEW.postmortemWhy, async ({ ack, body, view }) => {
    const meta = Metadata.safeParse(JSON.parse(view.private_metadata || '{}'));
    const values = view.state.values;
    const answer = (values[BLOCK.pmAnswer]?.[BLOCK.pmAnswer]?.value ?? '').trim();
    const next = values[BLOCK.pmNext]?.[BLOCK.pmNext]?.selected_option?.value ?? PM_NEXT.next;
    if (!meta.success || (answer === '' && next !== PM_NEXT.details)) {
      await ack({ response_action: 'errors', errors: { [BLOCK.pmAnswer]: meta.success ? 'Write the answer: it becomes the next question.' : 'This dialog is out of date; press Start postmortem again.' } });
      return;
    }
    const { incidentId, channelId, chain, depth } = meta.data;
    const requestId = `${view.id}:${body.user.id}`;
    const ctx: Ctx = interactionCtx(deps, body, requestId);
    const problem = values[BLOCK.pmProblem]?.[BLOCK.pmProblem]?.value;
    const errors =
      (problem ? attempt(() => setPostmortemProblem({ ctx, input: { incidentId, problem, via: 'form' } }), BLOCK.pmProblem, requestId, deps) : null) ??
      (answer ? attempt(() => addWhy({ ctx, input: { incidentId, answer, chain, depth, via: 'form' } }), BLOCK.pmAnswer, requestId, deps) : null);
    if (errors) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    deps.dispatcher.kick();
    // The answer is saved; starting another chain is its own step (an error here still keeps the answer).
    if (next === PM_NEXT.chain) attempt(() => startCausalChain({ ctx, input: { incidentId, via: 'form' } }), BLOCK.pmNext, requestId, deps);
    const fresh = loadPostmortemView(deps.store, incidentId);
    if (!fresh) {
      await ack();
      return;
    }
    const modal = next === PM_NEXT.details ? postmortemDetailsModal(fresh, channelId, fresh.leadId === body.user.id) : postmortemModalFor(fresh, channelId, body.user.id);
    await ack({ response_action: 'update', view: modal });
  });
}
