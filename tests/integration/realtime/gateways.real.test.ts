// Two gateway processes on real Redis and PostgreSQL (bin/gateway.ts, as the
// Procfile runs them): gateway A holds the feed lease and emits; a client on
// gateway B gets every event the runtime produced, through
// @socket.io/redis-streams-adapter, in order and once. Prints the p50/p99
// delivery latency (runtime send → client on B) over 1,000 events. Then A is
// killed: B takes the feed over and the client misses nothing. And connection
// state recovery across gateways: a client behind a balancer loses its
// connection to A and comes back through B with its rooms, its private grant
// and every packet it missed meanwhile.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect as connectTcp, type Server, type Socket as TcpSocket } from 'node:net';
import { io as connectSocket } from 'socket.io-client';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { WireEvent } from '../../../realtime/protocol.ts';
import { signToken } from '../../../realtime/tokens.ts';
import { counterKind } from '../../support/counter.ts';
import { connected, join, socketTo } from '../../support/gateway-harness.ts';
import { startHarness, type Harness } from '../../support/runtime-harness.ts';
import { databaseUrl, freePort, postgresAvailable, redisAvailable, redisUrl } from '../../support/services.ts';

const EVENTS = 1_000;
const root = new URL('../../../', import.meta.url).pathname;

async function metric(port: number, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(pattern.exec(text)?.[1] ?? 0);
}

