// Timers for the embedded mode. With the system clock they fire on their own
// (setTimeout); with a virtual clock nothing fires until `fireDue` is called,
// so a test or the simulation advances time and every due timer fires in order.
import type { Clock } from '../clock.ts';
import type { TimerJob, TimerService } from './timer-service.ts';

export type FireTimer = (job: TimerJob) => Promise<void>;

/** setTimeout cannot wait longer than 2^31-1 ms; longer timers re-check. */
const MAX_WAIT_MS = 2 ** 31 - 1;

export class MemoryTimers implements TimerService {
  readonly description = 'in-memory timers';
  readonly #clock: Clock;
  readonly #fire: FireTimer;
  readonly #realtime: boolean;
  readonly #jobs = new Map<string, TimerJob>();
  readonly #handles = new Map<string, NodeJS.Timeout>();

  constructor(options: { clock: Clock; fire: FireTimer; realtime: boolean }) {
    this.#clock = options.clock;
    this.#fire = options.fire;
    this.#realtime = options.realtime;
  }

  async arm(job: TimerJob): Promise<void> {
    if (this.#jobs.has(job.jobId)) return;
    this.#jobs.set(job.jobId, job);
    if (this.#realtime) this.#schedule(job);
  }

  #schedule(job: TimerJob): void {
    const wait = Math.min(Math.max(0, job.due - this.#clock.now()), MAX_WAIT_MS);
    const handle = setTimeout(() => {
      this.#handles.delete(job.jobId);
      if (job.due > this.#clock.now()) return this.#schedule(job);
      void this.#fireJob(job);
    }, wait);
    handle.unref();
    this.#handles.set(job.jobId, handle);
  }

  async #fireJob(job: TimerJob): Promise<void> {
    if (!this.#jobs.delete(job.jobId)) return;
    await this.#fire(job);
  }

  async cancel(jobId: string): Promise<void> {
    this.#jobs.delete(jobId);
    clearTimeout(this.#handles.get(jobId));
    this.#handles.delete(jobId);
  }

  /** Forgets every pending job, as a Redis that lost its data forgets BullMQ's (tests). */
  flushAll(): void {
    for (const handle of this.#handles.values()) clearTimeout(handle);
    this.#handles.clear();
    this.#jobs.clear();
  }

  /** The earliest pending timer, if any. */
  next(): TimerJob | undefined {
    let earliest: TimerJob | undefined;
    for (const job of this.#jobs.values()) if (!earliest || job.due < earliest.due) earliest = job;
    return earliest;
  }

  /** Fires the earliest timer due by `time`; false when none is. */
  async fireNextDue(time: number): Promise<boolean> {
    const job = this.next();
    if (!job || job.due > time) return false;
    await this.#fireJob(job);
    return true;
  }

  get size(): number {
    return this.#jobs.size;
  }

  async close(): Promise<void> {
    for (const handle of this.#handles.values()) clearTimeout(handle);
    this.#handles.clear();
  }
}
