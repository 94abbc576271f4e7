// Trims the notifications stream behind the slowest gateway shard: every
// shard's delivery loop keeps its cursor in Redis, and entries older than the
// lowest cursor have been delivered by everyone. Run by the process that owns
// shard 0; until every shard has a cursor nothing is trimmed (the relay's
// MAXLEN still bounds a stream nobody reads).
import type { Redis } from 'ioredis';
import { notificationsKey } from '../../storage/index.ts';

/** Stream ids `ms-seq` in order. */
export function compareStreamIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

export async function trimDelivered(redis: Redis, prefix: string, shardCount: number): Promise<string | null> {
  const keys = Array.from({ length: shardCount }, (_, shard) => `${prefix}bot:notify:cursor:${shard}of${shardCount}`);
  const cursors = await redis.mget(...keys);
  if (cursors.some((cursor) => cursor === null || cursor === '0')) return null;
  const lowest = (cursors as string[]).sort(compareStreamIds)[0]!;
  await redis.xtrim(notificationsKey(prefix), 'MINID', lowest);
  return lowest;
}
