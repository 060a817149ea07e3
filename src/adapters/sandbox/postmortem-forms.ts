import { z } from 'zod';
import type { PostmortemView } from '../../core/postmortem/describe-postmortem.js';
import { CATEGORY_LABELS, MAX_WHYS, ROOT_CAUSE_CATEGORIES } from '../../core/postmortem/postmortem.js';
import { DEMO_USER_IDS } from './demo-users.js';
import type { SandboxForm } from './sandbox-blocks.js';

/** What to do after saving; the same choices as Slack's modal. */
export const PM_NEXT = ['next', 'chain', 'details', 'more', 'finalize', 'close'] as const;

const RequestId = z.string().min(8).max(100);
const User = z.enum(DEMO_USER_IDS);
const Next = z.enum(PM_NEXT);

/** Submissions of the two postmortem forms (like Slack's view_submission). */
export const PostmortemFormSubmission = z.discriminatedUnion('formId', [
  z.object({
    formId: z.literal('postmortem_why'),
    requestId: RequestId,
    user: User,
    context: z.object({ incidentId: z.coerce.number().int(), channelId: z.string(), chain: z.coerce.number().int(), depth: z.coerce.number().int() }),
    values: z.object({ problem: z.string().max(1000).optional(), answer: z.string().max(1000), next: Next.default('next') }),
  }),
  z.object({
    formId: z.literal('postmortem_details'),
    requestId: RequestId,
    user: User,
    context: z.object({ incidentId: z.coerce.number().int(), channelId: z.string() }),
    values: z.object({
      category: z.string().max(40).optional(),
      factor: z.string().max(1000).optional(),
      went_well: z.string().max(1000).optional(),
      lesson: z.string().max(1000).optional(),
      next: Next.default('close'),
    }),
  }),
]);
export type PostmortemFormSubmission = z.infer<typeof PostmortemFormSubmission>;

const choice = (value: (typeof PM_NEXT)[number], label: string) => ({ value, label });

/** The next why of the current chain; the chain so far is posted beside it (the sandbox dialog only has fields). */
export function postmortemWhyForm(view: PostmortemView, channelId: string, userId: string): SandboxForm {
  const next = view.next;
  if (!next) return postmortemDetailsForm(view, channelId, view.leadId === userId);
  const fields: SandboxForm['fields'] = [];
  if (next.chain === 1 && next.depth === 1) {
    // Pre-filled and required, as in Slack's modal: the statement is edited in place, not retyped.
    fields.push({ name: 'problem', label: 'Problem statement (pre-filled from the incident; edit if needed)', kind: 'text', maxLength: 1000, required: true, initial: view.postmortem.problem });
  }
  fields.push(
    // Optional only so "category, factors, lessons" can be reached without answering; another why needs it.
    { name: 'answer', label: `Why ${next.depth} (chain ${next.chain}): ${next.question}?`, kind: 'textarea', maxLength: 1000, required: false },
    {
      name: 'next',
      label: 'Then',
      kind: 'select',
      options: [
        ...(next.depth < MAX_WHYS ? [choice('next', `Ask Why ${next.depth + 1}`)] : []),
        choice('chain', 'Root cause reached: start another causal chain'),
        choice('details', 'Root cause reached: category, factors, lessons'),
      ],
      initial: next.depth < MAX_WHYS ? 'next' : 'details',
      required: true,
    },
  );
  return {
    formId: 'postmortem_why',
    title: `${view.ref} postmortem — Why ${next.depth}`,
    submit: `Save Why ${next.depth}`,
    context: { incidentId: view.incidentId, channelId, chain: next.chain, depth: next.depth },
    fields,
  };
}

export function postmortemDetailsForm(view: PostmortemView, channelId: string, isLead: boolean): SandboxForm {
  const category = view.postmortem.category;
  return {
    formId: 'postmortem_details',
    title: `${view.ref} postmortem — details`,
    submit: 'Save',
    context: { incidentId: view.incidentId, channelId },
    fields: [
      {
        name: 'category',
        label: 'Root-cause category',
        kind: 'select',
        options: ROOT_CAUSE_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] })),
        ...(category ? { initial: category } : {}),
        required: false,
      },
      { name: 'factor', label: 'A contributing factor', kind: 'textarea', maxLength: 1000, required: false },
      { name: 'went_well', label: 'Something that went well', kind: 'textarea', maxLength: 1000, required: false },
      { name: 'lesson', label: 'A lesson learned', kind: 'textarea', maxLength: 1000, required: false },
      {
        name: 'next',
        label: 'Then',
        kind: 'select',
        options: [
          choice('close', 'Save and close'),
          choice('more', 'Save, then add more'),
          choice('chain', 'Save, then start another causal chain'),
          ...(isLead ? [choice('finalize', 'Save and finalize (lead)')] : []),
        ],
        initial: 'close',
        required: true,
      },
    ],
  };
}
