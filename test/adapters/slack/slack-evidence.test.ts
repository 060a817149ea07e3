import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackFileHost } from '../../../src/adapters/slack/listeners/events/file-shared.js';
import { downloadFile, DownloadError } from '../../../src/infra/evidence/download-file.js';
import { GENERAL, startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

let h: SlackHarness;
let room: string;
beforeEach(async () => {
  h = await startSlackHarness();
  ({ channelId: room } = await h.declare('Crypto miner on web-7'));
});
afterEach(() => h.stop());

async function say(text: string, channel_id = room): Promise<string> {
  const { status, responseUrl } = await h.command(text, { channel_id });
  expect(status).toBe(200);
  const [reply] = await h.waitForReplies(responseUrl, 1);
  return reply ?? '';
}
const items = () => h.app.store.evidence.itemsFor(1);
/** The harness's DATA_DIR: the database sits in it, beside evidence/ and keys/. */
const dataDir = () => dirname(h.app.database.sqlite.name);
const stored = (storagePath: string) => readFileSync(join(dataDir(), 'evidence', storagePath));
const fileShared = (fileId: string, channel = room, user = 'U2') => ({
  type: 'file_shared',
  file_id: fileId,
  user_id: user,
  file: { id: fileId },
  channel_id: channel,
  event_ts: `${Date.now() / 1000}`,
});

describe('/incident evidence (Slack)', () => {
  it('adds a URL exactly as Slack escaped it, never fetching it, with identifiers; replies with the id and short hash', async () => {
    const reply = await say(
      'evidence add host=web-7 ip=10.0.3.4 <https://grafana.example.com/d/cpu?from=now-1h&amp;to=now|grafana.example.com/d/cpu> CPU pinned at 100%',
    );
    const [item] = items();
    expect(item).toMatchObject({
      id: 1,
      kind: 'url',
      description: 'CPU pinned at 100%',
      collectedBy: '{"teamId":"T1","type":"slack","userId":"U1"}',
    });
    expect(reply).toMatch(
      new RegExp(
        `^Stored \\*EV-1\\* \\(url, sha256 \`${item?.sha256.slice(0, 12)}…\`\\) in the INC-0001 evidence vault\\. Custody: collected by you at .+ \\(${item?.tz}\\)\\.$`,
      ),
    );
    expect(JSON.parse(item?.source ?? '{}')).toEqual({
      host: 'web-7',
      ip: '10.0.3.4',
      url: 'https://grafana.example.com/d/cpu?from=now-1h&to=now',
    });
    expect(stored(item?.storagePath ?? '').toString('utf8')).toBe(
      'https://grafana.example.com/d/cpu?from=now-1h&to=now',
    );
    // The war room sees it too (posted from the timeline through the outbox).
    await h.fake.waitFor(() =>
      h.fake.messages.some(
        (m) =>
          m.channel === room && (m.text ?? '').includes('Evidence EV-1 (url) stored by u1 (U1): CPU pinned at 100%'),
      ),
    );
    expect(h.kinds(1)).toContain('evidence.added');
  });

  it('adds text, says when the same content is already there, and lists the vault', async () => {
    expect(await say('evidence add top shows xmrig at 400% CPU')).toMatch(
      /^Stored \*EV-1\* \(text, sha256 `[0-9a-f]{12}…`\)/,
    );
    expect(await say('evidence add top shows xmrig at 400% CPU')).toMatch(
      /^That is already in the INC-0001 evidence vault as \*EV-1\* \(text, sha256 `[0-9a-f]{12}…`\), collected by <@U1> at /,
    );
    const list = await say('evidence list');
    expect(list).toMatch(
      /^\*INC-0001 evidence \(1\)\*\n• \*EV-1\* text `[0-9a-f]{12}` 27 bytes — top shows xmrig at 400% CPU — <@U1>, /,
    );
    expect(items()).toHaveLength(1);
  });

  it('explains what to type instead', async () => {
    expect(await say('evidence add')).toBe(
      'Write the evidence after the command. Usage: `/incident evidence &lt;add [host=… ip=… serial=…] &lt;text or URL&gt; [description] | list&gt;`',
    );
    expect(await say('evidence add ip=300.1.1.1 ps output')).toMatch(
      /^ip must be an IPv4 or IPv6 address\. Identifiers go first/,
    );
    expect(await say('evidence frob')).toMatch(/^Unknown evidence command "frob"/);
    expect(await say('evidence add hello', GENERAL)).toMatch(/^This command only works in an incident channel/);
    expect(await say('help')).toContain('/incident evidence');
  });
});

describe('files shared in a war room (Slack file_shared)', () => {
  it('downloads the file with the bot token and keeps it, once even when Slack retries the event', async () => {
    const content = Buffer.concat([Buffer.from([0xd4, 0xc3, 0xb2, 0xa1]), Buffer.from('capture bytes')]);
    const file = h.fake.seedFile({
      name: 'web-7.pcap',
      title: 'tcpdump on web-7',
      mimetype: 'application/vnd.tcpdump.pcap',
      content,
      user: 'U2',
    });
    const event = fileShared(file.id);
    expect((await h.event(event, { event_id: 'Ev0FILE1' })).status).toBe(200);
    await h.fake.waitFor(() => items().length === 1);
    await h.event(event, { event_id: 'Ev0FILE1', retryNum: 1 });
    await new Promise((r) => setTimeout(r, 300));
    const [item, ...rest] = items();
    expect(rest).toEqual([]);
    expect(file.downloads).toBe(1);
    expect(h.fake.okCallsTo('files.info').map((c) => c.args.file)).toEqual([file.id]);
    expect(item).toMatchObject({
      kind: 'file',
      mediaType: 'application/vnd.tcpdump.pcap',
      description: 'tcpdump on web-7',
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      collectedBy: '{"type":"slack","userId":"U2"}',
    });
    expect(JSON.parse(item?.source ?? '{}')).toEqual({ chatFileId: file.id, fileName: 'web-7.pcap' });
    expect(stored(item?.storagePath ?? '')).toEqual(content);
    expect(h.app.store.evidence.custodyFor(1)).toEqual([
      expect.objectContaining({
        action: 'collected',
        purpose: 'shared in the war room',
        actor: '{"type":"slack","userId":"U2"}',
      }),
    ]);
    await h.fake.waitFor(() =>
      h.fake.messages.some(
        (m) => m.channel === room && /Evidence EV-1 \(file\) stored by .+ \(U2\): tcpdump on web-7/.test(m.text ?? ''),
      ),
    );
  });

  it('refuses a file over 50 MiB without downloading it, and tells the person who shared it', async () => {
    const file = h.fake.seedFile({ name: 'disk.img', content: 'tiny stand-in', size: 60 * 1024 * 1024 });
    await h.event(fileShared(file.id));
    await h.fake.waitFor(() => h.fake.ephemerals.some((e) => e.user === 'U2'));
    expect(h.fake.ephemerals.find((e) => e.user === 'U2')).toMatchObject({
      channel: room,
      text: 'disk.img (60 MiB) was not added to the INC-0001 evidence vault: it takes files up to 50 MiB. Keep the original in forensic storage and record where it is and its SHA-256 with `/incident evidence add`.',
    });
    expect(file.downloads).toBe(0);
    expect(items()).toEqual([]);
  });

  it('tells the person who shared it when Slack will not describe the file, with the request id', async () => {
    const file = h.fake.seedFile({ name: 'auth.log', content: 'sshd[1]: Failed password', mimetype: 'text/plain' });
    h.fake.failNext('files.info', { error: 'missing_scope' });
    await h.event(fileShared(file.id), { event_id: 'Ev0FAIL1' });
    await h.fake.waitFor(() => h.fake.ephemerals.some((e) => e.user === 'U2'));
    expect(h.fake.ephemerals.find((e) => e.user === 'U2')?.text).toBe(
      `${file.id} was not added to the INC-0001 evidence vault: Something went wrong on our side (request Ev0FAIL1); nothing was changed. Try again, or give that id to whoever runs warroom.`,
    );
    expect(items()).toEqual([]);
  });

  it('ignores files outside war rooms', async () => {
    const file = h.fake.seedFile({ name: 'lunch.png', content: 'png' });
    await h.event(fileShared(file.id, GENERAL));
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.callsTo('files.info')).toEqual([]);
    expect(items()).toEqual([]);
  });
});

