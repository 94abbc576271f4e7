// The port between the runtime and the store of live state: per-shard streams,
// actor states, the atomic step, leases. Two implementations pass one contract
// suite (tests/contract/shard-store.ts): Redis (storage/redis-shard-store.ts,
// with or without RedisJSON) and in memory (storage/memory-shard-store.ts).
// Bodies are JSON text encoded by the caller and stored unchanged.

export interface InboxEntry {
  readonly shard: number;
  /** Stream entry id, acknowledged by the commit that processes it. */
  readonly streamId: string;
  readonly body: string;
}

export interface StoredActor {
  readonly version: number;
  /** JSON text of the actor record, exactly as the runtime encoded it. */
  readonly state: string;
}

/** One message's atomic step (see storage/lua/step-8.lua). */
export interface CommitStep {
  /** Inbox entry to acknowledge; '' for a message that did not come from the inbox. */
  readonly streamId: string;
  readonly messageId: string;
  /** Actor whose state this step writes; '' when the state does not change. */
  readonly address: string;
  /** Version the step was computed from; 0 = the actor did not exist. */
  readonly expectedVersion: number;
  readonly version: number;
  readonly state: string;
  /** Stored under the message id: what a redelivery of the message is answered with. */
  readonly dedupValue: string;
  /** Who waits for the message's answer (absent: nobody); see ReplyTarget. */
  readonly reply?: ReplyTarget;
  readonly outbox: readonly string[];
  readonly events: readonly string[];
  /** Entry for the message log ('' = none). */
  readonly log: string;
  /** Entry for the dead-letter stream ('' = none). */
  readonly dead: string;
}

/**
 * A requester's reply stream. A step that applies appends `head + dedupValue +
 * '}'` to it, and a duplicate `head + stored value + '}'` (nothing for an
 * empty value), as part of the step: an answer never goes out for a message
 * that was not committed, and a redelivered request gets the answer its first
 * delivery produced.
 */
export interface ReplyTarget {
  readonly stream: string;
  readonly head: string;
}

/** A reply stream only grows when its requester stops reading it; it also expires. */
export const REPLY_STREAM_MAX_LEN = 100_000;
export const REPLY_STREAM_TTL_MS = 10 * 60_000;

export type CommitResult =
  | { readonly status: 'applied' }
  | { readonly status: 'duplicate'; readonly stored: string }
  | { readonly status: 'conflict'; readonly current: number };

export interface StreamEntry {
  readonly id: string;
  readonly body: string;
}

/** An entry of one of several shards' streams read together. */
export interface ShardStreamEntry extends StreamEntry {
  readonly shard: number;
}

/** Per-shard streams other than the inbox. */
export type ShardStream = 'outbox' | 'events' | 'log' | 'dead';

export interface DirtyActor {
  readonly address: string;
  readonly version: number;
}

export interface ShardStats {
  /** Entries in the inbox not yet delivered to a consumer. */
  readonly backlog: number;
  /** Entries delivered and not yet acknowledged. */
  readonly pending: number;
  readonly outbox: number;
  readonly dirty: number;
  readonly dead: number;
}

export interface Member {
  readonly nodeId: string;
  /** Last heartbeat, ms, on the store's clock (Redis server time). */
  readonly seenAt: number;
}

export interface Membership {
  /** Live nodes, by node id. */
  readonly members: readonly Member[];
  /** The store's clock when this was read, ms. */
  readonly now: number;
}

export interface LeaseInfo {
  readonly shard: number;
  /** Null when nobody holds the lease. */
  readonly owner: string | null;
  readonly epoch: number;
  /** Milliseconds left on the lease (0 when free). */
  readonly ttlMs: number;
}

/** An entry taken from another consumer, with how often it has been delivered so far. */
export interface ReclaimedEntry extends InboxEntry {
  readonly deliveries: number;
}

