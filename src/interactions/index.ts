/**
 * What a button or a form does, written once for every surface (as commands/ is for typed commands). An adapter
 * decodes its payload into a ButtonPress or a FormSubmission, calls pressButton or submitForm with an
 * InteractionEnv, renders the InteractionResult (and FormViews) its own way, and kicks the outbox.
 */
export type { ButtonView, InteractionEnv, InteractionResult, PrivateAnswer } from './interaction.js';
export { ButtonPress, STEP_ACTIONS, type ButtonKind, type PressOf } from './button-press.js';
export {
  FORM_IDS,
  formChannelId,
  isTextField,
  type ChoiceField,
  type TextField,
  type FormField,
  type FormId,
  type FormNote,
  type FormOption,
  type FormValues,
  type FormView,
} from './form-view.js';
export { pressButton } from './press-button.js';
export { FormSubmission, submitForm } from './submit-form.js';
export { declareForm } from './declare-form.js';
export { postmortemForm } from './postmortem-start.js';
export { resolveQuestion } from './resolve-answer.js';
export {
  NOT_IN_WAR_ROOM_TEXT,
  PinReaction,
  pinReaction,
  pinsMessage,
  PinToTimeline,
  pinToTimeline,
} from './pin-reaction.js';
export { BUTTON_REFUSALS } from './button-refusals.js';
export { internalErrorText } from './internal-error-text.js';
export { CardTarget, cardTargetOf } from './card-target.js';
export { cardForViewer, type ViewerCard } from './card-for-viewer.js';
export { cardViewers } from './card-viewers.js';
export { pressRefusal } from './press-refusal.js';
export { showCard, type ShownCard } from './show-card.js';
