// Schedules on BullMQ job schedulers (DESIGN §6; BullMQ 6 has no other repeat
// API). The scheduler id is the job's name, so every runtime node upserting
// the same table makes one schedule; a schedule no longer configured is
// removed. Ticks fall on whole multiples of the cadence since the epoch. Only
// the node chosen to do the work runs the Worker; a tick waits in the queue
// while no node does (a hand-over), it is not lost.
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { repeatedErrors } from '../repeated-errors.ts';
import { checkSchedules, nextBoundary, type Schedule, type Scheduler, type ScheduleStatus, type TickHandler } from './schedule.ts';

export const PERIODIC_QUEUE = 'periodic';

export interface BullmqSchedulerOptions {
  readonly connection: ConnectionOptions;
  /** BullMQ key prefix (storage/keys.ts queuePrefix). */
  readonly prefix: string;
  readonly logger: Logger;
  /** Ticks that threw are retried this often, with backoff (the fan-out is idempotent). */
  readonly attempts?: number;
}

/**
 * A job scheduler's iteration has the id `repeat:<scheduler id>:<millis>`,
 * `millis` being the time it was scheduled for: the tick's time, whatever the
 * worker's clock says when it runs (late, retried, or on a skewed clock).
 */
export function scheduledAt(job: Pick<Job, 'id' | 'timestamp'>): number {
  const millis = Number(/:(\d+)$/.exec(job.id ?? '')?.[1]);
  return Number.isSafeInteger(millis) ? millis : job.timestamp;
}

/**
 * The cadence boundary a tick belongs to. BullMQ schedules a new scheduler's
 * first iteration at max(startDate, now): an upsert that reaches Redis just
 * after the boundary it aimed at (a busy machine) runs a few ms past it, and
 * so do the iterations that follow; the tick is still that boundary's.
 */
export function onBoundary(at: number, everyMs: number | undefined): number {
  return everyMs === undefined || everyMs <= 0 ? at : at - (at % everyMs);
}

export class BullmqScheduler implements Scheduler {
  readonly description = 'BullMQ job schedulers';
  readonly queue: Queue;
  readonly #options: BullmqSchedulerOptions;
  #worker: Worker | undefined;
  /** Cadences of the schedules this process synced (onBoundary). */
  readonly #cadence = new Map<string, number>();

  constructor(options: BullmqSchedulerOptions) {
    this.#options = options;
    this.queue = new Queue(PERIODIC_QUEUE, { connection: options.connection, prefix: options.prefix });
    // Without a listener BullMQ prints each failed reconnect to stderr, outside the JSON log.
    this.queue.on('error', (error) => options.logger.debug({ err: error }, 'periodic queue connection error'));
  }

  async sync(schedules: readonly Schedule[]): Promise<void> {
    checkSchedules(schedules);
    this.#cadence.clear();
    for (const { name, everyMs } of schedules) {
      this.#cadence.set(name, everyMs);
      // startDate only matters when the scheduler is new or its cadence changed
      // (BullMQ keeps the next iteration of an unchanged one): it aligns the
      // first tick to a boundary, so the ticks of every node's upsert agree.
      await this.queue.upsertJobScheduler(
        name,
        { every: everyMs, startDate: nextBoundary(Date.now(), everyMs) },
        {
          name,
          data: { schedule: name },
          opts: {
            attempts: this.#options.attempts ?? 5,
            backoff: { type: 'exponential', delay: 1_000 },
            removeOnComplete: 100,
            removeOnFail: 100,
          },
        },
      );
    }
    const wanted = new Set(schedules.map((schedule) => schedule.name));
    for (const scheduler of await this.queue.getJobSchedulers(0, -1)) {
      if (wanted.has(scheduler.key)) continue;
      await this.queue.removeJobScheduler(scheduler.key);
      this.#options.logger.info({ schedule: scheduler.key }, 'removed a periodic schedule that is no longer configured');
    }
  }

  async work(tick: TickHandler): Promise<void> {
    if (this.#worker) return;
    const { connection, prefix, logger } = this.#options;
    // One tick at a time: a fan-out already sends thousands of messages in flight.
    this.#worker = new Worker(
      PERIODIC_QUEUE,
      (job) => {
        const name = String((job.data as { schedule?: unknown }).schedule ?? job.name);
        return tick(name, onBoundary(scheduledAt(job), this.#cadence.get(name)));
      },
      {
        connection,
        prefix,
        concurrency: 1,
      },
    );
    this.#worker.on('failed', (job, error) => logger.warn({ job: job?.id, attempts: job?.attemptsMade, err: error }, 'periodic tick failed'));
    // The same error (a failed reconnect while Redis is down) once a minute, with a count.
    this.#worker.on('error', repeatedErrors(logger, 'periodic worker error'));
  }

  async rest(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.close();
  }

  async status(): Promise<ScheduleStatus[]> {
    const schedulers = await this.queue.getJobSchedulers(0, -1, true);
    return schedulers.map((scheduler) => ({ name: scheduler.key, everyMs: Number(scheduler.every ?? 0), next: scheduler.next ?? null }));
  }

  async close(): Promise<void> {
    await this.rest();
    await this.queue.close();
  }
}
