// `npm run backup [-- <file>]`: forces the write-behind for every shard, then
// writes a pg_dump (custom format) of the game's PostgreSQL schema to <file>
// (default backups/backup-<ISO timestamp>.dump). Safe while runtime nodes run;
// needs their KEY_PREFIX, SHARDS and DATABASE_SCHEMA (a shard it does not know
// of is not flushed).
// Prints progress lines, then one JSON line: { file, bytes, states, messages, at }.
//
// Why flush-then-dump holds everything acknowledged before the backup started:
// a message is acknowledged only after the step script has, in one atomic Redis
// script, written the actor's new state, put the actor in its shard's dirty set
// at that version and appended the message to the shard's log. A flusher (a
// node's or ours) takes a dirty entry or a log entry away only after its
// PostgreSQL write has committed, and the upsert is version-guarded. So when
// the backup starts, each acknowledged effect is either committed already or
// still waiting in Redis. The loop below ends only after a round that found
// fewer than a batch of dirty actors and log entries in every shard, i.e. one
// that saw the whole of each, so by then all of it is committed (states at the
// acknowledged version or newer). pg_dump then reads one repeatable-read
// snapshot taken after that. A message acknowledged after the start may or may
// not be in the dump; for such messages an actor's state can be newer than its
// logged messages, since states are written before the log.
import { spawn } from 'node:child_process';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createActorStateRepo, openDatabase } from '../storage/postgres/index.ts';
import { createRedisShardStore } from '../storage/redis-shard-store.ts';
import { flushOnce } from '../storage/write-behind.ts';
import { loadConfigOrExit } from './main.ts';

const say = (line: string): void => void process.stdout.write(`${line}\n`);

function fail(message: string, exitCode: number): never {
  process.stderr.write(`backup: ${message}\n`);
  process.exit(exitCode);
}

const hidePassword = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');

const { env } = loadConfigOrExit();
const redisUrl = env.REDIS_URL;
const databaseUrl = env.DATABASE_URL;
if (redisUrl === undefined || databaseUrl === undefined) {
  fail('needs REDIS_URL and DATABASE_URL (the embedded backends live in one process and have nothing to back up)', 2);
}
const schema = env.DATABASE_SCHEMA;
const started = new Date();
const file = process.argv[2] ?? join('backups', `backup-${started.toISOString().replace(/:/g, '-')}.dump`);

try {
  if (!(await hasActorState(databaseUrl))) {
    fail(`${hidePassword(databaseUrl)} has no actor_state table in schema ${schema ?? 'public'}: nothing to back up (wrong DATABASE_SCHEMA?)`, 2);
  }
  say(`flushing ${env.SHARDS} shards…`);
  const { states, messages } = await forceFlush(redisUrl, databaseUrl);
  say(`flushed ${states} states and ${messages} messages`);
  const bytes = await dump(databaseUrl);
  say(`pg_dump → ${file} (${formatBytes(bytes)})`);
  say(JSON.stringify({ file, bytes, states, messages, at: started.toISOString() }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 1);
}

/** False for a schema the runtime never migrated: nothing to back up, and openDatabase would create it. */
async function hasActorState(url: string): Promise<boolean> {
  const database = await openDatabase({ url });
  try {
    const [row] = await database.sql<{ present: boolean }[]>`
      select to_regclass(${`${schema ?? 'public'}.actor_state`}) is not null as present`;
    return row?.present === true;
  } finally {
    await database.close();
  }
}

/** Writes every dirty state and logged message of every shard; see the header for why this loop's end matters. */
async function forceFlush(redis: string, url: string): Promise<{ states: number; messages: number }> {
  const store = await createRedisShardStore({ url: redis, prefix: env.KEY_PREFIX });
  const database = await openDatabase({ url, ...(schema === undefined ? {} : { schema }) });
  try {
    const options = { store, repo: createActorStateRepo(database.sql), batch: env.WRITE_BEHIND_BATCH };
    const shards = Array.from({ length: env.SHARDS }, (_, shard) => shard);
    const total = { states: 0, messages: 0 };
    for (;;) {
      const report = await flushOnce(options, shards);
      total.states += report.states;
      total.messages += report.messages;
      if (!report.more) return total;
      // A full batch of dirty entries whose states Redis no longer holds would
      // come back every round; stop instead of spinning.
      if (report.states === 0 && report.messages === 0) {
        throw new Error('a flush round found dirty actors but could load none of their states from Redis; no dump written');
      }
    }
  } finally {
    await store.close();
    await database.close();
  }
}

/** pg_dump into <file>.partial, renamed once complete, so a file under the final name is always a whole dump. */
async function dump(url: string): Promise<number> {
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const args = ['--format=custom', `--file=${partial}`, ...(schema === undefined ? [] : [`--schema=${schema}`]), `--dbname=${url}`];
  try {
    await runTool('pg_dump', args);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  await rename(partial, file);
  return (await stat(file)).size;
}

function runTool(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'ENOENT' ? `${command} is not on PATH: install the PostgreSQL client tools` : `${command}: ${error.message}`)),
    );
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr.trim()}`))));
  });
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
