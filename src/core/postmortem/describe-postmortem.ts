import type { Incident } from '../incident/incident.js';
import type { Store } from '../store-port.js';
import {
  MAX_WHYS,
  nextQuestion,
  type CorrectiveAction,
  type Postmortem,
  type PostmortemNote,
  type PostmortemWhy,
} from './postmortem.js';

/** Where a postmortem stands, platform-neutral: Slack's modal, the sandbox form and the command reply draw it. */
export interface PostmortemView {
  incidentId: number;
  ref: string;
  leadId: string | null;
  postmortem: Postmortem;
  chains: Array<{ chain: number; whys: PostmortemWhy[] }>;
  /** The question the current chain asks now; null when it has five whys (or the postmortem is finalized). */
  next: { chain: number; depth: number; question: string } | null;
  notes: PostmortemNote[];
  actions: CorrectiveAction[];
  /** What finalizing still needs, in words. */
  missing: string[];
}

export function describePostmortem(store: Store, incident: Incident, postmortem: Postmortem): PostmortemView {
  const whys = store.postmortems.whys(postmortem.id);
  const chains = Array.from({ length: postmortem.currentChain }, (_, i) => ({
    chain: i + 1,
    whys: whys.filter((w) => w.chain === i + 1),
  }));
  const current = chains.at(-1)?.whys ?? [];
  const next =
    postmortem.state === 'draft' && current.length < MAX_WHYS
      ? {
          chain: postmortem.currentChain,
          depth: current.length + 1,
          question: nextQuestion(postmortem.problem, current.at(-1)?.answer ?? null),
        }
      : null;
  const missing: string[] = [];
  if (whys.length === 0) missing.push('at least one answered why');
  if (!postmortem.category) missing.push('a root-cause category');
  return {
    incidentId: incident.id,
    ref: incident.ref,
    leadId: incident.leadId,
    postmortem,
    chains,
    next,
    notes: store.postmortems.notes(postmortem.id),
    actions: store.postmortems.actions(postmortem.id),
    missing,
  };
}

/** The view of an incident's postmortem, for adapters (which do not read the store themselves). */
export function loadPostmortemView(store: Store, incidentId: number): PostmortemView | null {
  const incident = store.incidents.byId(incidentId);
  const postmortem = incident ? store.postmortems.forIncident(incident.id) : null;
  return incident && postmortem ? describePostmortem(store, incident, postmortem) : null;
}
