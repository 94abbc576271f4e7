// The durable copy of actor state (actor_state) and the per-actor replay log
// (actor_messages). All of their SQL lives here. State and messages travel as
// JSON text, never parsed, so what Redis holds is what PostgreSQL receives.
import type postgres from 'postgres';
import { StorageError, StorageErrorCodes } from '../errors.ts';
import { HISTORY_TABLES, historyRows, insertHistory, type HistoryTable } from './history.ts';

export type ActorRow = {
  address: string;
  kind: string;
  version: number;
  /** The JSON text as stored in Redis; read back as jsonb's normalised text. */
  state: string;
};

export type MessageRow = {
  address: string;
  /** The actor version this message produced. */
  version: number;
  messageId: string;
  /** JSON text. */
  message: string;
  /** JSON text. */
  effects: string;
  /** Epoch milliseconds. */
  at: number;
};

export type MessagesQuery = { limit?: number; beforeVersion?: number };

export type ActorTimers = { address: string; timers: { id: string; due: number; seq: number }[] };

export type ActorStateRepo = {
  /** Writes the newer of each row and what is stored; resolves to rows written. */
  upsertBatch(rows: ActorRow[]): Promise<number>;
  load(address: string): Promise<ActorRow | null>;
  /** Stored rows among `addresses`, ordered by address; missing ones are absent. */
  loadMany(addresses: string[]): Promise<ActorRow[]>;
  /**
   * Addresses of one kind's actors in address order, `limit` of them after
   * `after` ('' = from the first): a caller pages through every actor of a
   * kind (the scheduler's fan-out) without holding them all at once.
   */
  addresses(kind: string, after: string, limit: number): Promise<string[]>;
  /** Idempotent: a (address, version) already stored is left as it is. */
  appendMessages(rows: MessageRow[]): Promise<void>;
  /**
   * Idempotent, like appendMessages, for entries of the runtime's message log as
   * they are (JSON text `{address, version, id, at, message, effects}`):
   * PostgreSQL takes them apart, so the flusher parses and re-encodes nothing.
   */
  appendLogEntries(entries: string[]): Promise<void>;
  /** Newest first. */
  messages(address: string, options?: MessagesQuery): Promise<MessageRow[]>;
  /**
   * Deletes up to `limit` logged messages older than `before` (epoch ms), the
   * oldest first; resolves to how many went. The caller repeats while a full
   * batch went, so no single statement holds the table for long.
   */
  pruneMessages(before: number, limit: number): Promise<number>;
  /**
   * Actors whose stored record has pending timers (`{snapshot, timers}` with
   * timers not empty), `limit` of them after `after` in address order, with
   * each timer's due time and seq: what to arm again when the timer jobs
   * were lost with Redis.
   */
  pendingTimers(after: string, limit: number): Promise<ActorTimers[]>;
  /** True when some actor's state was last written before `before` (epoch ms): the cluster existed then. */
  storedBefore(before: number): Promise<boolean>;
  /** Rows of a history table, newest first, optionally only those an actor recorded. */
  history(table: HistoryTable, options?: { actor?: string; limit?: number }): Promise<Record<string, unknown>[]>;
};

const defaultMessageLimit = 100;

// postgres.js hands bigint columns back as strings; versions are counters far
// below 2^53, and one that is not is a corrupt row rather than a rounding.
type StoredActor = { address: string; kind: string; version: string; state: string };
type StoredMessage = { address: string; version: string; message_id: string; message: string; effects: string; at: number };

