// The battle formula of GAME.md, exactly:
//   base_strength  = Σ unit_quantity × unit_strength
//   modifier       = terrain_bonus + alliance_support + stance_modifier
//   variance       = uniform(−v, +v), one draw per side, seeded
//   final_strength = base_strength × (1 + modifier) × (1 + variance)
//   winner         = higher final_strength
// plus the consequences game_balance.yaml fixes (casualties, spoils,
// territory). Pure: it returns what changes; the war and nation actors apply
// it. Each draw comes from its own derived stream (random.ts), so adding a
// roll later does not reshuffle the existing ones for the same seed.
import type { Balance, UnitType } from '../../config/index.ts';
import { createRandom, deriveSeed } from './random.ts';
import {
  capTransfer,
  ceilAmount,
  floorAmount,
  mapResources,
  mapUnits,
  UNITS,
  type Resources,
  type Units,
} from './resources.ts';

export type Stance = keyof Balance['battle']['stances'];
export type Role = 'attacker' | 'defender';

export interface Side {
  readonly units: Units;
  readonly stance: Stance;
  /** Allied nations fighting with this side (not counting itself). */
  readonly allies: number;
  readonly resources: Resources;
  readonly storageCap: Resources;
  readonly territory: number;
}

export interface BattleRules {
  readonly battle: Balance['battle'];
  readonly units: Balance['units'];
  readonly territory: Balance['territory'];
}

export interface BattleInput {
  readonly attacker: Side;
  readonly defender: Side;
  /** A key of battle.terrain; draw it with drawTerrain. */
  readonly terrain: string;
  readonly rules: BattleRules;
  /** The message's seed; each side's variance comes from a stream derived from it. */
  readonly seed: number;
}

export interface Modifier {
  readonly terrain: number;
  readonly alliance: number;
  readonly stance: number;
  readonly total: number;
}

export interface SideOutcome {
  readonly base: number;
  readonly modifier: Modifier;
  readonly variance: number;
  readonly final: number;
  readonly casualties: Units;
  readonly survivors: Units;
}

export interface BattleResult {
  readonly terrain: string;
  readonly winner: Role;
  readonly attacker: SideOutcome;
  readonly defender: SideOutcome;
  /** Taken from the loser: spoils_fraction of each resource, rounded down. */
  readonly spoilsTaken: Resources;
  /** Of spoilsTaken, what fits in the winner's storage... */
  readonly spoilsReceived: Resources;
  /** ...and what does not, destroyed. */
  readonly spoilsLost: Resources;
  /** Territory moved from the loser to the winner. */
  readonly territory: number;
}

/** Σ quantity × strength: the base strength, and military strength on the boards. */
export function baseStrength(units: Units, unitRules: Balance['units']): number {
  return UNITS.reduce((sum, type) => sum + units[type] * unitRules[type].strength, 0);
}

/** The strength-weighted average of each unit type's terrain modifier; 0 for an empty army. */
export function terrainBonus(units: Units, rules: BattleRules, terrain: string): number {
  const modifiers = terrainModifiers(rules, terrain);
  const base = baseStrength(units, rules.units);
  if (base === 0) return 0;
  const weighted = UNITS.reduce((sum, type) => sum + units[type] * rules.units[type].strength * modifiers[type], 0);
  return weighted / base;
}

export function allianceSupport(allies: number, battle: Balance['battle']): number {
  return Math.min(Math.max(0, allies) * battle.alliance_support_per_ally, battle.max_alliance_support);
}

export function stanceModifier(stance: Stance, role: Role, battle: Balance['battle']): number {
  return battle.stances[stance][role === 'attacker' ? 'attacking' : 'defending'];
}

/** One terrain per battle, uniformly from battle.terrain, in the file's key order. */
export function drawTerrain(battle: Balance['battle'], seed: number): string {
  return createRandom(deriveSeed(seed, 'battle:terrain')).pick(Object.keys(battle.terrain));
}

function terrainModifiers(rules: BattleRules, terrain: string): Readonly<Record<UnitType, number>> {
  const modifiers = rules.battle.terrain[terrain];
  if (modifiers === undefined) {
    throw new RangeError(`unknown terrain "${terrain}"; expected one of ${Object.keys(rules.battle.terrain).join(', ')}`);
  }
  return modifiers;
}

function strengthOf(side: Side, role: Role, input: BattleInput) {
  const { rules } = input;
  const base = baseStrength(side.units, rules.units);
  const terrain = terrainBonus(side.units, rules, input.terrain);
  const alliance = allianceSupport(side.allies, rules.battle);
  const stance = stanceModifier(side.stance, role, rules.battle);
  const modifier: Modifier = { terrain, alliance, stance, total: terrain + alliance + stance };
  const v = rules.battle.variance;
  const variance = createRandom(deriveSeed(input.seed, `battle:variance:${role}`)).between(-v, v);
  return { base, modifier, variance, final: base * (1 + modifier.total) * (1 + variance) };
}

/**
 * Units lost per type: the winner's count rounded down, the loser's rounded
 * up (game_balance.yaml), so a beaten side always pays and a fraction ≤ 1
 * never takes more than exists.
 */
export function casualties(units: Units, won: boolean, battle: Balance['battle']): Units {
  const { winner_fraction, loser_fraction } = battle.casualties;
  return mapUnits((type) =>
    Math.min(units[type], won ? floorAmount(units[type] * winner_fraction) : ceilAmount(units[type] * loser_fraction)),
  );
}

/**
 * territory_won_fraction of the loser's territory, at least min_territory_won,
 * but never taking the loser below territory.minimum.
 */
export function territoryWon(loserTerritory: number, rules: BattleRules): number {
  const wanted = Math.max(rules.battle.min_territory_won, floorAmount(loserTerritory * rules.battle.territory_won_fraction));
  return Math.max(0, Math.min(wanted, loserTerritory - rules.territory.minimum));
}

/**
 * Tie rule: the attacker must beat the defender, so equal final strengths
 * (in practice only two empty armies, since variance is continuous) go to the
 * defender: a war cannot take anything from a nation that was not beaten.
 */
export function resolveBattle(input: BattleInput): BattleResult {
  const attacking = strengthOf(input.attacker, 'attacker', input);
  const defending = strengthOf(input.defender, 'defender', input);
  const winner: Role = attacking.final > defending.final ? 'attacker' : 'defender';
  const outcome = (side: Side, role: Role, strength: typeof attacking): SideOutcome => {
    const lost = casualties(side.units, role === winner, input.rules.battle);
    return { ...strength, casualties: lost, survivors: mapUnits((type) => side.units[type] - lost[type]) };
  };
  const [winning, losing] = winner === 'attacker' ? [input.attacker, input.defender] : [input.defender, input.attacker];
  const spoilsTaken = mapResources((type) => floorAmount(losing.resources[type] * input.rules.battle.spoils_fraction));
  const spoils = capTransfer(spoilsTaken, winning.resources, winning.storageCap);
  return {
    terrain: input.terrain,
    winner,
    attacker: outcome(input.attacker, 'attacker', attacking),
    defender: outcome(input.defender, 'defender', defending),
    spoilsTaken,
    spoilsReceived: spoils.received,
    spoilsLost: spoils.lost,
    territory: territoryWon(losing.territory, input.rules),
  };
}
