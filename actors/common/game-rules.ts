// What a game machine is built from: the validated, frozen config sections it
// reads. Machines are created per config (createNationMachine(rules)), so the
// runtime, the simulation and the tests can each run their own balance.
import type { Balance, Features, Timers } from '../../config/index.ts';
import type { EventMeta } from '../../runtime/effects.ts';

export interface GameRules {
  readonly balance: Balance;
  readonly timers: Timers;
  readonly features: Features;
}

export type Feature = keyof Features;

/**
 * Whether a game system is on for this event: the value switched at runtime
 * from the ops console, which the runtime stamps into the event (so a replay
 * sees it too), else the deploy default of features.yaml.
 */
export function featureOn(rules: GameRules, event: Partial<EventMeta>, feature: Feature): boolean {
  return event.flags?.[feature] ?? rules.features[feature];
}

const MINUTE_MS = 60_000;
export const minutesMs = (minutes: number): number => Math.round(minutes * MINUTE_MS);
export const hoursMs = (hours: number): number => Math.round(hours * 60 * MINUTE_MS);
export const daysMs = (days: number): number => Math.round(days * 24 * 60 * MINUTE_MS);
