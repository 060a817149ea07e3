import { once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { turnQueue } from '../src/turn-queue.js';

describe('turnQueue (one request’s work per event-loop turn)', () => {
  it('serves waiters first come, first served', async () => {
    const turns = turnQueue();
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => turns.wait().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3]);
    expect(turns.waiting).toBe(0);
  });

  it('reads the sockets between two turns: bytes that arrived during one turn are handled before the next', async () => {
    // A connected pair of sockets stands for Slack sending the next request while a command's work runs.
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const [accepted] = (await once(server, 'connection')) as [Socket];
    const order: string[] = [];
    accepted.on('data', () => order.push('request read'));

    const turns = turnQueue();
    await Promise.all([
      turns.wait().then(() => {
        order.push('work 1');
        client.write('POST /slack/events');
      }),
      turns.wait().then(() => order.push('work 2')),
    ]);
    expect(order).toEqual(['work 1', 'request read', 'work 2']);
    client.destroy();
    accepted.destroy();
    server.close();
  });
});
