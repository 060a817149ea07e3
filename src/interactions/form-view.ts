/** Every form warroom opens. A submission names its form by this id (Slack callback id, sandbox formId, Teams data). */
export const FORM_IDS = [
  'declare',
  'update_status',
  'dismiss_alert',
  'skip_step',
  'reject_action',
  'postmortem_why',
  'postmortem_details',
  'postmortem_summary',
] as const;
export type FormId = (typeof FORM_IDS)[number];

export interface FormOption {
  value: string;
  label: string;
}

interface FieldBase {
  /** The name its value comes back under (each adapter may map it to its own block id). */
  id: string;
  /** Plain text, never markup: labels, options and hints are drawn as text on every surface. */
  label: string;
  required: boolean;
  /** A short line under the field. */
  hint?: string;
}

/**
 * A field, platform-neutral. `text` is one line, `long-text` several; `select` is a menu, `choice` a handful of
 * options shown at once (radio buttons where the surface has them). `initial` is what the field holds when the form
 * opens (it is submitted unless changed); `placeholder` only hints.
 */
export type FormField = TextField | ChoiceField;

export interface TextField extends FieldBase {
  kind: 'text' | 'long-text';
  maxLength: number;
  initial?: string;
  placeholder?: string;
}

export interface ChoiceField extends FieldBase {
  kind: 'select' | 'choice';
  options: FormOption[];
  initial?: string;
}

export const isTextField = (field: FormField): field is TextField =>
  field.kind === 'text' || field.kind === 'long-text';

/** Text above the fields (the chain so far, what a step is), formatted with the surface's Fmt. `quiet` is small print. */
export interface FormNote {
  text: string;
  quiet?: boolean;
}

/** A form as the shared layer describes it: Slack draws a modal, the sandbox an HTML dialog, Teams a task module. */
export interface FormView {
  id: FormId;
  /** Short: Slack allows 24 characters. */
  title: string;
  /** Where in a sequence this form is ("Why 2"); surfaces with room show it beside the title. */
  subtitle?: string;
  /** The submit button's label; null for a read-only form (nothing to submit). */
  submit: string | null;
  /** The button that closes without submitting. */
  cancel: string;
  /** Echoed back on submit, untouched (Slack private_metadata, sandbox context, Teams data). */
  context: Record<string, string | number>;
  notes: FormNote[];
  fields: FormField[];
}

/** Submitted values by field id; an empty or untouched field may be absent. */
export type FormValues = Record<string, string | undefined>;

/** The channel a form was opened from, where a surface answers its submitter privately; null when it does not say. */
export function formChannelId(context: Record<string, unknown>): string | null {
  const channelId = context.channelId ?? context.originChannelId;
  return typeof channelId === 'string' && channelId !== '' ? channelId : null;
}
