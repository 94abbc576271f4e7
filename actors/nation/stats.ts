// The leaderboard projection's input: `nationStats` to room nation:<id>,
// emitted whenever one of its values changed in a step.
import type { GameRules } from '../common/game-rules.ts';
import type { Balance } from '../../config/index.ts';
import { leaderboardValues, type Leaderboard } from '../rules/index.ts';
import { addressOf, type NationContext } from './context.ts';

export interface NationStats {
  readonly nation: string;
  readonly name: string;
  readonly power: number;
  readonly military: number;
  readonly resources: number;
  readonly territory: number;
  readonly reputation: number;
  readonly wars_won: number;
  readonly inactive: boolean;
}

/** A nation's six leaderboard values (power score included) from its context. */
export function nationBoardValues(balance: Balance, context: NationContext): Readonly<Record<Leaderboard, number>> {
  return leaderboardValues(balance, {
    resources: context.resources,
    units: context.units,
    territory: context.territory,
    population: Object.keys(context.citizens).length,
    reputation: context.reputation,
    warsWon: context.warsWon,
  });
}

export function nationStats(context: NationContext, rules: GameRules): NationStats {
  const values = nationBoardValues(rules.balance, context);
  return {
    nation: addressOf(context),
    name: context.name,
    power: values.power,
    military: values.military,
    resources: values.resources,
    territory: values.territory,
    reputation: values.reputation,
    wars_won: values.wars_won,
    inactive: context.inactive,
  };
}

export function sameStats(a: NationStats, b: NationStats): boolean {
  return (Object.keys(a) as (keyof NationStats)[]).every((key) => a[key] === b[key]);
}
