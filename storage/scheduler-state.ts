// What the runtime's periodic work remembers between ticks and restarts: how
// far its reactions have read the public event feed, and each job's last tick
// (shown on status pages). Redis when distributed, an in-memory twin embedded.
import { Redis } from 'ioredis';
import { schedulerKeys } from './keys.ts';
import { loadFeedCursor, saveFeedCursor } from './feed-cursor.ts';
import { closeRedis } from './redis-close.ts';

export interface ScheduleRun {
  readonly period: string;
  /** Messages the tick sent. */
  readonly count: number;
  readonly ms: number;
  /** When it finished, epoch ms. */
  readonly at: number;
}

export interface SchedulerStateStore {
  readonly description: string;
  /** Where the reactions got to (shard → event id), if they ever saved it. */
  loadCursor(): Promise<Map<number, string> | undefined>;
  saveCursor(positions: ReadonlyMap<number, string>): Promise<void>;
  recordRun(job: string, run: ScheduleRun): Promise<void>;
  runs(): Promise<Map<string, ScheduleRun>>;
  close(): Promise<void>;
}

export class MemorySchedulerState implements SchedulerStateStore {
  readonly description = 'in-memory scheduler state';
  #cursor: Map<number, string> | undefined;
  readonly #runs = new Map<string, ScheduleRun>();

  async loadCursor(): Promise<Map<number, string> | undefined> {
    return this.#cursor && new Map(this.#cursor);
  }
  async saveCursor(positions: ReadonlyMap<number, string>): Promise<void> {
    this.#cursor = new Map([...(this.#cursor ?? []), ...positions]);
  }
  async recordRun(job: string, run: ScheduleRun): Promise<void> {
    this.#runs.set(job, run);
  }
  async runs(): Promise<Map<string, ScheduleRun>> {
    return new Map(this.#runs);
  }
  async close(): Promise<void> {}
}

function decodeRun(text: string): ScheduleRun | undefined {
  try {
    const run = JSON.parse(text) as Partial<ScheduleRun>;
    return typeof run.period === 'string' && typeof run.count === 'number' && typeof run.ms === 'number' && typeof run.at === 'number'
      ? { period: run.period, count: run.count, ms: run.ms, at: run.at }
      : undefined;
  } catch {
    return undefined;
  }
}

export class RedisSchedulerState implements SchedulerStateStore {
  readonly description = 'Redis';
  readonly #redis: Redis;
  readonly #keys: ReturnType<typeof schedulerKeys>;

  constructor(url: string, prefix: string) {
    this.#redis = new Redis(url, { maxRetriesPerRequest: 3 });
    this.#redis.on('error', () => {});
    this.#keys = schedulerKeys(prefix);
  }

  loadCursor(): Promise<Map<number, string> | undefined> {
    return loadFeedCursor(this.#redis, this.#keys.feedCursor);
  }

  saveCursor(positions: ReadonlyMap<number, string>): Promise<void> {
    return saveFeedCursor(this.#redis, this.#keys.feedCursor, positions);
  }

  async recordRun(job: string, run: ScheduleRun): Promise<void> {
    await this.#redis.hset(this.#keys.runs, job, JSON.stringify(run));
  }

  async runs(): Promise<Map<string, ScheduleRun>> {
    const saved = await this.#redis.hgetall(this.#keys.runs);
    const runs = new Map<string, ScheduleRun>();
    for (const [job, text] of Object.entries(saved)) {
      const run = decodeRun(text);
      if (run) runs.set(job, run);
    }
    return runs;
  }

  async close(): Promise<void> {
    await closeRedis(this.#redis);
  }
}
