// Schedules for the embedded mode, ticking on the runtime's clock. With the
// system clock a timer wakes it for each due tick; with a virtual clock nothing
// fires until `fireNextDue` is called, the same due-source shape as the
// in-memory timers, so `advanceTime` fires timers and ticks in time order.
import type { Clock } from '../clock.ts';
import type { DueSource } from '../virtual-time.ts';
import { checkSchedules, nextBoundary, type Schedule, type Scheduler, type ScheduleStatus, type TickHandler } from './schedule.ts';

/** setTimeout cannot wait longer than 2^31-1 ms; longer waits re-check. */
const MAX_WAIT_MS = 2 ** 31 - 1;

interface Entry {
  readonly everyMs: number;
  /** Scheduled time of the next tick. */
  next: number;
}

export interface MemorySchedulerOptions {
  readonly clock: Clock;
  /** True: ticks fire on their own (setTimeout); false: only through fireNextDue (virtual clock). */
  readonly realtime: boolean;
  /** Told of a tick that threw (the tick is not repeated; the next one comes on time). */
  readonly onError?: (name: string, error: unknown) => void;
}

export class MemoryScheduler implements Scheduler, DueSource {
  readonly description = 'in-memory schedules on the runtime clock';
  readonly #options: MemorySchedulerOptions;
  readonly #entries = new Map<string, Entry>();
  #tick: TickHandler | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();

  constructor(options: MemorySchedulerOptions) {
    this.#options = options;
  }

  async sync(schedules: readonly Schedule[]): Promise<void> {
    checkSchedules(schedules);
    const wanted = new Map(schedules.map((schedule) => [schedule.name, schedule]));
    for (const name of this.#entries.keys()) if (!wanted.has(name)) this.#entries.delete(name);
    for (const { name, everyMs } of schedules) {
      const entry = this.#entries.get(name);
      // An unchanged cadence keeps its next tick; a new or changed one starts at the next boundary.
      if (entry?.everyMs !== everyMs) this.#entries.set(name, { everyMs, next: nextBoundary(this.#options.clock.now(), everyMs) });
    }
    this.#arm();
  }

  async work(tick: TickHandler): Promise<void> {
    this.#tick = tick;
    this.#arm();
  }

  async rest(): Promise<void> {
    this.#tick = undefined;
    clearTimeout(this.#timer);
    await this.#running;
  }

  async status(): Promise<ScheduleStatus[]> {
    return [...this.#entries].map(([name, entry]) => ({ name, everyMs: entry.everyMs, next: entry.next }));
  }

  /** The earliest pending tick (virtual clock: what advanceTime fires next). */
  next(): { name: string; due: number } | undefined {
    let earliest: { name: string; due: number } | undefined;
    for (const [name, entry] of this.#entries) if (!earliest || entry.next < earliest.due) earliest = { name, due: entry.next };
    return earliest;
  }

  /**
   * Runs the earliest tick due by `time` and resolves once it is done (its
   * messages are on the shard streams); false when none is due. Without a
   * worker (this node does not run the ticks) the tick passes unrun.
   */
  async fireNextDue(time: number): Promise<boolean> {
    const due = this.next();
    if (!due || due.due > time) return false;
    const entry = this.#entries.get(due.name)!;
    entry.next = due.due + entry.everyMs;
    const run = this.#run(due.name, due.due);
    this.#running = run;
    await run;
    return true;
  }

  async #run(name: string, at: number): Promise<void> {
    try {
      await this.#tick?.(name, at);
    } catch (error) {
      this.#options.onError?.(name, error);
    }
  }

  /** Realtime only: wakes at the earliest due tick, runs every tick due, and re-arms. */
  #arm(): void {
    clearTimeout(this.#timer);
    if (!this.#options.realtime || !this.#tick) return;
    const due = this.next();
    if (!due) return;
    const wait = Math.min(Math.max(0, due.due - this.#options.clock.now()), MAX_WAIT_MS);
    this.#timer = setTimeout(() => {
      void (async () => {
        // Ticks run one after another; a tick that was missed (the process slept) runs late, once per period.
        while (this.#tick && (await this.fireNextDue(this.#options.clock.now())));
        this.#arm();
      })();
    }, wait);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    await this.rest();
  }
}
