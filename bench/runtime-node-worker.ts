// Child process of bench/runtime.ts: one runtime node (counter actors) on real
// Redis + PostgreSQL, in a process of its own so the bench's producer and
// client do not take its CPU. Driven over IPC:
//   parent → {type:'start', expected}  start the node; report when `expected` messages are processed
//   parent → {type:'latency'}          the latency phase begins (its batch histograms start afresh and its
//                                      garbage collections are counted; with `profile`: start sampling the heap)
//   parent → {type:'stop'}             stop the node (final write-behind flush), close, exit
//   child  → {type:'ready'} | {type:'saturated', ...} | {type:'stopped', ...} | {type:'error', message}
// argv: one JSON object { env: Record<string,string>, schema, prefix, profile? }.
// With `profile` (a file path) the saturation window alone is CPU-profiled
// (V8 .cpuprofile, open in Chrome DevTools or summarise by self time), and
// the latency phase's allocations that outlive a young-generation GC are
// sampled (.heapprofile): what is promoted is what makes scavenges long.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import pino from 'pino';
import type { Histogram } from 'prom-client';
import { quantile } from '../ops/services/telemetry.ts';
import { loadConfig } from '../config/index.ts';
import { nodeSettings, openBackends } from '../runtime/backends.ts';
import { systemClock } from '../runtime/clock.ts';
import { KindRegistry } from '../runtime/kinds.ts';
import { createRuntimeMetrics } from '../runtime/metrics.ts';
import { RuntimeNode } from '../runtime/node.ts';
import { counterKind } from '../tests/support/counter.ts';
import { startCpuProfile, stopCpuProfile } from './support/profiler.ts';
import { GcPauses, type NodeStopped, type Percentiles } from './support/node-report.ts';

interface WorkerArgs {
  readonly env: Record<string, string>;
  readonly schema: string;
  readonly prefix: string;
  readonly profile?: string;
}

type FromParent = { type: 'start'; expected: number } | { type: 'latency' } | { type: 'stop' };

const now = (): number => performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** p50 and p99 in ms of a histogram in seconds, interpolated within buckets as Prometheus's histogram_quantile does. */
async function percentilesMs(histogram: Histogram): Promise<Percentiles> {
  const buckets = new Map<number, number>();
  for (const value of (await histogram.get()).values) {
    if (value.metricName?.endsWith('_bucket')) buckets.set(value.labels.le === '+Inf' ? Infinity : Number(value.labels.le), value.value);
  }
  const ms = (q: number): number | null => {
    const seconds = quantile(buckets, q);
    return seconds === null ? null : Number((seconds * 1000).toFixed(1));
  };
  return { p50: ms(0.5), p99: ms(0.99) };
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as WorkerArgs;
  const env = loadConfig({ env: args.env }).env;
  // Warnings and errors only, to stderr (the bench's stdout carries its result line).
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const backends = await openBackends({ env, logger, schema: args.schema, prefix: args.prefix });
  const metrics = createRuntimeMetrics();
  const node = new RuntimeNode({
    nodeId: 'bench-node',
    store: backends.store,
    timers: backends.timers,
    repo: backends.repo,
    kinds: new KindRegistry([counterKind]),
    clock: systemClock,
    metrics,
    logger,
    ...nodeSettings(env, args.prefix),
  });
  const processed = async (): Promise<number> =>
    (await metrics.processed.get()).values.reduce((sum, value) => sum + value.value, 0);

  const send = (message: Record<string, unknown>): void => {
    process.send?.(message);
  };

  // After saturation: the event loop's delay (and, with `profile`, a second profile) until stop.
  let loopDelay: IntervalHistogram | undefined;
  let afterSession: Session | undefined;
  let heapSession: Session | undefined;
  const gcPauses = new GcPauses();

  process.on('message', (message: FromParent) => {
    void (async () => {
      if (message.type === 'start') {
        const session = args.profile ? await startCpuProfile() : undefined;
        const started = now();
        const cpuBefore = process.cpuUsage();
        await node.start();
        const running = now();
        let done = await processed();
        while (done < message.expected) {
          await sleep(5);
          done = await processed();
        }
        const finished = now();
        const cpu = process.cpuUsage(cpuBefore);
        if (session && args.profile) await stopCpuProfile(session, args.profile);
        // Not timed: confirm nothing is left queued, pending or in an outbox.
        while (!(await node.idle())) await sleep(20);
        loopDelay = monitorEventLoopDelay({ resolution: 5 });
        loopDelay.enable();
        if (args.profile) afterSession = await startCpuProfile();
        const transition = await metrics.transitionSeconds.get();
        const commit = await metrics.commitSeconds.get();
        const sumOf = (values: typeof commit.values, name: string): number =>
          values.find((value) => value.metricName === name)?.value ?? 0;
        send({
          type: 'saturated',
          elapsedMs: finished - started,
          startMs: running - started,
          processed: done,
          transitionSeconds: sumOf(transition.values, 'runtime_transition_seconds_sum'),
          commitSeconds: sumOf(commit.values, 'runtime_commit_seconds_sum'),
          commits: sumOf(commit.values, 'runtime_commit_seconds_count'),
          cpuSeconds: (cpu.user + cpu.system) / 1e6,
        });
      } else if (message.type === 'latency') {
        gcPauses.start();
        metrics.queueWaitSeconds.reset();
        metrics.commitSeconds.reset();
        if (args.profile) {
          heapSession = new Session();
          heapSession.connect();
          await heapSession.post('HeapProfiler.enable');
          // Objects a scavenge frees are left out: those cost it nothing. (Node 20's
          // typings lack the two include* options; V8 takes them.)
          const sampling = { samplingInterval: 16_384, includeObjectsCollectedByMinorGC: false, includeObjectsCollectedByMajorGC: true };
          await heapSession.post('HeapProfiler.startSampling', sampling);
        }
      } else if (message.type === 'stop') {
        loopDelay?.disable();
        if (heapSession && args.profile) {
          const { profile } = await heapSession.post('HeapProfiler.stopSampling');
          writeFileSync(args.profile.replace(/\.cpuprofile$/, '.latency.heapprofile'), JSON.stringify(profile));
          heapSession.disconnect();
        }
        if (afterSession && args.profile) await stopCpuProfile(afterSession, args.profile.replace(/\.cpuprofile$/, '.after.cpuprofile'));
        // Where a request's time goes inside the node during the latency phase.
        const batches = {
          count: (await metrics.commitSeconds.get()).values.find((value) => value.metricName?.endsWith('_count'))?.value ?? 0,
          queueWaitMs: await percentilesMs(metrics.queueWaitSeconds),
          commitMs: await percentilesMs(metrics.commitSeconds),
        };
        const gc = gcPauses.stop();
        const stopping = now();
        await node.stop();
        const stopMs = now() - stopping;
        await backends.close();
        send({
          type: 'stopped',
          stopMs,
          processed: await processed(),
          loopDelayP99Ms: loopDelay ? loopDelay.percentile(99) / 1e6 : 0,
          loopDelayMaxMs: loopDelay ? loopDelay.max / 1e6 : 0,
          batches,
          gc,
          // A node too busy to renew its leases loses its shards mid-run (bench/RESULTS.md, 2026-11-30).
          leasesLost: (await metrics.leasesLost.get()).values[0]?.value ?? 0,
        } satisfies NodeStopped);
        process.disconnect?.();
        // Exit explicitly (so --cpu-prof writes its profile) once the IPC message is out.
        setTimeout(() => process.exit(0), 50);
      }
    })().catch((error: unknown) => {
      send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    });
  });
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  process.send?.({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.stderr.write(`runtime-node-worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
