// `npm run bench -- step-script`: what the step script (storage/lua/step-8.lua)
// costs Redis per message, alone, against the raw ceiling of the same writes
// sent as plain pipelined commands, measured in the same run (MEASURED.md:
// compare ratios). No node, no transitions: synthetic steps shaped like a
// counter's `inc` (a state, a log entry, a public event, a reply), committed
// through the ShardStore as a node commits them, every shard's batch at once.
//   1. script: R rounds of S shards × B steps over A actors per shard; Redis's
//      CPU (INFO) and its time in EVALSHA and in the commands the script calls
//      (commandstats), per message;
//   2. raw: the same writes without the script, its checks or its atomicity —
//      per message SET state, XADD log, XADD event, HSET version, ZADD dirty,
//      SET de-duplication record PX — pipelined, Redis's CPU per message.
// `ratio` is raw / script CPU per message: the share of the script's cost that
// the writes themselves would cost anyway.
// Flags: --rounds R --shards S --batch B --actors A (per shard)
import { randomBytes } from 'node:crypto';
import { availableParallelism, release, type } from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import type { CommitStep } from '../storage/index.ts';
import { shardKeys } from '../storage/keys.ts';
import { createRedisShardStore } from '../storage/redis-shard-store.ts';
import { dropKeys } from '../tests/support/services.ts';
import { REDIS_URL, redisCounters } from './support/streams.ts';

const log = (line: string): void => {
  process.stderr.write(`[bench step-script] ${line}\n`);
};
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
const AT = 1_764_530_000_000;

/** A counter's `inc` step as the node prepares it: texts of the sizes a real one has. */
function incStep(address: string, version: number, id: string): CommitStep {
  const reply = `{"ok":true,"count":${version},"version":${version},"state":"idle"}`;
  return {
    streamId: '',
    messageId: id,
    address,
    expectedVersion: version - 1,
    version,
    state: JSON.stringify({ snapshot: { status: 'active', value: 'idle', historyValue: {}, context: { count: version, alarms: 0, timerMs: 0 }, children: {} }, timers: {} }),
    dedupValue: reply,
    outbox: [],
    events: [`{"room":"global","from":"${address}","at":${AT},"version":${version},"event":{"type":"counted","count":${version}}}`],
    log: `{"address":"${address}","version":${version},"id":"${id}","at":${AT},"message":{"id":"${id}","to":"${address}","event":{"type":"inc","by":1}},"effects":{"reply":${reply},"emits":[{"room":"global","event":{"type":"counted","count":${version}}}]}}`,
    dead: '',
  };
}

/** Redis CPU µs per message between two readings, and the EVALSHA and other commands' share of it. */
function perMessage(before: Awaited<ReturnType<typeof redisCounters>>, after: Awaited<ReturnType<typeof redisCounters>>, messages: number) {
  let script = 0;
  let commands = 0;
  for (const [name, stat] of after.commands) {
    const usec = stat.usec - (before.commands.get(name)?.usec ?? 0);
    if (name === 'evalsha') script += usec;
    else if (name !== 'info') commands += usec;
  }
  return { cpu: ((after.cpu - before.cpu) * 1e6) / messages, script: script / messages, commands: commands / messages };
}

export async function main(argv: string[]): Promise<Record<string, unknown>> {
  const { values: flags } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string', default: '30' },
      shards: { type: 'string', default: '64' },
      batch: { type: 'string', default: '100' },
      actors: { type: 'string', default: '97' },
    },
    strict: true,
  });
  const rounds = Number(flags.rounds);
  const shards = Number(flags.shards);
  const batch = Number(flags.batch);
  const actors = Number(flags.actors);
  for (const [name, value] of Object.entries({ rounds, shards, batch, actors })) {
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  }

  const prefix = `bench_step_${randomBytes(4).toString('hex')}:`;
  const admin = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`Redis is unreachable at ${REDIS_URL} (${error instanceof Error ? error.message : String(error)}); this bench needs a real Redis 7 (set REDIS_URL)`);
  }
  const store = await createRedisShardStore({ url: REDIS_URL, prefix });
  const raw = new Redis(REDIS_URL, { enableAutoPipelining: true });
  try {
    for (let shard = 0; shard < shards; shard++) await admin.set(shardKeys(prefix, shard).epoch, '1');
    const versions = new Map<string, number>();
    let sequence = 0;
    const roundOfSteps = (): CommitStep[][] =>
      Array.from({ length: shards }, (_, shard) =>
        Array.from({ length: batch }, (_, i) => {
          const address = `counter:${shard}-${i % actors}`;
          const version = (versions.get(address) ?? 0) + 1;
          versions.set(address, version);
          return incStep(address, version, `01JSTEP${String(sequence++).padStart(19, '0')}`);
        }),
      );

    const scriptRound = async (): Promise<void> => {
      const results = await Promise.all(roundOfSteps().map((steps, shard) => store.commit(shard, 1, steps)));
      const refused = results.flat().filter((result) => result.status !== 'applied').length;
      if (refused > 0) throw new Error(`${refused} steps were not applied`);
    };
    const rawRound = async (): Promise<void> => {
      const writes: Promise<unknown>[] = [];
      roundOfSteps().forEach((steps, shard) => {
        const keys = shardKeys(prefix, shard);
        for (const step of steps) {
          writes.push(
            raw.set(`${keys.tag}raw:a:${step.address}`, step.state),
            raw.xadd(`${keys.log}:raw`, '*', 'e', step.log),
            raw.xadd(`${keys.events}:raw`, 'MAXLEN', '~', 10_000, '*', 'e', step.events[0]!),
            raw.hset(`${keys.versions}:raw`, step.address, step.version),
            raw.zadd(`${keys.dirty}:raw`, step.version, step.address),
            raw.set(`${keys.tag}raw:d:${step.messageId}`, step.dedupValue, 'PX', 86_400_000),
          );
        }
      });
      await Promise.all(writes);
    };

    const measure = async (name: string, once: () => Promise<void>) => {
      await once(); // warm-up: the script loaded, the actors created
      const before = await redisCounters(admin);
      const started = performance.now();
      for (let r = 0; r < rounds; r++) {
        await once();
        if ((r + 1) % 10 === 0) log(`${name}: ${r + 1} / ${rounds} rounds`);
      }
      const seconds = (performance.now() - started) / 1000;
      const figures = perMessage(before, await redisCounters(admin), rounds * shards * batch);
      log(`${name}: ${rounds * shards * batch} messages in ${seconds.toFixed(2)} s; Redis CPU ${figures.cpu.toFixed(2)} µs per message`);
      return figures;
    };

    log(`${rounds} rounds of ${shards} shards × ${batch} steps over ${actors} actors per shard`);
    const script = await measure('script', scriptRound);
    const plain = await measure('raw', rawRound);
    return {
      bench: 'step-script',
      date: new Date().toISOString(),
      machine: `${availableParallelism()} cores, ${type()} ${release()}`,
      messages: rounds * shards * batch,
      redis_cpu_us_per_msg: round(script.cpu),
      // Inside the script: all of EVALSHA, and the part of it spent in the commands the script calls.
      evalsha_us_per_msg: round(script.script),
      script_commands_us_per_msg: round(script.commands),
      raw_redis_cpu_us_per_msg: round(plain.cpu),
      ratio: round(plain.cpu / script.cpu, 3),
      shards,
      batch,
      actors,
    };
  } finally {
    raw.disconnect();
    await store.close().catch(() => undefined);
    const removed = await dropKeys(admin, prefix).catch(() => 0);
    admin.disconnect();
    log(`cleaned up ${removed} keys`);
  }
}
