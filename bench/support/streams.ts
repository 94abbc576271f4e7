// Pieces the stream benchmarks share: worker processes, the raw stream
// ceiling, preloading shard inboxes, and Redis's own counters.
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { shardOf } from '../../runtime/address.ts';
import { encodeEnvelope } from '../../runtime/envelope.ts';
import { shardKeys } from '../../storage/keys.ts';
import type { RedisShardStore } from '../../storage/redis-shard-store.ts';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const root = fileURLToPath(new URL('../..', import.meta.url));

export const log = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

/** A child process running bench/<file> under tsx, with its stdout sent to our stderr. */
export function spawnWorker(file: string, args: string[], execArgv: string[] = []): ChildProcess {
  return fork(resolve(root, 'bench', file), args, {
    cwd: root,
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 2, 2, 'ipc'],
  });
}

export type WorkerMessage = { type: string; [field: string]: unknown };

export function nextMessage<T extends WorkerMessage>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => finish(new Error(`worker sent no "${type}" within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: WorkerMessage): void => {
      if (message.type === type) finish(undefined, message as T);
      else if (message.type === 'error') finish(new Error(`worker failed: ${String(message.message)}`));
    };
    const onExit = (code: number | null): void => finish(new Error(`worker exited (code ${code}) before "${type}"`));
    function finish(error?: Error, message?: T): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) fail(error);
      else done(message!);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Bare stream loop: this process XADDs (auto-pipelined, bounded in flight); a child XREADGROUPs and XACKs. */
export async function rawCeiling(key: string, messages: number, batch: number, body: string): Promise<number> {
  const group = 'raw';
  const admin = new Redis(REDIS_URL);
  await admin.del(key);
  await admin.xgroup('CREATE', key, group, '$', 'MKSTREAM');
  const consumer = spawnWorker('raw-stream-worker.ts', [REDIS_URL, key, group, String(messages), String(batch)]);
  await nextMessage(consumer, 'ready', 30_000);
  const done = nextMessage<{ type: 'done'; acked: number; firstReadAt: number; lastAckAt: number }>(consumer, 'done', 120_000);

  const producer = new Redis(REDIS_URL, { enableAutoPipelining: true });
  await producer.ping();
  const started = performance.timeOrigin + performance.now();
  const inFlight = 1_000;
  for (let sent = 0; sent < messages; sent += inFlight) {
    const n = Math.min(inFlight, messages - sent);
    await Promise.all(Array.from({ length: n }, () => producer.xadd(key, '*', 'm', body)));
  }
  const produced = performance.timeOrigin + performance.now();
  const report = await done;
  const seconds = (report.lastAckAt - started) / 1000;
  log(`raw: ${messages} msgs, producer done after ${((produced - started) / 1000).toFixed(2)} s, consumer done after ${seconds.toFixed(2)} s`);
  producer.disconnect();
  await admin.del(key);
  admin.disconnect();
  await new Promise((settled) => (consumer.exitCode !== null ? settled(undefined) : consumer.once('exit', settled)));
  return messages / seconds;
}

/** Writes the messages into their shards' inboxes with the ShardStore's own append, in big pipelined batches. */
export async function preload(store: RedisShardStore, messages: number, actors: number, shards: number): Promise<void> {
  const chunk = 20_000;
  for (let from = 0; from < messages; from += chunk) {
    const byShard = new Map<number, string[]>();
    for (let i = from; i < Math.min(messages, from + chunk); i++) {
      const to = `counter:${i % actors}`;
      const body = encodeEnvelope({ id: `pre-${i}`, to, event: { type: 'inc', by: 1 } });
      const shard = shardOf(to, shards);
      const list = byShard.get(shard);
      if (list) list.push(body);
      else byShard.set(shard, [body]);
    }
    await Promise.all([...byShard].map(([shard, bodies]) => store.append(shard, bodies)));
  }
}

export async function sumVersions(redis: Redis, prefix: string, shards: number): Promise<number> {
  const values = await Promise.all(Array.from({ length: shards }, (_, shard) => redis.hvals(shardKeys(prefix, shard).versions)));
  return values.flat().reduce((sum, value) => sum + Number(value), 0);
}

export async function streamLengths(redis: Redis, prefix: string, shards: number, stream: 'log' | 'outbox' | 'dead'): Promise<number> {
  const lengths = await Promise.all(Array.from({ length: shards }, (_, shard) => redis.xlen(shardKeys(prefix, shard)[stream])));
  return lengths.reduce((sum, length) => sum + length, 0);
}

/** Redis's own CPU seconds and per-command time (µs) so far; the server is shared, so take differences. */
export async function redisCounters(redis: Redis): Promise<{ cpu: number; commands: Map<string, { calls: number; usec: number }> }> {
  const info = await redis.info('all');
  let cpu = 0;
  const commands = new Map<string, { calls: number; usec: number }>();
  for (const line of info.split('\r\n')) {
    const used = /^used_cpu_(?:sys|user):([\d.]+)$/.exec(line);
    if (used) cpu += Number(used[1]);
    const stat = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+),/.exec(line);
    if (stat) commands.set(stat[1]!, { calls: Number(stat[2]), usec: Number(stat[3]) });
  }
  return { cpu, commands };
}

export function describeRedis(before: Awaited<ReturnType<typeof redisCounters>>, after: Awaited<ReturnType<typeof redisCounters>>, messages: number): string {
  const rows = [...after.commands]
    .map(([name, stat]) => {
      const was = before.commands.get(name) ?? { calls: 0, usec: 0 };
      return { name, calls: stat.calls - was.calls, usec: stat.usec - was.usec };
    })
    .filter((row) => row.usec > 0)
    .sort((a, b) => b.usec - a.usec)
    .slice(0, 6);
  return (
    `Redis CPU ${(after.cpu - before.cpu).toFixed(2)} s; by command: ` +
    rows.map((row) => `${row.name} ${row.calls}× ${(row.usec / 1e6).toFixed(2)} s (${(row.usec / messages).toFixed(1)} µs/msg)`).join(', ')
  );
}
