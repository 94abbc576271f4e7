// Drives market:global through runtime/step.ts exactly as the runtime does,
// on a clock the test moves. Not a test file itself (no `.test.ts`): the
// market*.test.ts files share it.
import { createMarketKind, type MarketContext } from '../../../actors/market/index.ts';
import type { GameRules } from '../../../actors/common/game-rules.ts';
import type { Envelope } from '../../../runtime/envelope.ts';
import { step, type ActorRecord, type PendingTimer, type StepResult } from '../../../runtime/step.ts';
import { shippedRules } from '../../support/game-rules.ts';

export const T0 = Date.UTC(2025, 0, 1);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const A = 'nation:1';
export const B = 'nation:2';
export const C = 'nation:3';
export type Amounts = { gold: number; food: number; materials: number };
export const res = (gold = 0, food = 0, materials = 0): Amounts => ({ gold, food, materials });

export function market(rules: GameRules = shippedRules()) {
  const kind = createMarketKind(rules);
  let version = 0;
  let record: ActorRecord | null = null;
  let count = 0;
  const clock = { at: T0 };
  const run = (envelope: Envelope): StepResult => {
    const result = step({ kind, id: 'global', version, record, envelope, at: clock.at });
    if (result.outcome === 'applied') {
      version = result.version;
      record = result.record;
    }
    return result;
  };
  return {
    rules,
    clock,
    get context(): MarketContext {
      return (record?.snapshot.context ?? {}) as MarketContext;
    },
    get timers(): Record<string, PendingTimer> {
      return { ...(record?.timers ?? {}) };
    },
    send: (event: Record<string, unknown> & { type: string }, from?: string): StepResult =>
      run({ id: `m${++count}`, to: 'market:global', event, ...(from === undefined ? {} : { from }) }),
    fire(timer: string): StepResult {
      const pending = record?.timers[timer];
      if (!pending) throw new Error(`no timer ${timer}`);
      clock.at = Math.max(clock.at, pending.due);
      return run({ id: `t${++count}`, to: 'market:global', event: { type: 'xstate.timer' }, timer: { id: timer, seq: pending.seq } });
    },
  };
}
