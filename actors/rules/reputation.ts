// Reputation (GAME.md's one table, values in game_balance.yaml) and the trust
// between two nations derived from both scores and their shared history.
// Scores are unbounded so that a long record keeps counting; trust is bounded
// in [0, 100] so it can be shown and compared at a glance.
import type { Balance } from '../../config/index.ts';

export type ReputationRules = Balance['reputation'];
export type ReputationEvent = keyof ReputationRules['events'];

export function reputationChange(rules: ReputationRules, event: ReputationEvent): number {
  return rules.events[event];
}

/** The score after the events, in order (one event or several). */
export function applyReputation(rules: ReputationRules, score: number, events: ReputationEvent | readonly ReputationEvent[]): number {
  const list: readonly ReputationEvent[] = typeof events === 'string' ? [events] : events;
  return list.reduce((total, event) => total + reputationChange(rules, event), score);
}

/** What two nations have done with (or to) each other; counts, all ≥ 0. */
export interface SharedHistory {
  readonly alliancesFormed: number;
  readonly treatiesHonoured: number;
  readonly trades: number;
  readonly warsFought: number;
  /** Battles fought on the same side (a principal and its supporter, or two supporters). */
  readonly foughtTogether: number;
  readonly alliancesBroken: number;
  readonly treatiesViolated: number;
  readonly betrayals: number;
}

export const NO_HISTORY: SharedHistory = Object.freeze({
  alliancesFormed: 0,
  treatiesHonoured: 0,
  trades: 0,
  warsFought: 0,
  foughtTogether: 0,
  alliancesBroken: 0,
  treatiesViolated: 0,
  betrayals: 0,
});

/**
 * Points each shared event adds to the history half of trust. Not in the
 * balance schema (config/ is not ours to change), so they are a parameter
 * with these defaults; the signs and order follow the reputation table.
 */
export const TRUST_WEIGHTS: SharedHistory = Object.freeze({
  alliancesFormed: 5,
  treatiesHonoured: 5,
  trades: 1,
  warsFought: -10,
  foughtTogether: 5,
  alliancesBroken: -10,
  treatiesViolated: -15,
  betrayals: -25,
});

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * Trust in [0, 100], a whole number; two strangers with neutral scores get 50.
 * Two halves of 0–50 each:
 *  - standing: the LOWER of the two scores, clamped to ±100, mapped to 0–50.
 *    Trust runs both ways and is only as good as the less reliable party.
 *  - history: 25 + Σ weight × count, clamped to 0–50, so one betrayal (−25)
 *    empties it while five alliances (+25) fill it.
 * Symmetric in a and b.
 */
export function trust(a: number, b: number, history: SharedHistory, weights: SharedHistory = TRUST_WEIGHTS): number {
  const standing = (clamp(Math.min(a, b), -100, 100) + 100) / 4;
  const keys = Object.keys(NO_HISTORY) as (keyof SharedHistory)[];
  const shared = clamp(25 + keys.reduce((sum, key) => sum + Math.max(0, history[key]) * weights[key], 0), 0, 50);
  return Math.round(standing + shared);
}
