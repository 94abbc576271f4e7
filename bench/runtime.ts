// `npm run bench -- runtime`: the actor runtime on real Redis + PostgreSQL
// against the bare stream loop it is built on, measured in the same run
// (MEASURED.md: compare ratios, not absolute figures across runs).
//   1. raw ceiling: XADD (pipelined, this process) → XREADGROUP COUNT b → XACK (child process)
//   2. saturation: N `inc` messages to A counter actors written into the shard
//      inboxes first, then a runtime node (child process) started and timed
//      until it has processed them all
//   3. latency: request/reply through RuntimeClient, open loop at half the
//      saturating rate, timed from each request's scheduled send to its reply;
//      with the CPU each process (node, Redis, PostgreSQL, this client) spent
//      per request meanwhile, and how busy the machine's cores were
//   4. with --curve: the same phase again at each given share of the saturating
//      rate (after the write-behind has caught up): where p99 stands at lower loads
//   5. raw request/reply ceiling, after the node has stopped: the same open loop
//      at the same rates over bare streams (XADD → XREADGROUP → XADD reply + XACK
//      → XREAD, bench/support/raw-reply.ts), the latency this machine's Redis and
//      cores give a request with none of the runtime's work
// Flags: --messages N --actors A --shards S --batch B --raw-messages N
//        --latency-seconds T --rate R (override the offered rate)
//        --curve 0.1,0.2,0.3 (latency phases at these shares of the saturating rate too, JSON `latency_curve`;
//        the node's per-batch figures, `latency_node_ms`, and its collections, `latency_node_gc`, then cover those phases as well)
//        --node-flags "..." (Node flags for the node process; default: those of the Procfile's runtime line,
//        so the node is measured as it is deployed)
//        --profile DIR (write there a V8 CPU profile of the node process's saturation window,
//        a heap profile of what its latency phase allocates and keeps past a scavenge, and
//        a CPU profile of this process, the load generator, during the latency phase)
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { availableParallelism, release, type } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { RuntimeClient } from '../runtime/client.ts';
import { encodeEnvelope } from '../runtime/envelope.ts';
import { createRedisShardStore, type RedisShardStore } from '../storage/redis-shard-store.ts';
import {
  REDIS_URL,
  describeRedis,
  nextMessage,
  preload,
  rawCeiling,
  redisCounters,
  spawnWorker,
  streamLengths,
  sumVersions,
} from './support/streams.ts';
import { dropKeys } from '../tests/support/services.ts';
import { runtimeNodeFlags } from '../tests/support/procfile.ts';
import { incRequest, percentile } from './support/open-loop.ts';
import { describeCpu, measuredPhase, round, type PhaseSummary } from './support/latency-phase.ts';
import { rawReplyPhases } from './support/raw-reply.ts';
import { startCpuProfile, stopCpuProfile } from './support/profiler.ts';
import { describeNodeStop, type NodeStopped } from './support/node-report.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const log = (line: string): void => {
  process.stderr.write(`[bench runtime] ${line}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

async function requireServices(): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis is unreachable at ${REDIS_URL} (${error instanceof Error ? error.message : String(error)}); this bench needs a real Redis 7 (set REDIS_URL)`);
  } finally {
    redis.disconnect();
  }
  const sql = postgres(DATABASE_URL, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (error) {
    throw new Error(`PostgreSQL is unreachable at ${DATABASE_URL} (${error instanceof Error ? error.message : String(error)}); this bench needs a real PostgreSQL 15 (set DATABASE_URL)`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function cleanup(prefix: string, schema: string, rawKey: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  const removed = await dropKeys(redis, prefix);
  await dropKeys(redis, rawKey);
  redis.disconnect();
  const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop schema if exists ${schema} cascade`);
  await sql.end({ timeout: 1 });
  log(`cleaned up ${removed} keys and schema ${schema}`);
}

/** Waits until the write-behind has written every logged message; returns how long that took, s. */
async function writeBehindCaughtUp(redis: Redis, prefix: string, shards: number): Promise<number> {
  const started = performance.now();
  while ((await streamLengths(redis, prefix, shards, 'log')) > 0) await sleep(250);
  return (performance.now() - started) / 1000;
}

interface CurvePoint extends PhaseSummary {
  readonly share: number;
  /** Requests sent (every one is applied once, which the final check counts). */
  readonly sent: number;
  /** Node, Redis, PostgreSQL and the client, each and together. */
  readonly cpu_us_per_request: Record<string, number | null>;
  /** The raw request/reply loop at the same rate. */
  readonly raw_p50_ms?: number;
  readonly raw_p99_ms?: number;
  readonly raw_machine_busy?: number;
}

/** One phase of the latency curve. */
async function curvePoint(client: RuntimeClient, nodePid: number | undefined, redis: Redis, offered: number, seconds: number, actors: number): Promise<Omit<CurvePoint, 'share'>> {
  const { phase, cpu, redisUse, summary } = await measuredPhase(incRequest(client, actors), nodePid, redis, DATABASE_URL, offered, seconds);
  log(`latency curve, ${summary.offered_per_s} req/s: ${redisUse}`);
  return {
    ...summary,
    sent: phase.sent,
    cpu_us_per_request: { ...cpu.us, all: Object.values(cpu.us).reduce<number | null>((sum, us) => (sum === null || us === null ? null : sum + us), 0) },
  };
}

export async function main(argv: string[]): Promise<Record<string, unknown>> {
  const { values: flags } = parseArgs({
    args: argv,
    options: {
      messages: { type: 'string', default: '200000' },
      actors: { type: 'string', default: '10000' },
      shards: { type: 'string', default: '64' },
      batch: { type: 'string', default: '100' },
      'raw-messages': { type: 'string', default: '400000' },
      'latency-seconds': { type: 'string', default: '10' },
      rate: { type: 'string' },
      curve: { type: 'string' },
      profile: { type: 'string' },
      'node-flags': { type: 'string' },
    },
    strict: true,
  });
  const messages = Number(flags.messages);
  const actors = Number(flags.actors);
  const shards = Number(flags.shards);
  const batch = Number(flags.batch);
  const rawMessages = Number(flags['raw-messages']);
  const latencySeconds = Number(flags['latency-seconds']);
  const nodeFlags = flags['node-flags'] === undefined ? runtimeNodeFlags() : flags['node-flags'].split(/\s+/).filter(Boolean);
  for (const [name, value] of Object.entries({ messages, actors, shards, batch, rawMessages, latencySeconds })) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  }

  const curveShares = flags.curve === undefined ? [] : flags.curve.split(',').map(Number);
  if (curveShares.some((share) => !Number.isFinite(share) || share <= 0 || share > 1)) {
    throw new Error(`--curve takes shares of the saturating rate between 0 and 1, comma-separated (e.g. 0.1,0.2,0.3); got "${flags.curve}"`);
  }

  await requireServices();
  const id = randomBytes(4).toString('hex');
  const schema = `bench_rt_${id}`;
  const prefix = `${schema}:`;
  const rawKey = `bench_raw_${id}`;
  let node: ChildProcess | undefined;
  let client: RuntimeClient | undefined;
  let store: RedisShardStore | undefined;
  try {
    // A body the size of a real `inc` envelope.
    const sampleBody = encodeEnvelope({ id: '01JBENCHBENCHBENCHBENCHBENC', to: 'counter:1234', event: { type: 'inc', by: 1 } });
    log(`raw ceiling: ${rawMessages} msgs, XREADGROUP COUNT ${batch} → XACK in a child process`);
    const rawPerSecond = await rawCeiling(rawKey, rawMessages, batch, sampleBody);
    log(`raw ceiling: ${Math.round(rawPerSecond)} msg/s`);

    let profile: string | undefined;
    if (flags.profile) {
      mkdirSync(flags.profile, { recursive: true });
      profile = resolve(flags.profile, `runtime-node-${id}.cpuprofile`);
    }
    node = spawnWorker(
      'runtime-node-worker.ts',
      [
        JSON.stringify({
          schema,
          prefix,
          ...(profile ? { profile } : {}),
          env: {
            REDIS_URL,
            DATABASE_URL,
            SHARDS: String(shards),
            KEY_PREFIX: prefix,
            READ_BATCH: String(batch),
            LOG_LEVEL: 'warn',
          },
        }),
      ],
      nodeFlags,
    );
    await nextMessage(node, 'ready', 60_000);

    store = await createRedisShardStore({ url: REDIS_URL, prefix });
    const loading = performance.now();
    await preload(store, messages, actors, shards);
    log(`preloaded ${messages} inc messages over ${actors} counters in ${shards} shards in ${((performance.now() - loading) / 1000).toFixed(2)} s`);

    const redisBefore = await redisCounters(store.redis);
    node.send({ type: 'start', expected: messages });
    const saturated = await nextMessage<{
      type: 'saturated';
      elapsedMs: number;
      startMs: number;
      transitionSeconds: number;
      commitSeconds: number;
      commits: number;
      cpuSeconds: number;
    }>(node, 'saturated', 600_000);
    const redisAfter = await redisCounters(store.redis);
    const msgsPerSecond = messages / (saturated.elapsedMs / 1000);
    const logBacklog = await streamLengths(store.redis, prefix, shards, 'log');
    log(
      `saturation: ${messages} msgs in ${(saturated.elapsedMs / 1000).toFixed(2)} s (node start ${saturated.startMs.toFixed(0)} ms) = ${Math.round(msgsPerSecond)} msg/s; ` +
        `${saturated.commits} commits, Σcommit ${saturated.commitSeconds.toFixed(2)} s, Σtransition ${saturated.transitionSeconds.toFixed(2)} s; ` +
        `write-behind log backlog ${logBacklog}`,
    );
    log(`saturation: node CPU ${saturated.cpuSeconds.toFixed(2)} s (${((saturated.cpuSeconds * 1e6) / messages).toFixed(1)} µs/msg); ${describeRedis(redisBefore, redisAfter, messages)}`);

    // Latency is measured in a steady state: first let the write-behind work the
    // saturation left behind drain, so its catch-up does not count against it.
    const drainSeconds = await writeBehindCaughtUp(store.redis, prefix, shards);
    log(`write-behind caught up ${drainSeconds.toFixed(1)} s after saturation (${logBacklog} log entries were waiting)`);

    const offered = flags.rate ? Number(flags.rate) : msgsPerSecond / 2;
    client = new RuntimeClient({ store, prefix, shards, timeoutMs: 15_000, name: 'bench' });
    log(`latency: ${Math.round(offered)} req/s offered for ${latencySeconds} s, open loop`);
    node.send({ type: 'latency' });
    const clientProfiler = profile ? await startCpuProfile() : undefined;
    const { phase, cpu: cpuPerRequest, redisUse, summary } = await measuredPhase(incRequest(client, actors), node.pid, store.redis, DATABASE_URL, offered, latencySeconds);
    if (clientProfiler && profile) {
      const clientProfile = profile.replace(/runtime-node-/, 'runtime-client-').replace(/\.cpuprofile$/, '.latency.cpuprofile');
      await stopCpuProfile(clientProfiler, clientProfile);
      log(`CPU profile of this process, the load generator, during the latency phase: ${clientProfile}`);
    }
    const { sent, latencies } = phase;
    log(
      `latency: ${sent} requests in ${phase.sendingSeconds.toFixed(2)} s (${Math.round(sent / phase.sendingSeconds)}/s), ${latencies.length} replies, ` +
        `${phase.failures} failed${phase.firstFailure ? ` (first: ${phase.firstFailure})` : ''}; ` +
        `p50 ${summary.p50_ms.toFixed(2)} ms, p99 ${summary.p99_ms.toFixed(2)} ms, max ${latencies.at(-1)?.toFixed(1)} ms; send lag p99 ${percentile(phase.sendLags, 99).toFixed(2)} ms`,
    );
    log(
      `latency: CPU per request: ${describeCpu(cpuPerRequest.us)}; all ${availableParallelism()} cores together ${Math.round(cpuPerRequest.machineBusy * 100)} % busy` +
        (cpuPerRequest.machineBusy >= 0.8 ? ' (nearly saturated: much of the tail is queueing for a core)' : ''),
    );
    log(`latency: ${redisUse}`);
    log(
      `latency p99/max by second: ${phase.bySecond
        .map((list, second) => (list.length === 0 ? `${second}s -` : `${second}s ${percentile(list, 99).toFixed(0)}/${list.at(-1)!.toFixed(0)}`))
        .join(', ')}`,
    );
    const curve: CurvePoint[] = [];
    for (const share of curveShares) {
      await writeBehindCaughtUp(store.redis, prefix, shards);
      const point = await curvePoint(client, node.pid, store.redis, share * msgsPerSecond, latencySeconds, actors);
      curve.push({ share, ...point });
      log(
        `latency curve: ${share} of the saturating rate, ${point.offered_per_s} req/s: p50 ${point.p50_ms} ms, p99 ${point.p99_ms} ms, ` +
          `${point.failed_requests} failed; ${Math.round(point.machine_busy * 100)} % of the cores busy, CPU per request ${describeCpu(point.cpu_us_per_request)}`,
      );
    }
    const requests = sent + curve.reduce((sum, point) => sum + point.sent, 0);
    await client.close();
    client = undefined;

    const stopping = nextMessage<NodeStopped>(node, 'stopped', 300_000);
    node.send({ type: 'stop' });
    const stopped = await stopping;
    if (profile) {
      log(`CPU profile of the node during saturation: ${profile}`);
      log(`heap profile of what the node kept past a scavenge during the latency phase: ${profile.replace(/\.cpuprofile$/, '.latency.heapprofile')}`);
    }
    for (const line of describeNodeStop(stopped, requests)) log(line);
    const { batches, gc } = stopped;

    // Sanity: every message applied exactly once, and written behind.
    const applied = await sumVersions(store.redis, prefix, shards);
    const expected = messages + requests;
    const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
    const [row] = await sql.unsafe<{ states: string; logged: string }[]>(
      `select (select count(*) from ${schema}.actor_state) as states, (select count(*) from ${schema}.actor_messages) as logged`,
    );
    await sql.end({ timeout: 1 });
    const dead = await streamLengths(store.redis, prefix, shards, 'dead');
    log(`check: Σversions ${applied} (expected ${expected}), PostgreSQL ${row?.states} states / ${row?.logged} logged messages, ${dead} dead letters`);
    if (applied !== expected) throw new Error(`applied ${applied} messages, expected ${expected}`);

    // The same rates over bare streams, with the node gone: the machine's own floor.
    log(`raw request/reply: the latency phase${curve.length > 0 ? ' and the curve' : ''} again over bare streams, no runtime`);
    const [raw, ...rawCurve] = await rawReplyPhases({
      keyPrefix: `${rawKey}:rr`,
      shards,
      batch,
      body: sampleBody,
      rates: [offered, ...curve.map((point) => point.offered_per_s)],
      seconds: latencySeconds,
      redis: store.redis,
      databaseUrl: DATABASE_URL,
      log,
    });
    const rawPoint = raw!;

    return {
      bench: 'runtime',
      date: new Date().toISOString(),
      machine: `${availableParallelism()} cores, ${type()} ${release()}`,
      msgs_per_s: Math.round(msgsPerSecond),
      p50_ms: summary.p50_ms,
      p99_ms: summary.p99_ms,
      raw_msgs_per_s: Math.round(rawPerSecond),
      ratio: round(msgsPerSecond / rawPerSecond, 3),
      offered_per_s: summary.offered_per_s,
      // CPU each process spent per request during the latency phase, and how busy the machine was.
      latency_cpu_us_per_request: cpuPerRequest.us,
      latency_machine_busy: summary.machine_busy,
      // Inside the node, per batch: how long its oldest message had waited since its append, and the commit call.
      latency_node_ms: {
        queue_wait_p50: batches.queueWaitMs.p50,
        queue_wait_p99: batches.queueWaitMs.p99,
        commit_p50: batches.commitMs.p50,
        commit_p99: batches.commitMs.p99,
      },
      // The node's garbage collections meanwhile (PerformanceObserver 'gc'): its pauses set much of the tail.
      latency_node_gc: {
        scavenges: gc.scavenges,
        scavenge_median_ms: gc.scavengeMedianMs,
        scavenge_max_ms: gc.scavengeMaxMs,
        scavenge_total_ms: gc.scavengeTotalMs,
        full_gcs: gc.fullGcs,
        full_gc_total_ms: gc.fullGcTotalMs,
      },
      // Requests that got no reply within 15 s (or an error reply); p50/p99 cover the replies only.
      failed_requests: phase.failures,
      // --curve: the same phase at other shares of the saturating rate, each after the write-behind caught up.
      // The raw request/reply ceiling at the same offered rate (its own machine_busy and CPU per request), and p99 as a multiple of its p99.
      raw_reply_p50_ms: rawPoint.p50_ms,
      raw_reply_p99_ms: rawPoint.p99_ms,
      raw_reply_machine_busy: rawPoint.machine_busy,
      raw_reply_cpu_us_per_request: rawPoint.cpu_us_per_request,
      p99_vs_raw: round(summary.p99_ms / rawPoint.p99_ms, 1),
      ...(curve.length > 0
        ? {
            latency_curve: curve.map((point, index) => ({
              ...point,
              raw_p50_ms: rawCurve[index]!.p50_ms,
              raw_p99_ms: rawCurve[index]!.p99_ms,
              raw_machine_busy: rawCurve[index]!.machine_busy,
            })),
          }
        : {}),
      // Shards the node lost without handing them over (it should never happen on one node).
      leases_lost: stopped.leasesLost,
      messages,
      actors,
      shards,
      batch,
      // The figures depend on them (Procfile): say what the node ran with.
      node_flags: nodeFlags.join(' '),
    };
  } finally {
    await client?.close().catch(() => undefined);
    if (node && node.exitCode === null) {
      node.kill('SIGTERM');
      await new Promise((settled) => (node!.exitCode !== null ? settled(undefined) : node!.once('exit', settled)));
    }
    await store?.close().catch(() => undefined);
    await cleanup(prefix, schema, rawKey).catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
  }
}