export interface ShardStore {
  /** Which backend this is, for logs and the status page. */
  readonly description: string;
  ensureGroups(shards: readonly number[]): Promise<void>;
  append(shard: number, bodies: readonly string[]): Promise<void>;
  /** New inbox entries of the given shards, blocking up to blockMs when there are none. */
  read(shards: readonly number[], consumer: string, count: number, blockMs: number): Promise<InboxEntry[]>;
  /** Entries delivered to this consumer and never acknowledged (a restart's unfinished work). */
  pending(shard: number, consumer: string, count: number): Promise<InboxEntry[]>;
  /**
   * Moves every unacknowledged entry of the shard, whoever it was delivered to,
   * to `consumer` and returns them: the new owner of a shard takes over the
   * unfinished work of the one before (a crashed node, or this node under an
   * earlier id).
   */
  takeOver(shard: number, consumer: string, count: number): Promise<ReclaimedEntry[]>;
  /**
   * Moves entries that other consumers have held unacknowledged for at least
   * minIdleMs to `consumer`: work a node read and never finished (it died, or
   * it was fenced after reading). Entries already this consumer's are left alone.
   */
  reclaimStale(shard: number, consumer: string, minIdleMs: number, count: number): Promise<ReclaimedEntry[]>;
  /**
   * Counts one more attempt at an entry that an earlier owner never finished,
   * recorded before the attempt starts, so that an entry which kills every node
   * that tries it is recognised however many nodes it takes down.
   */
  recordAttempt(shard: number, streamId: string): Promise<number>;
  load(shard: number, addresses: readonly string[]): Promise<Map<string, StoredActor>>;
  /** Writes a state loaded from PostgreSQL unless Redis holds the actor already; true when written. */
  hydrate(shard: number, address: string, actor: StoredActor): Promise<boolean>;
  /** Applies each step atomically; throws StorageError FENCED when `epoch` is not the shard's. */
  commit(shard: number, epoch: number, steps: readonly CommitStep[]): Promise<CommitResult[]>;
  readStream(shard: number, stream: ShardStream, count: number, afterId?: string): Promise<StreamEntry[]>;
  deleteEntries(shard: number, stream: ShardStream, ids: readonly string[]): Promise<void>;
  dirty(shard: number, count: number): Promise<DirtyActor[]>;
  cleanDirty(shard: number, flushed: readonly DirtyActor[]): Promise<number>;
  /** Takes the shard's lease; the new epoch, or 0 when another node holds it. */
  claim(shard: number, nodeId: string, ttlMs: number): Promise<number>;
  renew(shard: number, nodeId: string, epoch: number, ttlMs: number): Promise<boolean>;
  release(shard: number, nodeId: string, epoch: number): Promise<void>;
  leases(shards: readonly number[]): Promise<LeaseInfo[]>;
  /** Heartbeats `nodeId` (omit to only read) and returns the live members, dropping those silent for ttlMs. */
  heartbeat(nodeId: string | undefined, ttlMs: number): Promise<Membership>;
  /** Removes a node from the membership at once (graceful stop). */
  leave(nodeId: string): Promise<void>;
  /** The store's clock (Redis TIME), ms. */
  serverTime(): Promise<number>;
  /**
   * Marks the store as holding this cluster's live state; true when the mark
   * was missing (first start, or a Redis that lost its data since), for the
   * one caller that set it. That caller holds the mark as a claim lapsing after
   * `holdMs` unless renewed or kept (keepLive): should it die before the
   * recovery it leads is done, the mark goes missing again for another node.
   */
  markLive(nodeId: string, holdMs: number): Promise<boolean>;
  /** Renews this node's claim on the mark for `holdMs`, or without one keeps the mark for good; false when the mark is not this node's. */
  keepLive(nodeId: string, holdMs?: number): Promise<boolean>;
  /** Who set the mark and when (epoch ms, that node's clock); null while it is missing. */
  liveMark(): Promise<{ readonly by: string; readonly since: number } | null>;
  /**
   * Public events (the shards' `events` streams) after each shard's cursor, a
   * stream entry id ('0' = from the oldest kept), in order within each shard,
   * blocking up to blockMs when there are none. The realtime feed reads this.
   */
  readEvents(cursors: ReadonlyMap<number, string>, count: number, blockMs: number): Promise<ShardStreamEntry[]>;
  /** Each shard's newest public event id ('0-0' when it has none): where a feed that wants only new events starts. */
  eventTails(shards: readonly number[]): Promise<Map<number, string>>;
  /** Appends to a stream outside the shards (reply streams, notifications). */
  publish(stream: string, bodies: readonly string[], maxLen: number, ttlMs?: number): Promise<void>;
  /** Entries of a stream outside the shards after `afterId`, blocking up to blockMs. */
  subscribe(stream: string, afterId: string, count: number, blockMs: number): Promise<StreamEntry[]>;
  stats(shard: number): Promise<ShardStats>;
  close(): Promise<void>;
}
