import { loadAttackCatalog } from '../catalog/load-attack-catalog.js';
import { loadPlaybooks } from '../catalog/load-playbooks.js';
import type { CliResult } from './cli-result.js';

/** `warroom playbooks validate [folder]`: every problem with file and line; exit 1 if any file is bad. */
export function playbooksValidate(folder: string, deploymentRoles?: readonly string[]): CliResult {
  const { playbooks, problems } = loadPlaybooks(folder, loadAttackCatalog(), deploymentRoles);
  const lines = playbooks.map(
    (p) =>
      `ok   ${p.id} v${p.version} — ${p.title} (${p.stages.length} stages, ${p.stages.reduce((n, s) => n + s.steps.length, 0)} steps)`,
  );
  for (const bad of problems) lines.push(`FAIL ${bad.file}`, ...bad.problems.map((p) => `     ${p}`));
  if (playbooks.length === 0 && problems.length === 0) lines.push(`No playbooks (*.yaml) in ${folder}.`);
  return { code: problems.length > 0 ? 1 : 0, stdout: lines.join('\n') };
}
