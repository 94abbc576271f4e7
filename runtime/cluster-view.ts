// The cluster as the store sees it: live nodes, every shard's owner, epoch and
// lease, stream lag and write-behind lag. Served as `/cluster` and shown by the
// ops console; any process with the store can compute it.
import type { ShardStore } from '../storage/index.ts';

export interface ClusterNode {
  readonly id: string;
  /** Milliseconds since its last heartbeat (Redis server time). */
  readonly lastSeenMs: number;
  readonly shards: readonly number[];
}

export interface ClusterShard {
  readonly shard: number;
  readonly owner: string | null;
  readonly epoch: number;
  readonly leaseMsLeft: number;
  /** Inbox entries not yet delivered to a node. */
  readonly backlog: number;
  /** Delivered and not yet acknowledged. */
  readonly pending: number;
  readonly outbox: number;
  /** Actors whose newest state PostgreSQL does not have yet. */
  readonly dirty: number;
  readonly dead: number;
}

export interface ClusterView {
  readonly at: number;
  readonly nodes: readonly ClusterNode[];
  readonly shards: readonly ClusterShard[];
  readonly totals: {
    readonly nodes: number;
    readonly unowned: number;
    readonly backlog: number;
    readonly pending: number;
    readonly outbox: number;
    readonly dirty: number;
    readonly dead: number;
  };
}

export async function clusterView(store: ShardStore, shardCount: number, membershipTtlMs: number): Promise<ClusterView> {
  const all = Array.from({ length: shardCount }, (_, shard) => shard);
  const [membership, leases, stats] = await Promise.all([
    store.heartbeat(undefined, membershipTtlMs),
    store.leases(all),
    Promise.all(all.map((shard) => store.stats(shard))),
  ]);
  const shards: ClusterShard[] = all.map((shard) => {
    const lease = leases[shard]!;
    const stat = stats[shard]!;
    return { shard, owner: lease.owner, epoch: lease.epoch, leaseMsLeft: lease.ttlMs, ...stat };
  });
  const owners = new Set(shards.map((shard) => shard.owner).filter((owner): owner is string => owner !== null));
  const ids = [...new Set([...membership.members.map((member) => member.nodeId), ...owners])].sort();
  const seen = new Map(membership.members.map((member) => [member.nodeId, member.seenAt]));
  const nodes = ids.map((id) => ({
    id,
    // A lease holder missing from the membership has stopped heartbeating: show it as long gone.
    lastSeenMs: seen.has(id) ? Math.max(0, membership.now - seen.get(id)!) : membershipTtlMs,
    shards: shards.filter((shard) => shard.owner === id).map((shard) => shard.shard),
  }));
  const sum = (pick: (shard: ClusterShard) => number): number => shards.reduce((total, shard) => total + pick(shard), 0);
  return {
    at: membership.now,
    nodes,
    shards,
    totals: {
      nodes: membership.members.length,
      unowned: shards.filter((shard) => shard.owner === null).length,
      backlog: sum((shard) => shard.backlog),
      pending: sum((shard) => shard.pending),
      outbox: sum((shard) => shard.outbox),
      dirty: sum((shard) => shard.dirty),
      dead: sum((shard) => shard.dead),
    },
  };
}
