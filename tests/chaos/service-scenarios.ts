// Scenarios where what the nodes stand on fails: Redis (with and without
// persistence), PostgreSQL, and a node's wall clock.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RuntimeClient } from '../../runtime/client.ts';
import { PrivateRedis } from '../support/private-redis.ts';
import { watchVersions, withCluster, type ScenarioOptions, type ScenarioResult } from './harness.ts';

/** Redis (with AOF, appendfsync everysec) killed with kill -9 under load and started again: nothing acknowledged is lost. */
export async function aof(options: ScenarioOptions): Promise<ScenarioResult> {
  const redis = new PrivateRedis({ aof: true });
  await redis.start();
  try {
    return await withCluster(
      'aof',
      2,
      options,
      async (_cluster, _load, { seconds, log }) => {
        await sleep(seconds * 1000);
        log(`aof: kill -9 Redis (port ${redis.port})`);
        const killed = Date.now();
        await redis.kill();
        await sleep(1_000);
        await redis.start();
        const downMs = Date.now() - killed;
        log(`aof: Redis back after ${downMs} ms, with its AOF`);
        await sleep(seconds * 1000);
        return { redis_down_ms: downMs };
      },
      {},
      redis.url,
    );
  } finally {
    await redis.stop();
  }
}

/**
 * Redis restarted empty (no persistence) under load: actors resume from
 * PostgreSQL; what is lost is what the write-behind had not written yet: what
 * was acknowledged since its last round began, at most the interval plus one
 * round's time (the longest of the last rounds before the kill, from the
 * nodes' /metrics), × rate.
 * (Requests in flight at the crash may also be applied twice: their
 * de-duplication records were in Redis.)
 */
export async function redisRestart(options: ScenarioOptions): Promise<ScenarioResult> {
  const redis = new PrivateRedis({ aof: false });
  await redis.start();
  const intervalMs = 200;
  try {
    return await withCluster(
      'redis-restart',
      2,
      options,
      async (cluster, _load, { seconds, log, rate }) => {
        // The rounds of the last second or two before the kill, not the first
        // ones, which write every actor the load has just created.
        const ports = [...cluster.nodes.values()].map((node) => node.port);
        await sleep(Math.max(1, seconds - 2) * 1000);
        const before = await Promise.all(ports.map(flushRounds));
        await sleep(Math.min(2, seconds - 1) * 1000);
        const after = await Promise.all(ports.map(flushRounds));
        const roundMs = Math.max(...ports.map((_, i) => longestRoundMs(before[i]!, after[i]!)));
        log(`redis-restart: kill -9 Redis (no persistence) and start it empty`);
        const killed = Date.now();
        await redis.kill();
        await redis.start();
        log(`redis-restart: Redis back, empty, after ${Date.now() - killed} ms`);
        await sleep(seconds * 1000);
        return { write_behind_interval_ms: intervalMs, flush_round_ms_at_most: roundMs, loss_bound: Math.ceil(((intervalMs + roundMs) * rate) / 1000) };
      },
      { WRITE_BEHIND_INTERVAL_MS: String(intervalMs) },
      redis.url,
    );
  } finally {
    await redis.stop();
  }
}

function pgCluster(action: 'stop' | 'start'): void {
  const version = readdirSync('/etc/postgresql')[0];
  if (!version) throw new Error('no PostgreSQL cluster under /etc/postgresql');
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action, ...(action === 'stop' ? ['-m', 'fast'] : [])], { stdio: 'ignore' });
}

