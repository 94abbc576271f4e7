// Turns one tick (or one reaction) into messages: to one actor, or to every
// actor of a kind, listed from PostgreSQL's actor_state a page at a time and
// sent a page at a time (one append per shard, all in flight together), the
// next page read while the current one is being sent. Message ids are derived
// from the tick's key and the address, so a repeated tick — a retry, two nodes
// during a hand-over — re-sends the very same ids and the runtime drops the
// duplicates; the actors are idempotent per period besides.
//
// An actor created in the last write-behind interval (≤ 1 s) is not in
// actor_state yet: the actors written since the write-behind last ran are read
// from the shards' dirty sets in Redis (`unflushed`) and sent to as well, once.
import type { ActorStateRepo } from '../../storage/postgres/actor-state-repo.ts';
import type { ShardStore } from '../../storage/shard-store.ts';
import type { RuntimeClient } from '../client.ts';
import type { OutgoingEvent, Target } from './schedule.ts';

export const DEFAULT_PAGE_SIZE = 1_000;

export interface FanOutDeps {
  readonly repo: Pick<ActorStateRepo, 'addresses'>;
  readonly client: Pick<RuntimeClient, 'sendMany'>;
  /** Addresses of `kind` written since the write-behind last ran: a new actor among them is not in actor_state yet. */
  readonly unflushed?: (kind: string) => Promise<readonly string[]>;
  readonly pageSize?: number;
}

/** Most dirty entries read from one shard: far more than a write-behind interval leaves at the runtime's rates. */
const MAX_UNFLUSHED_PER_SHARD = 100_000;

/** The addresses of `kind` in the shards' dirty sets (written since the write-behind last ran). */
export async function unflushedActors(store: Pick<ShardStore, 'dirty'>, shards: number, kind: string): Promise<string[]> {
  const dirty = await Promise.all(Array.from({ length: shards }, (_, shard) => store.dirty(shard, MAX_UNFLUSHED_PER_SHARD)));
  return dirty.flat().map((actor) => actor.address).filter((address) => address.startsWith(`${kind}:`));
}

/** The message id of `key`'s message to `address`. */
export function fanOutMessageId(key: string, address: string): string {
  return `${key}/${address}`;
}

/** Sends `event` to the target; resolves to how many messages were sent. */
export async function fanOut(deps: FanOutDeps, target: Target, event: OutgoingEvent, key: string): Promise<number> {
  const message = (to: string) => ({ to, event, id: fanOutMessageId(key, to) });
  if ('address' in target) {
    await deps.client.sendMany([message(target.address)]);
    return 1;
  }
  const size = deps.pageSize ?? DEFAULT_PAGE_SIZE;
  // Read before the listing: an actor flushed meanwhile is then in one or the other.
  const recent = new Set(await deps.unflushed?.(target.kind));
  let sent = 0;
  let page = await deps.repo.addresses(target.kind, '', size);
  while (page.length > 0) {
    for (const address of page) recent.delete(address);
    const sending = deps.client.sendMany(page.map(message));
    const following = page.length < size ? Promise.resolve([]) : deps.repo.addresses(target.kind, page.at(-1)!, size);
    await Promise.all([sending, following]);
    sent += page.length;
    page = await following;
  }
  // Not in actor_state yet: created since the write-behind last ran.
  const unlisted = [...recent];
  for (let start = 0; start < unlisted.length; start += size) await deps.client.sendMany(unlisted.slice(start, start + size).map(message));
  return sent + unlisted.length;
}
