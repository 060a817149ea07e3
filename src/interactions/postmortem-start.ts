import { loadPostmortemView } from '../core/postmortem/describe-postmortem.js';
import { startPostmortem } from '../core/postmortem/start-postmortem.js';
import type { PressOf } from './button-press.js';
import type { InteractionEnv, InteractionResult } from './interaction.js';
import { openPostmortem } from './open-postmortem.js';

/**
 * The postmortem form of an incident as it stands, for `/incident postmortem` (the command has started it and said
 * where it stands already). Nothing when there is no postmortem.
 */
export function postmortemForm(incidentId: number, env: InteractionEnv): InteractionResult {
  const view = loadPostmortemView(env.ctx.store, incidentId);
  return view ? openPostmortem(view, env.channelId ?? '', env) : { type: 'done' };
}

/** "Start postmortem" in the war room: starts it (or finds it) and opens the form where it stands. */
export function startPostmortemButton(press: PressOf<'postmortem-start'>, env: InteractionEnv): InteractionResult {
  startPostmortem({ ctx: env.ctx, input: { incidentId: press.incidentId, via: 'button' } });
  return postmortemForm(press.incidentId, env);
}
