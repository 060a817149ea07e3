// A local stand-in for the Microsoft endpoints a Teams bot talks to: Bot Framework's OpenID metadata and JWKS (so
// botbuilder checks real RS256 signatures), Entra's token endpoint, and the Bot Connector that receives replies.
// One node:http server; everything it is asked is recorded for the test to inspect.
//
// The connector's refusals are Teams' own (msteams-docs conversation-messages.md, "Status code responses"), with the
// Bot Framework's error body `{ "error": { "code", "message" } }`: 429 `Throttled` with Retry-After, 403
// `BotNotInConversationRoster` once the app is removed from a team or chat, 404 `ConversationNotFound`, 413
// `MessageSizeTooBig`. Its rate limits are written here from rate-limit.md, not imported from src/, so a wrong pacer
// is caught instead of mirrored.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_ISSUER = 'https://api.botframework.com';

export interface ConnectorCall {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
  /** The fake's clock when the request arrived (the test's injected clock when one is given). */
  at: number;
  /**
   * The conversation Teams counts the call against: a channel (its threads and a new thread in it count as the
   * channel), or a personal chat (opening one counts against it).
   */
  conversation: string;
  /** What the fake answered (0 until it has). */
  status: number;
  /** The body it answered with (the ids of what it created, or the error). */
  answer: unknown;
  /** The Retry-After it answered with, in seconds (a 429 or a scripted fault), else null. */
  retryAfter: number | null;
  /**
   * When the request arrived and when it was answered, as positions in one sequence of the fake's events: which calls
   * were made after an answer was given, even when a test clock shows them at the same instant.
   */
  arrived: number;
  answered: number;
  /** Carried out, but the answer was never sent (dropNextAnswer): `status` and `answer` are what it would have said. */
  dropped: boolean;
}
/** Teams' refusals for a destination that will not change on retry (conversation-messages.md). */
export type TeamsRefusal = 'BotNotInConversationRoster' | 'ConversationNotFound';
export interface TokenRequest {
  clientId: string;
  scope: string;
  tenant: string;
}

