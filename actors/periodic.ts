// The game's periodic jobs (GAME.md "Periodic work"), as a table the runtime's
// scheduler runs without knowing the game: each job has a cadence from
// config/timers.yaml `periodic:`, a target (every actor of a kind, or one
// actor) and the event it sends, stamped with a period id. Handlers are
// idempotent per period id, so a repeated or overlapping tick is harmless.
//
// GAME.md's other periodic items are not jobs here because the actors already
// realise them without a poll, and a job would only duplicate that work:
// - due battles: each war arms a durable `after` timer for its preparation
//   deadline and muster timeout (actors/war/machine.ts);
// - notifications: actors emit `notify` effects as things happen, delivered by
//   the bot from the notification stream (no batch to flush);
// - espionage missions: launching one arms a durable timer that delivers
//   `spyMission` to the target when it is due (actors/nation/espionage.ts);
// - leaderboards: a continuous projection of `nationStats` events into the
//   leaderboard store, updated on every change (storage/leaderboards.ts);
// - scheduled elections: an election's phases are its own `after` timers
//   (actors/election/machine.ts);
// - season events: season:current arms a timer per phase; the runtime reacts
//   to its public `seasonPhase` / `seasonReset` events (standings, resets).
// Their cadences stay in timers.yaml for the config's shape and ops display.
import type { Timers } from '../config/index.ts';

export type PeriodicTarget = { readonly kind: string } | { readonly address: string };

export interface PeriodicJob {
  /** Stable name, e.g. `resource_generation`; also the scheduler id. */
  readonly name: string;
  /** From config timers.periodic (whole minutes). */
  readonly everyMinutes: number;
  /** Period id of the tick at epoch ms `at`; ids of one job sort in time order. */
  period(at: number): string;
  /** Every actor of a kind, or one actor. */
  readonly target: PeriodicTarget;
  event(period: string): { type: string } & Record<string, unknown>;
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;

/**
 * The UTC start of the tick containing `at`, as an ISO prefix precise to the
 * cadence: `2026-06-01` (whole days), `2026-06-01T13` (whole hours) or
 * `2026-06-01T13:10`. Fixed width per cadence, so ids of one job sort in time
 * order; and since a coarser id is a prefix of a finer one, ids still sort if
 * an operator changes the cadence between deploys.
 */
export function periodId(everyMinutes: number, at: number): string {
  if (!Number.isInteger(everyMinutes) || everyMinutes < 1) throw new Error(`cadence must be whole minutes ≥ 1, got ${everyMinutes}`);
  if (!Number.isFinite(at)) throw new Error(`tick time must be epoch ms, got ${at}`);
  const every = everyMinutes * MINUTE_MS;
  const iso = new Date(Math.floor(at / every) * every).toISOString();
  if (everyMinutes % DAY_MINUTES === 0) return iso.slice(0, 10);
  if (everyMinutes % 60 === 0) return iso.slice(0, 13);
  return iso.slice(0, 16);
}

function job(name: string, everyMinutes: number, target: PeriodicTarget, type: string): PeriodicJob {
  return {
    name,
    everyMinutes,
    period: (at) => periodId(everyMinutes, at),
    target,
    event: (period) => ({ type, period }),
  };
}

const NATIONS = { kind: 'nation' } as const;
const MARKET = { address: 'market:global' } as const;

export function periodicJobs(timers: Pick<Timers, 'periodic'>): PeriodicJob[] {
  const every = timers.periodic;
  return [
    job('resource_generation', every.resource_generation_minutes, NATIONS, 'generate'),
    // Builds also complete on any command; this tick finishes idle nations' queues.
    job('build_queues', every.build_queues_minutes, NATIONS, 'completeBuilds'),
    job('upkeep', every.upkeep_minutes, NATIONS, 'upkeep'),
    job('inactive_nations', every.inactive_nations_minutes, NATIONS, 'dailyCheck'),
    job('investments', every.investments_minutes, MARKET, 'payInvestments'),
    job('loan_collection', every.loan_collection_minutes, MARKET, 'collectLoans'),
  ];
}
