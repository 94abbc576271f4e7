// Timer jobs live in Redis (BullMQ), so a Redis that loses its data loses them.
// An actor restored from PostgreSQL at its next message arms its own pending
// timers again (shard-batch.ts), but one waiting only for its timer gets no
// message. When a node finds the live store without the cluster's mark
// (LiveMarkWatch, every housekeeping round), it arms again every pending timer
// PostgreSQL knows of: same job ids, so a job that survived is not doubled; a
// fire the actor no longer waits for is dropped as stale.
import type { Logger } from 'pino';
import type { ActorStateRepo, ShardStore } from '../storage/index.ts';
import { shardOf } from './address.ts';
import { timerJob, type TimerService } from './timers/timer-service.ts';
import { withTimeout } from './sleep.ts';

/** Actors read from PostgreSQL per page. */
const PAGE = 500;
/**
 * How long the live mark a node sets lapses after unless renewed: the node
 * renews it every housekeeping round while it re-arms timers, so this is how
 * soon another node takes over a recovery whose node died.
 */
const LIVE_CLAIM_MS = 30_000;

export interface TimerRecoveryDeps {
  readonly repo: Pick<ActorStateRepo, 'pendingTimers'>;
  readonly timers: Pick<TimerService, 'arm'>;
  readonly shards: number;
  readonly store: Pick<ShardStore, 'description'>;
  readonly logger: Logger;
}

/**
 * Arms every pending timer of `actor_state`, page by page; resolves to false
 * when `signal` aborted it before the end. A page that takes longer than
 * `pageLimitMs` fails the sweep (the caller passes its claim's hold time: a
 * page outlasting the claim holds it for nothing).
 */
export async function rearmPendingTimers(deps: TimerRecoveryDeps, signal: AbortSignal, pageLimitMs: number): Promise<boolean> {
  const { repo, timers, shards, logger } = deps;
  let actors = 0;
  let armed = 0;
  for (let after = ''; ; ) {
    if (signal.aborted) {
      logger.info({ actors, timers: armed }, 'stopped before every pending timer was armed again; the next node to find the live store unmarked starts over');
      return false;
    }
    const page = await withTimeout(repo.pendingTimers(after, PAGE), pageLimitMs, 'a page of pending timers from PostgreSQL');
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

export interface LiveMarkDeps extends TimerRecoveryDeps {
  readonly store: Pick<ShardStore, 'description' | 'markLive' | 'keepLive'>;
  readonly nodeId: string;
  /** How long the mark this node sets stays a claim without renewal (default LIVE_CLAIM_MS). */
  readonly claimMs?: number;
}

/**
 * A live store without the cluster's mark lost its timer jobs: the node that
 * marks it again re-arms them, holding the mark as a claim it renews meanwhile
 * and keeps for good once done. Should this node fail or die on the way, the
 * claim lapses and the next node to find the mark missing (this one included)
 * starts over.
 */
export class LiveMarkWatch {
  readonly #deps: LiveMarkDeps;
  readonly #signal: AbortSignal;
  #rearming: Promise<void> | undefined;

  constructor(deps: LiveMarkDeps, signal: AbortSignal) {
    this.#deps = deps;
    this.#signal = signal;
  }

  /** The re-arming under way, if any (a stop waits for it). */
  get rearming(): Promise<void> | undefined {
    return this.#rearming;
  }

  async check(): Promise<void> {
    const { store, nodeId, logger } = this.#deps;
    const holdMs = this.#deps.claimMs ?? LIVE_CLAIM_MS;
    if (this.#rearming) {
      await store.keepLive(nodeId, holdMs);
      return;
    }
    if (!(await store.markLive(nodeId, holdMs))) return;
    this.#rearming = rearmPendingTimers(this.#deps, this.#signal, holdMs)
      .then(async (done) => {
        if (done) await store.keepLive(nodeId);
      })
      .catch((error: unknown) => logger.error({ err: error, retryInMs: holdMs }, 'arming the pending timers from PostgreSQL failed; tried again once the claim lapses'))
      .finally(() => (this.#rearming = undefined));
  }
}
