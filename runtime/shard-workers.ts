// The work side of a node's owned shards: per shard, the entries waiting in
// stream order, the actors cached between batches and one worker that runs
// the shard's batches one after another; different shards run side by side.
// The node decides which shards it owns; this runs what they deliver.
import { StorageError, StorageErrorCodes, type InboxEntry } from '../storage/index.ts';
import { ActorCache } from './actor-cache.ts';
import { processBatch, type BatchContext, type BatchOutcome } from './shard-batch.ts';
import { ShardQueue } from './shard-queue.ts';
import { sleep } from './sleep.ts';
import { SuspectGate } from './suspect-gate.ts';

export interface ShardWorkersOptions {
  /** What every batch runs with: store, actor kinds, clock, DEAD_LETTER_AFTER, logger… */
  readonly batch: BatchContext;
  readonly readBatch: number;
  /** The lease epoch the node holds `shard` under; undefined once it no longer owns it. */
  readonly epochOf: (shard: number) => number | undefined;
  /** A batch sent messages on: relay the shard's outbox. */
  readonly relay: (shard: number) => void;
  /** A commit was refused as fenced: another node owns the shard now. */
  readonly fenced: (shard: number, reason: string) => void;
}

/** Most entries queued for processing before intake waits (back-pressure). */
const MAX_QUEUED = 5_000;
/** How soon messages put off for an unreachable PostgreSQL are tried again. */
const DEFERRED_RETRY_MS = 1_000;
/** How long a batch that failed (Redis away) waits before it is tried again. */
const FAILED_BATCH_RETRY_MS = 100;

export class ShardWorkers {
  readonly #options: ShardWorkersOptions;
  /** Per shard worked: its entries waiting, and its actors kept between batches. */
  readonly #shards = new Map<number, { readonly queue: ShardQueue; readonly cache: ActorCache }>();
  readonly #workers = new Map<number, Promise<void>>();
  /** Which suspect entries may be in flight together (see #trySuspect). */
  readonly #suspects = new SuspectGate();

  constructor(options: ShardWorkersOptions) {
    this.#options = options;
  }

  /**
   * Forgets a shard the node no longer works; returns how many entries were
   * queued. They stay pending in the stream, and the next owner takes them over.
   */
  close(shard: number): number {
    const dropped = this.#shards.get(shard)?.queue.clear() ?? 0;
    this.#shards.delete(shard);
    return dropped;
  }

  enqueue(shard: number, entries: readonly InboxEntry[]): void {
    if (entries.length === 0) return;
    if (this.#options.epochOf(shard) === undefined) {
      // Delivered by a read issued before the shard was handed over; they stay
      // pending under this node until the new owner takes them (node.ts, ORPHAN_IDLE_MS).
      this.#options.batch.logger.info({ shard, count: entries.length }, 'entries of a shard no longer owned left to its owner');
      return;
    }
    let worked = this.#shards.get(shard);
    if (!worked) {
      worked = { queue: new ShardQueue(), cache: new ActorCache() };
      this.#shards.set(shard, worked);
    }
    worked.queue.push(entries);
    this.#wake(shard);
  }

  /** Whether intake should wait: enough is queued already. */
  get full(): boolean {
    let total = 0;
    for (const { queue } of this.#shards.values()) total += queue.length;
    return total >= MAX_QUEUED;
  }

  /** Resolves when some worker runs out of work, or after `ms` at most. */
  someDone(ms: number): Promise<unknown> {
    return Promise.race([...this.#workers.values(), sleep(ms)]);
  }

  /** True when no worker runs and nothing is queued or put off. */
  get idle(): boolean {
    if (this.#workers.size > 0) return false;
    return [...this.#shards.values()].every(({ queue }) => queue.length === 0 && queue.waiting === 0);
  }

  /** Resolves when the shard's worker has run out of work, including what arrives meanwhile. */
  async finish(shard: number): Promise<void> {
    for (let worker = this.#workers.get(shard); worker; worker = this.#workers.get(shard)) await worker;
  }

  /** Resolves when every worker running now has stopped. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.#workers.values());
  }

  #wake(shard: number): void {
    if (!this.#workers.has(shard)) this.#workers.set(shard, this.#drain(shard));
  }

  /** The shard's one worker: batches of a shard run one after another, never side by side. */
  async #drain(shard: number): Promise<void> {
    for (;;) {
      const worked = this.#shards.get(shard);
      const epoch = this.#options.epochOf(shard);
      if (!worked || worked.queue.length === 0 || epoch === undefined) {
        // In the same synchronous step as the check: an entry enqueued a moment
        // later finds no worker and starts one.
        this.#workers.delete(shard);
        return;
      }
      const { queue, cache } = worked;
      const { batch, suspect } = queue.take(Math.max(this.#options.readBatch, 100));
      try {
        const { deferred, outbox } = suspect
          ? await this.#trySuspect(shard, epoch, batch, cache, queue)
          : await processBatch(this.#options.batch, shard, epoch, batch, cache, queue.blocked);
        if (deferred.length > 0) {
          queue.putOff(deferred, DEFERRED_RETRY_MS, () => {
            if (this.#options.epochOf(shard) !== undefined) this.#wake(shard);
          });
        }
        // Most batches send nothing on (a reply goes straight to its requester);
        // what a crash left in an outbox is picked up by the node's sweep.
        if (outbox) this.#options.relay(shard);
      } catch (error) {
        if (error instanceof StorageError && error.code === StorageErrorCodes.FENCED) {
          this.#options.fenced(shard, error.message);
          this.#workers.delete(shard);
          return;
        }
        // Nothing of the batch was acknowledged; forget what we cached and retry it
        // first, ahead of anything queued behind it, so each actor keeps its order.
        this.#options.batch.logger.error({ shard, err: error }, 'batch failed; retrying it');
        cache.clear();
        await sleep(FAILED_BATCH_RETRY_MS);
        queue.unshift(batch);
      }
    }
  }

  /**
   * A suspect entry (one an earlier owner took and never finished, see
   * shard-queue.ts) goes alone, with its attempt counted first, so it cannot
   * take innocent batch-mates down with it and is set aside after
   * DEAD_LETTER_AFTER attempts. One on its last chance runs alone across the
   * node as well (suspect-gate.ts): were it in flight when a poison message
   * beside it killed the node, it would be set aside in the poison's place.
   */
  #trySuspect(shard: number, epoch: number, batch: InboxEntry[], cache: ActorCache, queue: ShardQueue): Promise<BatchOutcome> {
    const entry = batch[0]!;
    const work = async (): Promise<BatchOutcome> => {
      // A retry after a failed batch (Redis away) is this node's same attempt.
      const attempts = 'attempts' in entry ? Number(entry.attempts) : await this.#options.batch.store.recordAttempt(shard, entry.streamId);
      // Counted in the batch itself, which is what a failed batch puts back in the queue.
      batch[0] = { ...entry, attempts } as InboxEntry;
      return processBatch(this.#options.batch, shard, epoch, batch, cache, queue.blocked);
    };
    return this.#suspects.run(Number((entry as { deliveries?: number }).deliveries), this.#options.batch.deadLetterAfter, work);
  }
}
