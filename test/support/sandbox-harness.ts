import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWarroom, type RunningWarroom } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

export interface SandboxMessageJson {
  id: number;
  author: string;
  text: string;
  blocks: Array<{
    type: string;
    text?: string;
    fields?: Array<{ label: string; value: string }>;
    buttons?: Array<{ actionId: string; value: string }>;
  }>;
  ephemeral: boolean;
}

export interface SandboxHarness {
  app: RunningWarroom;
  /** DATA_DIR of this app (the database is warroom.db in it). */
  dir: string;
  get<T>(path: string): Promise<{ status: number; json: T }>;
  post<T>(path: string, body: Record<string, unknown>): Promise<{ status: number; json: T }>;
  channelId(name: string): Promise<string>;
  messages(channelId: string, user: string): Promise<SandboxMessageJson[]>;
  /** Types into the composer as `user` in `channel` (a name). */
  type(
    user: string,
    channel: string,
    text: string,
  ): Promise<{
    status: number;
    json: { ok: boolean; openChannelId?: string; form?: { formId: string; context: Record<string, unknown> } };
  }>;
  stop(): Promise<void>;
}

export async function startSandboxHarness(env: Record<string, string> = {}): Promise<SandboxHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-sandbox-'));
  const app = await startWarroom(loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent', ...env }), {
    outboxPollMs: 50,
  });
  const call = async <T>(method: string, path: string, body?: Record<string, unknown>) => {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: (await res.json()) as T };
  };
  const h: SandboxHarness = {
    app,
    dir,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, { requestId: randomUUID(), ...body }),
    async channelId(name) {
      const { json } = await h.get<{ channels: Array<{ id: string; name: string }> }>(
        '/sandbox/api/channels?user=alice',
      );
      const channel = json.channels.find((c) => c.name === name);
      if (!channel) throw new Error(`no sandbox channel #${name}: ${json.channels.map((c) => c.name).join(', ')}`);
      return channel.id;
    },
    async messages(channelId, user) {
      return (
        await h.get<{ messages: SandboxMessageJson[] }>(`/sandbox/api/channels/${channelId}/messages?user=${user}`)
      ).json.messages;
    },
    async type(user, channel, text) {
      return h.post('/sandbox/api/messages', { user, channelId: await h.channelId(channel), text });
    },
    async stop() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}
