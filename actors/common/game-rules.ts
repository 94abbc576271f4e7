// What a game machine is built from: the validated, frozen config sections it
// reads. Machines are created per config (createNationMachine(rules)), so the
// runtime, the simulation and the tests can each run their own balance.
import type { Balance, Features, Timers } from '../../config/index.ts';

export interface GameRules {
  readonly balance: Balance;
  readonly timers: Timers;
  readonly features: Features;
}

export type Feature = keyof Features;

const MINUTE_MS = 60_000;
export const minutesMs = (minutes: number): number => Math.round(minutes * MINUTE_MS);
export const hoursMs = (hours: number): number => Math.round(hours * 60 * MINUTE_MS);
export const daysMs = (days: number): number => Math.round(days * 24 * 60 * MINUTE_MS);
