import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AttackCatalog } from '../core/attack/attack-catalog.js';
import { checkPlaybook } from '../core/playbook/check-playbook.js';
import { Playbook } from '../core/playbook/playbook-schema.js';
import { ConfigFileError, loadYamlFile } from './load-yaml-file.js';

export interface LoadedPlaybooks {
  playbooks: Playbook[];
  /** One entry per bad file: `file:line: path: message` lines. A bad file never stops the others. */
  problems: Array<{ file: string; problems: string[] }>;
}

/** Loads every `*.yaml` / `*.yml` in the folder, sorted by name. Duplicate playbook ids are reported. */
export function loadPlaybooks(
  folder: string,
  attack: AttackCatalog | null,
  deploymentRoles?: readonly string[],
): LoadedPlaybooks {
  const playbooks: Playbook[] = [];
  const problems: LoadedPlaybooks['problems'] = [];
  const files = readdirSync(folder)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  for (const name of files) {
    const file = join(folder, name);
    try {
      // Unreadable, unparsable, an alias bomb, invalid: each is a ConfigFileError naming this file and line.
      const playbook = loadYamlFile(file, Playbook, (p) => checkPlaybook(p, attack, deploymentRoles));
      const clash = playbooks.find((p) => p.id === playbook.id);
      if (clash) {
        problems.push({
          file,
          problems: [`${file}:1: id: playbook id "${playbook.id}" is already used by another file`],
        });
        continue;
      }
      playbooks.push(playbook);
    } catch (error) {
      if (!(error instanceof ConfigFileError)) throw error;
      problems.push({ file, problems: error.problems });
    }
  }
  return { playbooks, problems };
}
