// A local stand-in for the two Microsoft endpoints channel mode talks to: Entra's token endpoint (app-only client
// credentials for one tenant) and Microsoft Graph's channel list and create calls for teams, with Teams' own rules:
// name characters and length, names taken (deleted channels included), the per-team channel limit, resource-specific
// consent, and scripted throttling and outages. One node:http server; every Graph request is recorded.
//
// The rules and error bodies are written here from Microsoft's documentation and observed answers (docs/adr/0003,
// "War rooms via Graph"), not imported from src/, so a wrong rule in the client is caught instead of mirrored.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export interface GraphCall {
  method: string;
  /** Decoded path without the version, e.g. `/teams/{id}/channels`. */
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: unknown;
  /** The fake's clock when the request arrived (the test's injected clock when one is given). */
  at: number;
}
export interface GraphTokenRequest {
  tenant: string;
  clientId: string;
  scope: string;
  granted: boolean;
}
export interface FakeChannel {
  id: string;
  displayName: string;
  description: string | null;
  membershipType: 'standard';
  createdDateTime: string;
  /** Deleted channels keep their name taken and count toward the limit for 30 days (limits-specifications-teams.md). */
  deleted: boolean;
}
type Op = 'create' | 'list' | 'token';
/** The RSC permissions a team owner grants at install (resource-specific-consent.md). */
export type Grant = 'Channel.Create.Group' | 'ChannelSettings.Read.Group';

export interface FakeGraph {
  baseUrl: string;
  /** Entra's base: `{loginUrl}/{tenant}/oauth2/v2.0/token`. */
  loginUrl: string;
  /** Graph with its version, as `TEAMS_GRAPH_URL` holds it. */
  graphUrl: string;
  calls: GraphCall[];
  tokenRequests: GraphTokenRequest[];
  /** Every channel of a team, deleted ones included. */
  channels(teamId: string): FakeChannel[];
  /** A channel someone made (in Teams or by a lost attempt), at the fake's current time unless told otherwise. */
  addChannel(
    teamId: string,
    displayName: string,
    o?: { description?: string | null; createdDateTime?: string; deleted?: boolean },
  ): FakeChannel;
  /** Soft delete, as Teams does: gone from lists, name still taken, still counted. */
  deleteChannel(teamId: string, channelId: string): void;
  /** The team owner never consented (or an admin revoked it). */
  revoke(teamId: string, grant: Grant): void;
  /** The next `op` requests answer `status` (Retry-After seconds or an HTTP date when given; Graph's error body). */
  failNext(
    op: Op,
    status: number,
    o?: { retryAfter?: number | string; times?: number; error?: { code: string; message: string } },
  ): void;
  /** The next `op` is carried out, but the connection drops before the answer: the caller never learns its outcome. */
  dropNextAnswer(op: Op): void;
  stop(): Promise<void>;
}