describe('downloading shared files safely', () => {
  it('sends the token only to Slack file hosts or the configured API, and checks every redirect', async () => {
    const allowed = slackFileHost('https://slack.com/api/');
    expect(allowed(new URL('https://files.slack.com/files-pri/T1-F1/download/x.pcap'))).toBe(true);
    expect(allowed(new URL('http://files.slack.com/x'))).toBe(false);
    expect(allowed(new URL('https://files.slack.com.evil.example/x'))).toBe(false);
    expect(allowed(new URL('http://169.254.169.254/latest/meta-data/'))).toBe(false);

    const seen: IncomingHttpHeaders[] = [];
    const elsewhere = createServer((req, res) => {
      seen.push(req.headers);
      res.end('secret');
    });
    await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
    const target = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/x`;
    const redirecting = createServer((_req, res) => {
      res.writeHead(302, { location: target });
      res.end();
    });
    await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', r));
    const start = new URL(`http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/files/F1/x`);
    try {
      const attempt = downloadFile(start.href, {
        token: 'xoxb-secret',
        maxBytes: 1024,
        isAllowed: (u) => u.origin === start.origin,
      });
      await expect(attempt).rejects.toThrow(DownloadError);
      await expect(attempt).rejects.toThrow(
        /refusing to download from http:\/\/127\.0\.0\.1:\d+: not the chat platform's file host/,
      );
      expect(seen).toEqual([]);
    } finally {
      redirecting.close();
      elsewhere.close();
    }
  });
});
