// The power score and the six leaderboard values (GAME.md, seed §4 system 10):
//   power = resources × 0.3 + military_strength × 0.4 + territory × 0.2 + population × 0.1
// with weights from balance.power_score. One function derives every board's
// value from a nation summary, so the boards and /rank can never disagree.
import type { Balance } from '../../config/index.ts';
import { baseStrength } from './combat.ts';
import { totalResources, type Resources, type Units } from './resources.ts';

export interface NationSummary {
  readonly resources: Resources;
  readonly units: Units;
  readonly territory: number;
  /** Registered citizens. */
  readonly population: number;
  readonly reputation: number;
  readonly warsWon: number;
}

export interface PowerInputs {
  /** Sum of all resource types (the seed has a single balance; we sum ours). */
  readonly resources: number;
  readonly militaryStrength: number;
  readonly territory: number;
  readonly population: number;
}

export const LEADERBOARDS = ['power', 'military', 'resources', 'territory', 'reputation', 'wars_won'] as const;
export type Leaderboard = (typeof LEADERBOARDS)[number];

/** Rounded to a whole point, as the seed's calculate_power_score returns an int. */
export function powerScore(weights: Balance['power_score'], inputs: PowerInputs): number {
  return Math.round(
    inputs.resources * weights.resources +
      inputs.militaryStrength * weights.military_strength +
      inputs.territory * weights.territory +
      inputs.population * weights.population,
  );
}

/** Military strength is the battle formula's base strength: no terrain, stance or luck. */
export function leaderboardValues(
  rules: { readonly power_score: Balance['power_score']; readonly units: Balance['units'] },
  nation: NationSummary,
): Readonly<Record<Leaderboard, number>> {
  const resources = totalResources(nation.resources);
  const military = baseStrength(nation.units, rules.units);
  return {
    power: powerScore(rules.power_score, { resources, militaryStrength: military, territory: nation.territory, population: nation.population }),
    military,
    resources,
    territory: nation.territory,
    reputation: nation.reputation,
    wars_won: nation.warsWon,
  };
}
