// A strict, in-process fake of the Slack Web API for integration tests. It is a real HTTP server so the
// real WebClient (and Bolt's respond()) exercise their full request/response/error paths against it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { isObj, validateBlocks, validateView } from './fake-slack-blocks.js';

export interface FakeSlackCall {
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  at: number;
}
export interface FakeChannel {
  id: string;
  name: string;
  topic: string;
  purpose: string;
  members: string[];
  is_private: boolean;
  is_archived: boolean;
  created: number;
  creator: string;
}
export interface FakeMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  user?: string;
  thread_ts?: string;
  updates: number;
}
export interface FakeEphemeral {
  channel: string;
  user: string;
  text?: string;
  blocks?: unknown[];
}
/** A modal opened with views.open; `id` is the view id Slack gave it (its submissions carry it, corrections too). */
export interface FakeView {
  id: string;
  trigger_id: string;
  view: Record<string, unknown>;
}
/** A POST to a response_url. `status` is what the fake answered (200, or 4xx when the payload was invalid). */
export interface FakeResponse {
  path: string;
  body: Record<string, unknown>;
  status: number;
}
/** `applied`: Slack does the work, then the answer is lost (HTTP `status`, default 500), as when a connection drops. */
export interface FakeFault {
  status?: number;
  error?: string;
  retryAfter?: number;
  applied?: boolean;
}
/** A file "uploaded" to the fake workspace: files.info describes it, GET /files/<id>/<name> serves it (Bearer only). */
export interface FakeFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  content: Buffer;
  size: number;
  user: string;
  downloads: number;
  channels?: string[];
  initialComment?: string;
  created?: number;
}

export interface FakeSlack {
  apiUrl: string;
  baseUrl: string;
  calls: FakeSlackCall[];
  channels: FakeChannel[];
  messages: FakeMessage[];
  ephemerals: FakeEphemeral[];
  views: FakeView[];
  responses: FakeResponse[];
  userNames: Map<string, string>;
  /** Members of Slack user groups (subteams), for `usergroups.users.list`. */
  userGroups: Map<string, string[]>;
  files: FakeFile[];
  /** `size` overrides what files.info reports (a huge file without allocating it). */
  seedFile(f: {
    name: string;
    content: Buffer | string;
    mimetype?: string;
    title?: string;
    user?: string;
    size?: number;
  }): FakeFile;
  callsTo(method: string): FakeSlackCall[];
  okCallsTo(method: string): FakeSlackCall[];
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  failNext(method: string, fault: FakeFault, times?: number): void;
  setDown(down: boolean): void;
  /** Seeding an existing id with the same name adds the members; another name for a taken id throws. */
  seedChannel(c: {
    name: string;
    id?: string;
    members?: string[];
    is_private?: boolean;
    is_archived?: boolean;
  }): FakeChannel;
  seedMessage(m: { channel: string; text: string; user: string; ts?: string; thread_ts?: string }): FakeMessage;
  /** The D… conversation id the fake uses for DMs with `userId` (what chat.postMessage returns for channel=U…). */
  dmChannelId(userId: string): string;
  responseUrl(): string;
  stop(): Promise<void>;
}

type Args = Record<string, unknown>;
type Reply = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

const BOT_USER = 'UBOT';
// Form-encoded WebClient requests carry these as JSON strings; everything else stays a string.
const JSON_ARG_KEYS = new Set(['blocks', 'attachments', 'view', 'metadata', 'unfurls', 'user_auth_blocks']);
const MAX_RESPONSE_URL_USES = 5; // Slack allows a response_url to be used up to 5 times.
const TRIGGER_TTL_MS = 3_000; // A trigger_id opens a modal within 3 seconds of the interaction, or not at all.

const ok = (extra: Record<string, unknown> = {}): Reply => ({ status: 200, body: { ok: true, ...extra } });
const fail = (error: string, messages?: string[]): Reply => ({
  status: 200,
  body: messages ? { ok: false, error, response_metadata: { messages } } : { ok: false, error },
});

