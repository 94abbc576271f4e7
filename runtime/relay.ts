// Moves a shard's outbox on: messages to their target shard streams, timers
// to the timer service, notifications to the bot's stream. At least once; every kind is safe to repeat (runtime/outbox.ts).
import type { Logger } from 'pino';
import { notificationsKey, type ShardStore } from '../storage/index.ts';
import { decodeOutbox } from './outbox.ts';
import type { TimerService } from './timers/timer-service.ts';

export interface RelayContext {
  readonly store: ShardStore;
  readonly timers: TimerService;
  readonly prefix: string;
  readonly logger: Logger;
}

const RELAY_BATCH = 500;
/** The bot trims what it has delivered; this only bounds a stream nobody reads. */
const NOTIFICATIONS_MAX_LEN = 100_000;

/** Relays everything in the shard's outbox; resolves to the number of entries handled. */
export async function relayOutbox(ctx: RelayContext, shard: number): Promise<number> {
  let handled = 0;
  for (;;) {
    const entries = await ctx.store.readStream(shard, 'outbox', RELAY_BATCH);
    if (entries.length === 0) return handled;
    const toShards = new Map<number, string[]>();
    const toStreams = new Map<string, string[]>();
    const timerWork: Promise<void>[] = [];
    const add = <K>(map: Map<K, string[]>, key: K, body: string): void => {
      const list = map.get(key);
      if (list) list.push(body);
      else map.set(key, [body]);
    };
    for (const raw of entries) {
      const entry = decodeOutbox(raw.body);
      if (!entry) {
        ctx.logger.error({ shard, id: raw.id }, 'dropping an undecodable outbox entry');
        continue;
      }
      switch (entry.t) {
        case 'msg':
          add(toShards, entry.shard, entry.body);
          break;
        case 'notify':
          add(toStreams, notificationsKey(ctx.prefix), entry.body);
          break;
        case 'arm':
          timerWork.push(ctx.timers.arm({ jobId: entry.jobId, shard: entry.shard, body: entry.body, due: entry.due }));
          break;
        case 'cancel':
          timerWork.push(ctx.timers.cancel(entry.jobId));
          break;
      }
    }
    await Promise.all([
      ...[...toShards].map(([target, bodies]) => ctx.store.append(target, bodies)),
      ...[...toStreams].map(([stream, bodies]) => ctx.store.publish(stream, bodies, NOTIFICATIONS_MAX_LEN)),
      ...timerWork,
    ]);
    // Only once everything is handed on; a crash before this line relays the batch again.
    await ctx.store.deleteEntries(shard, 'outbox', entries.map((entry) => entry.id));
    handled += entries.length;
  }
}

/**
 * Runs one relay per shard at a time: a request while one runs makes it go
 * round once more, so nothing committed meanwhile waits for the next sweep.
 */
export class RelayScheduler {
  readonly #ctx: RelayContext;
  readonly #running = new Map<number, { again: boolean }>();

  constructor(ctx: RelayContext) {
    this.#ctx = ctx;
  }

  /** True while any shard's relay runs. */
  get busy(): boolean {
    return this.#running.size > 0;
  }

  schedule(shard: number): void {
    const current = this.#running.get(shard);
    if (current) {
      current.again = true;
      return;
    }
    const state = { again: false };
    this.#running.set(shard, state);
    void (async () => {
      try {
        do {
          state.again = false;
          await this.now(shard);
        } while (state.again);
      } finally {
        // Synchronously with the last `again` check: a later request starts a new relay.
        this.#running.delete(shard);
      }
    })();
  }

  /** Relays the shard's outbox now; a failure is logged and left to the next round. */
  async now(shard: number): Promise<void> {
    try {
      await relayOutbox(this.#ctx, shard);
    } catch (error) {
      this.#ctx.logger.error({ shard, err: error }, 'outbox relay failed; will retry');
    }
  }
}