/** What a node serves on /metrics. */
async function nodeMetrics(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

/** A node's write-behind round histogram: cumulative count per bucket bound (s). */
async function flushRounds(port: number): Promise<Map<number, number>> {
  const text = await nodeMetrics(port);
  const buckets = text.matchAll(/^runtime_write_behind_round_seconds_bucket\{le="([^"]+)"\} (\S+)$/gm);
  return new Map([...buckets].map(([, le, count]) => [le === '+Inf' ? Infinity : Number(le), Number(count)]));
}

/** The upper bound (ms) of the highest bucket a round fell in between two readings of one node's histogram. */
function longestRoundMs(before: Map<number, number>, after: Map<number, number>): number {
  const added = (le: number): number => (after.get(le) ?? 0) - (before.get(le) ?? 0);
  const all = added(Infinity);
  const covering = [...after.keys()].sort((a, b) => a - b).find((le) => added(le) === all);
  if (covering === undefined || !Number.isFinite(covering)) throw new Error('a write-behind round outlasted every bucket');
  return covering * 1000;
}

/** The write-behind lag gauges a node reports on /metrics. */
async function writeBehindLag(port: number): Promise<{ seconds: number; actors: number }> {
  const text = await nodeMetrics(port);
  const gauge = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { seconds: gauge('runtime_write_behind_lag_seconds'), actors: gauge('runtime_write_behind_lag_actors') };
}

/**
 * PostgreSQL stopped for a while under load and started again: the runtime
 * keeps serving from Redis, the lag shows in /metrics meanwhile, and once the
 * write-behind has caught up PostgreSQL holds every acknowledged message.
 */
export function pgRestart(options: ScenarioOptions & { readonly outageSeconds?: number }): Promise<ScenarioResult> {
  const outageMs = (options.outageSeconds ?? 10) * 1000;
  // Actors that all have their state in Redis before the outage: those are what
  // the runtime can go on serving without PostgreSQL (a brand-new actor cannot
  // be told apart from one that only PostgreSQL holds; its messages wait).
  const warm = { ...options, actors: Math.min(options.actors, Math.floor((options.rate * options.seconds) / 2)) };
  return withCluster('pg-restart', 2, warm, async (cluster, load, { seconds, log, shards }) => {
    await sleep(seconds * 1000);
    log(`pg-restart: stopping PostgreSQL for ${outageMs / 1000} s`);
    const ackedBefore = [...load.acked.values()].reduce((a, b) => a + b, 0);
    pgCluster('stop');
    let lagDuringOutage = { seconds: 0, actors: 0 };
    try {
      await sleep(outageMs);
      lagDuringOutage = await writeBehindLag(cluster.nodes.get('node-1')!.port);
    } finally {
      pgCluster('start');
    }
    const ackedDuringOutage = [...load.acked.values()].reduce((a, b) => a + b, 0) - ackedBefore;
    log(`pg-restart: PostgreSQL back; during the outage ${ackedDuringOutage} requests were served, lag ${JSON.stringify(lagDuringOutage)}`);
    await sleep(seconds * 1000);
    return { outage_ms: outageMs, served_during_outage: ackedDuringOutage, lag_seconds_during_outage: lagDuringOutage.seconds, lag_actors_during_outage: lagDuringOutage.actors };
  }, {}, undefined, async (cluster, load) => {
    const caughtUpMs = await cluster.waitFor((view) => view.totals.dirty === 0, 60_000, 'write-behind catching up');
    const durable = await load.verifyDurable(cluster.repo);
    return { caught_up_ms: caughtUpMs, pg_lost: durable.lost, pg_doubled: durable.doubled };
  });
}

const FAKETIME_LIBRARY = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';

/**
 * One node's wall clock jumps +10 minutes and then −10 minutes mid-run
 * (libfaketime reading its offset from a file; the monotonic clock is left
 * alone, as a real clock step leaves it): no stale write is accepted (no
 * version goes backwards), no timer fires before it is due, 0 lost, 0 twice.
 */
export function clock(options: ScenarioOptions): Promise<ScenarioResult> {
  if (!existsSync(FAKETIME_LIBRARY)) throw new Error(`clock: ${FAKETIME_LIBRARY} is missing (Debian package libfaketime)`);
  const offsetFile = joinPath(mkdtempSync(joinPath(tmpdir(), 'sw-faketime-')), 'offset');
  writeFileSync(offsetFile, '+0');
  const skewed = {
    LD_PRELOAD: FAKETIME_LIBRARY,
    FAKETIME_TIMESTAMP_FILE: offsetFile,
    FAKETIME_NO_CACHE: '1',
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
  };
  return withCluster(
    'clock',
    2,
    options,
    async (cluster, load, { seconds, log, shards }) => {
      const watcher = watchVersions(cluster, load.actors.slice(0, 500), shards);
      await cluster.startNode('node-skewed', skewed);
      await cluster.waitFor((view) => view.nodes.length === 3 && view.nodes.every((node) => node.shards.length >= 21), 20_000, 'node-skewed taking its share');
      const client = new RuntimeClient({ store: cluster.store, prefix: cluster.prefix, shards, timeoutMs: 5_000 });
      const timerActors = Array.from({ length: 60 }, (_, i) => `counter:timer-${i}`);
      const arm = async (actors: readonly string[]) => Promise.all(actors.map((actor) => client.request(actor, { type: 'startTimer', ms: 1_500 })));
      await arm(timerActors.slice(0, 20));
      log('clock: node-skewed jumps +10 minutes');
      writeFileSync(offsetFile, '+10m');
      await arm(timerActors.slice(20, 40));
      await sleep(seconds * 1000);
      log('clock: node-skewed jumps −10 minutes');
      writeFileSync(offsetFile, '-10m');
      await arm(timerActors.slice(40));
      await sleep(seconds * 1000);
      writeFileSync(offsetFile, '+0');
      await sleep(3_000);
      await client.close();
      return { timers_armed: timerActors.length, versions_backwards: await watcher.stop() };
    },
    {},
    undefined,
    async (cluster) => {
      // Every timer's arming (its due time) and its fire (when it was processed), from the message log.
      await cluster.waitFor((view) => view.totals.dirty === 0, 60_000, 'write-behind catching up');
      await sleep(1_000);
      const rows = await cluster.database.sql<{ address: string; message: { timer?: unknown }; effects: { arm?: { due: number }[] }; at: Date }[]>`
        select address, message, effects, at from actor_messages where address like 'counter:timer-%' order by address, version`;
      const due = new Map<string, number>();
      let fired = 0;
      let early = 0;
      let earliestMs = Infinity;
      for (const row of rows) {
        const armed = row.effects.arm?.[0];
        if (armed) due.set(row.address, armed.due);
        if (row.message.timer) {
          fired++;
          const lead = (due.get(row.address) ?? Infinity) - row.at.getTime();
          if (lead > 0) early++;
          earliestMs = Math.min(earliestMs, row.at.getTime() - (due.get(row.address) ?? 0));
        }
      }
      const output = cluster.nodes.get('node-skewed')?.output() ?? '';
      // Leases run on Redis time (PX), so the jumps should not have cost the node its shards.
      return { timers_fired: fired, timers_early: early, fire_after_due_min_ms: earliestMs, skewed_node_lost_leases: /lease lost at epoch/.test(output) };
    },
  );
}
