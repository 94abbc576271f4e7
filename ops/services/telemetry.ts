// Reads the processes' metric samples (runtime/telemetry.ts) and turns them
// into cluster-wide figures over time: messages/s, dead letters/s, commands/s,
// the command error ratio, and quantiles of command latency and of how long
// messages waited in their inboxes; and, per process, the share of time it
// spent paused in garbage collection and its event-loop delay. The pure part
// (rates from a pair of samples, quantiles from histogram buckets) is exported
// for tests.
import type { Logger } from 'pino';
import { sleep, type TelemetrySample } from '../../runtime/index.ts';
import { telemetryKey, type ShardStore } from '../../storage/index.ts';

export interface ClusterRates {
  /** Bucket start, epoch ms. */
  readonly at: number;
  readonly messagesPerSecond: number;
  readonly deadLettersPerSecond: number;
  readonly commandsPerSecond: number;
  /** Refused, timed-out and failed commands over all commands (0 when none). */
  readonly errorRatio: number;
  readonly latencyP50: number | null;
  readonly latencyP95: number | null;
  /** How long messages waited in their inboxes before a node took them up (runtime_queue_wait_seconds), seconds. */
  readonly queueWaitP50: number | null;
  readonly queueWaitP95: number | null;
  /** Sources that reported in the bucket. */
  readonly sources: number;
}

const BUCKET_MS = 10_000;
const KEEP_BUCKETS = 360;

/** Shards a runtime node lost without handing them over, as one of its samples reported. */
export interface LeaseLoss {
  readonly at: number;
  readonly source: string;
  readonly count: number;
}

/** A projection's lag (age of the oldest public event it has not applied) as the node running it last reported it. */
export interface ProjectionLag {
  readonly projection: string;
  readonly source: string;
  readonly lagSeconds: number;
  readonly at: number;
}

/**
 * A process's own health over its last sampling interval: the share of the
 * time its garbage collections paused it, their mean pause, and its event-loop
 * delay. Pauses set much of a node's latency tail (bench/RESULTS.md).
 */
export interface ProcessHealth {
  readonly source: string;
  readonly at: number;
  /** 0–1. */
  readonly gcShare: number;
  /** Mean pause of its young-generation collections (scavenges), ms; null when none ran. */
  readonly scavengeMeanMs: number | null;
  /** p99 of its event-loop delay as prom-client last measured it, ms; null when not reported. */
  readonly eventLoopP99Ms: number | null;
}

/** A source's last sample counts as current for this long (several sampling intervals). */
const CURRENT_MS = 60_000;

/** Counter increase between two samples; a restarted process starts again from 0. */
function increase(before: number | undefined, after: number | undefined): number {
  if (after === undefined) return 0;
  if (before === undefined || after < before) return after;
  return after - before;
}

const sumMatching = (values: Readonly<Record<string, number>>, test: (key: string) => boolean): number =>
  Object.entries(values).reduce((total, [key, value]) => (test(key) ? total + value : total), 0);

/** Increase of a histogram's cumulative buckets (le → count, all label sets summed) between two samples. Pure. */
function bucketIncrease(before: TelemetrySample, after: TelemetrySample, histogram: string): Map<number, number> {
  const buckets = new Map<number, number>();
  const prefix = `${histogram}_bucket{`;
  for (const key of Object.keys(after.values)) {
    if (!key.startsWith(prefix)) continue;
    const bound = /le="([^"]+)"/.exec(key)?.[1];
    if (bound === undefined) continue;
    const le = bound === '+Inf' ? Number.POSITIVE_INFINITY : Number(bound);
    buckets.set(le, (buckets.get(le) ?? 0) + increase(before.values[key], after.values[key]));
  }
  return buckets;
}

/** What changed between two samples of one source. */
export interface SampleDelta {
  readonly seconds: number;
  readonly messages: number;
  readonly dead: number;
  readonly commands: number;
  readonly errors: number;
  readonly leasesLost: number;
  /** Command latency histogram (game_command_seconds): le → count. */
  readonly buckets: Map<number, number>;
  /** Inbox wait histogram (runtime_queue_wait_seconds): le → count. */
  readonly queueWait: Map<number, number>;
  /** Seconds the process spent paused in garbage collections of any kind. */
  readonly gcSeconds: number;
  readonly scavenges: number;
  readonly scavengeSeconds: number;
}

