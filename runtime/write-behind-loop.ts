// Runs the write-behind flusher (storage/write-behind.ts) for a node's shards:
// every interval, back to back while behind, with growing pauses while
// PostgreSQL is away (Redis keeps serving meanwhile), reporting the lag.
// A round that hangs (a connection wedged by a PostgreSQL restart) counts as
// failed after a limit, so durability never stops in silence.
import type { Logger } from 'pino';
import { flushOnce, type ActorStateRepo, type ShardStore, type FlushReport } from '../storage/index.ts';
import type { RuntimeMetrics } from './metrics.ts';
import { sleep, withTimeout } from './sleep.ts';

export interface WriteBehindLoopOptions {
  readonly store: ShardStore;
  readonly repo: ActorStateRepo;
  readonly batch: number;
  readonly intervalMs: number;
  readonly shards: () => readonly number[];
  readonly metrics: RuntimeMetrics;
  readonly logger: Logger;
  /** How long a round may run before it counts as failed (default 30 s; rounds take well under a second, a catch-up round a few). */
  readonly roundLimitMs?: number;
}

const MAX_PAUSE_MS = 10_000;
const ROUND_LIMIT_MS = 30_000;

export class WriteBehindLoop {
  readonly #options: WriteBehindLoopOptions;
  #lastCaughtUp = Date.now();
  #failing = false;

  constructor(options: WriteBehindLoopOptions) {
    this.#options = options;
  }

  /** Seconds since the flusher last had nothing left to write. */
  get lagSeconds(): number {
    return (Date.now() - this.#lastCaughtUp) / 1000;
  }

  /** True while the last flush attempt failed (PostgreSQL unreachable). */
  get failing(): boolean {
    return this.#failing;
  }

  #round(): Promise<FlushReport> {
    return flushOnce({ store: this.#options.store, repo: this.#options.repo, batch: this.#options.batch }, this.#options.shards());
  }

  /** Writes everything dirty now; an abort starts no further round (what is left stays dirty in the live store). */
  async flush(signal?: AbortSignal): Promise<{ states: number; messages: number }> {
    const total = { states: 0, messages: 0 };
    while (!signal?.aborted) {
      const report = await this.#round();
      total.states += report.states;
      total.messages += report.messages;
      if (!report.more) {
        this.#lastCaughtUp = Date.now();
        break;
      }
    }
    return total;
  }

  /**
   * A graceful stop's flush, bounded: once `limitMs` is up no further round
   * starts, and whatever is left stays dirty in the live store for the next
   * owner. The round under way then usually ends with the shutdown closing its
   * PostgreSQL connection; nothing is lost by that, so it is no error.
   */
  async flushWithin(limitMs: number): Promise<void> {
    const { logger } = this.#options;
    const cut = new AbortController();
    const flushing = this.flush(cut.signal).catch((error: unknown) => {
      if (cut.signal.aborted) logger.info({ err: error }, 'the write-behind round under way at the cut ended unfinished; its rows stay dirty');
      else logger.error({ err: error }, 'final flush failed; the rest stays dirty for the next owner');
      return undefined;
    });
    const finished = new AbortController();
    const flushed = await Promise.race([flushing, sleep(limitMs, finished.signal).then(() => 'time up' as const)]);
    finished.abort();
    if (flushed === 'time up') {
      cut.abort();
      logger.warn({ ms: limitMs }, 'final flush cut short; the rest stays dirty for the next owner');
    } else if (flushed) {
      logger.info({ states: flushed.states, messages: flushed.messages }, 'final flush done');
    }
  }

  async run(signal: AbortSignal): Promise<void> {
    const { intervalMs, logger, metrics } = this.#options;
    let pause = intervalMs;
    while (!signal.aborted) {
      await sleep(pause, signal);
      if (signal.aborted) break;
      try {
        const started = performance.now();
        // A round given up on may still finish later, overlapping the next:
        // harmless, as upserts are version-guarded, log inserts skip stored
        // versions and dirty marks are cleared only at the version written.
        const report = await withTimeout(this.#round(), this.#options.roundLimitMs ?? ROUND_LIMIT_MS, 'a write-behind round');
        metrics.writeBehindRoundSeconds.observe((performance.now() - started) / 1000);
        if (this.#failing) logger.info({ lagSeconds: this.lagSeconds }, 'write-behind reaches PostgreSQL again; catching up');
        this.#failing = false;
        // Behind: go again at once until caught up, then back to the interval.
        pause = report.more ? 0 : intervalMs;
        if (!report.more) this.#lastCaughtUp = Date.now();
      } catch (error) {
        this.#failing = true;
        pause = Math.min(Math.max(pause, intervalMs) * 2, MAX_PAUSE_MS);
        logger.error({ err: error, retryInMs: pause, lagSeconds: this.lagSeconds }, 'write-behind flush failed');
      }
      metrics.writeBehindLagSeconds.set(this.lagSeconds);
    }
  }
}
