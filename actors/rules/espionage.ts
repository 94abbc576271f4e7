// Espionage odds and effects (seed §4 system 7, GAME.md):
//   final_rate = base_rate + spies × per_spy_bonus − counter_intel × counter_intel_penalty
//   success    = uniform(0, 1) < clamp(final_rate, min_rate, max_rate)
// A failed mission is discovered with discovery_chance, costing the attacker
// spies (here) and reputation (reputation.ts). Effects are data for the
// nation actors to apply; none takes more than the target has.
import type { Balance, UnitType } from '../../config/index.ts';
import { createRandom, deriveSeed } from './random.ts';
import { capTransfer, floorAmount, mapResources, mapUnits, NO_UNITS, type Resources, type Units } from './resources.ts';

export type Espionage = Balance['espionage'];
export type MissionType = keyof Espionage['missions'];

/**
 * The clamped success rate. Rounded to 1e-9 so that 0.6 + 3 × 0.05 − 0.1 is
 * 0.65, not 0.6499999999999999: a roll must not fail on float noise. Counts
 * are taken as given; max_spies and max_counter_intel bound recruitment.
 */
export function successRate(rules: Espionage, mission: MissionType, spies: number, counterIntel: number): number {
  const raw = rules.missions[mission].base_rate + spies * rules.per_spy_bonus - counterIntel * rules.counter_intel_penalty;
  const clamped = Math.min(rules.max_rate, Math.max(rules.min_rate, raw));
  return Math.round(clamped * 1e9) / 1e9;
}

export interface MissionRollInput {
  readonly rules: Espionage;
  readonly mission: MissionType;
  readonly spies: number;
  readonly counterIntel: number;
  readonly seed: number;
}

export interface MissionRoll {
  readonly rate: number;
  /** The uniform(0, 1) draw compared with rate. */
  readonly roll: number;
  readonly success: boolean;
  /** Only a failed mission can be discovered. */
  readonly discovered: boolean;
  /** Spies captured on discovery, never more than the attacker has. */
  readonly spiesLost: number;
}

export function rollMission(input: MissionRollInput): MissionRoll {
  const { rules, spies } = input;
  const rate = successRate(rules, input.mission, spies, input.counterIntel);
  const roll = createRandom(deriveSeed(input.seed, 'espionage:success')).next();
  const success = roll < rate;
  // Drawn from its own stream, and only consulted on failure, so the success
  // roll of a seed never depends on whether discovery is in play.
  const discovered = !success && createRandom(deriveSeed(input.seed, 'espionage:discovery')).next() < rules.discovery_chance;
  const spiesLost = discovered ? Math.min(Math.max(0, spies), rules.spies_lost_on_discovery) : 0;
  return { rate, roll, success, discovered, spiesLost };
}

export interface QueuedUnits {
  readonly unitType: UnitType;
  readonly quantity: number;
}

export interface Target {
  readonly units: Units;
  /** The target's build queue, one entry per order. */
  readonly queue: readonly QueuedUnits[];
  readonly resources: Resources;
}

export interface Thief {
  readonly resources: Resources;
  readonly storageCap: Resources;
}

export type MissionEffect =
  | { readonly mission: 'reconnaissance'; readonly revealed: { readonly units: Units; readonly queue: readonly QueuedUnits[] } }
  | {
      readonly mission: 'sabotage';
      /** Units destroyed per queue order, in the order given (all 0 when the queue was empty). */
      readonly queueDestroyed: readonly number[];
      /** Standing units destroyed (all 0 unless the queue was empty). */
      readonly unitsDestroyed: Units;
    }
  | {
      readonly mission: 'theft';
      /** Taken from the target... */
      readonly stolen: Resources;
      /** ...of which the thief keeps what fits in its storage... */
      readonly received: Resources;
      /** ...and the rest is lost. */
      readonly lost: Resources;
    };

export interface MissionEffectInput {
  readonly rules: Espionage;
  readonly mission: MissionType;
  readonly target: Target;
  readonly thief: Thief;
}

/** What a successful mission does. Amounts are rounded down, so never more than exists. */
export function missionEffect(input: MissionEffectInput): MissionEffect {
  const { rules, target } = input;
  switch (input.mission) {
    case 'reconnaissance':
      return { mission: 'reconnaissance', revealed: { units: { ...target.units }, queue: target.queue.map((order) => ({ ...order })) } };
    case 'sabotage': {
      // The queue first: unfinished units are the soft target. Standing units
      // only when nothing is queued, at a far smaller fraction.
      if (target.queue.some((order) => order.quantity > 0)) {
        return {
          mission: 'sabotage',
          queueDestroyed: target.queue.map((order) => floorAmount(order.quantity * rules.sabotage_queue_fraction)),
          unitsDestroyed: NO_UNITS,
        };
      }
      return {
        mission: 'sabotage',
        queueDestroyed: target.queue.map(() => 0),
        unitsDestroyed: mapUnits((type) => floorAmount(target.units[type] * rules.sabotage_units_fraction)),
      };
    }
    case 'theft': {
      const stolen = mapResources((type) => floorAmount(target.resources[type] * rules.theft_fraction));
      const { received, lost } = capTransfer(stolen, input.thief.resources, input.thief.storageCap);
      return { mission: 'theft', stolen, received, lost };
    }
  }
}
