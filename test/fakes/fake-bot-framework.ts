// A local stand-in for the Microsoft endpoints a Teams bot talks to: Bot Framework's OpenID metadata and JWKS (so
// botbuilder checks real RS256 signatures), Entra's token endpoint, and the Bot Connector that receives replies.
// One node:http server; everything it is asked is recorded for the test to inspect.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_ISSUER = 'https://api.botframework.com';

export interface ConnectorCall {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
  /** What the fake answered: the HTTP status and body (a new conversation's id, a posted activity's id, an error). */
  status: number;
  answer: Record<string, unknown>;
}
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
  failNext(status: number, o?: { retryAfter?: number; times?: number }): void;
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
}): Promise<FakeBotFramework> {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = keys.publicKey.export({ format: 'jwk' });
  const connectorCalls: ConnectorCall[] = [];
  const tokenRequests: TokenRequest[] = [];
  let tokens = 0;
  let activities = 0;
  const state = { metadataFetches: 0 };
  let base = '';
  const faults: Array<{ status: number; retryAfter?: number }> = [];
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
        const call: ConnectorCall = {
          method: req.method ?? '',
          path: url.pathname,
          authorization: req.headers.authorization,
          body,
          status: 0,
          answer: {},
        };
        connectorCalls.push(call);
        const answer = (status: number, reply: Record<string, unknown>, headers: Record<string, string> = {}) => {
          call.status = status;
          call.answer = reply;
          res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(reply));
        };
        const fault = faults.shift();
        if (fault)
          return answer(
            fault.status,
            { error: { code: fault.status === 429 ? 'TooManyRequests' : 'ServiceError', message: 'fake fault' } },
            fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {},
          );
        if (raw.length * 2 > MAX_ACTIVITY_BYTES)
          return answer(413, { error: { code: 'MessageSizeTooBig', message: 'Message size too big' } });
        activities += 1;
        if (req.method === 'POST' && url.pathname === '/v3/conversations') {
          // A new thread in a channel is `<channel>;messageid=<root activity>`, as Teams names it.
          const channel =
            (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? 'a:personal-chat';
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
    failNext(status, o = {}) {
      for (let i = 0; i < (o.times ?? 1); i += 1)
        faults.push({ status, ...(o.retryAfter !== undefined ? { retryAfter: o.retryAfter } : {}) });
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
