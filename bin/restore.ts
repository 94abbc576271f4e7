// `npm run restore -- <file> [--force]`: loads a dump written by `npm run
// backup` into DATABASE_URL, in the schema the dump was taken from, then runs
// the migrations so a dump from an older version is brought up to date. Prints
// progress lines, then one JSON line: { file, actors }.
//
// Only into an empty target (exit 2 otherwise, before anything is written):
// no actor_state rows in that schema (or no such schema) and no Redis key
// under KEY_PREFIX. The second check also means no runtime node is running
// there, as nodes keep leases and heartbeats under the prefix. --force skips
// both checks and replaces the dumped tables; live state already in Redis then
// still takes precedence over the restored rows.
//
// Redis stays empty: a runtime node loads each actor from actor_state on its
// first message (runtime/shard-batch.ts, hydrate). What only ever lived in
// Redis is not in a backup and starts empty: inbox entries not yet processed,
// outbox effects not yet relayed, the de-duplication memory of message ids and
// the BullMQ timer jobs.
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { migrate, openDatabase } from '../storage/postgres/index.ts';
import { loadConfigOrExit } from './main.ts';

const say = (line: string): void => void process.stdout.write(`${line}\n`);

function fail(message: string, exitCode: number): never {
  process.stderr.write(`restore: ${message}\n`);
  process.exit(exitCode);
}

const hidePassword = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');

const usage = 'usage: npm run restore -- <file> [--force]';
const args = process.argv.slice(2);
const force = args.includes('--force');
const positional = args.filter((arg) => arg !== '--force');
const file = positional[0];
if (file === undefined || positional.length > 1 || file.startsWith('-')) fail(usage, 2);

const { env } = loadConfigOrExit();
const redisUrl = env.REDIS_URL;
const databaseUrl = env.DATABASE_URL;
if (redisUrl === undefined || databaseUrl === undefined) {
  fail('needs REDIS_URL and DATABASE_URL: a backup restores into PostgreSQL and the runtime nodes that share Redis', 2);
}
if (!(await stat(file).then((found) => found.isFile(), () => false))) fail(`no such file: ${file}`, 2);

try {
  say(`reading ${file}…`);
  const schema = targetSchema(await schemasHoldingActorState(file));
  say(`checking the target: schema ${schema} on ${hidePassword(databaseUrl)}, keys "${env.KEY_PREFIX}*" on ${hidePassword(redisUrl)}`);
  const rows = await actorRows(databaseUrl, schema);
  const key = await someKey(redisUrl, env.KEY_PREFIX);
  const problems = [
    ...(rows > 0 ? [`schema ${schema} holds ${rows} actor_state rows`] : []),
    ...(key === undefined ? [] : [`Redis holds keys under "${env.KEY_PREFIX}" (e.g. ${key}; are runtime nodes running?)`]),
  ];
  if (problems.length > 0 && !force) {
    fail(`refused, the target is not empty: ${problems.join('; ')}. Restore into an empty target (another DATABASE_SCHEMA / KEY_PREFIX), or pass --force to overwrite.`, 2);
  }
  if (problems.length > 0) say(`--force: going on although ${problems.join('; ')}`);

  say(`pg_restore ← ${file}…`);
  // One transaction: a failure leaves the target as it was. --clean replaces
  // the dumped objects (an empty, already migrated schema is the usual
  // target); --no-owner makes them the restoring user's, who is the one the
  // runtime connects as.
  await runTool('pg_restore', ['--single-transaction', '--clean', '--if-exists', '--no-owner', '--no-privileges', `--dbname=${databaseUrl}`, file]);
  const actors = await migrateAndCount(databaseUrl, schema);
  say(`restored ${actors} actors into schema ${schema}; Redis stays empty, each actor is loaded from PostgreSQL on its first message`);
  const setting = schema === (env.DATABASE_SCHEMA ?? 'public') ? '' : ` with DATABASE_SCHEMA=${schema}`;
  say(`runtime nodes can be started now${setting} (KEY_PREFIX=${env.KEY_PREFIX}, SHARDS=${env.SHARDS})`);
  say(JSON.stringify({ file, actors }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 1);
}

/** Schemas in which the dump creates an actor_state table, from its table of contents. */
async function schemasHoldingActorState(dump: string): Promise<string[]> {
  const toc = await runTool('pg_restore', ['--list', dump]);
  // Lines read `235; 1259 23638 TABLE <schema> actor_state <owner>`.
  return [...toc.matchAll(/^\d+; \d+ \d+ TABLE (\S+) actor_state /gm)].map((match) => match[1]!);
}

/**
 * A dump restores into the schemas it was taken from: DATABASE_SCHEMA, when
 * set, must be one of them; otherwise public, or the dump's only one.
 */
function targetSchema(inDump: readonly string[]): string {
  if (inDump.length === 0) fail(`${file} holds no actor_state table: not a backup of this game`, 2);
  const configured = env.DATABASE_SCHEMA;
  if (configured !== undefined) {
    if (!inDump.includes(configured)) {
      fail(`${file} was taken from schema ${inDump.join(', ')}, not DATABASE_SCHEMA=${configured}: a dump restores into its own schema`, 2);
    }
    return configured;
  }
  if (inDump.includes('public')) return 'public';
  if (inDump.length === 1) return inDump[0]!;
  fail(`${file} holds actor_state in schemas ${inDump.join(', ')}: set DATABASE_SCHEMA to the one to check and use`, 2);
}

async function actorRows(url: string, schema: string): Promise<number> {
  // Without a schema option openDatabase creates nothing: a refused restore changes nothing.
  const database = await openDatabase({ url });
  try {
    const { sql } = database;
    const [table] = await sql<{ present: boolean }[]>`select to_regclass(${`${schema}.actor_state`}) is not null as present`;
    if (!table?.present) return 0;
    const [count] = await sql<{ rows: number }[]>`select count(*)::int as rows from ${sql(schema)}.actor_state`;
    return count?.rows ?? 0;
  } finally {
    await database.close();
  }
}

/** One key under the prefix, or undefined when there is none (the prefix holds no glob characters). */
async function someKey(url: string, prefix: string): Promise<string | undefined> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => {}); // a failed connect rejects below, once
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys[0] !== undefined) return keys[0];
      cursor = next;
    } while (cursor !== '0');
    return undefined;
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

async function migrateAndCount(url: string, schema: string): Promise<number> {
  const database = await openDatabase({ url, schema });
  try {
    await migrate(database.sql, { log: (line) => say(`migrate: ${line}`) });
    const [count] = await database.sql<{ actors: number }[]>`select count(*)::int as actors from actor_state`;
    return count?.actors ?? 0;
  } finally {
    await database.close();
  }
}

/** Runs a PostgreSQL client tool; resolves to its stdout. */
function runTool(command: string, toolArgs: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, toolArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'ENOENT' ? `${command} is not on PATH: install the PostgreSQL client tools` : `${command}: ${error.message}`)),
    );
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} exited with ${code}: ${stderr.trim()}`))));
  });
}
