import type { Ctx } from '../src/core/context.js';
import type { Fmt } from '../src/core/fmt.js';
import type { Incident, Severity } from '../src/core/incident/incident.js';

/** What a chat adapter hands a command: who, where, and how to write text and read mentions on that platform. */
export interface CommandEnv {
  ctx: Ctx;
  channelId: string;
  fmt: Fmt;
  /** Turns a mention as typed on the platform (`<@U123|ann>` on Slack, `@ann` in the sandbox) into a user id. */
  parseUser(token: string): string | null;
}

export type CommandResult =
  /**
   * Shown only to the person who typed the command. `refused`: the command was not carried out (a typo, a rule, the
   * wrong room); Teams, which has no private replies in a channel, sends those to the person's chat with the bot.
   */
  | { type: 'reply'; text: string; refused?: boolean }
  /** No title was given: the adapter opens its declare form (a Slack modal, a sandbox form). */
  | { type: 'open-declare-form'; severity: Severity | null }
  /**
   * `/incident postmortem` alone: the adapter opens its postmortem form (a Slack modal, a sandbox form) where the
   * postmortem stands. `text` says the same in words, for when the form cannot be opened.
   */
  | { type: 'open-postmortem-form'; incidentId: number; text: string }
  | { type: 'declared'; incident: Incident; text: string }
  /**
   * Resolve was asked with playbook work still open: `text` names it and asks; the adapter shows it with a
   * "Resolve anyway" button that calls runResolve again with `confirmed` (typed: `/incident resolve anyway`).
   */
  | { type: 'confirm-resolve'; incidentId: number; text: string };

export interface IncidentCommand {
  name: string;
  /** The words after the command name, e.g. `declare <title> [sev1|sev2|sev3|sev4]`; shown with `fmt.command`. */
  usage: string;
  /** One line for the help; a function when it names a command or a literal, which each surface writes its way. */
  summary: string | ((fmt: Fmt) => string);
  run(args: string, env: CommandEnv): CommandResult;
}

export const reply = (text: string): CommandResult => ({ type: 'reply', text });
