// The runtime's view of periodic work, generic over the game (DESIGN §6): a
// job has a cadence, a period id per tick, a target and an event; a reaction
// turns one public event into messages. The game's table (actors/periodic.ts)
// has exactly these shapes; the scheduler only turns ticks into messages on
// the right shard streams.

/** Every actor of a kind, or one actor. */
export type Target = { readonly kind: string } | { readonly address: string };

export type OutgoingEvent = { readonly type: string } & Record<string, unknown>;

export interface ScheduledJob {
  /** Unique; also the schedule's id in the scheduler, so N nodes make one schedule. */
  readonly name: string;
  readonly everyMinutes: number;
  /** Period id of the tick at epoch ms `at`; ids of one job sort in time order. */
  period(at: number): string;
  readonly target: Target;
  event(period: string): OutgoingEvent;
}

/** A public event as reactions see it (runtime/event-feed.ts PublicEvent). */
export interface FeedEvent {
  readonly from: string;
  readonly room: string;
  readonly event: { readonly type: string } & Record<string, unknown>;
}

/** What to send for one public event. */
export interface ReactionPlan {
  /** Unique per occurrence (e.g. `season-3:standings`): the message ids are derived from it. */
  readonly key: string;
  readonly target: Target;
  /** Read the top of this leaderboard first and hand its rows to `event`. */
  readonly board?: { readonly name: string; readonly limit: number };
  /** The event to send; null sends nothing (e.g. an empty board). */
  event(rows: readonly { readonly member: string; readonly score: number }[]): OutgoingEvent | null;
}

export interface FeedReaction {
  readonly name: string;
  /** The actor whose public events it answers: the leader reads only that actor's shard. */
  readonly from: string;
  /** Pure: the plan for this public event, or null when it is not one this reaction answers. */
  react(event: FeedEvent): ReactionPlan | null;
}

/** A schedule as the scheduler keeps it. */
export interface Schedule {
  readonly name: string;
  readonly everyMs: number;
}

export interface ScheduleStatus extends Schedule {
  /** When the next tick is due (epoch ms), if known. */
  readonly next: number | null;
}

/** Runs one tick of a schedule; `at` is the tick's scheduled time, from which its period comes. */
export type TickHandler = (name: string, at: number) => Promise<void>;

/**
 * Where schedules live and ticks come from. Every node calls `sync` (it is
 * idempotent: N nodes make one schedule per job); only the node chosen to do
 * the work calls `work`, and `rest` when it stops being that node.
 */
export interface Scheduler {
  readonly description: string;
  /** Makes the stored schedules exactly these: adds, updates cadences, removes ones no longer configured. */
  sync(schedules: readonly Schedule[]): Promise<void>;
  /** Starts running due ticks in this process. */
  work(tick: TickHandler): Promise<void>;
  /** Stops running ticks here, finishing the one in flight. */
  rest(): Promise<void>;
  status(): Promise<ScheduleStatus[]>;
  close(): Promise<void>;
}

export const MINUTE_MS = 60_000;

/** Throws, naming the schedule, unless every cadence is whole ms ≥ 1 and every name unique; checked before anything changes. */
export function checkSchedules(schedules: readonly Schedule[]): void {
  const names = new Set<string>();
  for (const { name, everyMs } of schedules) {
    if (!Number.isSafeInteger(everyMs) || everyMs < 1) throw new Error(`schedule "${name}": every must be whole ms ≥ 1, got ${everyMs}`);
    if (names.has(name)) throw new Error(`schedule "${name}" is listed twice`);
    names.add(name);
  }
}

/** The first tick boundary strictly after `now`: ticks fall on whole multiples of the cadence since the epoch. */
export function nextBoundary(now: number, everyMs: number): number {
  return Math.floor(now / everyMs) * everyMs + everyMs;
}