/** Increases of the counters and histograms the console charts between two samples of one source. Pure. */
export function sampleDelta(before: TelemetrySample, after: TelemetrySample): SampleDelta {
  const delta = (test: (key: string) => boolean) => increase(sumMatching(before.values, test), sumMatching(after.values, test));
  return {
    seconds: Math.max(0.001, (after.at - before.at) / 1000),
    messages: delta((key) => key.startsWith('runtime_messages_processed_total')),
    dead: delta((key) => key.startsWith('runtime_dead_letters_total')),
    commands: delta((key) => key.startsWith('game_command_seconds_count')),
    errors: delta((key) => key.startsWith('game_command_seconds_count') && !key.includes('outcome="ok"')),
    leasesLost: delta((key) => key.startsWith('runtime_leases_lost_total')),
    buckets: bucketIncrease(before, after, 'game_command_seconds'),
    queueWait: bucketIncrease(before, after, 'runtime_queue_wait_seconds'),
    gcSeconds: delta((key) => key.startsWith('nodejs_gc_duration_seconds_sum{')),
    scavenges: delta((key) => key === 'nodejs_gc_duration_seconds_count{kind="minor"}'),
    scavengeSeconds: delta((key) => key === 'nodejs_gc_duration_seconds_sum{kind="minor"}'),
  };
}

/** A quantile from cumulative histogram buckets (le → count), interpolated within its bucket. Pure. */
export function quantile(buckets: ReadonlyMap<number, number>, q: number): number | null {
  const sorted = [...buckets].sort(([a], [b]) => a - b);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let previousLe = 0;
  let previousCount = 0;
  for (const [le, count] of sorted) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return previousLe;
      const within = count - previousCount;
      return within <= 0 ? le : previousLe + ((le - previousLe) * (rank - previousCount)) / within;
    }
    previousLe = le;
    previousCount = count;
  }
  return previousLe;
}

interface Bucket {
  messages: number;
  dead: number;
  commands: number;
  errors: number;
  buckets: Map<number, number>;
  queueWait: Map<number, number>;
  sources: Set<string>;
}

export class TelemetryReader {
  readonly #store: ShardStore;
  readonly #stream: string;
  readonly #logger: Logger;
  readonly #last = new Map<string, TelemetrySample>();
  readonly #buckets = new Map<number, Bucket>();
  readonly #health = new Map<string, ProcessHealth>();
  #leaseLosses: LeaseLoss[] = [];
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;

  constructor(store: ShardStore, prefix: string, logger: Logger) {
    this.#store = store;
    this.#stream = telemetryKey(prefix);
    this.#logger = logger;
  }

  start(): this {
    this.#loop = this.#run();
    return this;
  }

