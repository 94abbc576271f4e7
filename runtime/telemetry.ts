// Every process publishes a compact sample of its runtime and game metrics to
// one capped stream every few seconds, so the ops console can show cluster-wide
// figures (messages/s, dead letters, command latency and error rate) without
// knowing where each process listens. Prometheus still scrapes each process's
// own /metrics; this is only the console's view.
import type { Registry } from 'prom-client';
import { telemetryKey, type ShardStore } from '../storage/index.ts';
import { sleep } from './sleep.ts';

export interface TelemetrySample {
  /** Node id or process name: samples of one source are deltas of one another. */
  readonly source: string;
  readonly roles: readonly string[];
  /** Wall clock of the process, ms. */
  readonly at: number;
  /**
   * `name{label="v",…}` → value for the runtime_, game_ and projection_
   * metrics, and the process's own health: its garbage collections' total
   * pause and count by kind, and its event-loop delay (prom-client's defaults).
   */
  readonly values: Readonly<Record<string, number>>;
}

const PUBLISHED = /^(runtime_|game_|projection_)/;
/** Of prom-client's default metrics, the series the console shows per process (not the GC histogram's buckets). */
const PUBLISHED_DEFAULTS = new Set(['nodejs_gc_duration_seconds_sum', 'nodejs_gc_duration_seconds_count', 'nodejs_eventloop_lag_p99_seconds']);
const STREAM_MAX_LEN = 5_000;
const STREAM_TTL_MS = 3_600_000;

/** Pure: flattens prom-client's JSON into `name{labels}` → value, labels sorted. */
export function flattenMetrics(metrics: readonly { name: string; values: readonly { value: number; labels: Partial<Record<string, string | number>>; metricName?: string }[] }[]): Record<string, number> {
  const values: Record<string, number> = {};
  for (const metric of metrics) {
    const ours = PUBLISHED.test(metric.name);
    for (const entry of metric.values) {
      if (!ours && !PUBLISHED_DEFAULTS.has(entry.metricName ?? metric.name)) continue;
      const labels = Object.entries(entry.labels)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, value]) => `${key}="${value}"`)
        .join(',');
      values[`${entry.metricName ?? metric.name}${labels ? `{${labels}}` : ''}`] = entry.value;
    }
  }
  return values;
}

export interface TelemetryOptions {
  readonly store: ShardStore;
  readonly prefix: string;
  readonly registry: Registry;
  readonly source: string;
  readonly roles: readonly string[];
  readonly intervalMs?: number;
}

/** Publishes a sample every interval until the signal aborts; a failed publish is retried next time. */
export async function publishTelemetry(options: TelemetryOptions, signal: AbortSignal): Promise<void> {
  const stream = telemetryKey(options.prefix);
  while (!signal.aborted) {
    try {
      const sample: TelemetrySample = {
        source: options.source,
        roles: options.roles,
        at: Date.now(),
        values: flattenMetrics(await options.registry.getMetricsAsJSON()),
      };
      await options.store.publish(stream, [JSON.stringify(sample)], STREAM_MAX_LEN, STREAM_TTL_MS);
    } catch {
      // Redis away: the console shows the gap; nothing here depends on it.
    }
    await sleep(options.intervalMs ?? 2_000, signal);
  }
}
