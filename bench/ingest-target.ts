// One side of the ingest bench (bench/ingest-ratio-bench.ts), in its own process:
//   bare     the baseline: node:http, JSON.parse and one better-sqlite3 insert per request (WAL, synchronous=FULL),
//            202 once committed: the least a durable webhook receiver can do
//   warroom  warroom (sandbox chat, production polling) with the generic source's HMAC secret; processing on
// It answers over IPC: { ready: url } once serving, then one reply per question.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { startWarroom } from '../src/app.js';
import { loadConfig } from '../src/config.js';

export type IngestTargetRole = 'bare' | 'warroom';
export type IngestQuestion =
  | { ask: 'backlog' }
  | { ask: 'loop-delay' }
  | { ask: 'rss' }
  | { ask: 'war-room'; title: string };
export interface LoopDelay {
  p99: number;
  max: number;
}

const send = (message: unknown) => process.send?.(message);

function onDisconnect(cleanup: () => Promise<void> | void): void {
  process.on('disconnect', () => {
    void Promise.resolve(cleanup()).finally(() => process.exit(0));
  });
}

async function bare(dir: string): Promise<void> {
  const db = new Database(join(dir, 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE inbox (id INTEGER PRIMARY KEY, source TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT)');
  const insert = db.prepare('INSERT INTO inbox (source, received_at, body) VALUES (?, ?, ?)');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        JSON.parse(text);
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"ok":false}');
        return;
      }
      const { lastInsertRowid } = insert.run('generic', new Date().toISOString(), text);
      res.writeHead(202, { 'content-type': 'application/json' }).end(`{"ok":true,"inboxId":${lastInsertRowid}}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('message', (q: IngestQuestion) => {
    if (q.ask === 'backlog') send(0);
    if (q.ask === 'rss') send(process.memoryUsage().rss);
    if (q.ask === 'loop-delay') send({ p99: 0, max: 0 } satisfies LoopDelay);
  });
  onDisconnect(() => {
    server.close();
    db.close();
  });
  send({ ready: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

async function warroom(dir: string, secret: string): Promise<void> {
  const app = await startWarroom(
    loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent', WEBHOOK_SECRET_GENERIC: secret }),
  );
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  process.on('message', (q: IngestQuestion) => {
    if (q.ask === 'backlog') send(app.store.inbox.pending(100_000).length);
    if (q.ask === 'rss') send(process.memoryUsage().rss);
    if (q.ask === 'war-room')
      send(app.store.incidents.listOpen().some((i) => i.title === q.title && i.headerMessageId !== null));
    if (q.ask === 'loop-delay') {
      send({ p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 } satisfies LoopDelay);
      delay.reset();
    }
  });
  onDisconnect(() => app.stop());
  send({ ready: app.url });
}

const [role, secret = ''] = process.argv.slice(2) as [IngestTargetRole, string?];
const dir = mkdtempSync(join(tmpdir(), `warroom-ingest-${role}-`));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
(role === 'bare' ? bare(dir) : warroom(dir, secret)).catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
