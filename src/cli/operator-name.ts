import { hostname, userInfo } from 'node:os';

/** The person at the terminal (`--as`, else the OS user) and the machine: how the CLI's own acts are recorded. */
export function operatorName(as: string | undefined): string {
  let name = as?.trim();
  if (!name) {
    try {
      name = userInfo().username;
    } catch {
      name = process.env.USER ?? 'unknown';
    }
  }
  return `${name}@${hostname()}`;
}