/** String view of an arg (JSON bodies may carry numbers/booleans). */
function str(args: Args, key: string): string | undefined {
  const v = args[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
const bool = (args: Args, key: string): boolean => {
  const v = str(args, key);
  return v === 'true' || v === '1';
};
/** First missing required arg, as Slack's invalid_arguments reply; undefined when all present. */
function missing(args: Args, ...keys: string[]): Reply | undefined {
  const k = keys.find((key) => args[key] === undefined || args[key] === '');
  return k === undefined ? undefined : fail('invalid_arguments', [`[ERROR] missing required field: ${k}`]);
}

/** Slack ts → integer microseconds, compared exactly (a float would lose the last digits). */
function tsMicros(ts: string): bigint | undefined {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(ts);
  if (!m || m[1] === undefined) return undefined;
  return BigInt(m[1]) * 1_000_000n + BigInt((m[2] ?? '').padEnd(6, '0'));
}
const microsToTs = (us: bigint): string => `${us / 1_000_000n}.${(us % 1_000_000n).toString().padStart(6, '0')}`;

function parseArgs(raw: string, contentType: string, query: URLSearchParams): { args: Args; error?: Reply } {
  const args: Args = Object.fromEntries(query);
  if (raw.length === 0) return { args };
  if (contentType === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { args, error: fail('invalid_json') };
    }
    return isObj(parsed) ? { args: { ...args, ...parsed } } : { args, error: fail('invalid_json') };
  }
  if (contentType !== 'application/x-www-form-urlencoded') return { args, error: fail('invalid_form_data') };
  for (const [k, v] of new URLSearchParams(raw)) {
    if (JSON_ARG_KEYS.has(k)) {
      try {
        args[k] = JSON.parse(v);
      } catch {
        args[k] = v;
      } // unparseable → later validation rejects it
    } else args[k] = v;
  }
  return { args };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeSlack(opts: { token?: string } = {}): Promise<FakeSlack> {
  const token = opts.token ?? 'xoxb-test';
  const calls: FakeSlackCall[] = [];
  const channels: FakeChannel[] = [];
  const messages: FakeMessage[] = [];
  const ephemerals: FakeEphemeral[] = [];
  const views: FakeView[] = [];
  const responses: FakeResponse[] = [];
  const userNames = new Map<string, string>([[BOT_USER, 'warroom']]);
  const userGroups = new Map<string, string[]>();
  const files: FakeFile[] = [];
  // files.uploadV2 step 1 reserves an id and an upload URL; step 2 POSTs the bytes there; step 3 completes (shares) it.
  const pendingUploads = new Map<string, { filename: string; length: number; content?: Buffer }>();
  const faults = new Map<string, FakeFault[]>();
  const usedTriggers = new Set<string>();
  const dmChannels = new Set<string>();
  const responseUrlUses = new Map<string, number>();
  let down = false;
  let idCounter = 0;
  let viewCounter = 0;
  let responseCounter = 0;
  let lastTs = 0n;
  // files.info answers with download URLs on this server; the port is known only once it listens.
  const baseUrlRef = { current: '' };
  let fileCounter = 0;

  const nextTs = (): string => {
    const now = BigInt(Date.now()) * 1000n;
    lastTs = now > lastTs + 100n ? now : lastTs + 100n; // strictly increasing, even within one ms
    return microsToTs(lastTs);
  };
  const newChannelId = (): string => {
    let id: string;
    do id = `C${++idCounter}`;
    while (channels.some((c) => c.id === id));
    return id;
  };
  const dmChannelId = (userId: string): string => `D${userId.replace(/^U/, '')}`;
  const findChannel = (id: string | undefined): FakeChannel | undefined => channels.find((c) => c.id === id);
  const isConversation = (id: string | undefined): boolean =>
    findChannel(id) !== undefined || (id !== undefined && dmChannels.has(id));

  const channelJson = (c: FakeChannel): Record<string, unknown> => ({
    id: c.id,
    name: c.name,
    is_channel: true,
    is_group: false,
    is_private: c.is_private,
    is_archived: c.is_archived,
    is_member: c.members.includes(BOT_USER),
    created: c.created,
    creator: c.creator,
    topic: { value: c.topic, creator: '', last_set: 0 },
    purpose: { value: c.purpose, creator: '', last_set: 0 },
    num_members: c.members.length,
  });
  const messageJson = (m: FakeMessage): Record<string, unknown> => ({
    type: 'message',
    user: m.user,
    text: m.text ?? '',
    ts: m.ts,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ...(m.user === BOT_USER ? { bot_id: 'BBOT' } : {}),
    ...(m.updates > 0 ? { edited: { user: m.user, ts: m.ts } } : {}),
  });

  /** Shared text/blocks checks for message-posting methods; returns an error reply or undefined. */
  const checkMessageContent = (args: Args, requireContent: boolean): Reply | undefined => {
    const text = str(args, 'text');
    const hasBlocks = Array.isArray(args.blocks) && args.blocks.length > 0;
    if (requireContent && !text && !hasBlocks && args.attachments === undefined) return fail('no_text');
    if (args.blocks !== undefined) {
      const problems = validateBlocks(args.blocks, { max: 50, pointer: '/blocks' });
      if (problems.length > 0) return fail('invalid_blocks', problems);
    }
    if (text !== undefined && text.length > 40000) return fail('msg_too_long');
    return undefined;
  };
  /** Resolves a channel arg for writes: known open channel or DM; errors for unknown/archived. */
  const writableConversation = (id: string | undefined): Reply | undefined => {
    if (!isConversation(id)) return fail('channel_not_found');
    return findChannel(id)?.is_archived ? fail('is_archived') : undefined;
  };
  const memberChannel = (args: Args): FakeChannel | Reply => {
    const c = findChannel(str(args, 'channel'));
    if (!c) return fail('channel_not_found');
    if (c.is_archived) return fail('is_archived');
    return c.members.includes(BOT_USER) ? c : fail('not_in_channel');
  };

  const handlers: Record<string, (args: Args) => Reply> = {
    'auth.test': () =>
      ok({
        url: 'https://test.slack.com/',
        team: 'Test',
        user: 'warroom',
        team_id: 'T1',
        user_id: BOT_USER,
        bot_id: 'BBOT',
        is_enterprise_install: false,
      }),

    'conversations.create': (args) => {
      const name = str(args, 'name') ?? '';
      if (name === '') return fail('invalid_name_required');
      if (name.length > 80) return fail('invalid_name_maxlength');
      if (!/^[a-z0-9_-]+$/.test(name)) return fail('invalid_name_specials');
      if (/^[-_]+$/.test(name)) return fail('invalid_name_punctuation');
      if (channels.some((c) => c.name === name)) return fail('name_taken');
      const c: FakeChannel = {
        id: newChannelId(),
        name,
        topic: '',
        purpose: '',
        members: [BOT_USER],
        is_private: bool(args, 'is_private'),
        is_archived: false,
        created: Math.floor(Date.now() / 1000),
        creator: BOT_USER,
      };
      channels.push(c);
      return ok({ channel: channelJson(c) });
    },
    'conversations.list': (args) => {
      const types = (str(args, 'types') ?? 'public_channel').split(',');
      const limit = Math.min(Number(str(args, 'limit') ?? 100) || 100, 1000);
      const offset = Number(Buffer.from(str(args, 'cursor') ?? '', 'base64').toString() || 0);
      const visible = channels.filter(
        (c) =>
          !(bool(args, 'exclude_archived') && c.is_archived) &&
          (c.is_private
            ? types.includes('private_channel') && c.members.includes(BOT_USER)
            : types.includes('public_channel')),
      );
      const next = offset + limit < visible.length ? Buffer.from(String(offset + limit)).toString('base64') : '';
      return ok({
        channels: visible.slice(offset, offset + limit).map(channelJson),
        response_metadata: { next_cursor: next },
      });
    },
    'conversations.setTopic': (args) => {
      const bad = missing(args, 'channel', 'topic');
      if (bad) return bad;
      const c = memberChannel(args);
      if ('status' in c) return c;
      const topic = str(args, 'topic') ?? '';
      if (topic.length > 250) return fail('too_long');
      c.topic = topic;
      return ok({ channel: channelJson(c) });
    },
    'conversations.setPurpose': (args) => {
      const bad = missing(args, 'channel', 'purpose');
      if (bad) return bad;
      const c = memberChannel(args);
      if ('status' in c) return c;
      const purpose = str(args, 'purpose') ?? '';
      if (purpose.length > 250) return fail('too_long');
      c.purpose = purpose;
      return ok({ channel: channelJson(c), purpose });
    },
    'conversations.info': (args) => {
      const c = missing(args, 'channel') ?? findChannel(str(args, 'channel')) ?? fail('channel_not_found');
      if ('status' in c) return c;
      // Like Slack: a private channel the bot is not in does not exist, as far as the bot can tell.
      if (c.is_private && !c.members.includes(BOT_USER)) return fail('channel_not_found');
      return ok({ channel: channelJson(c) });
    },
    'conversations.join': (args) => {
      const c = missing(args, 'channel') ?? findChannel(str(args, 'channel')) ?? fail('channel_not_found');
      if ('status' in c) return c;
      if (c.is_archived) return fail('is_archived');
      if (c.is_private) return fail('method_not_supported_for_channel_type');
      if (c.members.includes(BOT_USER)) {
        return ok({
          channel: channelJson(c),
          warning: 'already_in_channel',
          response_metadata: { warnings: ['already_in_channel'] },
        });
      }
      c.members.push(BOT_USER);
      return ok({ channel: channelJson(c) });
    },
    'conversations.invite': (args) => {
      const bad = missing(args, 'channel', 'users');
      if (bad) return bad;
      const c = memberChannel(args);
      if ('status' in c) return c;
      const users = (str(args, 'users') ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter((u) => u !== '');
      if (users.includes(BOT_USER)) return fail('cant_invite_self');
      const fresh = users.filter((u) => !c.members.includes(u));
      if (fresh.length === 0) return fail('already_in_channel');
      c.members.push(...new Set(fresh));
      return ok({ channel: channelJson(c) });
    },
    'conversations.history': (args) => {
      const bad = missing(args, 'channel');
      if (bad) return bad;
      const channel = str(args, 'channel');
      if (!isConversation(channel)) return fail('channel_not_found');
      const inclusive = bool(args, 'inclusive');
      const latest = tsMicros(str(args, 'latest') ?? '') ?? null;
      const oldest = tsMicros(str(args, 'oldest') ?? '') ?? 0n;
      const limit = Math.max(1, Math.min(999, Number(str(args, 'limit') ?? 100) || 100));
      // History holds top-level messages only; thread replies live in conversations.replies.
      const hits = messages
        .filter((m) => m.channel === channel && (m.thread_ts === undefined || m.thread_ts === m.ts))
        .map((m) => ({ m, us: tsMicros(m.ts) ?? 0n }))
        .filter(
          ({ us }) =>
            (latest === null || (inclusive ? us <= latest : us < latest)) && (inclusive ? us >= oldest : us > oldest),
        )
        .sort((a, b) => (a.us < b.us ? 1 : a.us > b.us ? -1 : 0));
      return ok({
        messages: hits.slice(0, limit).map(({ m }) => messageJson(m)),
        has_more: hits.length > limit,
        pin_count: 0,
        response_metadata: { next_cursor: '' },
      });
    },
    'conversations.replies': (args) => {
      const bad = missing(args, 'channel', 'ts');
      if (bad) return bad;
      const channel = str(args, 'channel');
      const ts = str(args, 'ts');
      if (!isConversation(channel)) return fail('channel_not_found');
      const parent = messages.find((m) => m.channel === channel && m.ts === ts);
      if (!parent) return fail('thread_not_found');
      const replies = messages.filter((m) => m.channel === channel && m.thread_ts === ts && m !== parent);
      return ok({
        messages: [parent, ...replies].map(messageJson),
        has_more: false,
        response_metadata: { next_cursor: '' },
      });
    },
    'chat.postMessage': (args) => {
      const bad = missing(args, 'channel');
      if (bad) return bad;
      let channel = str(args, 'channel') ?? '';
      if (/^U/.test(channel)) {
        // posting to a user id opens (or reuses) the DM and answers with its D… id
        channel = dmChannelId(channel);
        dmChannels.add(channel);
      }
      const problem = writableConversation(channel) ?? checkMessageContent(args, true);
      if (problem) return problem;
      // Without chat:write.public (warroom does not ask for it) the bot must be a member of the channel.
      const target = channels.find((c) => c.id === channel);
      if (target && !target.members.includes(BOT_USER)) return fail('not_in_channel');
      const ts = nextTs();
      const text = str(args, 'text');
      const blocks = Array.isArray(args.blocks) ? (args.blocks as unknown[]) : undefined;
      const threadTs = str(args, 'thread_ts');
      const m: FakeMessage = {
        channel,
        ts,
        text,
        blocks,
        user: BOT_USER,
        updates: 0,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      };
      messages.push(m);
      return ok({ channel, ts, message: messageJson(m) });
    },
    'chat.update': (args) => {
      const bad = missing(args, 'channel', 'ts');
      if (bad) return bad;
      const channel = str(args, 'channel');
      const problem = writableConversation(channel) ?? checkMessageContent(args, true);
      if (problem) return problem;
      const m = messages.find((x) => x.channel === channel && x.ts === str(args, 'ts'));
      if (!m) return fail('message_not_found');
      if (m.user !== BOT_USER) return fail('cant_update_message');
      const text = str(args, 'text');
      if (text !== undefined) m.text = text;
      // Slack keeps previous blocks when `blocks` is omitted; an empty array removes them.
      if (Array.isArray(args.blocks)) m.blocks = args.blocks.length > 0 ? (args.blocks as unknown[]) : undefined;
      m.updates += 1;
      return ok({ channel, ts: m.ts, text: m.text ?? '', message: messageJson(m) });
    },
    'chat.postEphemeral': (args) => {
      const bad = missing(args, 'channel', 'user') ?? checkMessageContent(args, true);
      if (bad) return bad;
      const blocks = Array.isArray(args.blocks) ? (args.blocks as unknown[]) : undefined;
      ephemerals.push({
        channel: str(args, 'channel') ?? '',
        user: str(args, 'user') ?? '',
        text: str(args, 'text'),
        blocks,
      });
      return ok({ message_ts: nextTs() });
    },
    'views.open': (args) => {
      const bad = missing(args, 'trigger_id', 'view');
      if (bad) return bad;
      const triggerId = str(args, 'trigger_id') ?? '';
      if (usedTriggers.has(triggerId)) return fail('expired_trigger_id');
      // Trigger ids from test/support/slack-requests.ts carry their issue time: like Slack, honour them for 3 s only.
      const issuedAt = Number(/^\d+\.(\d{13})\./.exec(triggerId)?.[1] ?? NaN);
      if (Date.now() - issuedAt > TRIGGER_TTL_MS) return fail('expired_trigger_id');
      // Slack reports view problems (including its blocks) as invalid_arguments, not invalid_blocks.
      const problems = validateView(args.view);
      if (problems.length > 0 || !isObj(args.view)) return fail('invalid_arguments', problems);
      usedTriggers.add(triggerId);
      const id = `V${String(++viewCounter).padStart(8, '0')}`;
      views.push({ id, trigger_id: triggerId, view: args.view });
      return ok({
        view: {
          id,
          team_id: 'T1',
          app_id: 'A1',
          bot_id: 'BBOT',
          state: { values: {} },
          hash: `${id}.hash`,
          ...args.view,
        },
      });
    },
    'files.info': (args) => {
      const bad = missing(args, 'file');
      if (bad) return bad;
      const f = files.find((x) => x.id === str(args, 'file'));
      if (!f) return fail('file_not_found');
      const url = `${baseUrlRef.current}/files/${f.id}/${encodeURIComponent(f.name)}`;
      return ok({
        file: {
          id: f.id,
          created: Math.floor(Date.now() / 1000),
          timestamp: Math.floor(Date.now() / 1000),
          name: f.name,
          title: f.title,
          mimetype: f.mimetype,
          filetype: f.name.split('.').pop() ?? '',
          user: f.user,
          size: f.size,
          mode: 'hosted',
          is_external: false,
          url_private: url,
          url_private_download: `${url}?download=1`,
        },
        comments: [],
        response_metadata: { next_cursor: '' },
      });
    },
    'files.list': (args) => {
      const channel = str(args, 'channel');
      const user = str(args, 'user');
      const from = Number(str(args, 'ts_from') ?? 0);
      const count = Math.min(Number(str(args, 'count') ?? 100) || 100, 1000);
      const found = files.filter(
        (f) => (!channel || f.channels?.includes(channel)) && (!user || f.user === user) && (f.created ?? 0) >= from,
      );
      return ok({
        files: found.slice(0, count).map((f) => ({
          id: f.id,
          name: f.name,
          title: f.title,
          user: f.user,
          created: f.created ?? 0,
          channels: f.channels ?? [],
        })),
        paging: { count, total: found.length, page: 1, pages: Math.max(1, Math.ceil(found.length / count)) },
      });
    },
    'files.getUploadURLExternal': (args) => {
      const bad = missing(args, 'filename', 'length');
      if (bad) return bad;
      const length = Number(str(args, 'length'));
      if (!Number.isInteger(length) || length < 0)
        return fail('invalid_arguments', ['[ERROR] length must be a non-negative integer']);
      const id = `F${String(++fileCounter).padStart(8, '0')}`;
      pendingUploads.set(id, { filename: str(args, 'filename') ?? '', length });
      return ok({ upload_url: `${baseUrlRef.current}/upload/v1/${id}`, file_id: id });
    },
    'files.completeUploadExternal': (args) => {
      const bad = missing(args, 'files');
      if (bad) return bad;
      let list: unknown;
      try {
        list = typeof args.files === 'string' ? JSON.parse(args.files) : args.files;
      } catch {
        return fail('invalid_arguments');
      }
      if (!Array.isArray(list) || list.length === 0)
        return fail('invalid_arguments', ['[ERROR] files must be a non-empty array']);
      const channel = str(args, 'channel_id');
      if (channel !== undefined) {
        const target = findChannel(channel);
        if (!target) return fail('channel_not_found');
        if (!target.members.includes(BOT_USER)) return fail('not_in_channel');
      }
      const done: Array<{ id: string; title: string }> = [];
      for (const entry of list) {
        const id = isObj(entry) && typeof entry.id === 'string' ? entry.id : '';
        const upload = pendingUploads.get(id);
        if (!upload?.content) return fail('file_not_found');
        const title = isObj(entry) && typeof entry.title === 'string' ? entry.title : upload.filename;
        pendingUploads.delete(id);
        files.push({
          id,
          name: upload.filename,
          title,
          mimetype: 'text/plain',
          content: upload.content,
          size: upload.content.length,
          user: BOT_USER,
          downloads: 0,
          channels: channel ? [channel] : [],
          ...(str(args, 'initial_comment') ? { initialComment: str(args, 'initial_comment') } : {}),
          created: Math.floor(Date.now() / 1000),
        });
        done.push({ id, title });
      }
      if (channel)
        messages.push({ channel, ts: nextTs(), text: str(args, 'initial_comment') ?? '', user: BOT_USER, updates: 0 });
      return ok({ files: done });
    },
    'usergroups.users.list': (args) => {
      const bad = missing(args, 'usergroup');
      if (bad) return bad;
      const users = userGroups.get(str(args, 'usergroup') ?? '');
      return users ? ok({ users }) : fail('no_such_subteam');
    },
    'users.info': (args) => {
      const bad = missing(args, 'user');
      if (bad) return bad;
      const id = str(args, 'user') ?? '';
      const name = userNames.get(id) ?? id.toLowerCase();
      return ok({
        user: {
          id,
          team_id: 'T1',
          name,
          real_name: name,
          tz: 'UTC',
          is_bot: id === BOT_USER,
          deleted: false,
          profile: { real_name: name, display_name: name },
        },
      });
    },
  };

  const apiCall = async (method: string, req: IncomingMessage, url: URL): Promise<{ reply: Reply; args: Args }> => {
    const raw = await readBody(req);
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const { args, error } = parseArgs(raw, contentType, url.searchParams);
    const answer = (reply: Reply): { reply: Reply; args: Args } => ({ reply, args });
    if (down) return answer({ status: 503, body: { ok: false, error: 'service_unavailable' } });
    const handler = handlers[method];
    if (!handler) return answer(fail('unknown_method'));
    if (error) return answer(error);
    const auth = req.headers.authorization;
    if (!auth) return answer(fail('not_authed'));
    if (auth !== `Bearer ${token}`) return answer(fail('invalid_auth'));
    const fault = faults.get(method)?.shift();
    if (fault) {
      if (fault.applied) {
        handler(args);
        return answer({ status: fault.status ?? 500, body: { ok: false, error: 'internal_error' } });
      }
      if (fault.status === 429) {
        return answer({
          status: 429,
          body: { ok: false, error: 'ratelimited' },
          headers: { 'retry-after': String(fault.retryAfter ?? 1) },
        });
      }
      if (fault.status !== undefined && fault.status !== 200)
        return answer({ status: fault.status, body: { ok: false, error: 'internal_error' } });
      return answer(fail(fault.error ?? 'internal_error'));
    }
    return answer(handler(args));
  };

  const responseUrlCall = async (path: string, req: IncomingMessage): Promise<{ status: number; text: string }> => {
    const uses = responseUrlUses.get(path);
    if (uses === undefined) return { status: 404, text: 'invalid_url' };
    if (uses >= MAX_RESPONSE_URL_USES) return { status: 404, text: 'used_url' };
    responseUrlUses.set(path, uses + 1);
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      body = undefined;
    }
    if (!isObj(body)) return { status: 400, text: 'invalid_payload' };
    const hasBlocks = Array.isArray(body.blocks) && body.blocks.length > 0;
    let status = 200;
    let text = 'ok';
    if (body.delete_original !== true && typeof body.text !== 'string' && !hasBlocks) [status, text] = [400, 'no_text'];
    else if (body.blocks !== undefined && validateBlocks(body.blocks, { max: 50, pointer: '/blocks' }).length > 0)
      [status, text] = [400, 'invalid_blocks'];
    responses.push({ path, body, status });
    return { status, text };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const apiMatch = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (apiMatch?.[1] && (req.method === 'POST' || req.method === 'GET')) {
      const method = apiMatch[1];
      apiCall(method, req, url).then(
        ({ reply: r, args }) => {
          const error = typeof r.body.error === 'string' ? r.body.error : undefined;
          calls.push({
            method,
            args,
            ok: r.status === 200 && r.body.ok === true,
            ...(error ? { error } : {}),
            at: Date.now(),
          });
          res.writeHead(r.status, { 'content-type': 'application/json; charset=utf-8', ...r.headers });
          res.end(JSON.stringify(r.body));
        },
        (e: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(e));
        },
      );
      return;
    }
    const fileMatch = /^\/files\/(F[A-Z0-9]+)\/[^/]+$/.exec(url.pathname);
    if (fileMatch && req.method === 'GET') {
      // Like files.slack.com: the bot token as a Bearer header gets the bytes; without it, a redirect to sign in.
      const f = files.find((x) => x.id === fileMatch[1]);
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(302, { location: `${baseUrl}/signin` });
        res.end();
      } else if (!f) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      } else {
        f.downloads += 1;
        res.writeHead(200, { 'content-type': f.mimetype, 'content-length': String(f.content.length) });
        res.end(f.content);
      }
      return;
    }
    const uploadMatch = /^\/upload\/v1\/(F[A-Z0-9]+)$/.exec(url.pathname);
    if (uploadMatch?.[1] && req.method === 'POST') {
      // Like files.slack.com/upload/v1/…: the bytes arrive as multipart form data; 200 "OK - <bytes>".
      const upload = pendingUploads.get(uploadMatch[1]);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const contentType = req.headers['content-type'] ?? 'application/octet-stream';
        void (async () => {
          let content = raw;
          if (contentType.startsWith('multipart/form-data')) {
            const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
            const part = [...form.values()].find((v) => typeof v !== 'string');
            content = part && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
          }
          if (!upload) {
            res.writeHead(404, { 'content-type': 'text/plain' });
            res.end('not found');
            return;
          }
          upload.content = content;
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`OK - ${content.length}`);
        })();
      });
      return;
    }
    if (url.pathname.startsWith('/response/') && req.method === 'POST') {
      void responseUrlCall(url.pathname, req).then((r) => {
        res.writeHead(r.status, { 'content-type': 'text/plain' });
        res.end(r.text);
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  baseUrlRef.current = baseUrl;
  let stopped = false;

  return {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    calls,
    channels,
    messages,
    ephemerals,
    views,
    responses,
    userNames,
    userGroups,
    files,
    seedFile(f) {
      const content = typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : f.content;
      const file: FakeFile = {
        id: `F${String(++fileCounter).padStart(8, '0')}`,
        name: f.name,
        title: f.title ?? f.name,
        mimetype: f.mimetype ?? 'application/octet-stream',
        content,
        size: f.size ?? content.length,
        user: f.user ?? 'U1',
        downloads: 0,
      };
      files.push(file);
      return file;
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    okCallsTo: (method) => calls.filter((c) => c.method === method && c.ok),
    async waitFor(predicate, timeoutMs = 5000) {
      // performance.now() rather than Date.now(): vitest fake timers freeze Date by default.
      const deadline = performance.now() + timeoutMs;
      while (!predicate()) {
        if (performance.now() > deadline) {
          const seen = calls.map((c) => (c.ok ? c.method : `${c.method}(${c.error ?? 'failed'})`)).join(', ');
          throw new Error(`FakeSlack.waitFor timed out after ${timeoutMs}ms. Recorded calls: ${seen || '(none)'}`);
        }
        await sleep(20);
      }
    },
    failNext(method, fault, times = 1) {
      const queue = faults.get(method) ?? [];
      for (let i = 0; i < times; i++) queue.push({ ...fault });
      faults.set(method, queue);
    },
    setDown(value) {
      down = value;
    },
    seedChannel(c) {
      const existing = c.id !== undefined ? findChannel(c.id) : undefined;
      // Seeding the same channel again (a harness seeded it, a test seeds it with its members) adds the members.
      if (existing && existing.name === c.name) {
        for (const m of c.members ?? []) if (!existing.members.includes(m)) existing.members.push(m);
        return existing;
      }
      if (existing) throw new Error(`seedChannel: id ${c.id} already exists`);
      const ch: FakeChannel = {
        id: c.id ?? newChannelId(),
        name: c.name,
        topic: '',
        purpose: '',
        members: [...(c.members ?? [BOT_USER])],
        is_private: c.is_private ?? false,
        is_archived: c.is_archived ?? false,
        created: Math.floor(Date.now() / 1000),
        creator: 'USEED',
      };
      channels.push(ch);
      return ch;
    },
    seedMessage(m) {
      if (!isConversation(m.channel))
        throw new Error(`seedMessage: unknown channel ${m.channel}; seedChannel it first`);
      const ts = m.ts ?? nextTs();
      const us = tsMicros(ts);
      if (us === undefined) throw new Error(`seedMessage: malformed ts ${ts}`);
      if (us > lastTs) lastTs = us; // keep later generated ts after seeded ones
      const msg: FakeMessage = {
        channel: m.channel,
        ts,
        text: m.text,
        user: m.user,
        updates: 0,
        ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
      };
      messages.push(msg);
      return msg;
    },
    dmChannelId,
    responseUrl() {
      const path = `/response/${++responseCounter}`;
      responseUrlUses.set(path, 0);
      return `${baseUrl}${path}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
