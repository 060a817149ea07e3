import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findPlatformMarkup, type MarkupFinding, type MarkupRule } from '../support/platform-markup.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The core, the command grammar and the shared interaction layer (src/interactions): every surface renders their text,
 * so they write marks, never markup.
 */
const SCANNED = ['src/core', 'commands', 'src/interactions'];

/**
 * Literals that may hold markup, each with why. `within` narrows an entry to one top-level function or constant. An
 * entry that no longer matches anything fails the suite too, so the list shrinks as the code does.
 */
const ALLOWED: ReadonlyArray<{ file: string; rules: readonly MarkupRule[]; within?: string; reason: string }> = [
  {
    file: 'src/core/fmt.ts',
    rules: ['slash-command'],
    within: 'slashCommand',
    reason: 'the one place the slash command is spelled; Slack, the sandbox and the CLI render it through fmt.command',
  },
  {
    file: 'src/core/fmt.ts',
    rules: ['code'],
    within: 'plainFmt',
    reason: 'plainFmt is a Fmt: its code, command and pre marks write the backticks the CLI prints',
  },
  {
    file: 'src/core/postmortem/render-postmortem-markdown.ts',
    rules: ['bold', 'emphasis', 'code'],
    reason: 'the postmortem is a Markdown document: its own Fmt and its headings write Markdown on purpose',
  },
];

function sources(): Array<{ file: string; text: string }> {
  return SCANNED.flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) =>
        relative(ROOT, join(ROOT, dir, name))
          .split('\\')
          .join('/'),
      )
      .sort()
      .map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') })),
  );
}

const allowedBy = (file: string, f: MarkupFinding) =>
  ALLOWED.find((a) => a.file === file && a.rules.includes(f.rule) && (a.within === undefined || f.within === a.within));

describe('src/core, commands/ and src/interactions write no platform markup', () => {
  const scanned = sources();
  const findings = scanned.flatMap(({ file, text }) => findPlatformMarkup(file, text).map((f) => ({ file, ...f })));

  it('scans the core, the commands and the interactions', () => {
    expect(scanned.length).toBeGreaterThan(100);
    expect(scanned.map((s) => s.file)).toEqual(
      expect.arrayContaining([
        'commands/index.ts',
        'src/core/timeline/describe-timeline-entry.ts',
        'src/interactions/press-button.ts',
      ]),
    );
  });

  it('uses the Fmt marks (bold, em, code, pre, command, link, icon) instead of mrkdwn, Slack tokens or /incident', () => {
    const left = findings
      .filter((f) => !allowedBy(f.file, f))
      .map((f) => `${f.file}:${f.line} ${f.rule} ${JSON.stringify(f.match)}`);
    expect(left).toEqual([]);
  });

  it('allows nothing it no longer needs', () => {
    const unused = ALLOWED.filter((a) => !findings.some((f) => allowedBy(f.file, f) === a)).map(
      (a) => `${a.file} ${a.rules.join(',')}`,
    );
    expect(unused).toEqual([]);
  });
});

describe('the markup finder', () => {
  const rules = (source: string) => findPlatformMarkup('x.ts', source).map((f) => f.rule);

  it('finds each kind of markup the core used to write', () => {
    expect(rules('const a = `:rotating_light: Declared *${ref}* by _${who}_`;')).toEqual(['bold', 'emphasis', 'emoji']);
    expect(rules("reply('Run `/incident list` to find one.');")).toEqual(['code', 'slash-command']);
    expect(rules('const t = `Status → *resolved* (${n})`;')).toEqual(['bold']);
    expect(rules("const h = '**Root cause**';")).toEqual(['bold']);
    expect(rules('const m = `<@${id}> in <#${channel}> <!here>`;')).toEqual(['slack-token']);
    expect(rules("const l = '<https://example.com|the runbook>';")).toEqual(['slack-token']);
    expect(rules("const usage = 'note <text>'; const s = `/incident ${usage}`;")).toEqual(['slash-command']);
    expect(rules('const x = f(`a ${g(`*${y}*`)} b`);')).toEqual(['bold']);
  });

  it('passes text that only looks like it, and markup outside string literals', () => {
    const ordinary = [
      "const a = 'a * b = c'; const b = `${w}*${h}`; const c = '*.yaml'; const d = 'src/**/*.ts';",
      "const e = 'incident_id and role_assigned'; const f = 'at 12:30:00'; const g = 'https://example.com/x';",
      "const h = 'GET /incidents/7'; const i = '<title> [sev1|sev2]'; const j = 'split <service>|#<alert>';",
      '/** Run `/incident list` to find one: *bold* _em_ :eyes: <@U1> */',
      'const r = /^<@([UW][A-Z0-9]+)>$/; const s = /\\*(\\w+)\\*/;',
      "import { x } from './incident/x.js';",
    ].join('\n');
    expect(findPlatformMarkup('x.ts', ordinary)).toEqual([]);
  });

  it('names the line of each finding and the top-level function or constant it is in', () => {
    const source =
      "const a = 1;\n\nconst b = ':x: failed';\nexport function say(n: number) {\n  return `${n} *left*`;\n}";
    expect(findPlatformMarkup('x.ts', source).map((f) => [f.line, f.rule, f.match, f.within])).toEqual([
      [3, 'emoji', ':x:', 'b'],
      [5, 'bold', '*left*', 'say'],
    ]);
  });
});
