import { BUTTON_REFUSALS, type ButtonPress, type FormValues } from '../../interactions/index.js';
import { INPUT, VERB } from './ids.js';
import { teamsButtonPress } from './teams-button-press.js';

/** What a pressed button brings back: the shared layer's press and the card's input values. */
export type TeamsButtonDecoded = { press: ButtonPress; inputs: FormValues } | { refused: string };

/** Every button verb (all but the card's refresh), to route each to the one handler. */
export const TEAMS_BUTTON_VERBS: string[] = Object.values(VERB).filter((v) => v !== VERB.refresh);

/** The card's inputs (Teams sends each input's value beside the button's data); only strings count. */
function inputsOf(data: unknown): FormValues {
  const inputs: FormValues = {};
  if (typeof data !== 'object' || data === null) return inputs;
  for (const id of Object.values(INPUT)) {
    const value = (data as Record<string, unknown>)[id];
    if (typeof value === 'string') inputs[id] = value;
  }
  return inputs;
}

/** Which "out of date" a button gets: a checklist or storm button says where its current message is. */
function refusalFor(verb: string): string {
  if (verb.startsWith('step.')) return BUTTON_REFUSALS.outOfDateStep;
  if (verb === VERB.stormSplit) return BUTTON_REFUSALS.outOfDateStorm;
  return BUTTON_REFUSALS.outOfDate;
}

/**
 * A pressed button's verb and data (teams-button-press.ts, validated with the layer's zod schema) with the card's
 * inputs; or the refusal of a button that does not decode (an old card, a hand-made invoke). Nothing has happened yet.
 */
export function decodeTeamsButton(verb: string, data: unknown): TeamsButtonDecoded {
  const press = teamsButtonPress(verb, data);
  return press ? { press, inputs: inputsOf(data) } : { refused: refusalFor(verb) };
}
