// The season's flows as pure functions of (context, event, rules): entering
// a phase (with its deadline timer and the public `seasonPhase`), the reset
// into the next season, and the legacy awards from the final standings.
import type { EventObject } from 'xstate';
import type { EmitParams, EventMeta, RecordParams, ReplyParams, SendParams } from '../../runtime/effects.ts';
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { daysMs, hoursMs, type GameRules } from '../common/game-rules.ts';
import { SEASON_LIMITS, themeOf, type Phase, type SeasonContext, type Standing } from './context.ts';
import type { SeasonEventOf } from './events.ts';

export const PHASE_TIMER = 'phase';

/** With the `seasons` flag off a due phase stays put and is looked at again this often. */
export const PAUSED_RECHECK_MS = hoursMs(1);

export type SeasonEffect =
  | { readonly type: 'send'; readonly params: SendParams }
  | { readonly type: 'emit'; readonly params: EmitParams }
  | { readonly type: 'record'; readonly params: RecordParams }
  | { readonly type: 'arm'; readonly delay: number; readonly event: EventObject };

export interface SeasonOutcome {
  readonly context: SeasonContext;
  readonly effects: readonly SeasonEffect[];
  readonly reply: Record<string, unknown>;
}

const NEXT: Record<Exclude<Phase, 'unstarted'>, Exclude<Phase, 'unstarted'>> = { pre: 'active', active: 'post', post: 'pre' };

function phaseMs(rules: GameRules, phase: Exclude<Phase, 'unstarted'>): number {
  const { pre_days: pre, active_days: active, post_days: post } = rules.timers.season;
  return daysMs({ pre, active, post }[phase]);
}

/** Client-only events (admin commands, the scheduler's standings) are refused from any actor. */
export function clientOnly(event: Partial<EventMeta>): ReplyParams | null {
  return event.from === undefined ? null : refusal(GameErrorCodes.FORBIDDEN_SENDER, 'Only the game server can change the season.');
}

function enter(context: SeasonContext, phase: Exclude<Phase, 'unstarted'>, at: number, rules: GameRules, extra: readonly SeasonEffect[] = []): SeasonOutcome {
  const delay = phaseMs(rules, phase);
  const next = { ...context, phase, phaseEndsAt: at + delay };
  const public_ = { number: next.number, theme: next.theme, phase, endsAt: next.phaseEndsAt };
  return {
    context: next,
    effects: [...extra, { type: 'arm', delay, event: { type: 'phaseEnded' } }, { type: 'emit', params: { room: 'global', event: { type: 'seasonPhase', ...public_ } } }],
    reply: public_,
  };
}

export function start(context: SeasonContext, event: SeasonEventOf<'start'>, rules: GameRules): SeasonOutcome {
  return enter({ ...context, number: 1, theme: themeOf(rules.balance.season.themes, 1), standings: null }, 'pre', event.at, rules);
}

/** Ends the current phase (its timer fired, or an admin's `advance`). */
export function endPhase(context: SeasonContext, event: EventMeta, rules: GameRules): SeasonOutcome {
  if (context.phase === 'unstarted') return { context, effects: [], reply: {} };
  const phase = NEXT[context.phase];
  if (phase !== 'pre') return enter(context, phase, event.at, rules);
  // post → the next season: archive the one that ends, rotate the theme, tell everyone to reset.
  const number = context.number + 1;
  const theme = themeOf(rules.balance.season.themes, number);
  const ended = { number: context.number, theme: context.theme, endedAt: event.at, winners: (context.standings ?? []).slice(0, SEASON_LIMITS.winners) };
  const next = { ...context, number, theme, standings: null, archive: [...context.archive, ended].slice(-SEASON_LIMITS.archive) };
  return enter(next, 'pre', event.at, rules, [{ type: 'emit', params: { room: 'global', event: { type: 'seasonReset', season: number, theme } } }]);
}

/** Flag `seasons` off: the phase does not end; look again later so turning it back on resumes. */
export function stayPaused(context: SeasonContext): SeasonOutcome {
  return { context, effects: [{ type: 'arm', delay: PAUSED_RECHECK_MS, event: { type: 'phaseEnded' } }], reply: { paused: true } };
}

export function checkStandings(context: SeasonContext, event: SeasonEventOf<'standings'>): ReplyParams | null {
  const forged = clientOnly(event);
  if (forged) return forged;
  if (context.phase !== 'post') return refusal(GameErrorCodes.WRONG_PHASE, 'Final standings are taken when the season ends (post-season).');
  if (context.standings !== null) return refusal(GameErrorCodes.WRONG_PHASE, 'This season\'s standings are already in.');
  return null;
}

/**
 * Ranks by power (highest first; the order given breaks ties), one rank per
 * nation. Each ranked nation gets its rank's points (none past the list)
 * plus participation points.
 */
export function awardStandings(context: SeasonContext, event: SeasonEventOf<'standings'>, rules: GameRules): SeasonOutcome {
  const { rank_points: rankPoints, participation_points: participation } = rules.balance.season.legacy_rewards;
  const seen = new Set<string>();
  const unique = event.ranks.filter((entry) => !seen.has(entry.nation) && seen.add(entry.nation));
  const ranked: Standing[] = unique
    .map((entry, order) => ({ ...entry, order }))
    .sort((a, b) => b.power - a.power || a.order - b.order)
    .map((entry, index) => ({ nation: entry.nation, rank: index + 1, power: entry.power, points: (rankPoints[index] ?? 0) + participation }));
  const effects: SeasonEffect[] = ranked.flatMap((standing): SeasonEffect[] => [
    { type: 'send', params: { to: standing.nation, event: { type: 'legacyAward', season: context.number, rank: standing.rank, points: standing.points } } },
    {
      type: 'record',
      params: {
        table: 'season_results',
        id: `season-${context.number}:${standing.nation}`,
        row: { season: context.number, nation: standing.nation, rank: standing.rank, power: standing.power, legacy_points: standing.points },
      },
    },
  ]);
  const top = ranked.slice(0, SEASON_LIMITS.standings);
  return { context: { ...context, standings: top }, effects, reply: { season: context.number, ranked: ranked.length, top } };
}

export function info(context: SeasonContext): SeasonOutcome {
  const { number, theme, phase, phaseEndsAt, standings, archive } = context;
  return { context, effects: [], reply: { number, theme, phase, phaseEndsAt, standings, archive } };
}