async function until(what: string, check: () => Promise<boolean>, withinMs = 20_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function startGateway(harness: Harness, name: string, port: number): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/gateway.ts'], {
    cwd: root,
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: harness.schema,
      KEY_PREFIX: harness.prefix,
      SHARDS: String(harness.env.SHARDS),
      PORT: String(port),
      NODE_ID: name,
      LOG_LEVEL: 'warn',
      GATEWAY_TOKEN_SECRET: 'integration-secret-of-32-characters-at-least',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A TCP balancer in front of the gateways: `target` picks where new connections go; `cut` drops the open ones. */
async function balancer(firstTarget: number): Promise<{ port: number; target: number; cut(): void; close(): Promise<void> }> {
  const open = new Set<TcpSocket>();
  const state = { target: firstTarget };
  const server: Server = createServer((client) => {
    const upstream = connectTcp(state.target, '127.0.0.1');
    for (const end of [client, upstream]) {
      open.add(end);
      end.on('close', () => open.delete(end));
      end.on('error', () => end.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    get target() {
      return state.target;
    },
    set target(value: number) {
      state.target = value;
    },
    cut() {
      for (const end of open) end.destroy();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

if ((await redisAvailable()) && (await postgresAvailable())) {
  test('a client on gateway B receives, in order and once, every event the runtime produced while gateway A emits', async () => {
    const harness = await startHarness({ backend: 'real', kinds: [counterKind] });
    const [portA, portB] = [await freePort(), await freePort()];
    const gatewayA = startGateway(harness, 'gateway-a', portA);
    let gatewayB: ChildProcess | undefined;
    try {
      // A takes the feed lease first; B, started after, stands by.
      await until('gateway A to lead the feed', async () => (await metric(portA, /^gateway_feed_leader (\d+)/m)) === 1);
      gatewayB = startGateway(harness, 'gateway-b', portB);
      await until('gateway B to serve', async () => (await fetch(`http://127.0.0.1:${portB}/healthz`)).ok);
      assert.is(await metric(portB, /^gateway_feed_leader (\d+)/m), 0);

      const socket = socketTo(`http://127.0.0.1:${portB}`);
      await connected(socket);
      assert.is((await join<{ ok: boolean }>(socket, { room: 'global' })).ok, true);
      const sentAt = new Map<number, number>();
      const latencies: number[] = [];
      const counts: number[] = [];
      const all = new Promise<void>((resolve) => {
        socket.on('event', (event: WireEvent) => {
          if (event.type !== 'counted') return;
          const count = Number(event.event.count);
          counts.push(count);
          latencies.push(performance.now() - sentAt.get(count)!);
          if (counts.length === EVENTS) resolve();
        });
      });
      // Paced at about 500 events/s: latency at a fraction of saturation, not at it (MEASURED.md).
      for (let i = 1; i <= EVENTS; i++) {
        sentAt.set(i, performance.now());
        await harness.client.send('counter:feed', { type: 'inc', by: 1 });
        if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`only ${counts.length} of ${EVENTS} arrived`)), 30_000)));
      await Promise.race([all, late]).finally(() => clearTimeout(timer));

      const emittedByA = await metric(portA, /^gateway_events_emitted_total\{room_kind="global"\} (\d+)/m);
      const emittedByB = await metric(portB, /^gateway_events_emitted_total\{room_kind="global"\} (\d+)/m);

      // A dies: B takes the feed lease once it lapses and resumes from A's saved cursor; nothing is lost.
      gatewayA.kill('SIGKILL');
      await until('gateway B to take over the feed', async () => (await metric(portB, /^gateway_feed_leader (\d+)/m)) === 1);
      const more = new Promise<void>((resolve) => {
        socket.on('event', () => counts.length >= EVENTS + 10 && resolve());
      });
      for (let i = EVENTS + 1; i <= EVENTS + 10; i++) {
        sentAt.set(i, performance.now());
        await harness.client.send('counter:feed', { type: 'inc', by: 1 });
      }
      let moreTimer: NodeJS.Timeout | undefined;
      await Promise.race([more, new Promise((_, reject) => (moreTimer = setTimeout(() => reject(new Error(`after the takeover only ${counts.length - EVENTS} of 10 arrived`)), 15_000)))]).finally(() => clearTimeout(moreTimer));
      socket.disconnect();

      assert.equal(counts, Array.from({ length: EVENTS + 10 }, (_, i) => i + 1), 'every event, in order, once — across the takeover too');
      assert.ok(emittedByA >= EVENTS, 'A emitted the first 1,000');
      assert.is(emittedByB, 0, 'B only delivered them');
      const sorted = latencies.slice(0, EVENTS).sort((a, b) => a - b);
      process.stdout.write(
        `    delivery runtime → gateway A → Redis stream → gateway B → client, ${EVENTS} events at ~500/s: p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms\n`,
      );
    } finally {
      await Promise.all([stopped(gatewayA), ...(gatewayB ? [stopped(gatewayB)] : [])]);
      await harness.close();
    }
  });

  test('a client cut off from gateway A and reconnected through B recovers its rooms, its private grant and what it missed', async () => {
    const harness = await startHarness({ backend: 'real', kinds: [counterKind] });
    const [portA, portB] = [await freePort(), await freePort()];
    const gatewayA = startGateway(harness, 'gateway-ra', portA);
    const gatewayB = startGateway(harness, 'gateway-rb', portB);
    const front = await balancer(portA);
    const nation = 'nation:424242424242424242';
    // Short-lived: its expiry, enforced by B after the move, shows B restored the grant made on A.
    const expiresAt = Date.now() + 10_000;
    const token = signToken('integration-secret-of-32-characters-at-least', { nation, expiresAt, issuedAt: Date.now() });
    let socket: ReturnType<typeof connectSocket> | undefined;
    try {
      for (const port of [portA, portB]) await until(`gateway on ${port} to serve`, async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok);
      socket = connectSocket(`http://127.0.0.1:${front.port}`, { transports: ['websocket'], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 300 });
      await connected(socket);
      assert.is((await join<{ ok: boolean }>(socket, { room: 'global' })).ok, true);
      assert.is((await join<{ ok: boolean }>(socket, { room: nation, token })).ok, true);
      const counts: number[] = [];
      socket.on('event', (event: WireEvent) => {
        if (event.type === 'counted') counts.push(Number(event.event.count));
      });
      for (let i = 1; i <= 5; i++) await harness.client.request('counter:recover', { type: 'inc', by: 1 });
      await until('the first five events', async () => counts.length === 5, 10_000);

      // The balancer now sends new connections to B, and drops the one to A.
      front.target = portB;
      const back = new Promise<void>((resolve) => socket!.io.once('reconnect', () => resolve()));
      front.cut();
      // Sent while the client is away: it must get them on its return.
      for (let i = 6; i <= 10; i++) await harness.client.request('counter:recover', { type: 'inc', by: 1 });
      await back;
      await until('the five events missed while away', async () => counts.length >= 10, 10_000);
      assert.ok(socket.recovered, 'the session came back (connection state recovery), not a fresh connection');
      for (let i = 11; i <= 12; i++) await harness.client.request('counter:recover', { type: 'inc', by: 1 });
      await until('two more, live through B', async () => counts.length >= 12, 10_000);
      assert.equal(counts, Array.from({ length: 12 }, (_, i) => i + 1), 'every event once, in order, across the move');
      const expired = await new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no expiry notice from B')), expiresAt - Date.now() + 5_000);
        socket!.once('expired', (notice: unknown) => {
          clearTimeout(timer);
          resolve(notice);
        });
      });
      assert.equal(expired, { room: nation, code: 'REALTIME_TOKEN_EXPIRED' }, 'B holds the private room and its grant from A, and ends it on time');
      assert.ok(Date.now() >= expiresAt - 50, 'not before the token ran out');
    } finally {
      socket?.disconnect();
      await front.close();
      await Promise.all([stopped(gatewayA), stopped(gatewayB)]);
      await harness.close();
    }
  });

  test.run();
}
