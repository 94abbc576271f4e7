// Opens what a process runs on: Redis + PostgreSQL when their URLs are set,
// otherwise the embedded backends (in-memory streams/state/timers and PGlite)
// behind the same interfaces (DESIGN §9).
import type { Logger } from 'pino';
import type { EnvConfig } from '../config/index.ts';
import { MemoryFlagStore, RedisFlagStore, MemoryShardStore, createActorStateRepo, migrate, openDatabase, createRedisShardStore, queuePrefix, type FlagStore, type ActorStateRepo, type Database, type ShardStore } from '../storage/index.ts';
import { ServerClock, systemClock, type Clock } from './clock.ts';
import { BullmqTimers } from './timers/bullmq-timers.ts';
import { MemoryTimers } from './timers/memory-timers.ts';
import type { TimerService } from './timers/timer-service.ts';

export interface Backends {
  readonly store: ShardStore;
  readonly database: Database;
  readonly repo: ActorStateRepo;
  readonly timers: TimerService;
  /** Feature flags switched at runtime (the ops console); nodes follow them through runtime/flags.ts. */
  readonly flags: FlagStore;
  /** Set in the embedded mode: timers a virtual clock drives by hand. */
  readonly memoryTimers?: MemoryTimers;
  readonly embedded: boolean;
  /** The clock the runtime stamps messages and arms timers with (Redis server time when distributed). */
  readonly clock: Clock;
  close(): Promise<void>;
}

/** The RuntimeNode settings that come from the environment. */
export function nodeSettings(env: EnvConfig, prefix = env.KEY_PREFIX) {
  return {
    prefix,
    shards: env.SHARDS,
    readBatch: env.READ_BATCH,
    deadLetterAfter: env.DEAD_LETTER_AFTER,
    leaseTtlMs: env.LEASE_TTL_MS,
    writeBehindIntervalMs: env.WRITE_BEHIND_INTERVAL_MS,
    writeBehindBatch: env.WRITE_BEHIND_BATCH,
    messageRetentionMs: env.MESSAGE_RETENTION_DAYS * 86_400_000,
  } as const;
}

export interface OpenBackendsOptions {
  readonly env: EnvConfig;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Embedded timers fire only when the caller advances the clock (tests, simulation). */
  readonly virtualTime?: boolean;
  /** Run the BullMQ worker that fires due timers (runtime nodes). */
  readonly fireTimers?: boolean;
  /** PostgreSQL schema to use (tests); default public. */
  readonly schema?: string;
  /** Key prefix override (tests); default env.KEY_PREFIX. */
  readonly prefix?: string;
  /** Embedded PostgreSQL only: keep PGlite's files in this directory instead of in memory. */
  readonly dataDir?: string;
}

export async function openBackends(options: OpenBackendsOptions): Promise<Backends> {
  const { env, logger } = options;
  const clock = options.clock ?? systemClock;
  const prefix = options.prefix ?? env.KEY_PREFIX;
  const dedupTtlMs = env.DEDUP_TTL_HOURS * 3600_000;

  const database = await openDatabase({
    ...(env.DATABASE_URL ? { url: env.DATABASE_URL } : {}),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...((options.schema ?? env.DATABASE_SCHEMA) ? { schema: options.schema ?? env.DATABASE_SCHEMA } : {}),
    log: (line) => logger.info(line),
  });
  await migrate(database.sql, { log: (line) => logger.info(line) });
  const repo = createActorStateRepo(database.sql);

  if (!env.REDIS_URL) {
    const store = new MemoryShardStore({ now: () => clock.now(), dedupTtlMs });
    const memoryTimers = new MemoryTimers({
      clock,
      realtime: !options.virtualTime,
      fire: (job) => store.append(job.shard, [job.body]),
    });
    const flags = new MemoryFlagStore();
    return {
      store,
      database,
      repo,
      timers: memoryTimers,
      flags,
      memoryTimers,
      embedded: true,
      clock,
      async close() {
        await flags.close();
        await memoryTimers.close();
        await store.close();
        await database.close();
      },
    };
  }

  const store = await createRedisShardStore({ url: env.REDIS_URL, prefix, dedupTtlMs });
  const serverClock = options.clock ? undefined : await new ServerClock(() => store.serverTime()).start();
  const distributedClock = options.clock ?? serverClock!;
  const timers = new BullmqTimers({
    connection: { url: env.REDIS_URL, maxRetriesPerRequest: null },
    prefix: queuePrefix(prefix),
    deliver: (shard, body) => store.append(shard, [body]),
    now: () => distributedClock.now(),
    logger,
    work: options.fireTimers ?? true,
  });
  const flags = new RedisFlagStore(env.REDIS_URL, prefix);
  return {
    store,
    database,
    repo,
    timers,
    flags,
    embedded: false,
    clock: distributedClock,
    async close() {
      serverClock?.stop();
      await flags.close();
      await timers.close();
      await store.close();
      await database.close();
    },
  };
}
