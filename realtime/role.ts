// The gateway as a process role: `npm start` runs it beside the others on the
// shared HTTP server; `bin/gateway.ts` runs it alone (Procfile `gateway`).
import type { Role, RoleContext, StartedRole } from '../runtime/index.ts';
import { MemoryLeaderboards, RedisLeaderboards, createOverlayRevocations, type LeaderboardStore } from '../storage/index.ts';
import { Gateway } from './gateway.ts';
import { mountOverlays } from './pages.ts';
import { BOARDS } from './rooms.ts';
import { gatewaySecret } from './secret.ts';

export interface GatewayRoleOptions {
  /**
   * The store the leaderboard projection writes. Default: Redis sorted sets; without
   * REDIS_URL an empty in-memory store nobody writes, so `npm start` passes the
   * projection's own (bin/roles.ts).
   */
  readonly leaderboards?: LeaderboardStore;
}

export function gatewayRole(options: GatewayRoleOptions = {}): Role {
  return {
    name: 'gateway',
    async start(context: RoleContext): Promise<StartedRole> {
      const { config, backends, logger, app, registry } = context;
      const env = config.env;
      const { secret, ephemeral } = gatewaySecret(env);
      if (ephemeral) {
        logger.warn('GATEWAY_TOKEN_SECRET is not set: private overlay links work only until this process stops, and only on this gateway');
      }
      const ownBoards = options.leaderboards === undefined;
      const leaderboards =
        options.leaderboards ?? (env.REDIS_URL ? new RedisLeaderboards(env.REDIS_URL, env.KEY_PREFIX, BOARDS) : new MemoryLeaderboards(BOARDS));
      const gateway = new Gateway({
        store: backends.store,
        shards: env.SHARDS,
        prefix: env.KEY_PREFIX,
        clock: backends.clock,
        logger: logger.child({ role: 'gateway' }),
        registry,
        balance: config.balance,
        leaderboards,
        secret,
        revocations: createOverlayRevocations(backends.database.sql),
        origins: env.GATEWAY_ORIGINS ?? [],
        gatewayId: `${env.NODE_ID ?? 'gateway'}-${process.pid}`,
        ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
      });
      mountOverlays(app, { views: gateway.views, revoked: gateway.revoked, secret, publicUrl: env.GATEWAY_PUBLIC_URL, clock: backends.clock });
      app.onListen((server) => gateway.attach(server));
      app.section(() => [
        {
          title: 'Gateway',
          rows: [
            ['sockets', String(gateway.io.engine?.clientsCount ?? 0)],
            ['event feed', gateway.leading ? 'read here and emitted to every gateway' : 'read by another gateway (standing by)'],
            ['rooms shared', env.REDIS_URL ? 'with every gateway through Redis streams' : 'this process only'],
            ['overlays', '/overlay (links), /overlay/battle, /overlay/leaderboard, /overlay/ticker, /overlay/nation'],
          ],
        },
      ]);
      return {
        async stop() {
          await gateway.stop();
          if (ownBoards) await leaderboards.close();
        },
      };
    },
  };
}
