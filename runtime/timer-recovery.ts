// Timer jobs live in Redis (BullMQ), so a Redis that loses its data loses them.
// An actor restored from PostgreSQL at its next message arms its own pending
// timers again (shard-batch.ts), but one waiting only for its timer gets no
// message. When a node finds the live store without the cluster's mark
// (node.ts), it arms again every pending timer PostgreSQL knows of: same job
// ids, so a job that survived is not doubled; a fire the actor no longer waits
// for is dropped as stale.
import type { Logger } from 'pino';
import type { ActorStateRepo, ShardStore } from '../storage/index.ts';
import { shardOf } from './address.ts';
import { timerJob, type TimerService } from './timers/timer-service.ts';

/** Actors read from PostgreSQL per page. */
const PAGE = 500;

export interface TimerRecoveryDeps {
  readonly repo: Pick<ActorStateRepo, 'pendingTimers'>;
  readonly timers: Pick<TimerService, 'arm'>;
  readonly shards: number;
  readonly store: Pick<ShardStore, 'description'>;
  readonly logger: Logger;
}

/** Arms every pending timer of `actor_state`, page by page; resolves to false when `signal` aborted it before the end. */
export async function rearmPendingTimers(deps: TimerRecoveryDeps, signal: AbortSignal): Promise<boolean> {
  const { repo, timers, shards, logger } = deps;
  let actors = 0;
  let armed = 0;
  for (let after = ''; ; ) {
    if (signal.aborted) {
      logger.info({ actors, timers: armed }, 'stopped before every pending timer was armed again; the next node to find the live store unmarked starts over');
      return false;
    }
    const page = await repo.pendingTimers(after, PAGE);
    await Promise.all(page.flatMap(({ address, timers: pending }) => pending.map((timer) => timers.arm(timerJob(address, shardOf(address, shards), timer)))));
    actors += page.length;
    armed += page.reduce((sum, row) => sum + row.timers.length, 0);
    if (page.length < PAGE) break;
    after = page.at(-1)!.address;
  }
  const store = deps.store.description;
  if (armed > 0) logger.warn({ store, actors, timers: armed }, 'the live store held no mark of this cluster (it lost its data, or is new beside an older PostgreSQL): armed again the pending timers PostgreSQL has');
  else logger.info({ store }, 'the live store held no mark of this cluster (first start, or it lost its data); PostgreSQL has no pending timers to arm');
  return true;
}
