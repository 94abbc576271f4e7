// Drives market:global through runtime/step.ts exactly as the runtime does,
// on a clock the test moves. Not a test file itself (no `.test.ts`): the
// market*.test.ts files share it.
import { createMarketKind, type MarketContext } from '../../../actors/market/index.ts';
import type { GameRules } from '../../../actors/common/game-rules.ts';
import type { PendingTimer } from '../../../runtime/step.ts';
import { shippedRules } from '../../support/game-rules.ts';
import { actorOnClock } from './actor-on-clock.ts';

export const T0 = Date.UTC(2025, 0, 1);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const A = 'nation:1';
export const B = 'nation:2';
export const C = 'nation:3';
export type Amounts = { gold: number; food: number; materials: number };
export const res = (gold = 0, food = 0, materials = 0): Amounts => ({ gold, food, materials });

export function market(rules: GameRules = shippedRules()) {
  const actor = actorOnClock(createMarketKind(rules), 'market:global', T0);
  return {
    rules,
    clock: actor.clock,
    get context(): MarketContext {
      return (actor.record?.snapshot.context ?? {}) as MarketContext;
    },
    get timers(): Record<string, PendingTimer> {
      return { ...(actor.record?.timers ?? {}) };
    },
    send: actor.send,
    fire: actor.fire,
  };
}
