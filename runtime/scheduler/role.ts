// Periodic work as a process role (`schedulerRole`): every runtime process
// upserts the schedules (idempotent), and the node that owns shard 0 runs the
// ticks' fan-outs and the reactions to public events. Embedded, the schedules
// tick on the runtime clock in this process; distributed, on BullMQ job
// schedulers. The status page shows each job's cadence, next tick and last run;
// `/schedules` gives the same as JSON.
import { BOARDS, MemoryLeaderboards, RedisLeaderboards, type LeaderboardStore } from '../../storage/leaderboards.ts';
import { queuePrefix } from '../../storage/keys.ts';
import { MemorySchedulerState, RedisSchedulerState } from '../../storage/scheduler-state.ts';
import { LEADER_SHARD } from '../ownership.ts';
import type { Role, RoleContext, StartedRole } from '../process.ts';
import { BullmqScheduler } from './bullmq-scheduler.ts';
import { unflushedActors } from './fan-out.ts';
import { MemoryScheduler } from './memory-scheduler.ts';
import { PeriodicWork, type JobStatus } from './periodic-work.ts';
import type { FeedReaction, ScheduledJob } from './schedule.ts';

export interface SchedulerRoleOptions {
  readonly jobs: readonly ScheduledJob[];
  readonly reactions?: readonly FeedReaction[];
  /**
   * Boards the reactions read. Default: Redis's (distributed); embedded, pass
   * the store the leaderboard projection fills, else the boards read empty.
   */
  readonly leaderboards?: LeaderboardStore;
}

const when = (at: number | null): string => (at === null ? '—' : new Date(at).toISOString().replace('.000Z', 'Z'));

function every(ms: number): string {
  const minutes = ms / 60_000;
  return minutes % 1440 === 0 ? `${minutes / 1440} d` : minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}

export function statusRows(jobs: readonly JobStatus[]): [string, string][] {
  return jobs.map((job) => [
    job.name,
    `every ${every(job.everyMs)} · next ${when(job.next)} · last ${job.last ? `${job.last.period}: ${job.last.count} messages in ${job.last.ms} ms` : 'none yet'}`,
  ]);
}

export function schedulerRole(options: SchedulerRoleOptions): Role {
  return {
    name: 'scheduler',
    async start(context: RoleContext): Promise<StartedRole> {
      const { config, backends, logger, app, registry, client, node } = context;
      const env = config.env;
      const scheduler = env.REDIS_URL
        ? new BullmqScheduler({ connection: { url: env.REDIS_URL, maxRetriesPerRequest: null }, prefix: queuePrefix(env.KEY_PREFIX), logger })
        : new MemoryScheduler({ clock: backends.clock, realtime: true, onError: (job, error) => logger.error({ err: error, job }, 'periodic tick failed') });
      const state = env.REDIS_URL ? new RedisSchedulerState(env.REDIS_URL, env.KEY_PREFIX) : new MemorySchedulerState();
      const ownBoards = options.leaderboards === undefined;
      const leaderboards = options.leaderboards ?? (env.REDIS_URL ? new RedisLeaderboards(env.REDIS_URL, env.KEY_PREFIX, BOARDS) : new MemoryLeaderboards(BOARDS));
      const work = new PeriodicWork({
        jobs: options.jobs,
        reactions: options.reactions ?? [],
        scheduler,
        state,
        repo: backends.repo,
        client,
        feed: { store: backends.store, shards: env.SHARDS },
        leaderboards,
        logger: logger.child({ role: 'scheduler' }),
        registry,
        // A process without a node only keeps the schedules; a node leads while it owns the leader shard.
        leader: () => node?.ownedShards.includes(LEADER_SHARD) ?? false,
        // Actors created a moment ago are not in actor_state yet: the dirty sets list them.
        unflushed: (kind) => unflushedActors(backends.store, env.SHARDS, kind),
      });
      await work.start();
      app.section(async () => [
        {
          title: `Periodic work (${scheduler.description}; ${work.leading ? 'ticks run on this node' : 'ticks run on the owner of shard 0'})`,
          rows: statusRows(await work.status()),
        },
      ]);
      app.route('/schedules', async (request, response) => {
        if (request.method !== 'GET') return false;
        response.writeHead(200, { 'content-type': 'application/json' }).end(`${JSON.stringify({ leading: work.leading, jobs: await work.status() })}\n`);
        return true;
      });
      app.link('/schedules', '/schedules');
      return {
        async stop() {
          await work.stop();
          await scheduler.close();
          await state.close();
          if (ownBoards) await leaderboards.close();
        },
      };
    },
  };
}
