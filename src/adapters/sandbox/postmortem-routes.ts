import { postmortemStatusText } from '../../../commands/postmortem.js';
import { isWarroomError } from '../../core/errors.js';
import { incidentForChannel } from '../../core/incident/find-incident.js';
import { addPostmortemNote } from '../../core/postmortem/add-postmortem-note.js';
import { addWhy } from '../../core/postmortem/add-why.js';
import { loadPostmortemView, type PostmortemView } from '../../core/postmortem/describe-postmortem.js';
import { finalizePostmortem } from '../../core/postmortem/finalize-postmortem.js';
import { setPostmortemProblem } from '../../core/postmortem/set-postmortem-problem.js';
import { setRootCauseCategory } from '../../core/postmortem/set-root-cause-category.js';
import { startCausalChain } from '../../core/postmortem/start-causal-chain.js';
import { startPostmortem } from '../../core/postmortem/start-postmortem.js';
import { HttpError } from '../../http/http-errors.js';
import type { FormAnswer, SandboxKit, SandboxOutcome as Outcome } from './sandbox-request.js';
import type { SandboxForm } from './sandbox-blocks.js';
import { postmortemDetailsForm, postmortemWhyForm, type PostmortemFormSubmission } from './postmortem-forms.js';


class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Runs a verb for a form field: a known rejection goes back to the form under that field, like Slack's errors. */
function onField(field: string, fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (isWarroomError(error)) throw new FieldError(field, error.message);
    throw error;
  }
}

/** The 5 Whys in the sandbox: the Start postmortem button and the two forms, over the same verbs as Slack. */
export function sandboxPostmortem(h: SandboxKit) {
  /** The form where the postmortem stands, with the chain so far said beside it (the dialog has only fields). */
  function formFor(view: PostmortemView, channelId: string, user: string, show = true): SandboxForm | undefined {
    if (show) h.say(channelId, user, postmortemStatusText(view, h.fmt));
    return view.postmortem.state === 'finalized' ? undefined : postmortemWhyForm(view, channelId, user);
  }

  return {
    start(body: { requestId: string; user: string; channelId: string; value: string }): Outcome {
      const incidentId = Number(body.value);
      const ctx = h.ctxFor(body.user, body.requestId);
      if (!Number.isInteger(incidentId) || incidentForChannel({ ctx, channelId: body.channelId })?.id !== incidentId) {
        throw new HttpError(422, "That button does not belong to this channel's incident.");
      }
      if (!h.claimed(body.requestId)) return { ok: true, duplicate: true };
      try {
        startPostmortem({ ctx, input: { incidentId, via: 'button' } });
        h.deps.dispatcher.kick();
        const view = loadPostmortemView(h.deps.store, incidentId);
        const form = view ? formFor(view, body.channelId, body.user) : undefined;
        return form ? { ok: true, form } : { ok: true };
      } catch (error) {
        if (!isWarroomError(error)) throw error;
        h.say(body.channelId, body.user, error.message);
        return { ok: true };
      }
    },

    /** `/incident postmortem`: the form the button opens, with the command's own words (where it stands) beside it. */
    open(o: { incidentId: number; channelId: string; user: string; text: string }): Outcome {
      h.say(o.channelId, o.user, o.text);
      const view = loadPostmortemView(h.deps.store, o.incidentId);
      const form = view ? formFor(view, o.channelId, o.user, false) : undefined;
      return form ? { ok: true, form } : { ok: true };
    },

    submit(body: PostmortemFormSubmission): FormAnswer {
      const ctx = h.ctxFor(body.user, body.requestId);
      const { incidentId, channelId } = body.context;
      try {
        if (body.formId === 'postmortem_why') {
          const { problem, answer, next } = body.values;
          if (!answer.trim() && next !== 'details') throw new FieldError('answer', 'Write the answer: it becomes the next question.');
          if (problem?.trim()) onField('problem', () => setPostmortemProblem({ ctx, input: { incidentId, problem, via: 'form' } }));
          if (answer.trim()) onField('answer', () => addWhy({ ctx, input: { incidentId, answer, chain: body.context.chain, depth: body.context.depth, via: 'form' } }));
          if (next === 'chain') onField('next', () => startCausalChain({ ctx, input: { incidentId, via: 'form' } }));
          h.deps.dispatcher.kick();
          const view = loadPostmortemView(h.deps.store, incidentId);
          if (!view) return { status: 200, json: { ok: true } };
          const form = next === 'details' ? postmortemDetailsForm(view, channelId, view.leadId === body.user) : formFor(view, channelId, body.user);
          return { status: 200, json: form ? { ok: true, form } : { ok: true } };
        }
        const { category, factor, went_well, lesson, next } = body.values;
        if (category?.trim()) onField('category', () => setRootCauseCategory({ ctx, input: { incidentId, category, via: 'form' } }));
        for (const [field, kind, text] of [['factor', 'factor', factor], ['went_well', 'went_well', went_well], ['lesson', 'lesson', lesson]] as const) {
          if (text?.trim()) onField(field, () => addPostmortemNote({ ctx, input: { incidentId, kind, text, via: 'form' } }));
        }
        if (next === 'chain') onField('next', () => startCausalChain({ ctx, input: { incidentId, via: 'form' } }));
        if (next === 'finalize') onField('next', () => finalizePostmortem({ ctx, input: { incidentId, via: 'form' } }));
        h.deps.dispatcher.kick();
        const view = loadPostmortemView(h.deps.store, incidentId);
        if (!view || next === 'close' || next === 'finalize') {
          if (next === 'finalize') h.say(channelId, body.user, 'Postmortem finalized; its Markdown is posted in this channel. `/incident close` when you are ready.');
          return { status: 200, json: { ok: true } };
        }
        const form = next === 'more' ? postmortemDetailsForm(view, channelId, view.leadId === body.user) : formFor(view, channelId, body.user);
        return { status: 200, json: form ? { ok: true, form } : { ok: true } };
      } catch (error) {
        // Whatever was saved before the error stays saved: each verb is its own transaction.
        h.deps.dispatcher.kick();
        if (error instanceof FieldError) return { status: 422, json: { ok: false, error: error.message, field: error.field } };
        throw error;
      }
    },
  };
}
