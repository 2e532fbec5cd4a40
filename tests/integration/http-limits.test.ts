import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers.js';

// The real hub listening on an ephemeral port, attacked with raw sockets that send slowly.
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function listening(env: Record<string, string>) {
  t = await createTestApp({}, env);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('not listening');
  return addr.port;
}

interface SlowClient {
  /** Milliseconds from connecting until the hub closed the socket; null while open. */
  closedAfter(): number | null;
  received(): string;
  destroy(): void;
}

/**
 * A client that sends `head` and then one byte of `drip` every `everyMs` (or, with `everyMs` 0,
 * nothing more at all), never finishing.
 */
function slowClient(port: number, head: string | Buffer, drip: string, everyMs: number): Promise<SlowClient> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    let closedAt: number | null = null;
    let data = '';
    const socket = net.connect(port, '127.0.0.1');
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (d) => (data += d.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      closedAt = Date.now();
      clearInterval(timer);
    });
    socket.once('connect', () => {
      socket.write(head);
      let i = 0;
      if (everyMs > 0) {
        timer = setInterval(() => {
          if (!socket.destroyed) socket.write(drip[i++ % drip.length]!);
        }, everyMs);
      }
      resolve({
        closedAfter: () => (closedAt === null ? null : closedAt - t0),
        received: () => data,
        destroy: () => {
          clearInterval(timer);
          socket.destroy();
        },
      });
    });
    socket.once('error', reject);
  });
}

async function waitUntil(done: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/** A plain GET /api/health over a fresh connection (no keep-alive reuse of a slow socket). */
async function health(port: number) {
  const t0 = Date.now();
  const r = await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { connection: 'close' } });
  return { status: r.status, ms: Date.now() - t0 };
}

describe('slow clients are timed out', () => {
  it('closes connections that send a body just short of the limit and stop, or trickle it, and answers others meanwhile', async () => {
    const port = await listening({ REQUEST_TIMEOUT_MS: '1500', HEADERS_TIMEOUT_MS: '1000' });
    const head =
      'POST /api/auth/login HTTP/1.1\r\nHost: hub.test\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${1024 * 1024}\r\n\r\n{"email":"`;
    const almostAll = Buffer.concat([Buffer.from(head), Buffer.alloc(1024 * 1024 - 12, 'a')]);
    const clients = await Promise.all([
      ...Array.from({ length: 25 }, () => slowClient(port, almostAll, '', 0)),
      ...Array.from({ length: 25 }, () => slowClient(port, head, 'a', 100)),
    ]);
    try {
      // While they trickle, a normal request answers at once.
      const during = await health(port);
      expect(during.status).toBe(200);
      expect(during.ms).toBeLessThan(1000);

      await waitUntil(() => clients.every((c) => c.closedAfter() !== null), 6000);
      const open = clients.filter((c) => c.closedAfter() === null).length;
      expect(open, 'connections still open 6 s after a 1.5 s request timeout').toBe(0);
      const slowest = Math.max(...clients.map((c) => c.closedAfter()!));
      expect(slowest).toBeGreaterThanOrEqual(1400);
      expect(slowest).toBeLessThan(1500 + 1500);
      expect(clients[0]!.received()).toMatch(/^HTTP\/1\.1 408/);
      expect((await health(port)).status).toBe(200);
    } finally {
      for (const c of clients) c.destroy();
    }
  });

  it('closes connections that trickle their headers', async () => {
    const port = await listening({ REQUEST_TIMEOUT_MS: '3000', HEADERS_TIMEOUT_MS: '800' });
    const clients = await Promise.all(
      Array.from({ length: 20 }, () =>
        slowClient(port, 'GET /api/health HTTP/1.1\r\nHost: hub.test\r\n', 'X-a: b\r\n', 100),
      ),
    );
    try {
      await waitUntil(() => clients.every((c) => c.closedAfter() !== null), 5000);
      expect(clients.filter((c) => c.closedAfter() === null).length).toBe(0);
      expect(Math.max(...clients.map((c) => c.closedAfter()!))).toBeLessThan(800 + 1000);
    } finally {
      for (const c of clients) c.destroy();
    }
  });

  it('caps open connections: one past MAX_CONNECTIONS is closed at once, and the hub serves again when they go', async () => {
    const port = await listening({ MAX_CONNECTIONS: '10', REQUEST_TIMEOUT_MS: '20000' });
    const head = 'POST /api/auth/login HTTP/1.1\r\nHost: hub.test\r\nContent-Length: 1000\r\n\r\n';
    const holders = await Promise.all(Array.from({ length: 10 }, () => slowClient(port, head, 'a', 200)));
    const extra = await slowClient(port, head, 'a', 200);
    try {
      await waitUntil(() => extra.closedAfter() !== null, 2000);
      expect(extra.closedAfter()).not.toBeNull();
      expect(holders.every((c) => c.closedAfter() === null)).toBe(true);
    } finally {
      for (const c of [...holders, extra]) c.destroy();
    }
    await new Promise((r) => setTimeout(r, 100));
    expect((await health(port)).status).toBe(200);
  });
});
