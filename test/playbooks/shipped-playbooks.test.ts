import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAttackCatalog } from '../../src/catalog/load-attack-catalog.js';
import { loadPlaybooks } from '../../src/catalog/load-playbooks.js';
import { ConfigFileError, parseYamlConfig } from '../../src/catalog/load-yaml-file.js';
import { checkPlaybook } from '../../src/core/playbook/check-playbook.js';
import { Playbook, type PlaybookStep } from '../../src/core/playbook/playbook-schema.js';
import { stepViews, stepsRuledOut } from '../../src/core/playbook/step-availability.js';
import type { StepState } from '../../src/core/playbook/playbook-run.js';

const attack = loadAttackCatalog();
const shipped = loadPlaybooks(join(process.cwd(), 'playbooks'), attack);
const SHIPPED_IDS = [
  'cloud-access-key-leaked',
  'compromised-credentials',
  'data-exfiltration',
  'ddos',
  'phishing',
  'ransomware-host',
  'service-outage',
];
const SECURITY_IDS = SHIPPED_IDS.filter((id) => id !== 'service-outage');

const stepsOf = (p: Playbook): PlaybookStep[] => p.stages.flatMap((s) => s.steps);
const byId = (id: string): Playbook => {
  const p = shipped.playbooks.find((x) => x.id === id);
  if (!p) throw new Error(`no shipped playbook ${id}`);
  return p;
};

/** The `file:line: path: message` lines for a playbook text, or [] when it is valid. */
function problems(text: string, file = 'pb.yaml'): string[] {
  try {
    parseYamlConfig(file, text, Playbook, (p) => checkPlaybook(p, attack));
  } catch (error) {
    if (error instanceof ConfigFileError) return error.problems;
    throw error;
  }
  return [];
}

const lines = (...l: string[]) => `${l.join('\n')}\n`;

/** Lines 1–12: a valid header and a triage stage with step `a`; tests append from line 13. */
const HEAD = [
  'id: t', //                        1
  'title: T', //                     2
  'version: 1', //                   3
  'description: test', //            4
  'roles: [security]', //            5
  'stages:', //                      6
  '  - id: triage', //               7
  '    title: Triage', //            8
  '    steps:', //                   9
  '      - id: a', //                10
  '        type: check', //          11
  '        title: A', //             12
];

/** HEAD under another playbook id. */
const withId = (id: string): string[] => [`id: ${id}`, ...HEAD.slice(1)];

describe('shipped playbooks', () => {
  it('all load without problems, and they are exactly the seven expected', () => {
    expect(shipped.problems).toEqual([]);
    expect(shipped.playbooks.map((p) => p.id)).toEqual(SHIPPED_IDS);
  });

  it.each(SECURITY_IDS)('%s names at least one ATT&CK technique that exists', (id) => {
    const p = byId(id);
    expect(p.attack.length).toBeGreaterThan(0);
    for (const t of p.attack) expect(attack.technique(t), t).not.toBeNull();
  });

  it('service-outage is not an ATT&CK playbook', () => {
    expect(byId('service-outage').attack).toEqual([]);
  });

  it.each(SHIPPED_IDS)('%s has 8–18 steps, a decision, an action with four eyes, and triggers', (id) => {
    const p = byId(id);
    const steps = stepsOf(p);
    expect(steps.length).toBeGreaterThanOrEqual(8);
    expect(steps.length).toBeLessThanOrEqual(18);
    expect(steps.some((s) => s.type === 'decision')).toBe(true);
    const actions = steps.filter((s) => s.type === 'action');
    expect(actions.length).toBeGreaterThan(0);
    // One holder per role: a role approving its own request would leave only the lead to approve.
    for (const a of actions) expect(a.owner, a.id).not.toBe(a.approver);
    expect(p.triggers.length).toBeGreaterThan(0);
    for (const s of steps) {
      expect(s.instructions.trim().length, s.id).toBeGreaterThan(0);
      // The stage checklist shows the first 1500 characters of the instructions.
      expect(s.instructions.trim().length, s.id).toBeLessThanOrEqual(1500);
    }
  });

  it.each(SHIPPED_IDS)('%s can be worked to the end whatever the decisions answer', (id) => {
    const p = byId(id);
    const decisions = stepsOf(p).filter((s) => s.type === 'decision');
    let combos: number[][] = [[]];
    for (const d of decisions) combos = combos.flatMap((c) => d.answers.map((_, i) => [...c, i]));
    for (const combo of combos) {
      const states = new Map<string, StepState>();
      const settle = (stepId: string, status: StepState['status'], answer: string | null = null) =>
        states.set(stepId, {
          runId: 1,
          stepId,
          status,
          claimedBy: null,
          doneBy: 'u',
          doneAt: 'now',
          reason: null,
          answer,
          updatedAt: 'now',
        });
      for (let round = 0; round < 50; round += 1) {
        const open = [...stepViews(p, [...states.values()])].filter(([, v]) => v === 'open').map(([k]) => k);
        if (open.length === 0) break;
        for (const stepId of open) {
          const step = stepsOf(p).find((s) => s.id === stepId);
          if (step?.type === 'decision') {
            const answer = step.answers[combo[decisions.indexOf(step)] ?? 0]?.label ?? '';
            for (const out of stepsRuledOut(p, stepId, answer)) if (!states.has(out)) settle(out, 'na');
            settle(stepId, 'done', answer);
          } else settle(stepId, 'done');
        }
      }
      const stuck = [...stepViews(p, [...states.values()])]
        .filter(([, v]) => v === 'open' || v === 'locked')
        .map(([k]) => k);
      expect(stuck, `${id} answered ${combo.join(',')}`).toEqual([]);
    }
  });

  it('clocks start and stop at real steps, with one of hours or business days', () => {
    const clocks = shipped.playbooks.flatMap((p) => p.clocks.map((c) => ({ p, c })));
    expect(clocks.map(({ p, c }) => `${p.id}/${c.id}`)).toEqual([
      'cloud-access-key-leaked/sec-8k',
      'data-exfiltration/gdpr-art33',
      'ransomware-host/gdpr-art33',
      'ransomware-host/nis2-early-warning',
      'ransomware-host/nis2-incident-notification',
    ]);
    expect(byId('cloud-access-key-leaked').clocks[0]).toMatchObject({
      business_days: 4,
      starts: 'step:material-impact-determined',
      stops: 'file-form-8k',
    });
    expect(byId('data-exfiltration').clocks[0]).toMatchObject({
      hours: 72,
      starts: 'step:record-personal-data-breach',
      stops: 'notify-supervisory-authority',
    });
    const stop = stepsOf(byId('ransomware-host')).find((s) => s.id === 'notify-supervisory-authority');
    expect(stop?.owner).toBe('comms');
  });
});

