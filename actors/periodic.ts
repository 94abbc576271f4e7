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
//   boards, applied as the events arrive (runtime/projection.ts), fresher
//   than any 15-minute recompute;
// - scheduled elections: a citizen starts one (`startElection`, at least
//   election.min_gap_days apart) and its phases are its own `after` timers
//   (actors/election/machine.ts), so there is nothing to poll weekly;
// - season events: season:current arms a timer per phase; the runtime reacts
//   to its public `seasonPhase` / `seasonReset` events (`seasonReactions`
//   below: standings from the power board, the phase and the reset fanned
//   out to nations).
// Their cadences stay in timers.yaml for the config's shape and ops display.
// The shapes are the runtime's (runtime/scheduler/schedule.ts), imported as
// types only, like the effect types: that module holds no I/O.
import type { Timers } from '../config/index.ts';
import type { FeedReaction, ReactionPlan, ScheduledJob, Target } from '../runtime/scheduler/schedule.ts';

export type { FeedReaction, ReactionPlan };
export type PeriodicTarget = Target;
/** A job of the game's table: name (also the scheduler id), cadence from config timers.periodic, period id per tick, target, event. */
export type PeriodicJob = ScheduledJob;

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

const SEASON = 'season:current';
/** season:current takes at most this many ranks (actors/season/events.ts MAX_RANKS). */
const STANDINGS_RANKS = 1_000;
const POWER_LIMIT = 1e15;

const seasonNumber = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : null);

/**
 * The runtime's answers to season:current (docs/game-protocol.md): when a
 * season enters `post`, its final standings from the top of the power board;
 * each phase, to every nation; on `seasonReset`, the reset to every nation. The season carries no
 * season-wide starting bonus yet, so nations get 0 plus their own legacy bonus.
 */
export function seasonReactions(): FeedReaction[] {
  return [
    {
      name: 'season_standings',
      from: SEASON,
      react: ({ from, event }) => {
        const season = seasonNumber(event.number);
        if (from !== SEASON || event.type !== 'seasonPhase' || event.phase !== 'post' || season === null) return null;
        return {
          key: `season-${season}:standings`,
          target: { address: SEASON },
          board: { name: 'power', limit: STANDINGS_RANKS },
          event: (rows) => {
            const ranks = rows
              .filter((row) => row.member.startsWith('nation:') && Number.isFinite(row.score))
              .map((row) => ({ nation: row.member, power: Math.min(POWER_LIMIT, Math.max(0, row.score)) }));
            return ranks.length > 0 ? { type: 'standings', ranks } : null;
          },
        };
      },
    },
    {
      // Nations play by the phase: wars, espionage and the market only while the season is active.
      name: 'season_phase',
      from: SEASON,
      react: ({ from, event }) => {
        const season = seasonNumber(event.number);
        const phase = event.phase;
        if (from !== SEASON || event.type !== 'seasonPhase' || season === null) return null;
        if (phase !== 'pre' && phase !== 'active' && phase !== 'post') return null;
        const endsAt = typeof event.endsAt === 'number' && Number.isFinite(event.endsAt) ? event.endsAt : null;
        return { key: `season-${season}:${phase}`, target: NATIONS, event: () => ({ type: 'seasonPhase', season, phase, endsAt }) };
      },
    },
    {
      name: 'season_reset',
      from: SEASON,
      react: ({ from, event }) => {
        const season = seasonNumber(event.season);
        if (from !== SEASON || event.type !== 'seasonReset' || season === null || typeof event.theme !== 'string') return null;
        const theme = event.theme;
        const startingBonus = typeof event.startingBonus === 'number' ? event.startingBonus : 0;
        return { key: `season-${season}:reset`, target: NATIONS, event: () => ({ type: 'seasonReset', season, theme, startingBonus }) };
      },
    },
  ];
}
