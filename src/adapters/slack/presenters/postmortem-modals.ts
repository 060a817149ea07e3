import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { PostmortemView } from '../../../core/postmortem/describe-postmortem.js';
import { actionLabel, CATEGORY_LABELS, MAX_WHYS, ROOT_CAUSE_CATEGORIES } from '../../../core/postmortem/postmortem.js';
import { BLOCK, VIEW } from '../ids.js';
import { escapeMrkdwn } from '../slack-fmt.js';

/** What the person wants after saving (a radio choice in each modal). */
export const PM_NEXT = { next: 'next', chain: 'chain', details: 'details', more: 'more', finalize: 'finalize', close: 'close' } as const;
export type PmNext = (typeof PM_NEXT)[keyof typeof PM_NEXT];

/** Echoed back on submit. `chain`/`depth` say which question was asked, so a stale modal cannot answer another one. */
export interface PostmortemModalMetadata {
  incidentId: number;
  channelId: string;
  chain?: number;
  depth?: number;
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const plain = (text: string) => ({ type: 'plain_text' as const, text: cut(text, 75) });
const option = (value: PmNext, text: string): PlainTextOption => ({ text: plain(text), value });

/** A modal holds 100 blocks: beyond this many chains only the latest are shown (the export has all). */
const MAX_CHAINS_SHOWN = 40;

/** The problem and the chains so far, so the person sees what their answer follows from. */
function chainsSoFar(view: PostmortemView): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: cut(`*Problem:* ${escapeMrkdwn(view.postmortem.problem)}`, 3000) } }];
  for (const { chain, whys } of view.chains.slice(-MAX_CHAINS_SHOWN)) {
    if (whys.length === 0) continue;
    const lines = whys.map((w) => `${w.depth}. ${escapeMrkdwn(w.question)}?\n      → *${escapeMrkdwn(w.answer)}*`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(`*Causal chain ${chain}*\n${lines.join('\n')}`, 3000) } });
  }
  return blocks;
}

function base(view: PostmortemView, callbackId: string, metadata: PostmortemModalMetadata, submit: string | null, blocks: KnownBlock[]): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: `${view.ref} postmortem` },
    ...(submit ? { submit: { type: 'plain_text' as const, text: submit } } : {}),
    close: { type: 'plain_text', text: submit ? 'Done for now' : 'Close' },
    blocks,
  };
}

/** Asks the current chain's next why. Every submit is saved before the next question appears. */
export function postmortemWhyModal(view: PostmortemView, channelId: string, userId: string): ModalView {
  const next = view.next;
  if (!next) return postmortemDetailsModal(view, channelId, view.leadId === userId);
  const blocks = chainsSoFar(view);
  if (next.chain === 1 && next.depth === 1) {
    blocks.push({
      type: 'input',
      block_id: BLOCK.pmProblem,
      label: { type: 'plain_text', text: 'Problem statement (pre-filled from the incident; edit if needed)' },
      element: { type: 'plain_text_input', action_id: BLOCK.pmProblem, initial_value: view.postmortem.problem, max_length: 1000 },
    });
  }
  blocks.push({
    type: 'input',
    block_id: BLOCK.pmAnswer,
    // Optional only so "category, factors, lessons" can be reached without answering; asking another why needs it.
    optional: true,
    label: { type: 'plain_text', text: cut(`Why ${next.depth} (chain ${next.chain}): ${next.question}?`, 2000) },
    element: { type: 'plain_text_input', action_id: BLOCK.pmAnswer, multiline: true, max_length: 1000 },
  });
  const options = [
    ...(next.depth < MAX_WHYS ? [option(PM_NEXT.next, `Ask Why ${next.depth + 1}`)] : []),
    option(PM_NEXT.chain, 'Root cause reached: start another causal chain'),
    option(PM_NEXT.details, 'Root cause reached: category, factors, lessons'),
  ];
  blocks.push({
    type: 'input',
    block_id: BLOCK.pmNext,
    label: { type: 'plain_text', text: 'Then' },
    element: { type: 'radio_buttons', action_id: BLOCK.pmNext, options, initial_option: options[0] },
  });
  return base(view, VIEW.postmortemWhy, { incidentId: view.incidentId, channelId, chain: next.chain, depth: next.depth }, `Save Why ${next.depth}`, blocks);
}

