import { isWarroomError } from '../core/errors.js';
import { approveButton, rejectButton } from './approval-buttons.js';
import { ButtonPress } from './button-press.js';
import { acknowledgeButton, resolveButton, takeLeadButton, updateStatusButton } from './incident-buttons.js';
import { privately, type InteractionEnv, type InteractionResult } from './interaction.js';
import { startPostmortemButton } from './postmortem-start.js';
import { pressedElsewhere } from './pressed-elsewhere.js';
import { stepButton } from './step-buttons.js';
import { stormSplitButton } from './storm-split-button.js';
import { triageDeclareButton, triageDismissButton } from './triage-buttons.js';

function run(press: ButtonPress, env: InteractionEnv): InteractionResult {
  switch (press.kind) {
    case 'acknowledge':
      return acknowledgeButton(press, env);
    case 'take-lead':
      return takeLeadButton(press, env);
    case 'update-status':
      return updateStatusButton(press, env);
    case 'resolve':
      return resolveButton(press, env);
    case 'triage-declare':
      return triageDeclareButton(press, env);
    case 'triage-dismiss':
      return triageDismissButton(press, env);
    case 'approve':
      return approveButton(press, env);
    case 'reject':
      return rejectButton(press, env);
    case 'step':
      return stepButton(press, env);
    case 'storm-split':
      return stormSplitButton(press, env);
    case 'postmortem-start':
      return startPostmortemButton(press, env);
  }
}

/**
 * What a button does, the same on every surface. The press is parsed here: one that does not parse was never drawn
 * by warroom, and is thrown for the adapter to log like any bug. A button pressed outside its incident's channel is
 * refused. Known rejections (wrong role, wrong state) come back as a private answer; anything else is thrown.
 */
export function pressButton(input: unknown, env: InteractionEnv): InteractionResult {
  const press = ButtonPress.parse(input);
  const elsewhere = env.channelId === null ? null : pressedElsewhere(env.ctx, press, env.channelId);
  if (elsewhere) return { type: 'stale', text: elsewhere };
  try {
    return run(press, env);
  } catch (error) {
    if (isWarroomError(error)) return privately(error.describe(env.fmt));
    throw error;
  }
}
