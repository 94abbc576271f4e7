// The shared history between this nation and each other one (GAME.md
// "Trust between two nations is derived from both scores and shared
// history"): counted where the nation sees the event happen, kept for the
// season, bounded to LIMITS.relations nations. Trust itself is the pure
// actors/rules `trust`; `trustBetween` combines both nations' records, since
// each sees only its half of some events (the betrayer knows it betrayed).
import { NO_HISTORY, trust, type SharedHistory } from '../rules/index.ts';
import { LIMITS, type NationContext } from './context.ts';
import type { Draft } from './draft.ts';

/** One more `event` between this nation and `other`; `other` becomes the most recently met. */
export function remember(draft: Draft, other: string, event: keyof SharedHistory): void {
  const { relations } = draft.ctx;
  if (other === `nation:${draft.ctx.id}`) return;
  const known = Object.hasOwn(relations, other) ? relations[other]! : {};
  delete relations[other];
  relations[other] = { ...known, [event]: (known[event] ?? 0) + 1 };
  const excess = Object.keys(relations).length - LIMITS.relations;
  for (const dropped of Object.keys(relations).slice(0, Math.max(0, excess))) delete relations[dropped];
}

/** The history between two nations as both recorded it (per event, the larger count: most events are seen by both). */
export function sharedHistory(a: NationContext, b: NationContext): SharedHistory {
  const ofA = (a.relations ?? {})[`nation:${b.id}`] ?? {};
  const ofB = (b.relations ?? {})[`nation:${a.id}`] ?? {};
  const keys = Object.keys(NO_HISTORY) as (keyof SharedHistory)[];
  return Object.fromEntries(keys.map((key) => [key, Math.max(ofA[key] ?? 0, ofB[key] ?? 0)])) as unknown as SharedHistory;
}

/** Trust in [0, 100] between two nations: their reputations and their shared history. */
export function trustBetween(a: NationContext, b: NationContext): number {
  return trust(a.reputation, b.reputation, sharedHistory(a, b));
}
