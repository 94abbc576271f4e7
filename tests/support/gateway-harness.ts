// A gateway served by its own HttpApp on a loopback port, on a runtime
// harness's store: what the realtime tests connect sockets and browsers to.
import { Registry } from 'prom-client';
import { io as connect, type Socket } from 'socket.io-client';
import { HttpApp } from '../../runtime/http.ts';
import { MemoryLeaderboards, type LeaderboardStore } from '../../storage/leaderboards.ts';
import { createOverlayRevocations } from '../../storage/postgres/overlay-revocations.ts';
import { Gateway, type GatewayOptions } from '../../realtime/gateway.ts';
import { mountOverlays } from '../../realtime/pages.ts';
import { BOARDS } from '../../realtime/rooms.ts';
import type { Harness } from './runtime-harness.ts';
import { gameConfig } from './war-driver.ts';
import { quietLogger } from './runtime-harness.ts';

export const TEST_SECRET = 'test-secret-of-at-least-32-characters!!';

export interface ServedGateway {
  readonly gateway: Gateway;
  readonly app: HttpApp;
  readonly registry: Registry;
  readonly url: string;
  readonly port: number;
  readonly leaderboards: LeaderboardStore;
  stop(): Promise<void>;
}

export async function serveGateway(
  harness: Pick<Harness, 'backends' | 'env' | 'prefix'>,
  options: Partial<GatewayOptions> & { port?: number } = {},
): Promise<ServedGateway> {
  const registry = new Registry();
  const leaderboards = options.leaderboards ?? new MemoryLeaderboards(BOARDS);
  const gateway = new Gateway({
    store: harness.backends.store,
    shards: harness.env.SHARDS,
    prefix: harness.prefix,
    clock: harness.backends.clock,
    logger: quietLogger,
    registry,
    balance: gameConfig.balance,
    leaderboards,
    secret: TEST_SECRET,
    revocations: createOverlayRevocations(harness.backends.database.sql),
    gatewayId: 'gateway-test',
    ...options,
  });
  const app = new HttpApp({ registry, ready: () => true });
  mountOverlays(app, { views: gateway.views, revoked: gateway.revoked, secret: TEST_SECRET, publicUrl: undefined, clock: harness.backends.clock });
  app.onListen((server) => gateway.attach(server));
  const server = await app.listen(options.port ?? 0, '127.0.0.1');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    gateway,
    app,
    registry,
    url: `http://127.0.0.1:${port}`,
    port,
    leaderboards,
    async stop() {
      await gateway.stop();
      await app.close();
    },
  };
}

/** A socket.io-client over WebSocket only (as fast as it gets, no polling upgrade). */
export function socketTo(url: string, options: { token?: string; extraHeaders?: Record<string, string> } = {}): Socket {
  return connect(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(options.token ? { auth: { token: options.token } } : {}),
    ...(options.extraHeaders ? { extraHeaders: options.extraHeaders } : {}),
  });
}

export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

export function disconnected(socket: Socket, withinMs = 3_000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!socket.connected) return resolve('already');
    const timer = setTimeout(() => reject(new Error(`still connected after ${withinMs} ms`)), withinMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

export function join<T = Record<string, unknown>>(socket: Socket, request: Record<string, unknown>): Promise<T> {
  return socket.timeout(5_000).emitWithAck('join', request) as Promise<T>;
}
