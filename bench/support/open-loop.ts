// An open-loop request phase: requests at a fixed offered rate, each timed
// from its scheduled send (not its actual send, so the load generator's own
// lag counts) to its reply. The runtime's phases send `inc` through the
// request client; the raw ceiling sends bare stream entries.
import type { RuntimeClient } from '../../runtime/client.ts';

export interface OpenLoopResult {
  readonly sent: number;
  readonly sendingSeconds: number;
  /** Reply latencies in ms, sorted; requests that failed are not in it. */
  readonly latencies: Float64Array;
  /** How late each request went out after its scheduled time, ms, sorted. */
  readonly sendLags: Float64Array;
  readonly failures: number;
  readonly firstFailure: string;
  /** The replies of the requests scheduled in each second, sorted. */
  readonly bySecond: Float64Array[];
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** A request's outcome: an error reply carries the message it failed with. */
export type Outcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Request number `index`: an `inc` to one of `actors` counters, spread over them. */
export const incRequest =
  (client: RuntimeClient, actors: number) =>
  (index: number): Promise<Outcome> =>
    client.request(`counter:${(index * 7919) % actors}`, { type: 'inc', by: 1 });

/** Sends `offered` requests a second for `seconds`, `request(i)` for the i-th, and waits for every answer. */
export async function openLoop(request: (index: number) => Promise<Outcome>, offered: number, seconds: number): Promise<OpenLoopResult> {
  const total = Math.round(offered * seconds);
  // The load generator keeps no object per request beyond the request itself:
  // timings go into preallocated arrays, indexed by request (request i is due
  // at i / offered s), and completion is counted, not awaited promise by
  // promise. On this 2-core machine its own garbage collection would otherwise
  // take CPU from the node and Redis, and its pauses would count as latency.
  const latencyOf = new Float64Array(total).fill(Number.NaN);
  const sendLags = new Float64Array(total);
  let failures = 0;
  let firstFailure = '';
  let sent = 0;
  let settled = 0;
  let allSettled = (): void => {};
  const everyReply = new Promise<void>((resolve) => {
    allSettled = resolve;
  });
  const settle = (): void => {
    if (++settled === total) allSettled();
  };
  if (total === 0) allSettled();
  const begin = performance.now();
  while (sent < total) {
    // Request i is due at i / offered s: those due by now are the first floor(elapsed × offered) + 1.
    const due = Math.min(total, Math.floor(((performance.now() - begin) / 1000) * offered) + 1);
    for (; sent < due; sent++) {
      const index = sent;
      const scheduled = begin + (index / offered) * 1000;
      sendLags[index] = performance.now() - scheduled;
      request(index).then(
        (reply: Outcome) => {
          latencyOf[index] = performance.now() - scheduled;
          if (!reply.ok && failures++ === 0) firstFailure = reply.message;
          settle();
        },
        (error: unknown) => {
          if (failures++ === 0) firstFailure = error instanceof Error ? error.message : String(error);
          settle();
        },
      );
    }
    await sleep(1);
  }
  const sendingSeconds = (performance.now() - begin) / 1000;
  await everyReply;
  const sortedReplies = (from: number, to: number): Float64Array => latencyOf.slice(from, to).filter((latency) => !Number.isNaN(latency)).sort();
  return {
    sent,
    sendingSeconds,
    latencies: sortedReplies(0, total),
    sendLags: sendLags.sort(),
    failures,
    firstFailure,
    bySecond: Array.from({ length: Math.ceil(total / offered) }, (_, second) =>
      sortedReplies(Math.round(second * offered), Math.min(total, Math.round((second + 1) * offered))),
    ),
  };
}