export function createActorStateRepo(sql: postgres.Sql): ActorStateRepo {
  return {
    async upsertBatch(rows) {
      if (rows.length === 0) return 0;
      rows.forEach((row) => checkVersion(row.version, row.address));
      // The batch goes up as one JSON array built around the state texts as they
      // are (no parse, no re-encode, no text[] escaping of every character — that
      // escaping was most of the flusher's CPU); PostgreSQL takes it apart.
      // One statement for the whole batch. distinct on keeps the newest row
      // per address (on conflict do update may touch a row only once per
      // statement) and its ordering makes concurrent batches lock rows in the
      // same order, so they wait for each other instead of deadlocking.
      const batch = `[${rows.map((row) => `{"a":${JSON.stringify(row.address)},"k":${JSON.stringify(row.kind)},"v":${row.version},"s":${row.state}}`).join(',')}]`;
      const result = await sql.begin((tx) => tx`
        insert into actor_state (address, kind, version, state, updated_at)
        select distinct on (row->>'a') row->>'a', row->>'k', (row->>'v')::bigint, row->'s', now()
        from jsonb_array_elements(${batch}::text::jsonb) as rows(row)
        order by row->>'a', (row->>'v')::bigint desc
        on conflict (address) do update
          set kind = excluded.kind, version = excluded.version, state = excluded.state, updated_at = excluded.updated_at
          where actor_state.version < excluded.version`);
      return result.count;
    },

    async load(address) {
      const [row] = await sql<StoredActor[]>`
        select address, kind, version, state::text as state from actor_state where address = ${address}`;
      return row === undefined ? null : toActorRow(row);
    },

    async loadMany(addresses) {
      if (addresses.length === 0) return [];
      const rows = await sql<StoredActor[]>`
        select address, kind, version, state::text as state from actor_state
        where address = any(${addresses}::text[])
        order by address`;
      return rows.map(toActorRow);
    },

    async addresses(kind, after, limit) {
      if (!Number.isSafeInteger(limit) || limit < 1) {
        throw new StorageError(StorageErrorCodes.BAD_ARGUMENT, `addresses() limit must be a positive integer, got ${limit}`);
      }
      // Keyset paging on the primary key: each page is an index range scan,
      // however deep into the kind it starts.
      const rows = await sql<{ address: string }[]>`
        select address from actor_state
        where kind = ${kind} and address > ${after}
        order by address
        limit ${limit}`;
      return rows.map((row) => row.address);
    },

    async appendMessages(rows) {
      if (rows.length === 0) return;
      rows.forEach((row) => checkVersion(row.version, row.address));
      await sql.begin((tx) => tx`
        insert into actor_messages (address, version, message_id, message, effects, at)
        select batch.address, batch.version, batch.message_id, batch.message::jsonb, batch.effects::jsonb, to_timestamp(batch.at_ms / 1000.0)
        from unnest(
          ${rows.map((row) => row.address)}::text[],
          ${rows.map((row) => row.version)}::bigint[],
          ${rows.map((row) => row.messageId)}::text[],
          ${rows.map((row) => row.message)}::text[],
          ${rows.map((row) => row.effects)}::text[],
          ${rows.map((row) => row.at)}::bigint[]
        ) as batch(address, version, message_id, message, effects, at_ms)
        on conflict (address, version) do nothing`);
    },

    async appendLogEntries(entries) {
      if (entries.length === 0) return;
      const history = historyRows(entries);
      await sql.begin(async (tx) => {
        await tx`
          insert into actor_messages (address, version, message_id, message, effects, at)
          select entry->>'address', (entry->>'version')::bigint, entry->>'id', entry->'message', entry->'effects',
                 to_timestamp((entry->>'at')::bigint / 1000.0)
          from jsonb_array_elements(${`[${entries.join(',')}]`}::text::jsonb) as batch(entry)
          on conflict (address, version) do nothing`;
        await insertHistory(tx, history);
      });
    },

    async history(table, options = {}) {
      if (!HISTORY_TABLES.includes(table)) throw new StorageError(StorageErrorCodes.BAD_ARGUMENT, `no history table "${String(table)}"`);
      const limit = options.limit ?? defaultMessageLimit;
      const actor = options.actor === undefined ? sql`` : sql`where actor = ${options.actor}`;
      const rows = await sql`select * from ${sql(table)} ${actor} order by at desc, id limit ${limit}`;
      return rows.map((row) => ({ ...row }));
    },

    async pruneMessages(before, limit) {
      if (!Number.isSafeInteger(limit) || limit < 1) {
        throw new StorageError(StorageErrorCodes.BAD_ARGUMENT, `pruneMessages() limit must be a positive integer, got ${limit}`);
      }
      // The oldest first through actor_messages_at_idx, by primary key.
      const result = await sql`
        delete from actor_messages
        where (address, version) in (
          select address, version from actor_messages
          where at < to_timestamp(${before} / 1000.0)
          order by at
          limit ${limit})`;
      return result.count;
    },

    async storedBefore(before) {
      const [row] = await sql<{ found: boolean }[]>`
        select exists(select 1 from actor_state where updated_at < to_timestamp(${before} / 1000.0)) as found`;
      return row?.found === true;
    },

    async pendingTimers(after, limit) {
      if (!Number.isSafeInteger(limit) || limit < 1) {
        throw new StorageError(StorageErrorCodes.BAD_ARGUMENT, `pendingTimers() limit must be a positive integer, got ${limit}`);
      }
      const rows = await sql<{ address: string; timers: string }[]>`
        select address, (state->'timers')::text as timers from actor_state
        where address > ${after} and jsonb_typeof(state->'timers') = 'object' and state->'timers' <> '{}'::jsonb
        order by address
        limit ${limit}`;
      return rows.map((row) => ({
        address: row.address,
        timers: Object.entries(JSON.parse(row.timers) as Record<string, { due: number; seq: number }>).map(([id, timer]) => ({ id, due: timer.due, seq: timer.seq })),
      }));
    },

    async messages(address, options = {}) {
      const limit = options.limit ?? defaultMessageLimit;
      if (!Number.isSafeInteger(limit) || limit < 0) {
        throw new StorageError(StorageErrorCodes.BAD_ARGUMENT, `messages() limit must be a non-negative integer, got ${limit}`);
      }
      const before = options.beforeVersion === undefined ? sql`` : sql`and version < ${options.beforeVersion}`;
      const rows = await sql<StoredMessage[]>`
        select address, version, message_id, message::text as message, effects::text as effects,
               floor(extract(epoch from at) * 1000)::float8 as at
        from actor_messages
        where address = ${address} ${before}
        order by version desc
        limit ${limit}`;
      return rows.map(toMessageRow);
    },
  };
}

function checkVersion(version: number, address: string): void {
  if (!Number.isSafeInteger(version)) {
    throw new StorageError(StorageErrorCodes.BAD_ARGUMENT, `version of ${address} must be a safe integer, got ${version}`);
  }
}

function toVersion(stored: string, address: string): number {
  const version = Number(stored);
  if (!Number.isSafeInteger(version)) {
    throw new StorageError(StorageErrorCodes.CORRUPT_RECORD, `version ${stored} of ${address} is beyond 2^53`);
  }
  return version;
}

function toActorRow(row: StoredActor): ActorRow {
  return { address: row.address, kind: row.kind, version: toVersion(row.version, row.address), state: row.state };
}

function toMessageRow(row: StoredMessage): MessageRow {
  return {
    address: row.address,
    version: toVersion(row.version, row.address),
    messageId: row.message_id,
    message: row.message,
    effects: row.effects,
    at: row.at,
  };
}
