// Timers on BullMQ delayed jobs (DESIGN §6). Any runtime node may run the
// worker: a due job only appends its fire message to the actor's shard stream.
import { DelayedError, Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from 'pino';
import { repeatedErrors } from '../repeated-errors.ts';
import type { TimerJob, TimerService } from './timer-service.ts';

export const TIMER_QUEUE = 'timers';
/** A fire this close to its due time is on time (clock readings differ by a round trip). */
const EARLY_TOLERANCE_MS = 5;
/** An early fire due within this long waits in the worker instead of going back to the queue. */
const WAIT_IN_PLACE_MS = 2_000;

export interface BullmqTimersOptions {
  readonly connection: ConnectionOptions;
  readonly prefix: string;
  /** Appends a fire message to a shard's inbox. */
  readonly deliver: (shard: number, body: string) => Promise<void>;
  readonly now: () => number;
  readonly logger: Logger;
  /** Run the worker that fires due timers (runtime nodes do; clients need not). */
  readonly work: boolean;
}

export class BullmqTimers implements TimerService {
  readonly description = 'BullMQ delayed jobs';
  readonly queue: Queue;
  readonly #worker: Worker | undefined;
  readonly #now: () => number;

  constructor(options: BullmqTimersOptions) {
    this.#now = options.now;
    this.queue = new Queue(TIMER_QUEUE, { connection: options.connection, prefix: options.prefix });
    // Without a listener BullMQ prints each failed reconnect to stderr, outside the JSON log.
    this.queue.on('error', (error) => options.logger.debug({ err: error }, 'timer queue connection error'));
    if (options.work) {
      this.#worker = new Worker(
        TIMER_QUEUE,
        async (job, token) => {
          const { shard, body, due } = job.data as { shard: number; body: string; due?: number };
          // BullMQ promotes delayed jobs by the worker's own wall clock; the runtime's
          // clock is Redis server time. A worker whose clock runs ahead would fire
          // early: put the job back until it is due by the cluster's time.
          const early = (due ?? 0) - this.#now();
          if (early > EARLY_TOLERANCE_MS) {
            if (early < WAIT_IN_PLACE_MS) {
              // Until due by the cluster's clock: a timer's millisecond rounding
              // alone has woken this up 1 ms early.
              for (let left = early; left > 0; left = (due ?? 0) - this.#now()) {
                await new Promise((resolve) => setTimeout(resolve, left));
              }
            } else {
              await job.moveToDelayed(Date.now() + early, token);
              throw new DelayedError();
            }
          }
          await options.deliver(shard, body);
        },
        { connection: options.connection, prefix: options.prefix, concurrency: 50 },
      );
      this.#worker.on('failed', (job, error) => options.logger.warn({ job: job?.id, err: error }, 'timer delivery failed'));
      // The same error (a failed reconnect while Redis is down) once a minute, with a count.
      this.#worker.on('error', repeatedErrors(options.logger, 'timer worker error'));
    }
  }

  async arm(job: TimerJob): Promise<void> {
    await this.queue.add(
      'fire',
      { shard: job.shard, body: job.body, due: job.due },
      {
        jobId: job.jobId,
        delay: Math.max(0, job.due - this.#now()),
        attempts: 5,
        backoff: { type: 'exponential', delay: 200 },
        removeOnComplete: true,
        removeOnFail: 1000,
      },
    );
  }

  async cancel(jobId: string): Promise<void> {
    // A job already running or gone cannot be removed; its fire is dropped as stale.
    await this.queue.remove(jobId).catch(() => 0);
  }

  async close(): Promise<void> {
    await this.#worker?.close();
    await this.queue.close();
  }
}
