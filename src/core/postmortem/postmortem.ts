/** A causal chain asks "why?" at most this many times (the "5" of 5 Whys); a deeper cause starts another chain. */
export const MAX_WHYS = 5;

/** Root-cause categories, shared across postmortems so recurrences can be found by category. */
export const ROOT_CAUSE_CATEGORIES = [
  'process',
  'change-deploy',
  'capacity',
  'dependency',
  'detection-gap',
  'access-control',
  'human-factors',
  'software-defect',
  'configuration',
] as const;
export type RootCauseCategory = (typeof ROOT_CAUSE_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<RootCauseCategory, string> = {
  process: 'Process',
  'change-deploy': 'Change / deploy',
  capacity: 'Capacity',
  dependency: 'Dependency',
  'detection-gap': 'Detection gap',
  'access-control': 'Access control',
  'human-factors': 'Human factors',
  'software-defect': 'Software defect',
  configuration: 'Configuration',
};

/** Other words people type for a category. */
const CATEGORY_ALIASES: Record<string, RootCauseCategory> = {
  change: 'change-deploy',
  deploy: 'change-deploy',
  deployment: 'change-deploy',
  detection: 'detection-gap',
  access: 'access-control',
  human: 'human-factors',
  bug: 'software-defect',
  config: 'configuration',
};

/** `Change/deploy`, `detection gap`, `access_control` → the category id, or null. */
export function parseRootCauseCategory(text: string): RootCauseCategory | null {
  const id = text
    .trim()
    .toLowerCase()
    .replace(/[\s_/]+/g, '-');
  if ((ROOT_CAUSE_CATEGORIES as readonly string[]).includes(id)) return id as RootCauseCategory;
  return CATEGORY_ALIASES[id] ?? null;
}

export const NOTE_KINDS = ['factor', 'went_well', 'lesson'] as const;
export type PostmortemNoteKind = (typeof NOTE_KINDS)[number];

export const ACTION_KINDS = ['prevent', 'detect', 'mitigate', 'process'] as const;
export type CorrectiveActionKind = (typeof ACTION_KINDS)[number];

/** What a corrective action changes, so the next responder finds it (institutional memory). */
export const ACTION_LINK_KINDS = ['rule', 'playbook', 'service'] as const;
export type ActionLinkKind = (typeof ACTION_LINK_KINDS)[number];
export interface ActionLink {
  kind: ActionLinkKind;
  ref: string;
}

/** One postmortem per incident: a draft anyone can add to, finalized by the lead. */
export interface Postmortem {
  id: number;
  incidentId: number;
  state: 'draft' | 'finalized';
  problem: string;
  category: RootCauseCategory | null;
  /** The chain the next `why` answers. */
  currentChain: number;
  startedBy: string;
  startedAt: string;
  updatedAt: string;
  finalizedBy: string | null;
  finalizedAt: string | null;
  /** The Markdown rendered when it was finalized (what was posted to the war room). */
  markdown: string | null;
}

/** One answer of a causal chain. Each is its own row, written the moment it is given. */
export interface PostmortemWhy {
  id: number;
  postmortemId: number;
  chain: number;
  depth: number;
  question: string;
  answer: string;
  author: string;
  at: string;
}

export interface PostmortemNote {
  id: number;
  postmortemId: number;
  kind: PostmortemNoteKind;
  text: string;
  author: string;
  at: string;
}

export type CorrectiveActionStatus = 'open' | 'done' | 'verified';

export interface CorrectiveAction {
  id: number;
  postmortemId: number;
  incidentId: number;
  /** 1, 2, 3… within the incident; shown as A1, A2. */
  number: number;
  title: string;
  ownerId: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  kind: CorrectiveActionKind;
  /** What infrastructure or detection change proves it done. */
  verification: string;
  /** JSON array of ActionLink. */
  links: string;
  status: CorrectiveActionStatus;
  /** The link or evidence given when it was marked done. */
  evidence: string | null;
  createdBy: string;
  createdAt: string;
  doneBy: string | null;
  doneAt: string | null;
  verifiedBy: string | null;
  verifiedAt: string | null;
}

export const actionLabel = (action: Pick<CorrectiveAction, 'number'>): string => `A${action.number}`;

/** `A3`, `a3` or `3` → 3. */
export function parseActionLabel(text: string): number | null {
  const match = /^a?(\d{1,4})$/i.exec(text.trim());
  return match?.[1] ? Number(match[1]) : null;
}

export function actionLinks(action: Pick<CorrectiveAction, 'links'>): ActionLink[] {
  return JSON.parse(action.links) as ActionLink[];
}

/** The question a chain asks next: the problem itself first, then the previous answer. */
export function nextQuestion(problem: string, previousAnswer: string | null): string {
  return `Why did this happen: ${previousAnswer ?? problem}`;
}