describe('playbook problems are reported with file and line', () => {
  it('accepts the minimal playbook the error cases are built on', () => {
    expect(problems(lines(...HEAD))).toEqual([]);
  });

  it('reports an unknown step in depends_on at its line', () => {
    const text = lines(
      ...HEAD,
      '      - id: b',
      '        type: check',
      '        title: B',
      '        depends_on: [a, nope]',
    );
    expect(problems(text)).toEqual(['pb.yaml:16: stages.0.steps.1.depends_on.1: no step "nope" in this playbook']);
  });

  it('reports an unknown step in a decision answer', () => {
    const text = lines(
      ...HEAD,
      '      - id: q', //                   13
      '        type: decision', //          14
      '        title: Q', //                15
      '        question: Which?', //        16
      '        answers:', //                17
      '          - { label: "Yes", next: [a] }', // 18
      '          - { label: "No", next: [gone] }', // 19
    );
    expect(problems(text)).toEqual(['pb.yaml:19: stages.0.steps.1.answers.1.next.0: no step "gone" in this playbook']);
  });

  it('reports a dependency cycle', () => {
    const text = lines(
      ...HEAD,
      '        depends_on: [b]', //          13
      '      - id: b', //                    14
      '        type: check', //              15
      '        title: B', //                 16
      '        depends_on: [a]', //          17
    );
    expect(problems(text)).toEqual(['pb.yaml:13: stages.0.steps.0.depends_on: dependencies loop back to "a"']);
  });

  it('reports stages out of NIST order', () => {
    const text = lines(
      ...HEAD,
      '  - id: recovery', //               13
      '    title: Recover', //             14
      '    steps: [{ id: r, type: check, title: R }]', // 15
      '  - id: containment', //            16
      '    title: Contain', //             17
      '    steps: [{ id: c, type: check, title: C }]', // 18
    );
    expect(problems(text)).toEqual([
      'pb.yaml:16: stages.2.id: stages follow NIST order (triage, containment, eradication, recovery, post-incident), each once',
    ]);
  });

  it('reports an unknown stage id through the schema', () => {
    const text = lines(...HEAD, '  - id: lessons', '    title: L', '    steps: [{ id: l, type: check, title: L }]');
    expect(problems(text)).toHaveLength(1);
    expect(problems(text)[0]).toMatch(/^pb\.yaml:13: stages\.1\.id: /);
  });

  it('reports an unknown ATT&CK technique in attack and in a trigger', () => {
    const text = lines(...HEAD, 'attack: [T1486, T9999]', 'triggers:', '  - techniques: [T1110.003, T1110.999]');
    expect(problems(text)).toEqual([
      'pb.yaml:13: attack.1: T9999 is not an ATT&CK Enterprise technique',
      'pb.yaml:15: triggers.0.techniques.1: T1110.999 is not an ATT&CK Enterprise technique',
    ]);
  });

  it('rejects a malformed technique id before looking it up', () => {
    expect(problems(lines(...HEAD, 'attack: [t1486]'))).toEqual([
      'pb.yaml:13: attack.0: an ATT&CK technique id looks like T1486 or T1110.003',
    ]);
  });

  it('reports an unknown tactic, and accepts shortnames and TA ids', () => {
    expect(problems(lines(...HEAD, 'triggers:', '  - tactics: [credential-access, TA0010, credential-theft]'))).toEqual(
      [
        'pb.yaml:14: triggers.0.tactics.2: "credential-theft" is not an ATT&CK tactic (use a shortname like credential-access or an id like TA0006)',
      ],
    );
  });

  it('reports a clock with both hours and business_days', () => {
    const text = lines(
      ...HEAD,
      'clocks:',
      '  - id: sec-8k',
      '    title: SEC 8-K',
      '    hours: 96',
      '    business_days: 4',
    );
    expect(problems(text)).toEqual(['pb.yaml:14: clocks.0: give exactly one of hours or business_days']);
  });

  it('reports a clock tied to a step that does not exist', () => {
    const text = lines(
      ...HEAD,
      'clocks:',
      '  - id: gdpr',
      '    title: GDPR',
      '    hours: 72',
      '    starts: step:nope',
      '    stops: notify',
    );
    expect(problems(text)).toEqual([
      'pb.yaml:17: clocks.0.starts: no step "nope" in this playbook',
      'pb.yaml:18: clocks.0.stops: no step "notify" in this playbook',
    ]);
  });

  it('reports an owner and an approver outside the playbook roles', () => {
    const text = lines(
      ...HEAD,
      '      - id: iso', //                        13
      '        type: action', //                   14
      '        title: Isolate', //                 15
      '        action: isolate_host', //           16
      '        params: { host: "{{alert.host}}" }', // 17
      '        owner: ops', //                     18
      '        approver: legal', //                19
    );
    expect(problems(text)).toEqual([
      'pb.yaml:19: stages.0.steps.1.approver: approver "legal" is not among this playbook\'s roles (security)',
      'pb.yaml:18: stages.0.steps.1.owner: owner "ops" is not among this playbook\'s roles (security)',
    ]);
  });

  it('reports a duplicate step id', () => {
    const text = lines(...HEAD, '      - id: a', '        type: check', '        title: A again');
    expect(problems(text)).toEqual(['pb.yaml:13: stages.0.steps.1.id: step id "a" is used twice']);
  });

  it('reports YAML syntax errors with their line', () => {
    const out = problems(lines(...HEAD, '        depends_on: [a', '      - id: b'));
    expect(out.length).toBeGreaterThan(0);
    expect(out[0]).toMatch(/^pb\.yaml:\d+: /);
  });
});

