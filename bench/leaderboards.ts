// `npm run bench -- leaderboards`: how fast the leaderboard projection drains
// the public event feed into Redis sorted sets. N `nationStats` events (M
// nations, each changing its values N/M times, spread over 64 shards by
// address) are written into the shards' events streams first; then a
// ProjectionRunner starts from an empty cursor and the bench times it until it
// has applied them all, and checks that every board holds each nation's last
// values. Real Redis (REDIS_URL, default 127.0.0.1:6379), a unique key prefix,
// removed afterwards.
// Flags: --events N (default 100,000) --nations M (default 5,000)
import { parseArgs } from 'node:util';
import pino from 'pino';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { shardOf } from '../runtime/address.ts';
import { leaderboardSink } from '../runtime/leaderboard-role.ts';
import { ProjectionRunner } from '../runtime/projection.ts';
import { shardKeys } from '../storage/keys.ts';
import { BOARDS, RedisLeaderboards } from '../storage/leaderboards.ts';
import { createRedisShardStore } from '../storage/redis-shard-store.ts';
import { dropKeys } from '../tests/support/services.ts';

const SHARDS = 64;
const log = (line: string): void => {
  process.stderr.write(`[bench leaderboards] ${line}\n`);
};

const valuesOf = (nation: number, round: number) => ({
  power: nation * 7 + round,
  military: round * 3,
  resources: 1_000 + nation - round,
  territory: 10 + (nation % 50),
  reputation: 50 + (round % 20),
  wars_won: round % 5,
});

export async function main(args: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({ args, options: { events: { type: 'string' }, nations: { type: 'string' } } });
  const total = Number(values.events ?? 100_000);
  const nations = Number(values.nations ?? 5_000);
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `bench-lb-${Date.now()}:`;
  const redis = new Redis(url);
  const store = await createRedisShardStore({ url, prefix, streamMaxLen: total });
  const boards = new RedisLeaderboards(url, prefix, BOARDS);
  try {
    log(`writing ${total.toLocaleString('en')} nationStats events for ${nations.toLocaleString('en')} nations over ${SHARDS} shards`);
    const rounds = Math.ceil(total / nations);
    let written = 0;
    for (let round = 0; round < rounds && written < total; round++) {
      const pipeline = redis.pipeline();
      for (let nation = 0; nation < nations && written < total; nation++, written++) {
        const address = `nation:${nation}`;
        const body = JSON.stringify({ room: address, from: address, at: Date.now(), version: round + 1, event: { type: 'nationStats', nation: address, name: `Realm ${nation}`, ...valuesOf(nation, round), inactive: false } });
        pipeline.xadd(shardKeys(prefix, shardOf(address, SHARDS)).events, '*', 'e', body);
      }
      await pipeline.exec();
    }
    const lastRound = (nation: number): number => Math.floor((total - 1 - nation) / nations);

    const runner = new ProjectionRunner({
      store,
      shards: SHARDS,
      sink: leaderboardSink(boards, pino({ level: 'silent' })),
      owner: () => 1,
      clock: { now: () => Date.now() },
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      checkMs: 20,
      lagEveryMs: 60_000,
    });
    log('projecting');
    const started = performance.now();
    runner.start();
    while (!(await runner.caughtUp())) await new Promise((resolve) => setTimeout(resolve, 20));
    const seconds = (performance.now() - started) / 1000;
    await runner.stop();

    // Every nation's board values are those of its last event.
    let wrong = 0;
    for (let nation = 0; nation < nations; nation += Math.max(1, Math.floor(nations / 500))) {
      const expected = valuesOf(nation, lastRound(nation));
      const row = await boards.rank('power', `nation:${nation}`);
      if (row?.score !== expected.power) wrong++;
    }
    const result = {
      bench: 'leaderboards',
      events: total,
      nations,
      shards: SHARDS,
      seconds: Number(seconds.toFixed(2)),
      events_per_s: Math.round(total / seconds),
      board_size: await boards.size('power'),
      sampled_wrong: wrong,
    };
    log(JSON.stringify(result));
    return result;
  } finally {
    await boards.close();
    await store.close();
    await dropKeys(redis, prefix);
    redis.disconnect();
  }
}
