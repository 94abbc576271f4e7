// A feed reader's saved position, one stream entry id per shard, in a Redis
// hash (the gateway's relay and the scheduler's season reactions each keep
// one). Fields that are not shard numbers are ignored.
import type { Redis } from 'ioredis';

export async function loadFeedCursor(redis: Redis, key: string): Promise<Map<number, string> | undefined> {
  const saved = await redis.hgetall(key);
  const entries = Object.entries(saved).filter(([shard]) => /^\d+$/.test(shard));
  return entries.length > 0 ? new Map(entries.map(([shard, id]) => [Number(shard), id])) : undefined;
}

export async function saveFeedCursor(redis: Redis, key: string, positions: ReadonlyMap<number, string>): Promise<void> {
  if (positions.size === 0) return;
  await redis.hset(key, Object.fromEntries(positions));
}
