import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalTarget {
  url: string;
  port: number;
  /** Every request that arrived, in order, with its whole body. */
  hits: Array<{ url: string; headers: IncomingMessage['headers']; body: string }>;
  /** Resolves once `n` requests have arrived. */
  arrived(n: number): Promise<void>;
  /** Resolves once the connection of the `n`th request (1-based) has closed: the caller gave up or finished. */
  closed(n: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1:0 standing in for an operator's automation endpoint. The executor refuses
 * loopback unless told otherwise, so tests pass `allowCidrs: ['127.0.0.0/8']` as an operator would for a private range.
 */
export async function startLocalTarget(
  handler: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<LocalTarget> {
  const hits: LocalTarget['hits'] = [];
  // One close signal per request, made on demand so a test can wait for a request that has not arrived yet.
  const closes = new Map<number, { promise: Promise<void>; resolve: () => void }>();
  const closeOf = (i: number) => {
    let entry = closes.get(i);
    if (!entry) {
      let resolve = () => undefined as void;
      const promise = new Promise<void>((r) => (resolve = r));
      entry = { promise, resolve };
      closes.set(i, entry);
    }
    return entry;
  };
  let started = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const server: Server = createServer((req, res) => {
    const entry = closeOf(started);
    started += 1;
    res.on('close', () => entry.resolve());
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits.push({ url: req.url ?? '/', headers: req.headers, body });
      for (const w of waiters.filter((x) => hits.length >= x.n)) w.resolve();
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/isolate`,
    port,
    hits,
    arrived: (n) => (hits.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    closed: (n) => closeOf(n - 1).promise,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** Answers 200 with a body that never ends: writes as fast as the client reads, until the client goes away. */
export function sendEndlessBody(res: ServerResponse, contentType: string): void {
  res.writeHead(200, { 'content-type': contentType });
  const chunk = Buffer.alloc(16 * 1024, ' ');
  let open = true;
  res.on('close', () => (open = false));
  const pump = () => {
    while (open && res.write(chunk));
    if (open) res.once('drain', pump);
  };
  pump();
}
