// `npm run bench -- tick`: one resource_generation tick for N nations (default
// 10,000) through the real runtime on real Redis + PostgreSQL, against the raw
// Redis ceiling for as many stream entries measured in the same run
// (MEASURED.md: compare ratios, not absolute figures across runs).
//   1. setup: N nations registered through the runtime (one `register` each,
//      sent with RuntimeClient.sendMany), flushed to PostgreSQL's actor_state;
//   2. each run: the tick's fan-out (PeriodicWork.tick: nations listed from
//      actor_state a page at a time, `generate` sent per shard in one go),
//      timed from its start until the node has processed every message;
//      afterwards, untimed, PostgreSQL is asked how many nations have the
//      run's period as their last `generate` (it must be all of them);
//   3. raw ceiling: XADD N entries (pipelined) → XREADGROUP COUNT 100 → XACK
//      in a child process.
// The node and the fan-out share this process, as in a runtime process that
// owns shard 0. Flags: --nations N --runs R --shards S
import { availableParallelism, release, type } from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pino from 'pino';
import postgres from 'postgres';
import { periodicJobs, gameKinds, gameRules } from '../actors/index.ts';
import { loadConfig } from '../config/index.ts';
import { nodeSettings, openBackends } from '../runtime/backends.ts';
import { RuntimeClient } from '../runtime/client.ts';
import { encodeEnvelope } from '../runtime/envelope.ts';
import { KindRegistry } from '../runtime/kinds.ts';
import { createRuntimeMetrics } from '../runtime/metrics.ts';
import { RuntimeNode } from '../runtime/node.ts';
import { MemoryScheduler, PeriodicWork } from '../runtime/scheduler/index.ts';
import { MemorySchedulerState } from '../storage/scheduler-state.ts';
import { dropKeys } from '../tests/support/services.ts';
import { REDIS_URL, rawCeiling } from './support/streams.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const HOUR = 3_600_000;
const log = (line: string): void => {
  process.stderr.write(`[bench tick] ${line}\n`);
};
const round = (value: number, digits = 3): number => Number(value.toFixed(digits));
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function drained(node: RuntimeNode, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await node.idle())) {
    if (performance.now() > deadline) throw new Error(`the node did not finish within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function main(args: string[]): Promise<Record<string, unknown>> {
  const { values: flags } = parseArgs({
    args,
    options: { nations: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' }, shards: { type: 'string', default: '64' } },
  });
  const nations = Number(flags.nations);
  const runs = Number(flags.runs);
  const id = `b_tick_${Date.now().toString(36)}`;
  const prefix = `${id}:`;
  const env = loadConfig({ env: { REDIS_URL, DATABASE_URL, KEY_PREFIX: prefix, SHARDS: flags.shards, LOG_LEVEL: 'warn' } }).env;
  const config = loadConfig({ env: {} });
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const backends = await openBackends({ env, logger, schema: id, prefix });
  const metrics = createRuntimeMetrics();
  const node = new RuntimeNode({
    nodeId: `${id}-node`,
    store: backends.store,
    timers: backends.timers,
    repo: backends.repo,
    kinds: new KindRegistry(gameKinds(gameRules(config))),
    clock: backends.clock,
    metrics,
    logger,
    ...nodeSettings(env, prefix),
  });
  const client = new RuntimeClient({ store: backends.store, prefix, shards: env.SHARDS, timeoutMs: 30_000, name: 'bench-tick' });
  const generation = periodicJobs(config.timers).find((job) => job.name === 'resource_generation')!;
  const work = new PeriodicWork({
    jobs: [generation],
    scheduler: new MemoryScheduler({ clock: backends.clock, realtime: false }),
    state: new MemorySchedulerState(),
    repo: backends.repo,
    client,
    logger,
    registry: metrics.registry,
    leader: () => true,
  });
  const admin = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await node.start();
    log(`${nations} nations, ${env.SHARDS} shards, ${runs} runs; registering through the runtime`);
    const registerStarted = performance.now();
    const addresses = Array.from({ length: nations }, (_, i) => `nation:${7_000_000 + i}`);
    for (let from = 0; from < nations; from += 2_000) {
      await client.sendMany(
        addresses.slice(from, from + 2_000).map((to, i) => ({
          to,
          id: `bench-register/${to}`,
          event: { type: 'register', by: `1${String(from + i).padStart(17, '0')}`, name: `Nation ${from + i}` },
        })),
      );
    }
    await drained(node, 300_000);
    await node.flush();
    const registerSeconds = (performance.now() - registerStarted) / 1000;
    const [{ count: registered }] = await admin<[{ count: number }]>`select count(*)::int as count from ${admin(id)}.actor_state where kind = 'nation'`;
    log(`registered ${registered} in ${registerSeconds.toFixed(2)} s (through the runtime, flushed to PostgreSQL)`);
    if (registered !== nations) throw new Error(`expected ${nations} nations in actor_state, found ${registered}`);

    const results: { seconds: number; fanOutSeconds: number; processed: number }[] = [];
    // Each run is a new hour, so every nation has new work; periods sort in time order.
    const base = Math.ceil(backends.clock.now() / HOUR) * HOUR;
    for (let run = 0; run < runs; run++) {
      const at = base + run * HOUR;
      const period = generation.period(at);
      const started = performance.now();
      const sent = await work.tick(generation.name, at);
      const fanOutSeconds = (performance.now() - started) / 1000;
      await drained(node, 120_000);
      const seconds = (performance.now() - started) / 1000;
      // Untimed: every nation's last generate is this period (read from PostgreSQL after a flush).
      await node.flush();
      const [{ count: processed }] = await admin<[{ count: number }]>`
        select count(*)::int as count from ${admin(id)}.actor_state
        where kind = 'nation' and state->'snapshot'->'context'->'periods'->>'generate' = ${period}`;
      log(`run ${run + 1}: period ${period}, ${sent} sent in ${fanOutSeconds.toFixed(3)} s, all processed after ${seconds.toFixed(3)} s; ${processed} nations at this period`);
      if (processed !== nations) throw new Error(`only ${processed} of ${nations} nations processed period ${period}`);
      results.push({ seconds, fanOutSeconds, processed });
    }

    const rawKey = `${prefix}raw`;
    const sample = encodeEnvelope({ id: `periodic:resource_generation:2030-01-01T00/nation:7001234`, to: 'nation:7001234', event: generation.event('2030-01-01T00') });
    log(`raw ceiling: ${nations} entries XADD → XREADGROUP COUNT 100 → XACK`);
    const rawPerSecond = await rawCeiling(rawKey, nations, 100, sample);
    const rawSeconds = nations / rawPerSecond;
    const seconds = median(results.map((result) => result.seconds));
    return {
      bench: 'tick',
      date: new Date().toISOString(),
      machine: `${availableParallelism()} cores, ${type()} ${release()}, Node ${process.versions.node}`,
      nations,
      shards: env.SHARDS,
      runs: results.map((result) => round(result.seconds)),
      seconds: round(seconds),
      fan_out_seconds: round(median(results.map((result) => result.fanOutSeconds))),
      nations_per_s: Math.round(nations / seconds),
      register_seconds: round(registerSeconds, 2),
      raw_seconds: round(rawSeconds),
      raw_msgs_per_s: Math.round(rawPerSecond),
      ratio: round(rawSeconds / seconds),
      target_seconds: 5,
      met: seconds < 5,
    };
  } finally {
    await client.close();
    await node.stop();
    await backends.close();
    await admin.unsafe(`drop schema if exists ${id} cascade`);
    await admin.end();
    const redis = new Redis(REDIS_URL);
    await dropKeys(redis, prefix);
    await redis.quit();
  }
}
