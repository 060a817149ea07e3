import type { Fmt } from '../core/fmt.js';
import type { PostmortemView } from '../core/postmortem/describe-postmortem.js';
import type { FormNote } from './form-view.js';

/** A dialog stays short (Slack's modal holds 100 blocks): beyond this many chains only the latest are shown; the export has all. */
const MAX_CHAINS_SHOWN = 40;

/** The problem and the chains so far, above a postmortem form, so the person sees what their answer follows from. */
export function chainsSoFar(view: PostmortemView, fmt: Fmt): FormNote[] {
  const notes: FormNote[] = [{ text: `${fmt.bold('Problem:')} ${fmt.text(view.postmortem.problem)}` }];
  for (const { chain, whys } of view.chains.slice(-MAX_CHAINS_SHOWN)) {
    if (whys.length === 0) continue;
    const lines = whys.map((w) => `${w.depth}. ${fmt.text(w.question)}?\n      → ${fmt.bold(fmt.text(w.answer))}`);
    notes.push({ text: `${fmt.bold(`Causal chain ${chain}`)}\n${lines.join('\n')}` });
  }
  return notes;
}
