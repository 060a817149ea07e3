import type { FormValues } from '../../interactions/index.js';
import { fieldOfBlock } from './ids.js';

/** An input's state in a view_submission: text inputs carry `value`, selects and radio buttons `selected_option`. */
interface InputState {
  value?: string | null;
  selected_option?: { value: string } | null;
}

/** A modal's submitted values by the shared layer's field ids (each input block holds one element of the same id). */
export function slackFormValues(state: Record<string, Record<string, InputState>>): FormValues {
  const values: FormValues = {};
  for (const [blockId, elements] of Object.entries(state)) {
    const input = elements[blockId];
    const value = input?.value ?? input?.selected_option?.value ?? undefined;
    if (value !== undefined) values[fieldOfBlock(blockId)] = value;
  }
  return values;
}

/** The form's context as the modal carried it (private_metadata); a mangled one is an empty context, refused as stale. */
export function slackFormContext(privateMetadata: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(privateMetadata || '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
