import type { Ctx } from '../core/context.js';
import type { Fmt } from '../core/fmt.js';
import type { Incident } from '../core/incident/incident.js';
import type { ButtonPress } from './button-press.js';
import type { FormView } from './form-view.js';

/** What an adapter hands an interaction: who acted (ctx.actor), how to write text on that surface, and where. */
export interface InteractionEnv {
  ctx: Ctx;
  fmt: Fmt;
  /** The channel a button was pressed in; null when the surface does not say (a form submission names its own). */
  channelId: string | null;
}

/** A button in an answer (the "Resolve anyway" under a question): each adapter draws it with its own action ids. */
export interface ButtonView {
  label: string;
  style?: 'primary' | 'danger';
  press: ButtonPress;
}

/**
 * What an interaction answers, for the adapter to render. Changes others should see reach the channel through the
 * outbox (the message updates itself); these are only what the person who clicked or submitted gets.
 */
export type InteractionResult =
  /** Nothing more to say; a submitted form closes. */
  | { type: 'done' }
  /** Only the clicker sees it (Slack ephemeral, Teams invoke response, sandbox private note); a submitted form closes. */
  | { type: 'private'; text: string; buttons?: ButtonView[] }
  /** An incident was declared: like `private`, and the adapter may take the person to the war room once it opens. */
  | { type: 'declared'; incident: Incident; text: string }
  /**
   * Open this form, or after a submission replace the open one with it (Slack `update`, Teams `continue`).
   * `text` says where things stand in words, for a surface that cannot show the form's notes beside its fields or
   * cannot open it at all (a read-only form, an expired Slack trigger).
   */
  | { type: 'open-form'; form: FormView; text?: string }
  /** The submission was refused: the form stays open with each message under its field. */
  | { type: 'form-errors'; errors: Record<string, string> }
  /** The button is not one of ours as it stands (forged, copied into another channel, out of date): nothing happened. */
  | { type: 'stale'; text: string };

export type PrivateAnswer = Extract<InteractionResult, { type: 'private' }>;

export const privately = (text: string, buttons?: ButtonView[]): PrivateAnswer =>
  buttons ? { type: 'private', text, buttons } : { type: 'private', text };
