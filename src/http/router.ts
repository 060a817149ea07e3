import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { HttpError } from './http-errors.js';

export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string>,
) => void | Promise<void>;

export interface Route {
  method: 'GET' | 'POST';
  /** `/sandbox/api/channels/:id/messages` style; `:name` segments become params. */
  path: string;
  handler: RouteHandler;
}

function compile(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const pattern = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([a-zA-Z]+)/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { regex: new RegExp(`^${pattern}$`), names };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

export interface RouterOptions {
  /**
   * Runs before every matched route's handler; throw an HttpError to refuse the request. One place, so a route added
   * later cannot forget it (the sandbox's loopback guard covers the webhook, stats and metrics as well as its own API).
   */
  guard?: (req: IncomingMessage) => void;
}

/** One small router for the one server: no framework, so every route is visible here and in its module. */
export function createRouter(routes: Route[], logger: Logger, options: RouterOptions = {}): RequestListener {
  const compiled = routes.map((r) => ({ ...r, ...compile(r.path) }));
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const candidates = compiled.filter((r) => r.regex.test(url.pathname));
    if (candidates.length === 0) return sendJson(res, 404, { ok: false, error: `No route for ${url.pathname}.` });
    const route = candidates.find((r) => r.method === req.method);
    if (!route) {
      res.setHeader('allow', candidates.map((r) => r.method).join(', '));
      return sendJson(res, 405, {
        ok: false,
        error: `Use ${candidates.map((r) => r.method).join(' or ')} for ${url.pathname}.`,
      });
    }
    const match = route.regex.exec(url.pathname);
    Promise.resolve()
      .then(() => {
        options.guard?.(req);
        // Decoding can throw on a malformed escape (%ZZ): inside the promise, so it becomes a 400, not a crash.
        let params: Record<string, string>;
        try {
          params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match?.[i + 1] ?? '')]));
        } catch {
          throw new HttpError(400, 'Malformed URL.');
        }
        return route.handler(req, res, params);
      })
      .catch((error: unknown) => {
        if (res.headersSent) return;
        if (error instanceof HttpError) {
          // We stopped reading an oversized body: close the connection rather than leave the rest of it in the socket.
          if (error.status === 413) res.setHeader('connection', 'close');
          return sendJson(res, error.status, { ok: false, error: error.message });
        }
        logger.error({ err: error, path: url.pathname }, 'request failed');
        sendJson(res, 500, { ok: false, error: 'Internal error; see the warroom log.' });
      });
  };
}
