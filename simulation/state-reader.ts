// Reads actors' current state straight from the shard store, as the ops
// console does, without sending them anything: the simulation observes the
// game without changing it. Only the persisted snapshot's value and context
// are needed, so the stored JSON is parsed and nothing is resolved.
import { shardOf } from '../runtime/address.ts';
import type { ShardStore } from '../storage/shard-store.ts';

export interface ActorState<Context> {
  readonly address: string;
  /** The machine's state value (a string for the game's flat machines, an object for nested states). */
  readonly value: unknown;
  readonly context: Context;
}

export async function readStates<Context>(store: ShardStore, shards: number, addresses: readonly string[]): Promise<Map<string, ActorState<Context>>> {
  const byShard = new Map<number, string[]>();
  for (const address of addresses) {
    const shard = shardOf(address, shards);
    const list = byShard.get(shard);
    if (list) list.push(address);
    else byShard.set(shard, [address]);
  }
  const loaded = await Promise.all([...byShard].map(([shard, group]) => store.load(shard, group)));
  const states = new Map<string, ActorState<Context>>();
  for (const map of loaded) {
    for (const [address, stored] of map) {
      const record = JSON.parse(stored.state) as { snapshot: { value: unknown; context: Context } };
      states.set(address, { address, value: record.snapshot.value, context: record.snapshot.context });
    }
  }
  return states;
}

/** The top-level state name of a state value (`{ active: 'mustering' }` → `active`). */
export function topState(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') return Object.keys(value)[0] ?? '';
  return '';
}
