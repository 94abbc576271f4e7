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

/** Flushes one round (up to `batch` states and `batch` messages) for the given shards. */
export async function flushOnce(options: WriteBehindOptions, shards: readonly number[]): Promise<FlushReport> {
  const { store, repo, batch } = options;
  const perShard = Math.max(1, Math.ceil(batch / Math.max(1, shards.length)));

  const dirtyByShard = await Promise.all(shards.map((shard) => store.dirty(shard, perShard)));
  const loaded = await Promise.all(
    shards.map((shard, i) => store.load(shard, dirtyByShard[i]!.map((actor) => actor.address))),
  );
  const rows: ActorRow[] = [];
  loaded.forEach((actors) => {
    for (const [address, actor] of actors) rows.push({ address, kind: kindOf(address), version: actor.version, state: actor.state });
  });
  if (rows.length > 0) await repo.upsertBatch(rows);
  await Promise.all(
    shards.map((shard, i) => {
      const flushed = [...loaded[i]!].map(([address, actor]) => ({ address, version: actor.version }));
      return store.cleanDirty(shard, flushed);
    }),
  );

  const logs = await Promise.all(shards.map((shard) => store.readStream(shard, 'log', perShard)));
  const entries = logs.flat().map((entry) => entry.body);
  await repo.appendLogEntries(entries);
  await Promise.all(shards.map((shard, i) => store.deleteEntries(shard, 'log', logs[i]!.map((entry) => entry.id))));
  const more = dirtyByShard.some((dirty) => dirty.length === perShard) || logs.some((entries) => entries.length === perShard);
  return { states: rows.length, messages: entries.length, more };
}
