// The bot role: the router and everything it needs, the discord.js client
// when DISCORD_TOKEN is set (off otherwise, saying so in the log and on `/`),
// notification delivery (one loop per gateway shard; into the play page's
// channels when Discord is off), and /play in the embedded mode.
import { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import type { Role, RoleContext, StartedRole } from '../runtime/index.ts';
import { closeRedis, createOverlayRevocations, MemoryLeaderboards, RedisLeaderboards, type LeaderboardStore } from '../storage/index.ts';
import { commands, commandsJson } from './commands/index.ts';
import type { BotContext } from './context.ts';
import { Directory } from './directory.ts';
import { shardOfSnowflake, startDiscordClient, type RunningClient } from './discord/client.ts';
import { Game } from './game.ts';
import { Moderation } from './moderation.ts';
import { NotificationDelivery } from './notifications/delivery.ts';
import { MemoryLedger, RedisLedger } from './notifications/ledger.ts';
import { DiscordSender, type NotificationSender } from './notifications/sender.ts';
import { trimDelivered } from './notifications/trim.ts';
import { playRoutes } from './play/routes.ts';
import { PlayWorld } from './play/world.ts';
import { CommandLimiter } from './rate-limit.ts';
import { Router } from './router.ts';
import { BOARDS } from './views.ts';

/** How often the owner of gateway shard 0 trims delivered notifications. */
const TRIM_EVERY_MS = 60_000;

export interface BotRoleOptions {
  /**
   * The store the leaderboard projection writes. Default: Redis sorted sets; without
   * REDIS_URL an empty in-memory store nobody writes, so `npm start` passes the
   * projection's own (bin/roles.ts).
   */
  readonly leaderboards?: LeaderboardStore;
  /** Overrides DISCORD_SHARDS / DISCORD_SHARD_COUNT (tests run two shards side by side). */
  readonly shards?: readonly number[];
  readonly shardCount?: number;
  /** Serve /play (default: in the embedded mode only: it lets anyone act as anyone). */
  readonly play?: boolean;
  /** Discord's READY wait for unavailable guilds (tests shorten it). */
  readonly waitGuildTimeoutMs?: number;
  readonly now?: () => number;
}

export interface StartedBot extends StartedRole {
  readonly router: Router;
  readonly context: BotContext;
  readonly discord: RunningClient | null;
  readonly world: PlayWorld | null;
  readonly deliveries: readonly NotificationDelivery[];
}

export interface BotRole extends Role {
  start(context: RoleContext): Promise<StartedBot>;
}

export function createBotRole(options: BotRoleOptions = {}): BotRole {
  return {
    name: 'bot',
    async start(role: RoleContext): Promise<StartedBot> {
      const { env, timers, features } = role.config;
      const logger = role.logger.child({ component: 'bot' });
      const prefix = env.KEY_PREFIX;
      const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3, enableAutoPipelining: true }) : undefined;
      redis?.on('error', (error) => logger.warn({ err: error }, 'bot redis connection error'));
      const moderation = new Moderation(role.backends.database.sql);
      await moderation.start();
      const ownLeaderboards = options.leaderboards ? undefined : env.REDIS_URL ? new RedisLeaderboards(env.REDIS_URL, prefix, BOARDS) : new MemoryLeaderboards(BOARDS);
      const context: BotContext = {
        game: new Game({ client: role.client, backends: role.backends, shards: env.SHARDS, timeoutMs: env.REQUEST_TIMEOUT_MS }),
        directory: new Directory(role.backends.database.sql),
        leaderboards: options.leaderboards ?? ownLeaderboards!,
        moderation,
        overlays: createOverlayRevocations(role.backends.database.sql),
        config: role.config,
        botAdmins: new Set(env.BOT_ADMINS),
        now: options.now ?? (() => role.backends.clock.now()),
      };
      const limiter = new CommandLimiter(
        { windowSeconds: timers.rate_limits.window_seconds, perUser: timers.rate_limits.per_user, perNation: timers.rate_limits.per_nation },
        { ...(redis ? { redis } : {}), prefix, onError: (error) => logger.warn({ err: error }, 'rate limiter unavailable; letting the command through') },
      );
      const router = new Router({ commands, context, limiter, logger, deferAfterMs: env.BOT_DEFER_MS, registry: role.registry });
      const delivered = new Counter({ name: 'bot_notifications_total', help: 'Notification deliveries by outcome', labelNames: ['outcome'], registers: [role.registry] });

      const deliveries: NotificationDelivery[] = [];
      const startDelivery = (sender: NotificationSender, scope: string, owns: (target: string) => boolean): void => {
        const delivery = new NotificationDelivery({
          store: role.backends.store,
          prefix,
          ledger: redis ? new RedisLedger(redis, prefix, scope) : new MemoryLedger(),
          sender,
          game: context.game,
          features,
          owns,
          logger: logger.child({ delivery: scope }),
          delivered,
        });
        delivery.start();
        deliveries.push(delivery);
      };

      const world = (options.play ?? role.backends.embedded) ? new PlayWorld() : null;
      if (world) {
        role.app.route('/play', playRoutes(world, router, () => commandsJson()));
        role.app.link('/play', '/play');
      }

      let discord: RunningClient | null = null;
      let trimTimer: NodeJS.Timeout | undefined;
      if (env.DISCORD_TOKEN) {
        discord = await startDiscordClient({
          token: env.DISCORD_TOKEN,
          ...(env.DISCORD_API_URL ? { apiUrl: env.DISCORD_API_URL } : {}),
          ...((options.shards ?? env.DISCORD_SHARDS) ? { shards: options.shards ?? env.DISCORD_SHARDS } : {}),
          ...((options.shardCount ?? env.DISCORD_SHARD_COUNT) ? { shardCount: options.shardCount ?? env.DISCORD_SHARD_COUNT } : {}),
          router,
          logger,
          ...(options.waitGuildTimeoutMs ? { waitGuildTimeoutMs: options.waitGuildTimeoutMs } : {}),
        });
        const sender = new DiscordSender(discord.client.rest);
        const count = discord.shardCount;
        for (const shard of discord.shardIds) {
          startDelivery(sender, `${shard}of${count}`, (target) => {
            const id = target.slice(target.indexOf(':') + 1);
            return /^\d{1,25}$/.test(id) && shardOfSnowflake(id, count) === shard;
          });
        }
        if (redis && discord.shardIds.includes(0)) {
          trimTimer = setInterval(() => void trimDelivered(redis, prefix, count).catch((error: unknown) => logger.warn({ err: error }, 'trimming notifications failed')), TRIM_EVERY_MS);
          trimTimer.unref();
        }
      } else {
        logger.warn('Discord bot is off: DISCORD_TOKEN is not set. Commands still work on the local play page (/play) in the embedded mode.');
        if (world) startDelivery(world, 'play', () => true);
      }

      role.app.section(() => [
        {
          title: 'Discord bot',
          rows: [
            ['Discord', discord ? `connected: shard(s) ${discord.shardIds.join(', ')} of ${discord.shardCount}, ${discord.client.guilds.cache.size} guild(s)` : 'off — DISCORD_TOKEN is not set'],
            ['commands', `${commands.length} (${commands.map((command) => `/${command.data.name}`).join(' ')})`],
            ['play page', world ? '/play (same commands, same router)' : 'off (distributed mode)'],
            ['notifications', `${deliveries.length} delivery loop(s), ${deliveries.reduce((sum, d) => sum + d.pending, 0)} pending`],
          ],
        },
      ]);

      return {
        router,
        context,
        discord,
        world,
        deliveries,
        async stop() {
          clearInterval(trimTimer);
          await discord?.stop();
          await Promise.all(deliveries.map((delivery) => delivery.stop()));
          moderation.stop();
          await ownLeaderboards?.close();
          await closeRedis(redis);
        },
      };
    },
  };
}
