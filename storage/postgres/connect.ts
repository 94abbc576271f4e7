// One way to reach PostgreSQL: postgres.js. With a url it talks to a real
// server; without one it starts PGlite (PostgreSQL compiled to WASM) and serves
// it over the wire protocol on a loopback port, so the embedded database runs
// exactly the same SQL through the same client as production does.
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { StorageError, StorageErrorCodes } from '../errors.ts';
import { defaultTemplatePath, freshPGlite } from './pglite-template.ts';

export type Database = {
  sql: postgres.Sql;
  /** True when this is an in-process PGlite rather than a PostgreSQL server. */
  embedded: boolean;
  /** Ends the client, then (embedded) stops the socket server and PGlite. */
  close(): Promise<void>;
};

export type OpenDatabaseOptions = {
  /** postgres://… of a real server; omit to run PGlite in this process. */
  url?: string;
  /** Created if missing and put first on every connection's search_path. */
  schema?: string;
  /** PGlite data directory; omitted means in memory. Ignored with a url. */
  dataDir?: string;
  log?: (line: string) => void;
};

// A schema name travels unquoted in the search_path startup parameter, so only
// plain identifiers are accepted rather than trying to quote them there.
const plainIdentifier = /^[a-z_][a-z0-9_]{0,62}$/;

// Enough for write-behind batches and reads to overlap without swamping a
// small server; PGlite gets one because it executes one query at a time anyway.
const serverPoolSize = 10;

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { schema } = options;
  if (schema !== undefined && !plainIdentifier.test(schema)) {
    throw new StorageError(StorageErrorCodes.BAD_SCHEMA_NAME, `schema name ${JSON.stringify(schema)} must match ${plainIdentifier}`);
  }
  const database = options.url === undefined ? await openEmbedded(options.dataDir, options.log) : openServer(options.url);
  // postgres.js connects lazily; a first query here makes a wrong url or a
  // stopped server fail at startup rather than at the first write-behind.
  try {
    await (schema === undefined ? database.sql`select 1` : createSchema(database.sql, schema));
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;

  function openServer(url: string): Database {
    const sql = postgres(url, {
      max: serverPoolSize,
      onnotice: () => {},
      // Fail fast while PostgreSQL is away (the default waits 30 s per attempt):
      // the write-behind retries with backoff and the runtime serves from Redis.
      connect_timeout: 5,
      ...(schema === undefined ? {} : { connection: { search_path: schema } }),
    });
    return { sql, embedded: false, close: () => sql.end({ timeout: 3 }) };
  }

  async function openEmbedded(dataDir: string | undefined, log: ((line: string) => void) | undefined): Promise<Database> {
    const db = dataDir === undefined ? await freshPGlite(defaultTemplatePath(), log) : new PGlite(dataDir);
    // Port 0: the OS picks a free port, which start() reads back.
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
    try {
      await server.start();
    } catch (error) {
      await db.close();
      throw error;
    }
    const address = server.getServerConn();
    log?.(`embedded PostgreSQL (PGlite${dataDir === undefined ? ', in memory' : ` at ${dataDir}`}) listening on ${address}`);
    const sql = postgres(`postgres://postgres@${address}/postgres`, {
      max: 1,
      onnotice: () => {},
      ...(schema === undefined ? {} : { connection: { search_path: schema } }),
    });
    return {
      sql,
      embedded: true,
      async close() {
        await sql.end({ timeout: 5 });
        await server.stop();
        await db.close();
      },
    };
  }
}

// duplicate_schema / unique_violation: another process created it between our
// "if not exists" check and the insert into pg_namespace; that is success.
const alreadyCreated = new Set(['42P06', '23505']);

async function createSchema(sql: postgres.Sql, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql(schema)}`;
  } catch (error) {
    if (!(error instanceof postgres.PostgresError && alreadyCreated.has(error.code))) throw error;
  }
}