export interface FakeBotFramework {
  baseUrl: string;
  openIdMetadataUrl: string;
  loginUrl: string;
  /** The Bot Connector base activities carry as serviceUrl (with the trailing slash Teams uses). */
  serviceUrl: string;
  connectorCalls: ConnectorCall[];
  tokenRequests: TokenRequest[];
  metadataFetches: number;
  /** A Bearer JWT the way Bot Framework signs one for `appId`; `over` changes claims, `kid`/`key` the signature. */
  sign(
    claims: { aud: string; serviceurl?: string } & Record<string, unknown>,
    o?: { kid?: string; key?: KeyObject },
  ): string;
  /** A key the fake never published, for forged tokens. */
  strangerKey: KeyObject;
  /** The next connector calls answer `status` (with Retry-After seconds when given) instead of being carried out. */
  failNext(status: number, o?: { retryAfter?: number; times?: number; code?: string }): void;
  /**
   * Teams throttles the bot for `forMs` from now (the fake's clock): every call (to `conversation`, a channel or
   * personal chat id, when given) answers 429 `Throttled` with `Retry-After: retryAfter` seconds.
   */
  throttle(o: { forMs: number; retryAfter: number; conversation?: string }): void;
  /**
   * From now on calls to `conversation` answer its refusal: `BotNotInConversationRoster` (403) when the app was
   * removed from the team or chat, `ConversationNotFound` (404) when it is gone. A channel id covers its threads; a
   * person's 29: id covers opening (and sending to) their personal chat. Null: the app is back (re-added).
   */
  refuse(conversation: string, refusal: TeamsRefusal | null): void;
  /** The next successful connector call is carried out, but the connection drops before the answer (a lost answer). */
  dropNextAnswer(): void;
  /** The personal chat the fake opens with a person (29: id or Entra object id): one id per person, as in Teams. */
  personalChatOf(memberId: string): string;
  stop(): Promise<void>;
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `graphLoginUrl`: Entra is one login for both Bot Framework and Graph tokens; with a fake Graph beside this fake, token
 * requests for Graph's scope are answered by the fake Graph's own token endpoint (which alone knows its tokens).
 */
export async function startFakeBotFramework(o: {
  appId: string;
  clientSecret: string;
  endorsements?: string[];
  graphLoginUrl?: string;
  /** The tenant's people, for the connector's member lookup (`GET /v3/conversations/{id}/members/{memberId}`). */
  members?: Array<{ id: string; name: string; aadObjectId: string }>;
  /** The clock calls are stamped with and throttling runs on (default Date.now). */
  now?: () => number;
  /**
   * Answer 429 `Throttled` (Retry-After: seconds until there is room) when the bot sends more than Teams allows:
   * per conversation 7 in 1 s, 8 in 2 s, 60 in 30 s, 1,800 an hour; per tenant 50 a second (rate-limit.md). Every
   * request counts, refused ones too. Off by default: on a wall clock, network jitter would reorder arrivals.
   */
  enforceRateLimits?: boolean;
}): Promise<FakeBotFramework> {
  const now = o.now ?? Date.now;
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = keys.publicKey.export({ format: 'jwk' });
  const connectorCalls: ConnectorCall[] = [];
  const tokenRequests: TokenRequest[] = [];
  let tokens = 0;
  let activities = 0;
  let events = 0;
  let dropAnswers = 0;
  const state = { metadataFetches: 0 };
  let base = '';
  const faults: Array<{ status: number; retryAfter?: number; code?: string }> = [];
  const throttles: Array<{ until: number; retryAfter: number; conversation?: string }> = [];
  const refusals = new Map<string, TeamsRefusal>();
  const personalChats = new Map<string, string>();
  const personalChatOf = (memberId: string): string => {
    // Teams takes a person's 29: id or Entra object id for the chat, and it is the same chat either way.
    const person = o.members?.find((m) => m.aadObjectId === memberId)?.id ?? memberId;
    const known = personalChats.get(person);
    if (known) return known;
    const id = `a:personal-chat-${personalChats.size + 1}`;
    personalChats.set(person, id);
    return id;
  };
  /** Request times per conversation (and 'tenant'), for enforceRateLimits. */
  const sent = new Map<string, number[]>();
  const CONVERSATION_LIMITS = [
    { limit: 7, windowMs: 1_000 },
    { limit: 8, windowMs: 2_000 },
    { limit: 60, windowMs: 30_000 },
    { limit: 1_800, windowMs: 3_600_000 },
  ];
  const TENANT_LIMITS = [{ limit: 50, windowMs: 1_000 }];
  /** Milliseconds until `key` has room under every window (0: now), counting this request either way. */
  const overLimit = (key: string, limits: typeof CONVERSATION_LIMITS, at: number): number => {
    const log = (sent.get(key) ?? []).filter((t) => t > at - 3_600_000);
    let wait = 0;
    for (const w of limits) {
      const inWindow = log.filter((t) => t > at - w.windowMs);
      if (inWindow.length >= w.limit)
        wait = Math.max(wait, (inWindow[inWindow.length - w.limit] ?? at) + w.windowMs - at);
    }
    log.push(at);
    sent.set(key, log);
    return wait;
  };
  const REFUSAL_ANSWERS: Record<TeamsRefusal, { status: number; message: string }> = {
    BotNotInConversationRoster: { status: 403, message: 'The bot is not part of the conversation roster.' },
    ConversationNotFound: { status: 404, message: 'Conversation not found.' },
  };
  const DEFAULT_CODES: Record<number, string> = {
    401: 'BotNotRegistered',
    403: 'BotNotInConversationRoster',
    404: 'ConversationNotFound',
    412: 'PreconditionFailed',
    413: 'MessageSizeTooBig',
    429: 'Throttled',
  };
  /** Teams' limit for a channel post, measured as UTF-16 (limits-specifications-teams.md): about 28 KB. */
  const MAX_ACTIVITY_BYTES = 28 * 1024;

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (req.method === 'GET' && url.pathname === '/v1/.well-known/openidconfiguration') {
        state.metadataFetches += 1;
        return json(200, {
          issuer: FAKE_ISSUER,
          jwks_uri: `${base}/v1/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        });
      }
      if (req.method === 'GET' && url.pathname === '/v1/keys') {
        return json(200, {
          keys: [
            {
              kty: 'RSA',
              use: 'sig',
              kid: 'fake-key-1',
              n: jwk.n,
              e: jwk.e,
              endorsements: o.endorsements ?? ['msteams'],
            },
          ],
        });
      }
      const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
      if (req.method === 'POST' && token) {
        const raw = await bodyOf(req);
        const form = new URLSearchParams(raw);
        if (o.graphLoginUrl && form.get('scope') === 'https://graph.microsoft.com/.default') {
          const relayed = await fetch(`${o.graphLoginUrl}${url.pathname}`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: raw,
          });
          res.writeHead(relayed.status, { 'content-type': 'application/json' }).end(await relayed.text());
          return;
        }
        tokenRequests.push({
          clientId: form.get('client_id') ?? '',
          scope: form.get('scope') ?? '',
          tenant: token[1] ?? '',
        });
        if (
          form.get('grant_type') !== 'client_credentials' ||
          form.get('client_id') !== o.appId ||
          form.get('client_secret') !== o.clientSecret
        ) {
          return json(401, {
            error: 'invalid_client',
            error_description: 'AADSTS7000215: Invalid client secret provided.',
          });
        }
        tokens += 1;
        return json(200, { token_type: 'Bearer', expires_in: 3599, access_token: `fake-access-token-${tokens}` });
      }
      const member = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && member) {
        // Teams looks a member up by 29: id, Entra object id or UPN; anyone else is 404 MemberNotFoundInConversation.
        const id = decodeURIComponent(member[1] ?? '');
        const found = (o.members ?? []).find((m) => m.id === id || m.aadObjectId === id);
        if (!found)
          return json(404, {
            error: { code: 'MemberNotFoundInConversation', message: 'The member is not in the conversation.' },
          });
        return json(200, {
          ...found,
          userRole: 'user',
          tenantId: 'tenant',
          userPrincipalName: `${found.name.split(' ')[0]?.toLowerCase()}@example.com`,
        });
      }
      if (url.pathname.startsWith('/v3/conversations')) {
        const raw = await bodyOf(req);
        const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        const at = now();
        const inPath = /^\/v3\/conversations\/([^/]+)/.exec(url.pathname)?.[1];
        const channel = (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
        const member = (body.members as Array<{ id?: string }> | undefined)?.[0]?.id;
        const conversation = inPath
          ? (decodeURIComponent(inPath).split(';messageid=')[0] ?? '')
          : (channel ?? personalChatOf(member ?? 'nobody'));
        const call: ConnectorCall = {
          method: req.method ?? '',
          path: url.pathname,
          authorization: req.headers.authorization,
          body,
          at,
          conversation,
          status: 0,
          answer: null,
          retryAfter: null,
          arrived: (events += 1),
          answered: 0,
          dropped: false,
        };
        connectorCalls.push(call);
        const answer = (status: number, answerBody: unknown, headers: Record<string, string> = {}) => {
          call.status = status;
          call.answer = answerBody;
          call.retryAfter = headers['retry-after'] !== undefined ? Number(headers['retry-after']) : null;
          if (dropAnswers > 0 && status < 300) {
            // Carried out, but the connection drops before the answer: the caller never learns what was made.
            dropAnswers -= 1;
            call.dropped = true;
            req.socket.destroy();
            return;
          }
          call.answered = events += 1;
          res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(answerBody));
        };
        const refuse = (status: number, code: string, message: string, retryAfter?: number) =>
          answer(
            status,
            { error: { code, message } },
            retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {},
          );
        // Counted before anything else: Teams counts the requests a bot makes, refused or not.
        const waits = o.enforceRateLimits
          ? [overLimit(conversation, CONVERSATION_LIMITS, at), overLimit('tenant', TENANT_LIMITS, at)]
          : [0];
        const fault = faults.shift();
        if (fault)
          return refuse(
            fault.status,
            fault.code ?? DEFAULT_CODES[fault.status] ?? 'ServiceError',
            'fake fault',
            fault.retryAfter,
          );
        const refusal = refusals.get(conversation) ?? (member && !inPath ? refusals.get(member) : undefined);
        if (refusal) return refuse(REFUSAL_ANSWERS[refusal].status, refusal, REFUSAL_ANSWERS[refusal].message);
        const throttled = throttles.find(
          (t) => at < t.until && (t.conversation === undefined || t.conversation === conversation),
        );
        if (throttled) return refuse(429, 'Throttled', 'Too many requests.', throttled.retryAfter);
        const wait = Math.max(...waits);
        if (wait > 0) return refuse(429, 'Throttled', 'Too many requests.', Math.max(1, Math.ceil(wait / 1000)));
        if (raw.length * 2 > MAX_ACTIVITY_BYTES) return refuse(413, 'MessageSizeTooBig', 'Message size too large.');
        activities += 1;
        if (req.method === 'POST' && url.pathname === '/v3/conversations') {
          // A new thread in a channel is `<channel>;messageid=<root activity>`, as Teams names it; a personal chat is
          // the person's one chat with the bot, the same id each time.
          if (!channel) return answer(201, { id: conversation });
          return answer(201, { id: `${channel};messageid=${activities}`, activityId: String(activities) });
        }
        return answer(200, { id: `fake-activity-${activities}` });
      }
      json(404, { error: 'not found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl: base,
    openIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    loginUrl: base,
    serviceUrl: `${base}/`,
    connectorCalls,
    tokenRequests,
    get metadataFetches() {
      return state.metadataFetches;
    },
    strangerKey: stranger.privateKey,
    failNext(status, f = {}) {
      for (let i = 0; i < (f.times ?? 1); i += 1)
        faults.push({
          status,
          ...(f.retryAfter !== undefined ? { retryAfter: f.retryAfter } : {}),
          ...(f.code !== undefined ? { code: f.code } : {}),
        });
    },
    throttle(t) {
      throttles.push({
        until: now() + t.forMs,
        retryAfter: t.retryAfter,
        ...(t.conversation !== undefined ? { conversation: t.conversation } : {}),
      });
    },
    refuse(conversation, refusal) {
      // A person removed the app: their chat with the bot refuses too, not only opening it.
      const ids = conversation.startsWith('29:') ? [conversation, personalChatOf(conversation)] : [conversation];
      for (const id of ids) {
        if (refusal) refusals.set(id, refusal);
        else refusals.delete(id);
      }
    },
    personalChatOf,
    dropNextAnswer() {
      dropAnswers += 1;
    },
    sign(claims, opts = {}) {
      const now = Math.floor(Date.now() / 1000);
      const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: opts.kid ?? 'fake-key-1' }));
      const payload = b64url(
        JSON.stringify({ iss: FAKE_ISSUER, nbf: now - 5, iat: now - 5, exp: now + 3600, ...claims }),
      );
      const signature = createSign('RSA-SHA256')
        .update(`${header}.${payload}`)
        .sign(opts.key ?? keys.privateKey);
      return `${header}.${payload}.${b64url(signature)}`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
