// Driving an embedded runtime on a virtual clock: settle until every message
// and its consequences are processed, and advance time so that everything due
// on the way — actor timers, periodic job ticks — fires in time order, each one
// settled before the next: no sleeping for time to pass (STYLE.md 2).
import type { VirtualClock } from './clock.ts';
import type { RuntimeNode } from './node.ts';

/**
 * Something that fires at times a virtual clock reaches: in-memory timers
 * (runtime/timers/memory-timers.ts), the in-memory scheduler's ticks.
 */
export interface DueSource {
  /** The earliest thing pending, if any. */
  next(): { readonly due: number } | undefined;
  /** Fires the earliest thing due by `time`, resolving once it has been handed on; false when none is. */
  fireNextDue(time: number): Promise<boolean>;
}

/** Resolves once no node has anything queued, running or waiting in its streams. */
export async function settle(nodes: readonly RuntimeNode[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietRounds = 0;
  // Two quiet checks in a row: an effect relayed between checks shows up as new work.
  while (quietRounds < 2) {
    if (Date.now() > deadline) throw new Error(`runtime did not settle within ${timeoutMs} ms`);
    const idle = (await Promise.all(nodes.map((node) => node.idle()))).every(Boolean);
    quietRounds = idle ? quietRounds + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, idle ? 1 : 2));
  }
}

/** The source with the earliest pending due time (the first listed wins a tie). */
function earliest(sources: readonly DueSource[]): { source: DueSource; due: number } | undefined {
  let best: { source: DueSource; due: number } | undefined;
  for (const source of sources) {
    const next = source.next();
    if (next && (!best || next.due < best.due)) best = { source, due: next.due };
  }
  return best;
}

/**
 * Moves the clock forward by `ms`, firing whatever the sources have due on the
 * way in time order across all of them, settling the nodes after each; resolves
 * to how many fired. Pass the timers first: at equal due times they fire first.
 */
export async function advanceTime(
  clock: VirtualClock,
  sources: DueSource | readonly DueSource[],
  nodes: readonly RuntimeNode[],
  ms: number,
): Promise<number> {
  const all: readonly DueSource[] = Array.isArray(sources) ? sources : [sources as DueSource];
  const target = clock.now() + ms;
  let fired = 0;
  await settle(nodes);
  for (let next = earliest(all); next && next.due <= target; next = earliest(all)) {
    clock.set(Math.max(clock.now(), next.due));
    await next.source.fireNextDue(clock.now());
    fired++;
    await settle(nodes);
  }
  clock.set(target);
  return fired;
}