/** limits-specifications-teams.md, "Channel names". */
const REFUSED_CHARACTER = /[~#%&*{}+/\\:<>?|'",\u0000-\u001f\u0080-\u009f]|\.\./;
const RESERVED = /^(forms|con|conin\$|conout\$|prn|aux|nul|com[1-9]|lpt[1-9]|desktop\.ini|_vti_)$/i;
const DEFAULT_CODES: Record<number, string> = {
  400: 'BadRequest',
  401: 'InvalidAuthenticationToken',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceNotAvailable',
  504: 'GatewayTimeout',
};

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeGraph(o: {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Teams that exist, each with both RSC grants until revoked, and a General channel. */
  teams: string[];
  /** Channels per team, deleted ones and General included (Teams: 1,000). */
  channelCap?: number;
  /** Page size for channel lists (Graph pages with `@odata.nextLink`); unlimited unless set. */
  pageSize?: number;
  now?: () => number;
}): Promise<FakeGraph> {
  const now = o.now ?? Date.now;
  const cap = o.channelCap ?? 1000;
  const calls: GraphCall[] = [];
  const tokenRequests: GraphTokenRequest[] = [];
  const issued = new Map<string, string>();
  const teams = new Map<string, { channels: FakeChannel[]; grants: Set<Grant> }>();
  const faults = new Map<
    Op,
    Array<{ status: number; retryAfter?: number | string; error?: { code: string; message: string } }>
  >();
  const drops = new Set<Op>();
  let base = '';

  const channel = (displayName: string, extra: Partial<FakeChannel> = {}): FakeChannel => ({
    id: `19:${randomBytes(16).toString('hex')}@thread.tacv2`,
    displayName,
    description: null,
    membershipType: 'standard',
    createdDateTime: new Date(now()).toISOString(),
    deleted: false,
    ...extra,
  });
  for (const id of o.teams)
    teams.set(id, {
      channels: [channel('General')],
      grants: new Set(['Channel.Create.Group', 'ChannelSettings.Read.Group']),
    });

  /** Graph's error shape (graph/errors): `{error: {code, message, innerError: {date, request-id, client-request-id}}}`. */
  function graphError(
    res: ServerResponse,
    status: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
  ): void {
    const requestId = randomUUID();
    const innerError: Record<string, string> = {
      date: new Date(now()).toISOString().slice(0, 19),
      'request-id': requestId,
      'client-request-id': requestId,
    };
    // The throttling page's sample 429 also carries these inside innerError.
    if (status === 429) Object.assign(innerError, { code: '429', message: 'Please retry after', status: '429' });
    res
      .writeHead(status, { 'content-type': 'application/json', 'request-id': requestId, ...headers })
      .end(JSON.stringify({ error: { code, message, innerError } }));
  }
  const json = (res: ServerResponse, status: number, body: unknown): void =>
    void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  /** A scripted answer for `op`, if one is queued. */
  function fault(op: Op, res: ServerResponse): boolean {
    const next = faults.get(op)?.shift();
    if (!next) return false;
    const headers: Record<string, string> =
      next.retryAfter !== undefined ? { 'retry-after': String(next.retryAfter) } : {};
    const code = next.error?.code ?? DEFAULT_CODES[next.status] ?? 'UnknownError';
    const message =
      next.error?.message ??
      (next.status === 429
        ? 'Please retry again later.'
        : next.status === 502
          ? 'Failed to execute backend request.'
          : 'Fake fault.');
    graphError(res, next.status, code, message, headers);
    return true;
  }
  function answer(op: Op, res: ServerResponse, send: () => void): void {
    if (drops.delete(op)) {
      res.socket?.destroy();
      return;
    }
    send();
  }

  async function token(req: IncomingMessage, res: ServerResponse, tenant: string): Promise<void> {
    const form = new URLSearchParams(await bodyOf(req));
    const request = { tenant, clientId: form.get('client_id') ?? '', scope: form.get('scope') ?? '', granted: false };
    tokenRequests.push(request);
    if (fault('token', res)) return;
    if (tenant !== o.tenantId) {
      return json(res, 400, {
        error: 'invalid_request',
        error_description: `AADSTS90002: Tenant '${tenant}' not found.`,
      });
    }
    if (form.get('grant_type') !== 'client_credentials')
      return json(res, 400, { error: 'unsupported_grant_type', error_description: 'AADSTS70003' });
    if (request.clientId !== o.clientId || form.get('client_secret') !== o.clientSecret) {
      return json(res, 401, {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
      });
    }
    if (!request.scope.endsWith('/.default'))
      return json(res, 400, {
        error: 'invalid_scope',
        error_description:
          'AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.',
      });
    request.granted = true;
    const access = `fake-graph-token-${issued.size + 1}`;
    issued.set(access, request.scope);
    answer('token', res, () =>
      json(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: access }),
    );
  }

  async function graph(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const raw = await bodyOf(req);
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      return graphError(res, 400, 'BadRequest', 'Invalid JSON.');
    }
    const path = decodeURIComponent(url.pathname.replace(/^\/v1\.0/, ''));
    calls.push({
      method: req.method ?? '',
      path,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      body,
      at: now(),
    });
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer) return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
    if (issued.get(bearer) !== GRAPH_SCOPE)
      return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');

    const match = /^\/teams\/([^/]+)\/channels$/.exec(path);
    if (!match)
      return graphError(res, 400, 'BadRequest', `Resource not found for the segment '${path.split('/')[1] ?? ''}'.`);
    const op: Op = req.method === 'POST' ? 'create' : 'list';
    if (fault(op, res)) return;
    const team = teams.get(match[1] ?? '');
    if (!team) return graphError(res, 404, 'NotFound', `No team found with Group Id ${match[1]}`);

    if (req.method === 'GET') {
      if (!team.grants.has('ChannelSettings.Read.Group')) {
        return graphError(
          res,
          403,
          'Forbidden',
          "Missing role permissions on the request. API requires one of 'ChannelSettings.Read.Group, Channel.ReadBasic.All, ChannelSettings.Read.All, ChannelSettings.ReadWrite.All, Group.Read.All, Group.ReadWrite.All, Directory.Read.All, Directory.ReadWrite.All'. Roles on the request ''.",
        );
      }
      const filter = url.searchParams.get('$filter');
      let wanted: string | null = null;
      if (filter !== null) {
        const eq = /^displayName eq '((?:[^']|'')*)'$/.exec(filter);
        if (!eq) return graphError(res, 400, 'BadRequest', 'Invalid filter clause');
        wanted = (eq[1] ?? '').replace(/''/g, "'").toLowerCase();
      }
      const listed = team.channels.filter(
        (c) => !c.deleted && (wanted === null || c.displayName.toLowerCase() === wanted),
      );
      const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
      const size = o.pageSize ?? listed.length;
      const page = listed.slice(skip, skip + size);
      const next = new URL(`${base}/v1.0/teams/${encodeURIComponent(match[1] ?? '')}/channels`);
      if (filter !== null) next.searchParams.set('$filter', filter);
      next.searchParams.set('$skiptoken', String(skip + size));
      return answer(op, res, () =>
        json(res, 200, {
          '@odata.context': `${base}/v1.0/$metadata#teams('${match[1]}')/channels`,
          ...(skip + size < listed.length ? { '@odata.nextLink': next.toString() } : {}),
          value: page.map(({ deleted: _deleted, ...c }) => c),
        }),
      );
    }

    if (req.method !== 'POST') return graphError(res, 405, 'BadRequest', 'Method not allowed.');
    if (!team.grants.has('Channel.Create.Group')) {
      return graphError(
        res,
        403,
        'Forbidden',
        "Missing role permissions on the request. API requires one of 'Channel.Create.Group, Channel.Create, Teamwork.Migrate.All, Group.ReadWrite.All, Directory.ReadWrite.All'. Roles on the request ''.",
      );
    }
    const asked = (body ?? {}) as { displayName?: unknown; description?: unknown; membershipType?: unknown };
    const name = typeof asked.displayName === 'string' ? asked.displayName : '';
    if (!name.trim()) return graphError(res, 400, 'BadRequest', 'Channel name must not be empty.');
    if (asked.membershipType !== undefined && asked.membershipType !== 'standard')
      return graphError(res, 400, 'BadRequest', 'Only standard channels in this fake.');
    // The length message is the fake's own; Graph's exact text for it was not found [unverified].
    if (Array.from(name).length > 50)
      return graphError(res, 400, 'BadRequest', 'Channel.DisplayName cannot be longer than 50 characters.');
    if (REFUSED_CHARACTER.test(name) || RESERVED.test(name) || /^[_.]/.test(name) || /\.$/.test(name)) {
      // The text Graph answered for an emoji name (microsoft-graph-docs#11013).
      return graphError(
        res,
        400,
        'BadRequest',
        "Channel.DisplayName doesn't contain allowed characters, please use the valid values.",
      );
    }
    if (team.channels.some((c) => c.displayName.toLowerCase() === name.toLowerCase())) {
      // What Graph answered for a name taken by a live or deleted channel (camunda/connectors#99, 2023); older answers
      // said code NameAlreadyExists (microsoft-graph-docs#6168).
      return graphError(res, 400, 'BadRequest', 'Channel name already existed, please use other name');
    }
    if (team.channels.length >= cap) {
      // microsoft-graph-docs#7288: 403, code Forbidden (earlier ResourceLimitExceeded).
      return graphError(res, 403, 'Forbidden', 'This team has exceeded the Max allowed channels');
    }
    const created = channel(name, { description: typeof asked.description === 'string' ? asked.description : null });
    team.channels.push(created);
    const { deleted: _deleted, ...shown } = created;
    answer(op, res, () =>
      json(res, 201, {
        '@odata.context': `${base}/v1.0/$metadata#teams('${match[1]}')/channels/$entity`,
        ...shown,
        isFavoriteByDefault: null,
        email: '',
        webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(created.id)}/${encodeURIComponent(name)}?groupId=${match[1]}&tenantId=${o.tenantId}`,
      }),
    );
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
      if (req.method === 'POST' && tokenPath) return token(req, res, decodeURIComponent(tokenPath[1] ?? ''));
      if (url.pathname.startsWith('/v1.0/')) return graph(req, res, url);
      json(res, 404, { error: 'not found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const teamOf = (id: string) => {
    const team = teams.get(id);
    if (!team) throw new Error(`fake Graph has no team ${id}`);
    return team;
  };
  return {
    baseUrl: base,
    loginUrl: base,
    graphUrl: `${base}/v1.0`,
    calls,
    tokenRequests,
    channels: (teamId) => teamOf(teamId).channels,
    addChannel(teamId, displayName, extra = {}) {
      const added = channel(displayName, extra);
      teamOf(teamId).channels.push(added);
      return added;
    },
    deleteChannel(teamId, channelId) {
      const found = teamOf(teamId).channels.find((c) => c.id === channelId);
      if (!found) throw new Error(`fake Graph has no channel ${channelId}`);
      found.deleted = true;
    },
    revoke(teamId, grant) {
      teamOf(teamId).grants.delete(grant);
    },
    failNext(op, status, f = {}) {
      const queue = faults.get(op) ?? [];
      for (let i = 0; i < (f.times ?? 1); i += 1)
        queue.push({
          status,
          ...(f.retryAfter !== undefined ? { retryAfter: f.retryAfter } : {}),
          ...(f.error ? { error: f.error } : {}),
        });
      faults.set(op, queue);
    },
    dropNextAnswer(op) {
      drops.add(op);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
