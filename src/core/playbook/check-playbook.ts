import type { AttackCatalog } from '../attack/attack-catalog.js';
import { STAGE_IDS, type Playbook } from './playbook-schema.js';

export interface PlaybookProblem {
  path: Array<string | number>;
  message: string;
}

/**
 * What the schema cannot see: unique step ids, dependencies and decision branches that name real steps and do not
 * loop, stages in NIST order, clocks tied to real steps, ATT&CK ids that exist, actions' approvers among the roles.
 */
export function checkPlaybook(
  playbook: Playbook,
  attack: AttackCatalog | null,
  deploymentRoles?: readonly string[],
): PlaybookProblem[] {
  const problems: PlaybookProblem[] = [];
  const steps = new Map<string, Array<string | number>>();
  playbook.stages.forEach((stage, si) => {
    stage.steps.forEach((step, i) => {
      const path = ['stages', si, 'steps', i];
      if (steps.has(step.id)) problems.push({ path: [...path, 'id'], message: `step id "${step.id}" is used twice` });
      steps.set(step.id, path);
    });
  });
  const order = playbook.stages.map((s) => STAGE_IDS.indexOf(s.id));
  order.forEach((o, i) => {
    if (i > 0 && o <= (order[i - 1] ?? -1))
      problems.push({
        path: ['stages', i, 'id'],
        message: `stages follow NIST order (${STAGE_IDS.join(', ')}), each once`,
      });
  });
  const known = (id: string) => steps.has(id);
  const deps = new Map<string, string[]>();
  playbook.stages.forEach((stage, si) =>
    stage.steps.forEach((step, i) => {
      const path = ['stages', si, 'steps', i];
      deps.set(step.id, step.depends_on);
      step.depends_on.forEach((d, di) => {
        if (!known(d)) problems.push({ path: [...path, 'depends_on', di], message: `no step "${d}" in this playbook` });
        if (d === step.id)
          problems.push({ path: [...path, 'depends_on', di], message: 'a step cannot depend on itself' });
      });
      if (step.type === 'decision') {
        step.answers.forEach((a, ai) =>
          a.next.forEach((n, ni) => {
            if (!known(n))
              problems.push({ path: [...path, 'answers', ai, 'next', ni], message: `no step "${n}" in this playbook` });
          }),
        );
      }
      if (step.type === 'action' && step.approver !== 'lead' && !playbook.roles.includes(step.approver)) {
        problems.push({
          path: [...path, 'approver'],
          message: `approver "${step.approver}" is not among this playbook's roles (${playbook.roles.join(', ')})`,
        });
      }
      if (step.type === 'action' && step.approver === step.owner) {
        // One holder per role: if the owner requests, nobody else holds the approving role (four eyes).
        problems.push({
          path: [...path, 'approver'],
          message: `approver and owner are both "${step.owner}": the owner requests, so another role must approve`,
        });
      }
      if (step.owner !== 'lead' && !playbook.roles.includes(step.owner)) {
        problems.push({
          path: [...path, 'owner'],
          message: `owner "${step.owner}" is not among this playbook's roles (${playbook.roles.join(', ')})`,
        });
      }
    }),
  );
  // Dependency cycles would lock steps forever.
  const visiting = new Set<string>();
  const done = new Set<string>();
  const cyclic = (id: string): boolean => {
    if (done.has(id)) return false;
    if (visiting.has(id)) return true;
    visiting.add(id);
    const loop = (deps.get(id) ?? []).some(cyclic);
    visiting.delete(id);
    done.add(id);
    return loop;
  };
  for (const id of deps.keys()) {
    if (cyclic(id)) {
      problems.push({ path: [...(steps.get(id) ?? []), 'depends_on'], message: `dependencies loop back to "${id}"` });
      break;
    }
  }
  if (deploymentRoles) {
    playbook.roles.forEach((role, i) => {
      if (role !== 'lead' && !deploymentRoles.includes(role)) {
        problems.push({
          path: ['roles', i],
          message: `role "${role}" is not in WARROOM_ROLES (${deploymentRoles.join(', ')}), so nobody could be given it`,
        });
      }
    });
  }
  playbook.clocks.forEach((c, ci) => {
    const startStep = c.starts.startsWith('step:') ? c.starts.slice(5) : null;
    if (startStep && !known(startStep))
      problems.push({ path: ['clocks', ci, 'starts'], message: `no step "${startStep}" in this playbook` });
    if (c.stops && !known(c.stops))
      problems.push({ path: ['clocks', ci, 'stops'], message: `no step "${c.stops}" in this playbook` });
  });
  if (attack) {
    const techniqueIds = [
      ...playbook.attack.map((t, i) => ({ t, path: ['attack', i] as Array<string | number> })),
      ...playbook.triggers.flatMap((tr, ti) =>
        (tr.techniques ?? []).map((t, i) => ({ t, path: ['triggers', ti, 'techniques', i] as Array<string | number> })),
      ),
    ];
    for (const { t, path } of techniqueIds)
      if (!attack.technique(t)) problems.push({ path, message: `${t} is not an ATT&CK Enterprise technique` });
    playbook.triggers.forEach((tr, ti) =>
      (tr.tactics ?? []).forEach((tac, i) => {
        if (!attack.isTactic(tac))
          problems.push({
            path: ['triggers', ti, 'tactics', i],
            message: `"${tac}" is not an ATT&CK tactic (use a shortname like credential-access or an id like TA0006)`,
          });
      }),
    );
  }
  return problems;
}
