// The Socket.IO gateway (DESIGN §7): sockets join rooms and read; the feed
// relay (the one gateway holding the feed lease) emits every public event to
// its room; with Redis, gateways share rooms through
// @socket.io/redis-streams-adapter, which also keeps sessions for connection
// state recovery across gateways. Everything a socket may send is bounded:
// 16 KB per packet, a token bucket per socket, an Origin allowlist.
import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Server } from 'socket.io';
import type { Balance } from '../config/index.ts';
import type { Clock } from '../runtime/index.ts';
import { closeRedis, gatewayKeys, type LeaderboardStore, type OverlayRevocations, type ShardStore } from '../storage/index.ts';
import { LocalFeedLease, RedisFeedLease, type FeedLease } from './feed-lease.ts';
import { FeedRelay } from './feed-relay.ts';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.ts';
import { originAllowed } from './origins.ts';
import { RevokedLinks } from './revoked-links.ts';
import { handleSockets, type SocketPolicy } from './sockets.ts';
import { ViewSource } from './view-source.ts';

export interface GatewayOptions {
  readonly store: ShardStore;
  readonly shards: number;
  /** Key prefix (KEY_PREFIX) of the cluster. */
  readonly prefix: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly balance: Pick<Balance, 'units' | 'power_score'>;
  readonly leaderboards: LeaderboardStore;
  /** Set: rooms shared with other gateways through Redis, and one of them reads the feed. */
  readonly redisUrl?: string;
  /** Signs and checks private-room tokens. */
  readonly secret: string;
  /** Overlay links nations revoked (PostgreSQL): checked at private joins and swept for joined sockets. */
  readonly revocations: Pick<OverlayRevocations, 'revokedBefore'>;
  /** How often joined private-room sockets are checked against revocations (default 10 s). */
  readonly revocationSweepMs?: number;
  /** Origins besides the gateway's own that may open sockets. */
  readonly origins?: readonly string[];
  /** Names this gateway in the feed lease. */
  readonly gatewayId: string;
  readonly policy?: Partial<SocketPolicy>;
  /** Largest packet a socket may send (default 16 KB; Socket.IO's own default is 1 MB). */
  readonly maxHttpBufferSize?: number;
  /** How long a dropped connection can come back with its rooms and missed packets (default 2 min). */
  readonly recoveryMs?: number;
  /** Feed lease lifetime (default 5 s): how long the feed pauses when the gateway reading it dies. */
  readonly leaseTtlMs?: number;
}

export const DEFAULT_POLICY: SocketPolicy = { rate: { perSecond: 5, burst: 20 }, maxRooms: 16 };
export const MAX_PACKET_BYTES = 16 * 1024;

export class Gateway {
  readonly io: Server;
  readonly metrics: GatewayMetrics;
  readonly views: ViewSource;
  /** Revoked overlay links: the sockets and the links page check them. */
  readonly revoked: RevokedLinks;
  readonly #relay: FeedRelay;
  readonly #lease: FeedLease;
  readonly #redis: Redis | undefined;
  readonly #sockets: { stop(): void };
  #stopped = false;

  constructor(options: GatewayOptions) {
    const allowed = new Set(options.origins ?? []);
    this.io = new Server({
      maxHttpBufferSize: options.maxHttpBufferSize ?? MAX_PACKET_BYTES,
      connectionStateRecovery: { maxDisconnectionDuration: options.recoveryMs ?? 120_000, skipMiddlewares: false },
      // Browsers on another site are refused at the handshake; extra origins get CORS headers for polling.
      allowRequest: (request, callback) => {
        const ok = originAllowed(request.headers.origin, request.headers.host, allowed);
        if (!ok) this.metrics.refused.inc({ reason: 'origin' });
        callback(ok ? null : 'origin not allowed', ok);
      },
      cors: { origin: [...allowed], methods: ['GET', 'POST'] },
    });
    this.metrics = createGatewayMetrics(options.registry, () => countRooms(this.io));
    this.views = new ViewSource({ store: options.store, shards: options.shards, leaderboards: options.leaderboards, balance: options.balance });
    this.revoked = new RevokedLinks(options.revocations, options.logger);

    const leaseTtlMs = options.leaseTtlMs ?? 5_000;
    if (options.redisUrl) {
      const keys = gatewayKeys(options.prefix);
      this.#redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
      this.#redis.on('error', (error) => options.logger.warn({ err: error }, 'gateway Redis connection error'));
      this.io.adapter(
        createAdapter(this.#redis, {
          streamName: keys.adapterStream,
          channelPrefix: keys.adapterChannel,
          sessionKeyPrefix: keys.adapterSession,
          maxLen: 10_000,
          blockTimeInMs: 1_000,
          onlyPlaintext: true,
        }),
      );
      this.#lease = new RedisFeedLease({ url: options.redisUrl, prefix: options.prefix, owner: options.gatewayId, ttlMs: leaseTtlMs });
    } else {
      this.#lease = new LocalFeedLease();
    }

    this.#sockets = handleSockets(this.io, {
      store: options.store,
      shards: options.shards,
      clock: options.clock,
      secret: options.secret,
      views: this.views,
      metrics: this.metrics,
      logger: options.logger,
      policy: { ...DEFAULT_POLICY, ...options.policy },
      revoked: this.revoked,
      ...(options.revocationSweepMs === undefined ? {} : { revocationSweepMs: options.revocationSweepMs }),
    });
    this.#relay = new FeedRelay({
      store: options.store,
      shards: options.shards,
      logger: options.logger,
      clock: options.clock,
      lease: this.#lease,
      views: this.views,
      metrics: this.metrics,
      renewMs: Math.max(100, Math.floor(leaseTtlMs / 3)),
      broadcast: (room: string, name: 'event' | 'view', payload: unknown) => void this.io.to(room).emit(name, payload),
    });
  }

  /** True while this gateway reads the feed for all of them. */
  get leading(): boolean {
    return this.#relay.leading;
  }

  /** Serves Socket.IO (and its browser client at /socket.io/socket.io.min.js) on the server, and starts the relay. */
  attach(server: HttpServer): void {
    this.io.attach(server);
    this.#relay.start();
  }

  /** Disconnects every socket (they reconnect to another gateway), stops the relay and hands the feed lease on. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#sockets.stop();
    await this.#relay.stop();
    this.io.local.disconnectSockets(true);
    // Not io.close(): that would close the HTTP server, which belongs to the process (other roles serve on it).
    this.io.engine?.close();
    await this.io.of('/').adapter.close();
    await this.#lease.close();
    await closeRedis(this.#redis);
  }
}

/** Rooms named after something (not each socket's own id room). */
function countRooms(io: Server): number {
  let count = 0;
  for (const room of io.of('/').adapter.rooms.keys()) if (room === 'global' || room.includes(':')) count += 1;
  return count;
}
