// What the bench's runtime node (bench/runtime-node-worker.ts) reports about
// itself when it stops, and how the bench (bench/runtime.ts) tells it: the
// per-batch figures from its /metrics, its garbage collections and its
// event-loop delay over the latency phases.
import { PerformanceObserver, constants } from 'node:perf_hooks';

export type Percentiles = { p50: number | null; p99: number | null };

/** The node's collections over the latency phases, pauses in ms. */
export interface GcSummary {
  readonly scavenges: number;
  readonly scavengeMedianMs: number;
  readonly scavengeMaxMs: number;
  readonly scavengeTotalMs: number;
  readonly fullGcs: number;
  readonly fullGcTotalMs: number;
}

/** The node's last message: sent once it has stopped. */
export type NodeStopped = {
  readonly type: 'stopped';
  readonly stopMs: number;
  readonly processed: number;
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  readonly leasesLost: number;
  readonly batches: { count: number; queueWaitMs: Percentiles; commitMs: Percentiles };
  readonly gc: GcSummary;
};

/** Garbage collections of this process, by kind: how many and how long they paused it. */
export class GcPauses {
  readonly #minor: number[] = [];
  readonly #major: number[] = [];
  readonly #observer = new PerformanceObserver((list) => this.#record(list.getEntries()));

  #record(entries: readonly PerformanceEntry[]): void {
    for (const entry of entries) {
      // A gc entry's kind is in `detail` (Node ≥ 16), which the typings here lack.
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) this.#minor.push(entry.duration);
      else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) this.#major.push(entry.duration);
    }
  }

  start(): void {
    this.#observer.observe({ entryTypes: ['gc'] });
  }

  /** Stops observing; pauses in ms (median and max of the scavenges, total of each kind). */
  stop(): GcSummary {
    // Entries are delivered a moment after the collection: take the ones still queued.
    this.#record(this.#observer.takeRecords());
    this.#observer.disconnect();
    const sorted = [...this.#minor].sort((a, b) => a - b);
    const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
    const ms = (value: number): number => Number(value.toFixed(1));
    return {
      scavenges: sorted.length,
      scavengeMedianMs: ms(sorted[Math.floor(sorted.length / 2)] ?? 0),
      scavengeMaxMs: ms(sorted.at(-1) ?? 0),
      scavengeTotalMs: ms(sum(sorted)),
      fullGcs: this.#major.length,
      fullGcTotalMs: ms(sum(this.#major)),
    };
  }
}

/** The lines the bench logs about the stopped node; `requests` = those sent in the latency phases. */
export function describeNodeStop(stopped: NodeStopped, requests: number): string[] {
  const { batches, gc } = stopped;
  return [
    `latency, inside the node (per batch, from its /metrics histograms): the oldest message of a batch had waited ` +
      `p50 ${batches.queueWaitMs.p50} ms, p99 ${batches.queueWaitMs.p99} ms since its append (inbox, then the shard's queue); ` +
      `the commit took p50 ${batches.commitMs.p50} ms, p99 ${batches.commitMs.p99} ms; ` +
      `${batches.count} batches, ${(requests / Math.max(1, batches.count)).toFixed(1)} messages each on average`,
    `latency, the node's garbage collections: ${gc.scavenges} scavenges pausing it ${gc.scavengeMedianMs} ms (median), ` +
      `${gc.scavengeMaxMs} ms at most, ${gc.scavengeTotalMs} ms in all; ${gc.fullGcs} full collections, ${gc.fullGcTotalMs} ms in all`,
    `node event loop delay after saturation: p99 ${stopped.loopDelayP99Ms.toFixed(1)} ms, max ${stopped.loopDelayMaxMs.toFixed(1)} ms`,
    `node stopped in ${(stopped.stopMs / 1000).toFixed(2)} s (including the final write-behind flush); ${stopped.leasesLost} leases lost during the run`,
  ];
}
