// Applies storage/migrations/NNN_name.sql in order, each once, each in its own
// transaction, and records it in schema_migrations. Safe to run from several
// processes at once: a session advisory lock lets one of them do the work while
// the others wait and then find nothing left to apply.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type postgres from 'postgres';
import { StorageError, StorageErrorCodes } from '../errors.ts';

/** The folder of migration files; a build step copies it next to the compiled code. */
export const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url));

// Arbitrary but fixed: every process that migrates this database must agree on
// it. ("SWDP" in ASCII, so it is recognisable in pg_locks.)
const migrationLockKey = 0x53574450;

const fileName = /^(\d{3})_[a-z0-9_]+\.sql$/;

export type MigrationFile = { version: number; name: string };

export type MigrateOptions = { log?: (line: string) => void; dir?: string };

/** Migration files in `dir`, ordered by number. Pure apart from the listing. */
export async function listMigrations(dir: string = migrationsDir): Promise<MigrationFile[]> {
  const files: MigrationFile[] = [];
  for (const name of await readdir(dir)) {
    const match = fileName.exec(name);
    if (match === null) continue;
    files.push({ version: Number(match[1]), name });
  }
  files.sort((a, b) => a.version - b.version);
  for (let i = 1; i < files.length; i++) {
    const [previous, current] = [files[i - 1]!, files[i]!];
    if (previous.version === current.version) {
      throw new StorageError(StorageErrorCodes.MIGRATION_FAILED, `migrations ${previous.name} and ${current.name} share number ${current.version}`);
    }
  }
  return files;
}

export async function migrate(sql: postgres.Sql, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const log = options.log ?? (() => {});
  const files = await listMigrations(options.dir);
  // The lock is held by a session, so the lock, the reads and every file must
  // run on one connection, not wherever the pool sends each query.
  const session = await sql.reserve();
  try {
    await session`select pg_advisory_lock(${migrationLockKey})`;
    try {
      return { applied: await applyPending(session, files, options.dir ?? migrationsDir, log) };
    } finally {
      await session`select pg_advisory_unlock(${migrationLockKey})`;
    }
  } finally {
    session.release();
  }
}

async function applyPending(
  session: postgres.ReservedSql,
  files: MigrationFile[],
  dir: string,
  log: (line: string) => void,
): Promise<string[]> {
  await session`
    create table if not exists schema_migrations (
      version    int primary key,
      name       text not null,
      applied_at timestamptz not null default now()
    )`;
  const done = new Set((await session<{ version: number }[]>`select version from schema_migrations`).map((row) => row.version));
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file.version)) continue;
    const started = performance.now();
    const text = await readFile(join(dir, file.name), 'utf8');
    // A reserved connection has no begin(); the transaction is spelled out.
    await session`begin`;
    try {
      // No parameters: postgres.js sends it as a simple query, which may hold
      // several statements.
      await session.unsafe(text);
      await session`insert into schema_migrations (version, name) values (${file.version}, ${file.name})`;
      await session`commit`;
    } catch (error) {
      // A failed rollback means the session is gone, which ends the
      // transaction anyway; the migration's own error is the one to report.
      await session`rollback`.catch(() => {});
      const reason = error instanceof Error ? error.message : String(error);
      throw new StorageError(StorageErrorCodes.MIGRATION_FAILED, `migration ${file.name} failed: ${reason}`, { cause: error });
    }
    applied.push(file.name);
    log(`migration ${file.name} applied in ${Math.round(performance.now() - started)} ms`);
  }
  if (applied.length === 0) log('up to date');
  return applied;
}
