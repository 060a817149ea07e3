import { z } from 'zod';
import type { FormId } from '../../interactions/index.js';

/** The sandbox's small Block Kit: what the web chat knows how to draw. Text is always drawn as text, never HTML. */
export const SandboxBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('header'), text: z.string() }),
  z.object({ type: z.literal('fields'), fields: z.array(z.object({ label: z.string(), value: z.string() })) }),
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('context'), text: z.string() }),
  z.object({
    type: z.literal('actions'),
    buttons: z.array(
      z.object({
        actionId: z.string(),
        label: z.string(),
        value: z.string(),
        style: z.enum(['primary', 'danger']).optional(),
      }),
    ),
  }),
]);
export type SandboxBlock = z.infer<typeof SandboxBlock>;

/** A form the web chat shows in a dialog, the sandbox's modal. */
export interface SandboxForm {
  formId: FormId;
  title: string;
  submit: string;
  /** Echoed back on submit (like Slack's private_metadata). */
  context: Record<string, string | number>;
  fields: Array<
    /** `initial` is what the field holds when the form opens (Slack's initial_value); `placeholder` only hints. */
    | {
        name: string;
        label: string;
        kind: 'text';
        maxLength: number;
        required: boolean;
        placeholder?: string;
        initial?: string;
      }
    | { name: string; label: string; kind: 'textarea'; maxLength: number; required: boolean }
    | {
        name: string;
        label: string;
        kind: 'select';
        options: Array<{ value: string; label: string }>;
        initial?: string;
        required: boolean;
      }
  >;
}
