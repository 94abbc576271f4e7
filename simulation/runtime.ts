// The real runtime on the embedded backends (MemoryShardStore, MemoryTimers,
// PGlite) with a virtual clock: one RuntimeNode running the game's six actor
// kinds, the runtime's periodic work (the in-memory scheduler ticking the
// job table of actors/periodic.ts, and the season reactions reading the power
// board), a RuntimeClient for commands, and time moved only by advanceTime —
// which fires actor timers and scheduler ticks in one time order.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { gameKinds, periodicJobs, seasonReactions, type GameRules } from '../actors/index.ts';
import { loadConfig } from '../config/index.ts';
import { nodeSettings, openBackends, type Backends } from '../runtime/backends.ts';
import { RuntimeClient } from '../runtime/client.ts';
import { VirtualClock } from '../runtime/clock.ts';
import { KindRegistry } from '../runtime/kinds.ts';
import { createRuntimeMetrics } from '../runtime/metrics.ts';
import { RuntimeNode } from '../runtime/node.ts';
import { MemoryScheduler, PeriodicWork, unflushedActors } from '../runtime/scheduler/index.ts';
import { advanceTime, settle } from '../runtime/virtual-time.ts';
import type { MemoryTimers } from '../runtime/timers/memory-timers.ts';
import { MemoryLeaderboards } from '../storage/leaderboards.ts';
import { MemorySchedulerState } from '../storage/scheduler-state.ts';

/** Shards of the simulated cluster: enough for the node to work on many actors side by side. */
const SHARDS = 16;
/**
 * The write-behind runs on real time while virtual time races ahead; a
 * longer interval than production's 0.5 s lets PGlite take bigger batches
 * instead of competing for the CPU with the actors.
 */
const WRITE_BEHIND_INTERVAL_MS = 3_000;
const WRITE_BEHIND_BATCH = 5_000;

export interface SimRuntime {
  readonly clock: VirtualClock;
  readonly client: RuntimeClient;
  readonly backends: Backends;
  /** Where PGlite keeps the season's database; removed by close(). */
  readonly dataDir: string;
  readonly node: RuntimeNode;
  readonly shards: number;
  /**
   * The power board the season's standings reaction reads. The leaderboard
   * projection is not part of the simulation: the driver fills the board from
   * nation state (the same leaderboardValues the projection's input carries).
   */
  readonly boards: MemoryLeaderboards;
  settle(): Promise<void>;
  /** Moves virtual time on by `ms`, firing every actor timer and scheduler tick due on the way in order, then the season reactions. */
  advance(ms: number): Promise<number>;
  close(): Promise<void>;
}

export async function startRuntime(rules: GameRules, start: number): Promise<SimRuntime> {
  const env = loadConfig({ env: { SHARDS: String(SHARDS), KEY_PREFIX: 'sim:', LOG_LEVEL: 'silent', REQUEST_TIMEOUT_MS: '120000' } }).env;
  const logger = pino({ level: 'silent' });
  const clock = new VirtualClock(start);
  // PGlite's files go to a directory of their own rather than memory: every
  // message of a season is logged there, 6.8 GB of memory for a full season.
  const dataDir = await mkdtemp(join(tmpdir(), 'server-wars-simulation-'));
  const backends = await openBackends({ env, logger, clock, virtualTime: true, dataDir }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const timers = backends.memoryTimers as MemoryTimers;
  const node = new RuntimeNode({
    nodeId: 'sim',
    store: backends.store,
    timers: backends.timers,
    repo: backends.repo,
    kinds: new KindRegistry(gameKinds(rules)),
    clock,
    metrics: createRuntimeMetrics(),
    logger,
    ...nodeSettings(env),
    writeBehindIntervalMs: WRITE_BEHIND_INTERVAL_MS,
    writeBehindBatch: WRITE_BEHIND_BATCH,
    // Leases run on real time (MemoryShardStore); one node owns every shard throughout.
    leaseTtlMs: 30_000,
    blockMs: 100,
    // The in-memory store and this run's PGlite live and die together, so an
    // actor missing from the one is new, and a lookup in the other only finds
    // nothing. It would also cost the run its repeatability: the lookup goes
    // through a socket, and while a shard waits for it the others go on, so
    // two shards' sends to a third (escrow to the market, a war's results to
    // a nation) could arrive in another order from run to run.
    restoreFromRepo: false,
  });
  await node.start();
  const client = new RuntimeClient({ store: backends.store, prefix: env.KEY_PREFIX, shards: SHARDS, timeoutMs: env.REQUEST_TIMEOUT_MS, name: 'simulation' });
  const scheduler = new MemoryScheduler({
    clock,
    realtime: false,
    onError: (job, error) => process.stderr.write(`periodic job ${job} failed: ${String(error)}\n`),
  });
  const boards = new MemoryLeaderboards(['power']);
  const work = await new PeriodicWork({
    jobs: periodicJobs(rules.timers),
    reactions: seasonReactions(),
    scheduler,
    state: new MemorySchedulerState(),
    repo: backends.repo,
    client,
    // The driver reads the feed between settles (catchUp): no background reader races the virtual clock.
    feed: { store: backends.store, shards: SHARDS, follow: false },
    leaderboards: boards,
    logger,
    leader: () => true,
    unflushed: (kind) => unflushedActors(backends.store, SHARDS, kind),
  }).start();
  return {
    clock,
    client,
    backends,
    dataDir,
    node,
    shards: SHARDS,
    boards,
    settle: () => settle([node], 300_000),
    async advance(ms) {
      // Timers first: at equal due times an actor's own timer fires before a tick.
      const fired = await advanceTime(clock, [timers, scheduler], [node], ms);
      // The season's reactions (standings, reset) to what was emitted meanwhile, settled like the rest.
      if ((await work.catchUp()) > 0) await settle([node], 300_000);
      return fired;
    },
    async close() {
      await work.stop();
      await scheduler.close();
      await client.close();
      await node.stop();
      await backends.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
