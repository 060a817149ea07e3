import type { CommandEnv } from './command.js';

/** A word typed where a person belongs that names nobody this workspace knows (`@zed`, a typo, a plain name). */
export function notAPersonText(token: string, env: CommandEnv, usage: string): string {
  return `"${env.fmt.text(token)}" is not a person here. Mention them (type @ and pick the name from the list). Usage: ${env.fmt.command(usage)}`;
}
