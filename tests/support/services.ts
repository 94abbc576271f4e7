// Real services for integration tests. Under CI=true an unreachable service is
// a failure; on a developer's machine the test file prints one loud line naming
// what is missing and registers no tests.
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

export const underCI = process.env.CI === 'true' || process.env.CI === '1';
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh namespace for keys, queues or schemas, unique to this test run. */
export function uniqueName(label: string): string {
  return `t_${label}_${randomBytes(4).toString('hex')}`;
}

function missing(service: string, url: string, error: unknown): null {
  const reason = error instanceof Error ? error.message : String(error);
  if (underCI) throw new Error(`${service} is required under CI but unreachable at ${url}: ${reason}`);
  process.stdout.write(`\n!!! SKIPPING ${process.argv[1]}: ${service} unreachable at ${url} (${reason}) !!!\n\n`);
  return null;
}

/** Resolves to true when Redis answers PING; under CI throws when it does not. */
export async function redisAvailable(): Promise<boolean> {
  const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  probe.on('error', () => {}); // reported below, once
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch (error) {
    return missing('Redis', redisUrl, error) ?? false;
  } finally {
    probe.disconnect();
  }
}

/** Resolves to true when PostgreSQL answers; under CI throws when it does not. */
export async function postgresAvailable(): Promise<boolean> {
  const probe = postgres(databaseUrl, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch (error) {
    return missing('PostgreSQL', databaseUrl, error) ?? false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

/** A loopback TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Drops a test's schema (and everything in it) from the shared PostgreSQL. */
export async function dropSchema(schema: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop schema if exists ${schema} cascade`);
  } finally {
    await sql.end();
  }
}

/** Deletes every Redis key under `prefix` (a test's or bench's own namespace); resolves to how many. */
export async function dropKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}
