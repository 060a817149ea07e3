// A playbook file that the YAML library itself refuses while converting it (an alias bomb, an alias without its
// anchor) is that file's `file:line` problem and is skipped like any other bad file: by
// loadPlaybooks, by `warroom playbooks validate`, and at start-up, where the good playbooks still load.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWarroom } from '../../src/app.js';
import { loadAttackCatalog } from '../../src/catalog/load-attack-catalog.js';
import { loadPlaybooks } from '../../src/catalog/load-playbooks.js';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

const GOOD = lines(
  'id: good',
  'title: Good',
  'version: 1',
  'description: test',
  'roles: [security]',
  'stages:',
  '  - id: triage',
  '    title: Triage',
  '    steps:',
  '      - id: a',
  '        type: check',
  '        title: A',
);

/** "Billion laughs": nine levels of nine aliases each expand to 9^9 strings. The first alias is on line 3. */
const BOMB = lines(
  'id: bomb',
  'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...Array.from(
    { length: 8 },
    (_, i) => `a${i + 1}: &a${i + 1} [${Array.from({ length: 9 }, () => `*a${i}`).join(', ')}]`,
  ),
  'title: boom',
);

const UNRESOLVED = lines('id: unresolved', 'title: Unresolved', 'description: *nowhere');

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'warroom-bad-playbooks-'));
  writeFileSync(join(folder, 'a-bomb.yaml'), BOMB);
  writeFileSync(join(folder, 'b-good.yaml'), GOOD);
  writeFileSync(join(folder, 'c-unresolved.yaml'), UNRESOLVED);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const expectedProblems = () => [
  {
    file: join(folder, 'a-bomb.yaml'),
    problems: [
      `${join(folder, 'a-bomb.yaml')}:3: (top): the aliases (*name) here expand to more than 100 copies; write the values out instead of nesting aliases`,
    ],
  },
  {
    file: join(folder, 'c-unresolved.yaml'),
    problems: [`${join(folder, 'c-unresolved.yaml')}:3: (top): alias *nowhere has no anchor &nowhere before it`],
  },
];

describe('playbook files the YAML library refuses', () => {
  it('loadPlaybooks reports each as its file:line problem and keeps the good one', () => {
    const result = loadPlaybooks(folder, loadAttackCatalog());
    expect(result.playbooks.map((p) => p.id)).toEqual(['good']);
    expect(result.problems).toEqual(expectedProblems());
  });

  it('`warroom playbooks validate` lists them with file:line and exits 1', () => {
    const result = runCli(['playbooks', 'validate', folder]);
    expect(result.code).toBe(1);
    const out = result.stdout ?? '';
    expect(out).toContain('ok   good v1 — Good (1 stages, 1 steps)');
    for (const bad of expectedProblems()) expect(out).toContain(`FAIL ${bad.file}\n     ${bad.problems[0]}`);
    expect(out).not.toMatch(/resource exhaustion|ReferenceError/);
  });

  it('start-up logs each bad file and serves the good playbook', async () => {
    const logged: Array<{ level: number; msg: string; file?: string; problems?: string[] }> = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          logged.push(JSON.parse(line) as (typeof logged)[number]);
        done();
      },
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'warroom-bad-playbooks-data-'));
    const app = await startWarroom(
      loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', WARROOM_PLAYBOOKS: folder }),
      { logger: pino({ level: 'info' }, sink), outboxPollMs: 50 },
    );
    try {
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      const ignored = logged.filter((l) => l.msg.startsWith('playbook file ignored'));
      expect(ignored.map(({ file, problems }) => ({ file, problems }))).toEqual(expectedProblems());
      // The good playbook is offered in a war room.
      const post = (path: string, body: Record<string, unknown>) =>
        fetch(`${app.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ requestId: crypto.randomUUID(), ...body }),
        }).then(async (r) => (await r.json()) as { openChannelId?: string });
      const channels = (await (await fetch(`${app.url}/sandbox/api/channels?user=alice`)).json()) as {
        channels: Array<{ id: string; name: string }>;
      };
      const general = channels.channels.find((c) => c.name === 'general')?.id;
      const declared = await post('/sandbox/api/messages', {
        user: 'alice',
        channelId: general,
        text: '/incident declare Bad files test',
      });
      await post('/sandbox/api/messages', {
        user: 'alice',
        channelId: declared.openChannelId,
        text: '/incident playbook list',
      });
      const messages = (await (
        await fetch(`${app.url}/sandbox/api/channels/${declared.openChannelId}/messages?user=alice`)
      ).json()) as { messages: Array<{ text: string }> };
      const listing = messages.messages.find((m) => m.text.startsWith('*Playbooks on'))?.text ?? '';
      expect(listing).toContain('Available: `good`');
      expect(listing).not.toMatch(/bomb|unresolved/);
    } finally {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