  /** Takes one sample in (the stream reader's job; tests call it directly). */
  add(sample: TelemetrySample): void {
    const before = this.#last.get(sample.source);
    this.#last.set(sample.source, sample);
    if (!before || sample.at <= before.at) return;
    const delta = sampleDelta(before, sample);
    const loopLag = sample.values.nodejs_eventloop_lag_p99_seconds;
    this.#health.set(sample.source, {
      source: sample.source,
      at: sample.at,
      gcShare: Math.min(1, delta.gcSeconds / delta.seconds),
      scavengeMeanMs: delta.scavenges > 0 ? (delta.scavengeSeconds / delta.scavenges) * 1000 : null,
      eventLoopP99Ms: loopLag === undefined ? null : loopLag * 1000,
    });
    if (delta.leasesLost > 0) {
      this.#leaseLosses = [...this.#leaseLosses.filter((loss) => loss.at > sample.at - KEEP_BUCKETS * BUCKET_MS), { at: sample.at, source: sample.source, count: delta.leasesLost }];
    }
    const key = Math.floor(sample.at / BUCKET_MS) * BUCKET_MS;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = { messages: 0, dead: 0, commands: 0, errors: 0, buckets: new Map(), queueWait: new Map(), sources: new Set() };
      this.#buckets.set(key, bucket);
      for (const old of [...this.#buckets.keys()].filter((at) => at < key - KEEP_BUCKETS * BUCKET_MS)) this.#buckets.delete(old);
    }
    // Spread over the bucket: a source sampling twice in it adds two halves.
    const share = delta.seconds / (BUCKET_MS / 1000);
    bucket.messages += (delta.messages / delta.seconds) * share;
    bucket.dead += (delta.dead / delta.seconds) * share;
    bucket.commands += (delta.commands / delta.seconds) * share;
    bucket.errors += delta.errors;
    for (const [le, count] of delta.buckets) bucket.buckets.set(le, (bucket.buckets.get(le) ?? 0) + count);
    for (const [le, count] of delta.queueWait) bucket.queueWait.set(le, (bucket.queueWait.get(le) ?? 0) + count);
    bucket.sources.add(sample.source);
  }

  /** Cluster-wide figures per 10 s, oldest first (the newest bucket may be incomplete). */
  series(): ClusterRates[] {
    return [...this.#buckets]
      .sort(([a], [b]) => a - b)
      .map(([at, bucket]) => {
        const commandsCounted = [...bucket.buckets.values()].reduce((max, count) => Math.max(max, count), 0);
        return {
          at,
          messagesPerSecond: bucket.messages,
          deadLettersPerSecond: bucket.dead,
          commandsPerSecond: bucket.commands,
          errorRatio: commandsCounted > 0 ? Math.min(1, bucket.errors / commandsCounted) : 0,
          latencyP50: quantile(bucket.buckets, 0.5),
          latencyP95: quantile(bucket.buckets, 0.95),
          queueWaitP50: quantile(bucket.queueWait, 0.5),
          queueWaitP95: quantile(bucket.queueWait, 0.95),
          sources: bucket.sources.size,
        };
      });
  }

  /** Lease losses reported after `since` (epoch ms), oldest first. */
  leaseLossesSince(since: number): LeaseLoss[] {
    return this.#leaseLosses.filter((loss) => loss.at > since);
  }

  /**
   * Each projection's lag, from the current sample of the node running it
   * (projection_leading = 1; a standby reports none). A projection nobody runs
   * is absent: its shard is unowned, which has its own alert.
   */
  projectionLags(now = Date.now()): ProjectionLag[] {
    const lags: ProjectionLag[] = [];
    for (const sample of this.#last.values()) {
      if (sample.at <= now - CURRENT_MS) continue;
      for (const [key, value] of Object.entries(sample.values)) {
        const projection = /^projection_leading\{projection="([^"]+)"\}$/.exec(key)?.[1];
        if (projection === undefined || value !== 1) continue;
        const lagSeconds = sample.values[`projection_lag_seconds{projection="${projection}"}`] ?? 0;
        lags.push({ projection, source: sample.source, lagSeconds, at: sample.at });
      }
    }
    return lags.sort((a, b) => (a.projection < b.projection ? -1 : 1));
  }

  /** The last complete bucket, or the newest one when only one exists. */
  latest(): ClusterRates | null {
    const all = this.series();
    return all.at(-2) ?? all.at(-1) ?? null;
  }

  /** The health of each process that sampled in the last minute, by source. */
  processHealth(now = Date.now()): ProcessHealth[] {
    return [...this.#health.values()].filter((health) => health.at > now - CURRENT_MS);
  }

  /** Sources that sampled in the last minute, with their roles. */
  sources(now = Date.now()): { source: string; roles: readonly string[]; at: number }[] {
    return [...this.#last.values()].filter((sample) => sample.at > now - CURRENT_MS).map((sample) => ({ source: sample.source, roles: sample.roles, at: sample.at }));
  }

  async #run(): Promise<void> {
    // From the oldest kept: the charts start with the last hour already in.
    let cursor = '0';
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      try {
        const entries = await this.#store.subscribe(this.#stream, cursor, 500, 1_000);
        for (const entry of entries) {
          cursor = entry.id;
          try {
            this.add(JSON.parse(entry.body) as TelemetrySample);
          } catch {
            this.#logger.debug({ entry: entry.id }, 'unreadable telemetry sample skipped');
          }
        }
      } catch {
        await sleep(1_000, signal);
      }
    }
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }
}
