// Per-resource and per-unit amounts, and the one rule every transfer between
// nations shares: the receiver keeps only what fits under its storage cap and
// the excess is destroyed (the balance file's resource sink). Battle spoils,
// theft and market purchases all go through capTransfer so they cannot
// disagree about rounding or about the cap.
import type { ResourceType, UnitType } from '../../config/index.ts';

export type Resources = Readonly<Record<ResourceType, number>>;
export type Units = Readonly<Record<UnitType, number>>;

// Listed here rather than imported: config/index.ts reads files, and actors/
// may import types from it only. The Record types above make the compiler
// reject a list that misses a type.
export const RESOURCES = ['gold', 'food', 'materials'] as const satisfies readonly ResourceType[];
export const UNITS = ['infantry', 'armor', 'aircraft', 'naval'] as const satisfies readonly UnitType[];

export const NO_RESOURCES: Resources = Object.freeze({ gold: 0, food: 0, materials: 0 });
export const NO_UNITS: Units = Object.freeze({ infantry: 0, armor: 0, aircraft: 0, naval: 0 });

export function mapResources(each: (type: ResourceType) => number): Resources {
  return { gold: each('gold'), food: each('food'), materials: each('materials') };
}

export function mapUnits(each: (type: UnitType) => number): Units {
  return { infantry: each('infantry'), armor: each('armor'), aircraft: each('aircraft'), naval: each('naval') };
}

export function totalResources(amounts: Resources): number {
  return amounts.gold + amounts.food + amounts.materials;
}

export function totalUnits(units: Units): number {
  return units.infantry + units.armor + units.aircraft + units.naval;
}

// Products such as 10 × 0.3 come out as 3.0000000000000004 in binary floating
// point; rounding that up would take a fourth unit. Amounts are whole numbers,
// so a tolerance far below 1 is safe.
const EPSILON = 1e-9;

/** Whole part of a product of amounts and fractions, immune to float noise. */
export function floorAmount(value: number): number {
  return Math.max(0, Math.floor(value + EPSILON));
}

/** Rounded-up part of a product, immune to float noise (3.0000000000000004 → 3). */
export function ceilAmount(value: number): number {
  return Math.max(0, Math.ceil(value - EPSILON));
}

export interface CappedTransfer {
  /** What the receiver actually gains, per resource. */
  readonly received: Resources;
  /** What did not fit under the receiver's cap and is destroyed. */
  readonly lost: Resources;
}

/**
 * Splits `amounts` into what fits in the receiver's storage (cap − held, never
 * negative: a receiver already over its cap, say after losing territory, gains
 * nothing but keeps what it has) and what is lost.
 */
export function capTransfer(amounts: Resources, held: Resources, cap: Resources): CappedTransfer {
  const received = mapResources((type) => Math.min(amounts[type], Math.max(0, cap[type] - held[type])));
  return { received, lost: mapResources((type) => amounts[type] - received[type]) };
}
