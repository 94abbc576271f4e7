// The leaderboards as a process role, run beside a runtime node (Procfile
// `runtime`, and `npm start`): the projection of nations' `nationStats` into
// the LeaderboardStore — running on whichever node owns shard 0, standing by
// on the others — and the read-only HTTP API over the store on every node.
import type { Logger } from 'pino';
import { BOARDS, MemoryLeaderboards, RedisLeaderboards, type LeaderboardStore } from '../storage/leaderboards.ts';
import { boardUpdates } from '../storage/projections/leaderboard-updates.ts';
import { mountLeaderboardApi, API_PREFIX } from './leaderboard-api.ts';
import { LEADER_SHARD } from './ownership.ts';
import type { Role, RoleContext, StartedRole } from './process.ts';
import { ProjectionRunner, type ProjectionSink } from './projection.ts';

export interface LeaderboardRoleOptions {
  /** The store to write (embedded `npm start`: the one the bot and gateway read); default Redis, or a fresh in-memory one. */
  readonly leaderboards?: LeaderboardStore;
  /** Ownership check / lag measurement cadences (tests shorten them). */
  readonly checkMs?: number;
  readonly lagEveryMs?: number;
}

export interface StartedLeaderboards extends StartedRole {
  readonly store: LeaderboardStore;
  /** Null in a process without a runtime node (the projection needs one). */
  readonly projection: ProjectionRunner | null;
}

/** Feed batches → board updates, applied with the cursor in one fenced step. */
export function leaderboardSink(store: LeaderboardStore, logger: Logger): ProjectionSink {
  return {
    name: 'leaderboards',
    loadCursor: () => store.loadCursor(),
    apply(events, positions, epoch) {
      const { updates, skipped } = boardUpdates(events, store.boards);
      for (const skip of skipped) logger.warn({ from: skip.from, reason: skip.reason }, 'skipped a malformed nationStats event');
      return store.applyBatch(updates, positions, epoch);
    },
  };
}

export function leaderboardRole(options: LeaderboardRoleOptions = {}): Role & { start(context: RoleContext): Promise<StartedLeaderboards> } {
  return {
    name: 'leaderboards',
    async start(context: RoleContext): Promise<StartedLeaderboards> {
      const { env } = context.config;
      const logger = context.logger.child({ component: 'leaderboards' });
      const owned = options.leaderboards === undefined;
      const store = options.leaderboards ?? (env.REDIS_URL ? new RedisLeaderboards(env.REDIS_URL, env.KEY_PREFIX, BOARDS) : new MemoryLeaderboards(BOARDS));
      mountLeaderboardApi(context.app, store);
      const node = context.node;
      if (!node) logger.warn('no runtime node in this process: the leaderboard projection runs only beside one (the API still reads the boards)');
      const projection = node
        ? new ProjectionRunner({
            store: context.backends.store,
            shards: env.SHARDS,
            sink: leaderboardSink(store, logger),
            owner: () => node.epochOf(LEADER_SHARD),
            clock: context.backends.clock,
            logger,
            registry: context.registry,
            // The seed cached boards for this long; nothing caches them here (reads go to the
            // store the projection keeps current), so it is the staleness the boards may reach
            // before the projection's lag is reported (docs/architecture.md, Leaderboards).
            staleAfterSeconds: context.config.timers.leaderboard.cache_ttl_minutes * 60,
            ...(options.checkMs ? { checkMs: options.checkMs } : {}),
            ...(options.lagEveryMs ? { lagEveryMs: options.lagEveryMs } : {}),
          }).start()
        : null;
      context.app.section(() => [
        {
          title: 'Leaderboards',
          rows: [
            ['store', store.description],
            [
              'projection',
              !projection
                ? 'not in this process'
                : projection.leading
                  ? `running here (this node owns shard 0): ${projection.lastLag.events} event(s), ${projection.lastLag.seconds.toFixed(1)} s behind${projection.stale ? ` — STALE (past ${context.config.timers.leaderboard.cache_ttl_minutes} min)` : ''}`
                  : 'standing by (another node owns shard 0 and projects)',
            ],
            ['API', `${API_PREFIX}, ${API_PREFIX}/:board?limit=&offset=, ${API_PREFIX}/:board/rank/:member`],
          ],
        },
      ]);
      return {
        store,
        projection,
        async stop() {
          await projection?.stop();
          if (owned) await store.close();
        },
      };
    },
  };
}
