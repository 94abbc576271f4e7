// Runs the write-behind flusher (storage/write-behind.ts) for a node's shards:
// every interval, back to back while behind, with growing pauses while
// PostgreSQL is away (Redis keeps serving meanwhile), reporting the lag.
import type { Logger } from 'pino';
import { flushOnce, type ActorStateRepo, type ShardStore, type FlushReport } from '../storage/index.ts';
import type { RuntimeMetrics } from './metrics.ts';
import { sleep } from './sleep.ts';

export interface WriteBehindLoopOptions {
  readonly store: ShardStore;
  readonly repo: ActorStateRepo;
  readonly batch: number;
  readonly intervalMs: number;
  readonly shards: () => readonly number[];
  readonly metrics: RuntimeMetrics;
  readonly logger: Logger;
}

const MAX_PAUSE_MS = 10_000;

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

  /**
   * Writes everything dirty now; an abort starts no further round (what is
   * left stays dirty in the live store) and the result says it stopped short.
   */
  async flush(signal?: AbortSignal): Promise<{ states: number; messages: number; complete: boolean }> {
    const total = { states: 0, messages: 0, complete: false };
    while (!signal?.aborted) {
      const report = await this.#round();
      total.states += report.states;
      total.messages += report.messages;
      if (!report.more) {
        total.complete = true;
        this.#lastCaughtUp = Date.now();
        break;
      }
    }
    return total;
  }

  async run(signal: AbortSignal): Promise<void> {
    const { intervalMs, logger, metrics } = this.#options;
    let pause = intervalMs;
    while (!signal.aborted) {
      await sleep(pause, signal);
      if (signal.aborted) break;
      try {
        const report = await this.#round();
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