/** Category, contributing factors, what went well, lessons; the lead may finalize from here. */
export function postmortemDetailsModal(view: PostmortemView, channelId: string, isLead: boolean): ModalView {
  const p = view.postmortem;
  const categories = ROOT_CAUSE_CATEGORIES.map((c) => ({ text: plain(CATEGORY_LABELS[c]), value: c }));
  const current = categories.find((c) => c.value === p.category);
  const counts = `${view.notes.filter((n) => n.kind === 'factor').length} factor(s), ${view.notes.filter((n) => n.kind === 'went_well').length} went well, ${view.notes.filter((n) => n.kind === 'lesson').length} lesson(s), ${view.actions.length} corrective action(s) (\`/incident action add\`)`;
  const text = (block: string, label: string) => ({
    type: 'input' as const,
    block_id: block,
    optional: true,
    label: { type: 'plain_text' as const, text: label },
    element: { type: 'plain_text_input' as const, action_id: block, multiline: true, max_length: 1000 },
  });
  const nexts = [
    option(PM_NEXT.close, 'Save and close'),
    option(PM_NEXT.more, 'Save, then add more'),
    option(PM_NEXT.chain, 'Save, then start another causal chain'),
    ...(isLead ? [option(PM_NEXT.finalize, 'Save and finalize (lead)')] : []),
  ];
  const blocks: KnownBlock[] = [
    ...chainsSoFar(view),
    { type: 'context', elements: [{ type: 'mrkdwn', text: counts }] },
    {
      type: 'input',
      block_id: BLOCK.pmCategory,
      optional: true,
      label: { type: 'plain_text', text: 'Root-cause category' },
      element: { type: 'static_select', action_id: BLOCK.pmCategory, options: categories, ...(current ? { initial_option: current } : {}) },
    },
    text(BLOCK.pmFactor, 'A contributing factor'),
    text(BLOCK.pmWentWell, 'Something that went well'),
    text(BLOCK.pmLesson, 'A lesson learned'),
    { type: 'input', block_id: BLOCK.pmNext, label: { type: 'plain_text', text: 'Then' }, element: { type: 'radio_buttons', action_id: BLOCK.pmNext, options: nexts, initial_option: nexts[0] } },
  ];
  return base(view, VIEW.postmortemDetails, { incidentId: view.incidentId, channelId }, 'Save', blocks);
}

/** A finalized postmortem: read-only. */
export function postmortemSummaryModal(view: PostmortemView): ModalView {
  const actions = view.actions.map((a) => `${actionLabel(a)} ${a.status}: ${escapeMrkdwn(a.title)}`).join('\n') || 'none';
  const category = view.postmortem.category ? CATEGORY_LABELS[view.postmortem.category] : 'not set';
  return base(view, VIEW.postmortemDetails, { incidentId: view.incidentId, channelId: '' }, null, [
    { type: 'section', text: { type: 'mrkdwn', text: `*Finalized.* The Markdown is posted in the war room. Root-cause category: *${category}*.` } },
    ...chainsSoFar(view),
    { type: 'section', text: { type: 'mrkdwn', text: cut(`*Corrective actions*\n${actions}`, 3000) } },
  ]);
}

/** The modal that fits where the postmortem stands. */
export function postmortemModalFor(view: PostmortemView, channelId: string, userId: string): ModalView {
  if (view.postmortem.state === 'finalized') return postmortemSummaryModal(view);
  return postmortemWhyModal(view, channelId, userId);
}
