// Fair shares of shards among live nodes (DESIGN §4). Pure: every node computes
// the same answer from the same membership, so they converge without talking.

/**
 * The shard whose owner runs the cluster's one-of-a-kind work (periodic ticks,
 * season reactions, the leaderboard projection): its lease already elects
 * exactly one node and moves on when nodes come and go.
 */
export const LEADER_SHARD = 0;

/** How many of `shards` the node at `index` (in node-id order) of `nodes` live nodes should own. */
export function fairShare(shards: number, nodes: number, index: number): number {
  if (nodes <= 0 || index < 0 || index >= nodes) return 0;
  return Math.floor(shards / nodes) + (index < shards % nodes ? 1 : 0);
}

/** Shards to give back when owning more than the target: the highest-numbered ones. */
export function excess(owned: readonly number[], target: number): number[] {
  return [...owned].sort((a, b) => a - b).slice(Math.max(0, target));
}

/**
 * The order in which to try free shards: starting at this node's own stretch
 * of the shard range, so nodes that start together rarely race for the same one.
 */
export function claimOrder(free: readonly number[], shards: number, nodes: number, index: number): number[] {
  const start = nodes > 0 ? Math.floor((index * shards) / nodes) : 0;
  const distance = (shard: number): number => (shard - start + shards) % shards;
  return [...free].sort((a, b) => distance(a) - distance(b));
}
