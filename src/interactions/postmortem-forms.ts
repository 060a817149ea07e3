import { actorUserId, type Actor } from '../core/actor.js';
import type { Fmt } from '../core/fmt.js';
import type { PostmortemView } from '../core/postmortem/describe-postmortem.js';
import {
  actionLabel,
  CATEGORY_LABELS,
  MAX_WHYS,
  ROOT_CAUSE_CATEGORIES,
  type PostmortemNoteKind,
} from '../core/postmortem/postmortem.js';
import type { FormView } from './form-view.js';
import { PM_NEXT } from './postmortem-next.js';
import { chainsSoFar } from './postmortem-notes.js';

/** Whether the person acting leads the incident (only the lead is offered "finalize"). */
export function leadsPostmortem(view: PostmortemView, actor: Actor): boolean {
  return view.leadId !== null && view.leadId === actorUserId(actor);
}

/**
 * Asks the current chain's next why, one why per form. `chain`/`depth` in the context say which question was asked,
 * so a form left open while someone else answered cannot answer it again (the verb refuses it).
 */
export function postmortemWhyForm(view: PostmortemView, channelId: string, actor: Actor, fmt: Fmt): FormView {
  const next = view.next;
  if (!next) return postmortemDetailsForm(view, channelId, leadsPostmortem(view, actor), fmt);
  const choices = [
    ...(next.depth < MAX_WHYS ? [{ value: PM_NEXT.next, label: `Ask Why ${next.depth + 1}` }] : []),
    { value: PM_NEXT.chain, label: 'Root cause reached: start another causal chain' },
    { value: PM_NEXT.details, label: 'Root cause reached: category, factors, lessons' },
  ];
  return {
    id: 'postmortem_why',
    title: `${view.ref} postmortem`,
    subtitle: `Why ${next.depth}`,
    submit: `Save Why ${next.depth}`,
    cancel: 'Done for now',
    context: { incidentId: view.incidentId, channelId, chain: next.chain, depth: next.depth },
    notes: chainsSoFar(view, fmt),
    fields: [
      // Pre-filled and required: the statement is edited in place, not retyped; only chain 1's first why asks.
      ...(next.chain === 1 && next.depth === 1
        ? [
            {
              id: 'problem',
              label: 'Problem statement (pre-filled from the incident; edit if needed)',
              kind: 'text' as const,
              maxLength: 1000,
              required: true,
              initial: view.postmortem.problem,
            },
          ]
        : []),
      // Optional only so "category, factors, lessons" can be reached without answering; another why needs it.
      {
        id: 'answer',
        label: `Why ${next.depth} (chain ${next.chain}): ${next.question}?`,
        kind: 'long-text',
        maxLength: 1000,
        required: false,
      },
      {
        id: 'next',
        label: 'Then',
        kind: 'choice',
        options: choices,
        initial: next.depth < MAX_WHYS ? PM_NEXT.next : PM_NEXT.details,
        required: true,
      },
    ],
  };
}

/** Category, a contributing factor, something that went well, a lesson; the lead may finalize from here. */
export function postmortemDetailsForm(view: PostmortemView, channelId: string, isLead: boolean, fmt: Fmt): FormView {
  const count = (kind: PostmortemNoteKind) => view.notes.filter((n) => n.kind === kind).length;
  const counts = `${count('factor')} factor(s), ${count('went_well')} went well, ${count('lesson')} lesson(s), ${view.actions.length} corrective action(s) (${fmt.command('action add')})`;
  const text = (id: string, label: string) => ({
    id,
    label,
    kind: 'long-text' as const,
    maxLength: 1000,
    required: false,
  });
  return {
    id: 'postmortem_details',
    title: `${view.ref} postmortem`,
    subtitle: 'details',
    submit: 'Save',
    cancel: 'Done for now',
    context: { incidentId: view.incidentId, channelId },
    notes: [...chainsSoFar(view, fmt), { text: counts, quiet: true }],
    fields: [
      {
        id: 'category',
        label: 'Root-cause category',
        kind: 'select',
        options: ROOT_CAUSE_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] })),
        ...(view.postmortem.category ? { initial: view.postmortem.category } : {}),
        required: false,
      },
      text('factor', 'A contributing factor'),
      text('went_well', 'Something that went well'),
      text('lesson', 'A lesson learned'),
      {
        id: 'next',
        label: 'Then',
        kind: 'choice',
        options: [
          { value: PM_NEXT.close, label: 'Save and close' },
          { value: PM_NEXT.more, label: 'Save, then add more' },
          { value: PM_NEXT.chain, label: 'Save, then start another causal chain' },
          ...(isLead ? [{ value: PM_NEXT.finalize, label: 'Save and finalize (lead)' }] : []),
        ],
        initial: PM_NEXT.close,
        required: true,
      },
    ],
  };
}

/** A finalized postmortem: read-only (nothing to submit). */
export function postmortemSummaryForm(view: PostmortemView, fmt: Fmt): FormView {
  const actions = view.actions.map((a) => `${actionLabel(a)} ${a.status}: ${fmt.text(a.title)}`).join('\n') || 'none';
  const category = view.postmortem.category ? CATEGORY_LABELS[view.postmortem.category] : 'not set';
  return {
    id: 'postmortem_summary',
    title: `${view.ref} postmortem`,
    subtitle: 'finalized',
    submit: null,
    cancel: 'Close',
    context: { incidentId: view.incidentId },
    notes: [
      {
        text: `${fmt.bold('Finalized.')} The Markdown is posted in the war room. Root-cause category: ${fmt.bold(category)}.`,
      },
      ...chainsSoFar(view, fmt),
      { text: `${fmt.bold('Corrective actions')}\n${actions}` },
    ],
    fields: [],
  };
}

/** The form that fits where the postmortem stands: the next why, the details once a chain is full, or the summary. */
export function postmortemFormFor(view: PostmortemView, channelId: string, actor: Actor, fmt: Fmt): FormView {
  if (view.postmortem.state === 'finalized') return postmortemSummaryForm(view, fmt);
  return postmortemWhyForm(view, channelId, actor, fmt);
}
