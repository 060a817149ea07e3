import type { MentionEntity } from '../resolve-teams-text.js';

/**
 * The subset of Adaptive Cards 1.5 warroom emits, typed after the schema (adaptivecards.io/explorer) and Teams'
 * additions (`msteams.entities`, `msteams.width`). No official 1.5 JSON schema is published on npm (the designer's
 * bundled one predates Action.Execute), so these types and the invariants in test/support/teams-card-invariants.ts are the check.
 */
export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large';

export interface TextBlock {
  type: 'TextBlock';
  /** Markdown subset; mentions as `<at>Name</at>` with an entity; `{{DATE()}}`/`{{TIME()}}`. */
  text: string;
  wrap: true;
  weight?: 'Lighter' | 'Default' | 'Bolder';
  size?: 'Small' | 'Default' | 'Medium' | 'Large';
  isSubtle?: boolean;
  style?: 'default' | 'heading';
  /** `Attention` for a form's refusal under its field. */
  color?: 'Default' | 'Attention';
  spacing?: Spacing;
  separator?: boolean;
}

export interface TextInput {
  type: 'Input.Text';
  id: string;
  label: string;
  placeholder?: string;
  maxLength?: number;
  isMultiline?: boolean;
  /** What it holds when drawn (a form's initial value, or what was typed before a refusal). */
  value?: string;
  isRequired?: boolean;
  errorMessage?: string;
}

/** A menu or a handful of options (dialogs only: conversation cards have no choice inputs). */
export interface ChoiceSetInput {
  type: 'Input.ChoiceSet';
  id: string;
  label: string;
  choices: Array<{ title: string; value: string }>;
  style?: 'compact' | 'expanded';
  value?: string;
  isRequired?: boolean;
  errorMessage?: string;
}

export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
  spacing?: Spacing;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
  separator?: boolean;
  spacing?: Spacing;
}

export type CardElement = TextBlock | TextInput | ChoiceSetInput | ActionSet | Container;

/**
 * What an old client (no Universal Actions) sends instead of an Action.Execute: a message activity whose `value` is
 * `data`. In a dialog it is the submit button (a `task/submit` invoke with `data` and the inputs).
 */
export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: { verb: string } & Record<string, unknown>;
  style?: 'default' | 'positive' | 'destructive';
}

/** A button: an `adaptiveCard/action` invoke with `verb` and `data` (plus the card's inputs), answered in-turn. */
export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: Record<string, unknown>;
  style?: 'default' | 'positive' | 'destructive';
  /** `secondary` goes to the overflow menu (1.5). */
  mode?: 'primary' | 'secondary';
  fallback: SubmitAction;
}

/** Submit appears in dialogs, and in a conversation only as a dialog opener (`msteams.type: task/fetch`). */
export type CardAction = ExecuteAction | SubmitAction;

/** The refresh clause: Teams invokes `action` when one of `userIds` (≤ 60) views the card. */
export interface Refresh {
  action: { type: 'Action.Execute'; verb: string; data: Record<string, unknown> };
  userIds: string[];
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  refresh?: Refresh;
  /** Shown by clients that cannot draw the card. */
  fallbackText: string;
  msteams: { width: 'Full'; entities?: MentionEntity[] };
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** A message carrying one card, ready for the Bot Connector (send or update). */
export interface CardActivity {
  type: 'message';
  /** The notification and activity-feed preview. */
  summary: string;
  attachments: [{ contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; content: AdaptiveCard }];
}