describe('loadPlaybooks with a bad file', () => {
  let folder: string | null = null;
  afterEach(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
    folder = null;
  });

  it("returns the good playbooks and the bad files' problems: one bad file never stops the others", () => {
    folder = mkdtempSync(join(tmpdir(), 'warroom-playbooks-'));
    writeFileSync(join(folder, 'a-bad.yaml'), lines(...withId('bad'), '        depends_on: [nope]'));
    writeFileSync(join(folder, 'b-good.yaml'), lines(...withId('good')));
    writeFileSync(join(folder, 'c-broken.yml'), 'id: [unclosed\n');
    writeFileSync(join(folder, 'd-dup.yaml'), lines(...withId('good')));
    writeFileSync(join(folder, 'notes.txt'), 'not a playbook');
    const result = loadPlaybooks(folder, attack);
    expect(result.playbooks.map((p) => p.id)).toEqual(['good']);
    expect(result.problems.map((p) => p.file)).toEqual([
      join(folder, 'a-bad.yaml'),
      join(folder, 'c-broken.yml'),
      join(folder, 'd-dup.yaml'),
    ]);
    expect(result.problems[0]?.problems).toEqual([
      `${join(folder, 'a-bad.yaml')}:13: stages.0.steps.0.depends_on.0: no step "nope" in this playbook`,
    ]);
    expect(result.problems[1]?.problems[0]).toMatch(/c-broken\.yml:\d+: /);
    expect(result.problems[2]?.problems).toEqual([
      `${join(folder, 'd-dup.yaml')}:1: id: playbook id "good" is already used by another file`,
    ]);
  });
});

describe('deployment-aware checks', () => {
  it('refuses an action approved by its own owner role, and roles the deployment does not have', async () => {
    const { parseYamlConfig, ConfigFileError } = await import('../../src/catalog/load-yaml-file.js');
    const { Playbook } = await import('../../src/core/playbook/playbook-schema.js');
    const { checkPlaybook } = await import('../../src/core/playbook/check-playbook.js');
    const text = [
      'id: t',
      'title: T',
      'version: 1',
      'description: d',
      'roles: [ops, legal]',
      'stages:',
      '  - id: containment',
      '    title: C',
      '    steps:',
      '      - { id: a, title: A, type: action, action: block_ip, owner: ops, approver: ops }',
    ].join('\n');
    let problems: string[] = [];
    try {
      parseYamlConfig('t.yaml', text, Playbook, (p) => checkPlaybook(p, null, ['comms', 'ops', 'scribe', 'security']));
    } catch (error) {
      if (error instanceof ConfigFileError) problems = error.problems;
    }
    expect(problems).toEqual([
      't.yaml:10: stages.0.steps.0.approver: approver and owner are both "ops": the owner requests, so another role must approve',
      't.yaml:5: roles.1: role "legal" is not in WARROOM_ROLES (comms, ops, scribe, security), so nobody could be given it',
    ]);
  });
});
