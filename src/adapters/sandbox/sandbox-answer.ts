import type { InteractionResult } from '../../interactions/index.js';
import { HttpError } from '../../http/http-errors.js';
import { sandboxForm } from './sandbox-form.js';
import type { FormAnswer, SandboxKit, SandboxOutcome } from './sandbox-request.js';

/**
 * What a pressed button or a submitted form answers in the sandbox. Private words go into the channel for the user
 * alone; a form to open (or the next one, replacing the open dialog) rides in the reply, with its notes said beside
 * it because the dialog shows only fields.
 */
async function outcome(
  kit: SandboxKit,
  result: Exclude<InteractionResult, { type: 'form-errors' | 'stale' }>,
  channelId: string,
  user: string,
): Promise<SandboxOutcome> {
  switch (result.type) {
    case 'done':
      return { ok: true };
    case 'private':
      kit.sayWithButtons(channelId, user, result.text, result.buttons ?? []);
      return { ok: true };
    case 'declared':
      kit.say(channelId, user, result.text);
      return kit.afterDeclare(result.incident.id, channelId, user);
    case 'open-form': {
      if (result.text) kit.say(channelId, user, result.text);
      const form = sandboxForm(result.form);
      return form ? { ok: true, form } : { ok: true };
    }
  }
}

/** A button's answer. A press that does not belong here (another channel's incident, out of date) is a 422. */
export async function answerPress(
  kit: SandboxKit,
  result: InteractionResult,
  channelId: string,
  user: string,
): Promise<SandboxOutcome> {
  if (result.type === 'stale') throw new HttpError(422, result.text);
  if (result.type === 'form-errors') return { ok: true };
  return outcome(kit, result, channelId, user);
}

/** A form's answer: a refusal goes back under its field (the first, when there are several), like Slack's errors. */
export async function answerForm(
  kit: SandboxKit,
  result: InteractionResult,
  channelId: string | null,
  user: string,
): Promise<FormAnswer> {
  if (result.type === 'form-errors') {
    const [field = '', error = ''] = Object.entries(result.errors)[0] ?? [];
    return { status: 422, json: { ok: false, error, field } };
  }
  if (result.type === 'stale') return { status: 422, json: { ok: false, error: result.text, field: '' } };
  if (!channelId) return { status: 200, json: { ok: true } };
  return { status: 200, json: await outcome(kit, result, channelId, user) };
}
