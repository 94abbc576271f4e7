// `npm run backup` / `npm run restore` against real Redis + PostgreSQL (issue
// "Step 2"): counters are backed up with part of their state still only in
// Redis (write-behind lag), everything is wiped, the dump is restored into the
// empty namespace, and a new node continues every counter where it was.
import { spawn } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { shardOf } from '../../../runtime/address.ts';
import { shardKeys } from '../../../storage/keys.ts';
import { readCounter } from '../../contract/runtime.ts';
import { startHarness, type Harness } from '../../support/runtime-harness.ts';
import { databaseUrl, postgresAvailable, redisAvailable, redisUrl, uniqueName } from '../../support/services.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const SHARDS = 8;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runBin(script: string, args: readonly string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: root,
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function lastJson(run: Run): Record<string, unknown> {
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`exit ${run.code}, no JSON line:\n${run.stdout}\n${run.stderr}`);
  }
}

async function actorRows(sql: postgres.Sql, schema: string): Promise<{ address: string; version: string }[]> {
  const present = await sql`select to_regclass(${`${schema}.actor_state`}) as t`;
  if (present[0]?.t === null) return [];
  return sql<{ address: string; version: string }[]>`select address, version::text from ${sql(schema)}.actor_state order by address`;
}

async function keyCount(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    count += keys.length;
    cursor = next;
  } while (cursor !== '0');
  return count;
}

if ((await redisAvailable()) && (await postgresAvailable())) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const redis = new Redis(redisUrl);
  const file = join(tmpdir(), `${uniqueName('backup')}.dump`);
  const open: Harness[] = [];

  test.after(async () => {
    for (const h of open) await h.close().catch(() => undefined);
    await rm(file, { force: true });
    await redis.quit();
    await sql.end();
  });

  test('backup while Redis is ahead of PostgreSQL, wipe, restore into the empty namespace: every counter continues', async () => {
    const h = await startHarness({ backend: 'real', shards: SHARDS });
    open.push(h);
    const { prefix, schema } = h;
    const env = { REDIS_URL: redisUrl, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema, KEY_PREFIX: prefix, SHARDS: String(SHARDS) };

    const actors = Array.from({ length: 50 }, (_, i) => `counter:b${i}`);
    await Promise.all(actors.flatMap((address, i) => Array.from({ length: 1 + (i % 4) }, () => h.client.request(address, { type: 'inc', by: 1 + (i % 3) }))));
    await h.settle();
    const before = new Map<string, { count: number; version: number }>();
    for (const address of actors) before.set(address, (await readCounter(h, address))!);

    // Stopping the node flushes everything; then ten actors are put back into
    // the state of a lagging write-behind (newest state only in Redis, marked
    // dirty), which only the backup's own flush can save.
    await h.stopNode();
    const lagging = actors.slice(0, 10);
    await sql`delete from ${sql(schema)}.actor_state where address = any(${lagging}::text[])`;
    for (const address of lagging) {
      const state = await readCounter(h, address);
      await redis.zadd(shardKeys(prefix, shardOf(address, SHARDS)).dirty, state!.version, address);
    }

    const backup = await runBin('bin/backup.ts', [file], env);
    assert.is(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, `flushing ${SHARDS} shards…`);
    const summary = lastJson(backup);
    assert.equal(
      [summary.file, summary.bytes, summary.states, summary.messages],
      [file, (await stat(file)).size, lagging.length, 0],
      backup.stdout,
    );
    assert.ok(!Number.isNaN(Date.parse(String(summary.at))), 'at is a timestamp');

    await h.close();
    open.splice(open.indexOf(h), 1);
    assert.equal([await actorRows(sql, schema), await keyCount(redis, prefix)], [[], 0], 'the harness left nothing behind');

    // A stray key under the prefix is enough to refuse, and nothing is written.
    await redis.set(`${prefix}stray`, '1');
    const refused = await runBin('bin/restore.ts', [file], env);
    assert.is(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, 'refused');
    const [table] = await sql`select to_regclass(${`${schema}.actor_state`}) as t`;
    assert.is(table?.t, null, 'nothing restored');
    await redis.del(`${prefix}stray`);

    const restore = await runBin('bin/restore.ts', [file], env);
    assert.is(restore.code, 0, restore.stderr);
    assert.match(restore.stdout, 'runtime nodes can be started now');
    assert.equal(lastJson(restore), { file, actors: actors.length });
    assert.is(await keyCount(redis, prefix), 0, 'Redis stays empty');

    const next = await startHarness({ backend: 'real', shards: SHARDS, prefix, schema });
    open.push(next);
    const replies = await Promise.all(actors.map((address) => next.client.request(address, { type: 'inc', by: 1 })));
    replies.forEach((reply, i) => {
      const address = actors[i]!;
      const { count, version } = before.get(address)!;
      assert.ok(reply.ok, `${address}: ${JSON.stringify(reply)}`);
      assert.equal([reply.count, reply.version], [count + 1, version + 1], address);
    });

    // Now the target holds actors: a second restore is refused and changes nothing.
    await next.settle();
    await next.node.flush();
    const rowsBefore = await actorRows(sql, schema);
    const again = await runBin('bin/restore.ts', [file], env);
    assert.is(again.code, 2, again.stderr);
    assert.match(again.stderr, `schema ${schema} holds ${actors.length} actor_state rows`);
    assert.equal(await actorRows(sql, schema), rowsBefore);
    assert.is(rowsBefore.length, actors.length);
  });

  test.run();
}
