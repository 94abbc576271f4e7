// The write-behind flusher (DESIGN §5): copies dirty actor states and the
// message log from the live store to PostgreSQL in batches. The upsert is
// version-guarded, so a late or repeated flush never writes an older state, and
// an actor written again meanwhile stays dirty for the next round.
import type { ShardStore } from './shard-store.ts';
import type { ActorRow, ActorStateRepo } from './postgres/actor-state-repo.ts';

export interface FlushReport {
  readonly states: number;
  readonly messages: number;
  /** Some shard had a full batch: call again at once to catch up. */
  readonly more: boolean;
}

export interface WriteBehindOptions {
  readonly store: ShardStore;
  readonly repo: ActorStateRepo;
  readonly batch: number;
}

function kindOf(address: string): string {
  return address.slice(0, address.indexOf(':'));
}

/** Splits `items` into chunks of at most `size`. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * Flushes one round for the given shards: up to `batch` dirty states and
 * `batch` logged messages of each shard, written to PostgreSQL in statements
 * of at most `batch` rows. Reading each shard's full batch (rather than a share
 * of one batch spread over all shards) keeps the Redis calls per round fixed
 * while a backlog drains in few rounds.
 */
export async function flushOnce(options: WriteBehindOptions, shards: readonly number[]): Promise<FlushReport> {
  const { store, repo, batch } = options;

  const dirtyByShard = await Promise.all(shards.map((shard) => store.dirty(shard, batch)));
  const loaded = await Promise.all(
    shards.map((shard, i) => (dirtyByShard[i]!.length === 0 ? new Map() : store.load(shard, dirtyByShard[i]!.map((actor) => actor.address)))),
  );
  const rows: ActorRow[] = [];
  loaded.forEach((actors) => {
    for (const [address, actor] of actors) rows.push({ address, kind: kindOf(address), version: actor.version, state: actor.state });
  });
  for (const chunk of chunks(rows, batch)) await repo.upsertBatch(chunk);
  await Promise.all(
    shards.map((shard, i) => {
      const flushed = [...loaded[i]!].map(([address, actor]) => ({ address, version: actor.version }));
      return flushed.length === 0 ? 0 : store.cleanDirty(shard, flushed);
    }),
  );

  const logs = await Promise.all(shards.map((shard) => store.readStream(shard, 'log', batch)));
  const entries = logs.flat().map((entry) => entry.body);
  for (const chunk of chunks(entries, batch)) await repo.appendLogEntries(chunk);
  await Promise.all(
    shards.map((shard, i) => (logs[i]!.length === 0 ? undefined : store.deleteEntries(shard, 'log', logs[i]!.map((entry) => entry.id)))),
  );
  const more = dirtyByShard.some((dirty) => dirty.length === batch) || logs.some((shardLog) => shardLog.length === batch);
  return { states: rows.length, messages: entries.length, more };
}
