// What the simulation measures, as pure functions of actor states: the power
// board (actors/rules leaderboardValues, the same function the boards use),
// the resources in circulation against the storage that bounds them, and the
// outcome of every battle with the armies that fought it.
import type { Balance } from '../config/index.ts';
import type { MarketContext } from '../actors/market/context.ts';
import { escrowHeld } from '../actors/market/context.ts';
import type { NationContext } from '../actors/nation/context.ts';
import type { WarContext } from '../actors/war/context.ts';
import { nationBoardValues } from '../actors/nation/index.ts';
import { storageCap, totalResources, UNITS } from '../actors/rules/index.ts';

export interface NationPower {
  readonly address: string;
  readonly power: number;
  readonly military: number;
  readonly resources: number;
  readonly capacity: number;
  readonly inactive: boolean;
}

export function nationPower(balance: Balance, ctx: NationContext): NationPower {
  const values = nationBoardValues(balance, ctx);
  return {
    address: `nation:${ctx.id}`,
    power: values.power,
    military: values.military,
    resources: values.resources,
    capacity: totalResources(storageCap(balance.resources, ctx.territory)),
    inactive: ctx.inactive,
  };
}

/** Highest power first; ties by address so the order is stable. Inactive nations are off the boards. */
export function powerBoard(powers: readonly NationPower[]): NationPower[] {
  return powers.filter((entry) => !entry.inactive).sort((a, b) => b.power - a.power || (a.address < b.address ? -1 : 1));
}

/** The state of the game at the start of a day. */
export interface DaySample {
  readonly day: number;
  readonly nations: number;
  /** Power percentiles of the registered nations: p0 (min), p10, p25, p50, p75, p90, p100 (max). */
  readonly power: Readonly<Record<'p0' | 'p10' | 'p25' | 'p50' | 'p75' | 'p90' | 'p100', number>>;
  /** Held by nations. */
  readonly resourcesHeld: number;
  /** Held by the market in escrow (open trades, listings, invested principal). */
  readonly resourcesEscrow: number;
  /** Σ of every nation's storage cap (all three resources). */
  readonly storageCapacity: number;
  /** Highest share of its own storage cap any single nation holds. */
  readonly maxNationFill: number;
  readonly loansOutstanding: number;
}

/** What happened during one day (counted when it happened). */
export interface DayEvents {
  warsDeclared: number;
  warsEnded: number;
  battles: number;
  alliancesFormed: number;
  alliancesEnded: number;
  electionsStarted: number;
  electionsEnded: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * (sorted.length - 1) + 0.5))]!;
}

export function powerPercentiles(powers: readonly NationPower[]): DaySample['power'] {
  const sorted = powers.map((entry) => entry.power).sort((a, b) => a - b);
  return {
    p0: percentile(sorted, 0),
    p10: percentile(sorted, 0.1),
    p25: percentile(sorted, 0.25),
    p50: percentile(sorted, 0.5),
    p75: percentile(sorted, 0.75),
    p90: percentile(sorted, 0.9),
    p100: percentile(sorted, 1),
  };
}

export function marketTotals(market: MarketContext | undefined, currency: Balance['economy']['currency']): { escrow: number; loans: number } {
  if (!market) return { escrow: 0, loans: 0 };
  const loans = Object.values(market.loans).reduce((sum, loan) => sum + loan.principal + loan.interest - loan.repaid, 0);
  return { escrow: totalResources(escrowHeld(market, currency)), loans };
}

export interface BattleRecord {
  readonly war: string;
  readonly day: number;
  readonly aggressor: string;
  readonly defender: string;
  readonly aggressorBase: number;
  readonly defenderBase: number;
  readonly aggressorStrength: number;
  readonly defenderStrength: number;
  readonly aggressorWon: boolean;
  /** Both sides fought alone with exactly the same units (at least one) and stance: only the role differs. */
  readonly equalArmies: boolean;
  readonly duel: boolean;
  /** Allies that joined the war, on both sides. */
  readonly supporters: number;
}

export function battleOf(war: WarContext, day: number, duel: boolean): BattleRecord | null {
  const battle = war.settlement?.battle;
  if (!battle) return null;
  const attacker = battle.attacker;
  const defender = battle.defender;
  const equalArmies =
    attacker.base > 0 &&
    UNITS.every((unit) => attacker.units[unit] === defender.units[unit]) &&
    attacker.stance === defender.stance &&
    attacker.supporters.length === 0 &&
    defender.supporters.length === 0;
  return {
    war: war.id,
    day,
    aggressor: war.aggressor,
    defender: war.defender,
    aggressorBase: attacker.base,
    defenderBase: defender.base,
    aggressorStrength: Math.round(attacker.strength),
    defenderStrength: Math.round(defender.strength),
    aggressorWon: war.settlement!.winner === 'attacker',
    equalArmies,
    duel,
    supporters: attacker.supporters.length + defender.supporters.length,
  };
}
