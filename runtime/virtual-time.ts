// Driving an embedded runtime on a virtual clock: settle until every message
// and its consequences are processed, and advance time so that every timer due
// on the way fires in order, each one settled before the next — no sleeping
// for time to pass (STYLE.md 2).
import type { VirtualClock } from './clock.ts';
import type { RuntimeNode } from './node.ts';
import type { MemoryTimers } from './timers/memory-timers.ts';

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

export async function advanceTime(
  clock: VirtualClock,
  timers: MemoryTimers,
  nodes: readonly RuntimeNode[],
  ms: number,
): Promise<number> {
  const target = clock.now() + ms;
  let fired = 0;
  await settle(nodes);
  for (let next = timers.next(); next && next.due <= target; next = timers.next()) {
    clock.set(Math.max(clock.now(), next.due));
    await timers.fireNextDue(clock.now());
    fired++;
    await settle(nodes);
  }
  clock.set(target);
  return fired;
}
