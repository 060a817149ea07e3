import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HELP_SECTIONS, INCIDENT_COMMANDS } from '../commands/index.js';

interface Manifest {
  features: { slash_commands: Array<{ command: string; usage_hint: string; should_escape: boolean }> };
}

describe('manifest/slack/manifest.yaml', () => {
  const manifest = parse(readFileSync(new URL('../manifest/slack/manifest.yaml', import.meta.url), 'utf8')) as Manifest;
  const incident = manifest.features.slash_commands.find((c) => c.command === '/incident');

  it('hints every /incident subcommand there is, and none that is not', () => {
    const hinted = (incident?.usage_hint ?? '').split('|').map((part) => part.trim().split(/\s+/)[0]);
    expect([...hinted].sort()).toEqual(INCIDENT_COMMANDS.map((c) => c.name).sort());
  });

  it('asks Slack to escape mentions, which is what the commands parse', () => {
    expect(incident?.should_escape).toBe(true);
  });
});

describe('/incident help', () => {
  it('files every command under exactly one section', () => {
    const listed = HELP_SECTIONS.flatMap((s) => s.commands);
    expect([...listed].sort()).toEqual(INCIDENT_COMMANDS.map((c) => c.name).sort());
    expect(new Set(listed).size).toBe(listed.length);
  });
});
