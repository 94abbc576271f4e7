// The one module that builds Redis keys. Every key of a shard carries the hash
// tag {shard} so the shard's streams, actor states and lease share one Redis
// Cluster slot and one atomic script can touch them all (DESIGN §4).

export const CONSUMER_GROUP = 'runtime';

export interface ShardKeys {
  /** Prefix of every key of the shard, e.g. `sw:{12}:`; scripts build actor keys from it. */
  readonly tag: string;
  /** Inbound stream of messages for actors of the shard. */
  readonly inbox: string;
  /** Effects waiting for the relay: messages to other shards, replies, timers, notifications. */
  readonly outbox: string;
  /** Public events for the realtime gateway (capped). */
  readonly events: string;
  /** Processed messages with their effects, waiting to be written behind to actor_messages. */
  readonly log: string;
  /** Hash address → version of every actor of the shard held in Redis. */
  readonly versions: string;
  /** Sorted set address → version of actors whose state PostgreSQL has not caught up with. */
  readonly dirty: string;
  /** The shard's lease epoch; grows on every takeover and fences stale owners. */
  readonly epoch: string;
  /** The shard's lease: `<nodeId>|<epoch>`, with a PX expiry. */
  readonly lease: string;
  /** Messages that could not be processed, with their error. */
  readonly dead: string;
  /** Hash stream entry id → times a node started on it after taking it over (poison detection). */
  readonly attempts: string;
}

export function shardKeys(prefix: string, shard: number): ShardKeys {
  const tag = `${prefix}{${shard}}:`;
  return {
    tag,
    inbox: `${tag}inbox`,
    outbox: `${tag}outbox`,
    events: `${tag}events`,
    log: `${tag}log`,
    versions: `${tag}versions`,
    dirty: `${tag}dirty`,
    epoch: `${tag}epoch`,
    lease: `${tag}lease`,
    dead: `${tag}dead`,
    attempts: `${tag}attempts`,
  };
}

/** Must match storage/lua/includes/keys.lua. */
export function actorKey(tag: string, address: string): string {
  return `${tag}a:${address}`;
}

/**
 * A shard's de-duplication records of one time bucket (a hash: message id →
 * the answer its first delivery got, and a marker under the empty field name
 * set by the batch that created it; storage/lua/step-8.lua). Must match
 * storage/lua/includes/keys.lua.
 */
export function dedupKey(tag: string, bucket: number): string {
  return `${tag}dd:${bucket}`;
}

/** Sorted set of live runtime nodes: node id → last heartbeat (Redis server time, ms). */
export function membersKey(prefix: string): string {
  return `${prefix}members`;
}

/**
 * "<node id> <epoch ms>", set by the first node to find it missing: a Redis
 * without it has never held this cluster, or has lost its data (restarted
 * without persistence).
 */
export function liveMarkKey(prefix: string): string {
  return `${prefix}live`;
}

/** Stream a request/reply client reads its replies from. */
export function replyStreamKey(prefix: string, clientId: string): string {
  return `${prefix}reply:${clientId}`;
}

/** Stream of notifications for the bot (DESIGN §3 `notify`). */
export function notificationsKey(prefix: string): string {
  return `${prefix}notifications`;
}

/** BullMQ prefix for the runtime's timer queue. */
export function queuePrefix(prefix: string): string {
  return `${prefix}bull`;
}

/**
 * Every leaderboard key carries the hash tag {lb}: the boards, the names, the
 * projection's cursor and its writer epoch share one Redis Cluster slot, so
 * one script applies a batch and moves the cursor atomically.
 */
export function leaderboardTag(prefix: string): string {
  return `${prefix}{lb}:`;
}

/** Sorted set of one leaderboard (member = actor address, score = its value). Must match storage/lua/lbApply-3.lua. */
export function leaderboardKey(prefix: string, board: string): string {
  return `${leaderboardTag(prefix)}board:${board}`;
}

/** Hash of every ranked actor's display name; its keys are the directory of ranked actors. */
export function leaderboardNamesKey(prefix: string): string {
  return `${leaderboardTag(prefix)}names`;
}

/** Hash shard → id of the last public event the leaderboard projection applied: where it resumes. */
export function leaderboardCursorKey(prefix: string): string {
  return `${leaderboardTag(prefix)}cursor`;
}

/**
 * The newest epoch (of shard 0's lease) a projection wrote under: a projection
 * on a node that lost shard 0 but has not noticed yet is refused.
 */
export function leaderboardWriterKey(prefix: string): string {
  return `${leaderboardTag(prefix)}writer`;
}

/**
 * Hash of the feature flags switched at runtime (flag → '1' | '0') plus their
 * version under the field `~version`: one key, so a change and its version
 * move together.
 */
export function flagsKey(prefix: string): string {
  return `${prefix}flags`;
}

/** Channel on which a flag change is announced (the message is the new version). */
export function flagsChannel(prefix: string): string {
  return `${prefix}flags:changed`;
}

/** Hash node id → the flag version that node applies, for the console. */
export function flagsSeenKey(prefix: string): string {
  return `${prefix}flags:seen`;
}

/** Stream of processes' metric snapshots (runtime/telemetry.ts), read by the ops console. */
export function telemetryKey(prefix: string): string {
  return `${prefix}telemetry`;
}

/** Keys of the realtime gateways (realtime/): who reads the feed, where it got to, and the Socket.IO adapter's own. */
export function gatewayKeys(prefix: string) {
  return {
    /** `SET NX PX` lease: the one gateway that reads the event feed and emits it to every gateway's sockets. */
    feedLease: `${prefix}gateway:feed:lease`,
    /** Hash shard → last event id emitted: where the next feed reader resumes. */
    feedCursor: `${prefix}gateway:feed:cursor`,
    /** Stream of @socket.io/redis-streams-adapter (broadcasts between gateways, connection state recovery). */
    adapterStream: `${prefix}gateway:socket.io`,
    adapterChannel: `${prefix}gateway:socket.io`,
    /** Prefix of the adapter's saved sessions (connection state recovery). */
    adapterSession: `${prefix}gateway:session:`,
  } as const;
}

/** Claim of an open alert incident, so that one ops process notifies (ops/services/alert-checks.ts). */
export function incidentKey(prefix: string, alert: string): string {
  return `${prefix}ops:incident:${alert}`;
}

/** Keys of the runtime's periodic work (runtime/scheduler/). */
export function schedulerKeys(prefix: string) {
  return {
    /** Hash shard → last public event id the scheduler's reactions handled: where the next reader resumes. */
    feedCursor: `${prefix}scheduler:feed:cursor`,
    /** Hash job name → JSON of its last tick (period, count, ms, at), for status pages and the ops console. */
    runs: `${prefix}scheduler:runs`,
  } as const;
}
