// ShardStore on Redis ≥ 7. Actor state is a JSON document (RedisJSON) when the
// server has the module, a JSON string otherwise; the scripts take the mode as
// an argument so both paths run the same code.
import { Redis } from 'ioredis';
import { CONSUMER_GROUP, actorKey, liveMarkKey, membersKey, shardKeys, type ShardKeys } from './keys.ts';
import { closeRedis } from './redis-close.ts';
import { fieldValue, inboxEntries, type RawEntry, type RawStreams } from './stream-replies.ts';
import { runScript } from './scripts.ts';
import { BatchedWrites } from './redis-commit.ts';
import type {
  CommitResult,
  CommitStep,
  DirtyActor,
  InboxEntry,
  LeaseInfo,
  Member,
  Membership,
  ReclaimedEntry,
  ShardStats,
  ShardStore,
  ShardStream,
  ShardStreamEntry,
  StoredActor,
  StreamEntry,
} from './shard-store.ts';

export interface RedisShardStoreOptions {
  readonly url: string;
  /** Prefix of every key, e.g. `sw:`; must not contain braces (they are the shard hash tag). */
  readonly prefix: string;
  /** 'auto' (default) uses RedisJSON when the server has it. */
  readonly jsonModule?: 'auto' | boolean;
  readonly dedupTtlMs?: number;
  /** Approximate cap of the events and dead-letter streams. */
  readonly streamMaxLen?: number;
}

/** Attempt counts are only needed while an entry is being fought over. */
const ATTEMPTS_TTL_MS = 24 * 3600_000;

/** True when the server is a Redis Cluster node: a script's keys must then share a slot. */
async function isCluster(redis: Redis): Promise<boolean> {
  return /^cluster_enabled:1/m.test(await redis.info('cluster'));
}

/** True when the server answers for JSON.SET (Redis Stack, Redis 8, valkey-json). */
export async function hasJsonModule(redis: Redis): Promise<boolean> {
  const info = (await redis.call('COMMAND', ['INFO', 'JSON.SET'])) as unknown[];
  return Array.isArray(info) && info[0] != null;
}

export async function createRedisShardStore(options: RedisShardStoreOptions): Promise<RedisShardStore> {
  if (/[{}]/.test(options.prefix)) throw new Error(`key prefix must not contain braces: ${options.prefix}`);
  const redis = new Redis(options.url, { enableAutoPipelining: true, maxRetriesPerRequest: 3 });
  // Connection errors also reject the commands they affect, which is where
  // callers handle them; the event itself would only print unhandled noise.
  redis.on('error', () => {});
  const jsonModule = options.jsonModule === undefined || options.jsonModule === 'auto' ? await hasJsonModule(redis) : options.jsonModule;
  return new RedisShardStore(redis, options, jsonModule, await isCluster(redis));
}

export class RedisShardStore implements ShardStore {
  readonly description: string;
  readonly jsonModule: boolean;
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #dedupTtlMs: number;
  readonly #maxLen: number;
  readonly #keys = new Map<number, ShardKeys>();
  /**
   * Leases go over their own connection: on the shared, auto-pipelined one a
   * renewal would queue behind the shards' commit scripts and could arrive
   * after the lease expired, under exactly the load where it matters most.
   */
  #leases: Redis | undefined;
  /**
   * The step and publish scripts have a connection of their own, without
   * auto-pipelining: a full call is written at once, so Redis runs one batch
   * while the node prepares the next. Auto-pipelined on the shared connection,
   * a call waited for the end of the turn and was copied into one pipeline
   * with everything else sent in it (bench/RESULTS.md, 2026-11-30).
   */
  readonly #writesConnection: Redis;
  readonly #writes: BatchedWrites;
  /** Blocking reads hold a connection; each reader gets its own. */
  readonly #blocking = new Map<string, Redis>();

  constructor(redis: Redis, options: RedisShardStoreOptions, jsonModule: boolean, cluster = false) {
    this.#redis = redis;
    this.#prefix = options.prefix;
    this.#dedupTtlMs = options.dedupTtlMs ?? 24 * 3600_000;
    this.#maxLen = options.streamMaxLen ?? 10_000;
    this.jsonModule = jsonModule;
    this.#writesConnection = redis.duplicate({ enableAutoPipelining: false });
    this.#writesConnection.on('error', () => {});
    this.#writes = new BatchedWrites(this.#writesConnection, cluster, {
      keysOf: (shard) => this.#k(shard),
      dedupTtlMs: this.#dedupTtlMs,
      jsonModule,
      maxLen: this.#maxLen,
    });
    this.description = `redis ${options.url.replace(/\/\/[^@]*@/, '//***@')} (${jsonModule ? 'RedisJSON documents' : 'JSON strings'})`;
  }

  /** The underlying connection, for the BullMQ timer queue and tests. */
  get redis(): Redis {
    return this.#redis;
  }

  #k(shard: number): ShardKeys {
    let keys = this.#keys.get(shard);
    if (!keys) {
      keys = shardKeys(this.#prefix, shard);
      this.#keys.set(shard, keys);
    }
    return keys;
  }

  #blockingConnection(purpose: string): Redis {
    let connection = this.#blocking.get(purpose);
    if (!connection) {
      connection = this.#redis.duplicate({ enableAutoPipelining: false });
      connection.on('error', () => {});
      this.#blocking.set(purpose, connection);
    }
    return connection;
  }

  #leaseConnection(): Redis {
    if (!this.#leases) {
      this.#leases = this.#redis.duplicate({ enableAutoPipelining: false });
      this.#leases.on('error', () => {});
    }
    return this.#leases;
  }

  #streamKey(shard: number, stream: ShardStream): string {
    return this.#k(shard)[stream];
  }

  async ensureGroups(shards: readonly number[]): Promise<void> {
    await Promise.all(
      shards.map(async (shard) => {
        try {
          await this.#redis.xgroup('CREATE', this.#k(shard).inbox, CONSUMER_GROUP, '0', 'MKSTREAM');
        } catch (error) {
          if (!(error instanceof Error) || !error.message.startsWith('BUSYGROUP')) throw error;
        }
      }),
    );
  }

  async append(shard: number, bodies: readonly string[]): Promise<void> {
    const key = this.#k(shard).inbox;
    await Promise.all(bodies.map((body) => this.#redis.xadd(key, '*', 'm', body)));
  }

  async read(shards: readonly number[], consumer: string, count: number, blockMs: number): Promise<InboxEntry[]> {
    if (shards.length === 0) return [];
    const byKey = new Map(shards.map((shard) => [this.#k(shard).inbox, shard]));
    const reply = (await this.#blockingConnection('inbox').call('XREADGROUP', [
      'GROUP', CONSUMER_GROUP, consumer, 'COUNT', count, 'BLOCK', blockMs,
      'STREAMS', ...byKey.keys(), ...shards.map(() => '>'),
    ])) as RawStreams;
    return inboxEntries(reply, byKey);
  }

  async pending(shard: number, consumer: string, count: number): Promise<InboxEntry[]> {
    const key = this.#k(shard).inbox;
    const reply = (await this.#redis.call('XREADGROUP', [
      'GROUP', CONSUMER_GROUP, consumer, 'COUNT', count, 'STREAMS', key, '0',
    ])) as RawStreams;
    return inboxEntries(reply, new Map([[key, shard]]));
  }

  async takeOver(shard: number, consumer: string, count: number): Promise<ReclaimedEntry[]> {
    return this.#claimPending(shard, consumer, 0, count, true);
  }

  async reclaimStale(shard: number, consumer: string, minIdleMs: number, count: number): Promise<ReclaimedEntry[]> {
    return this.#claimPending(shard, consumer, minIdleMs, count, false);
  }

  async recordAttempt(shard: number, streamId: string): Promise<number> {
    const key = this.#k(shard).attempts;
    const [[, attempts]] = (await this.#redis.multi().hincrby(key, streamId, 1).pexpire(key, ATTEMPTS_TTL_MS).exec()) as [[null, number]];
    return Number(attempts);
  }

  /** XPENDING (for the delivery counts) then XCLAIM, in stream order. */
  async #claimPending(shard: number, consumer: string, minIdleMs: number, count: number, includeOwn: boolean): Promise<ReclaimedEntry[]> {
    const key = this.#k(shard).inbox;
    const pending = (await this.#redis.call('XPENDING', [key, CONSUMER_GROUP, 'IDLE', minIdleMs, '-', '+', count])) as [
      string,
      string,
      number,
      number,
    ][];
    const wanted = new Map(
      pending.filter(([, owner]) => includeOwn || owner !== consumer).map(([id, , , deliveries]) => [id, Number(deliveries)]),
    );
    if (wanted.size === 0) return [];
    const rows = (await this.#redis.call('XCLAIM', [key, CONSUMER_GROUP, consumer, minIdleMs, ...wanted.keys()])) as RawEntry[];
    return rows.map(([streamId, fields]) => ({
      shard,
      streamId,
      body: fieldValue(fields, 'm') ?? '',
      deliveries: (wanted.get(streamId) ?? 0) + 1,
    }));
  }

  async load(shard: number, addresses: readonly string[]): Promise<Map<string, StoredActor>> {
    const found = new Map<string, StoredActor>();
    if (addresses.length === 0) return found;
    const keys = this.#k(shard);
    const actorKeys = addresses.map((address) => actorKey(keys.tag, address));
    const [versions, states] = await Promise.all([
      this.#redis.hmget(keys.versions, ...addresses),
      this.jsonModule
        ? (this.#redis.call('JSON.MGET', [...actorKeys, '.']) as Promise<(string | null)[]>)
        : this.#redis.mget(...actorKeys),
    ]);
    addresses.forEach((address, i) => {
      const version = versions[i];
      const state = states[i];
      if (version != null && state != null) found.set(address, { version: Number(version), state });
    });
    return found;
  }

  async hydrate(shard: number, address: string, actor: StoredActor): Promise<boolean> {
    const keys = this.#k(shard);
    const written = await runScript(this.#redis, 'hydrate', [keys.versions], [
      keys.tag, address, actor.version, actor.state, this.jsonModule ? '1' : '0',
    ]);
    return written === 1;
  }

  commit(shard: number, epoch: number, steps: readonly CommitStep[]): Promise<CommitResult[]> {
    if (steps.length === 0) return Promise.resolve([]);
    return this.#writes.commit({ shard, epoch, steps });
  }

  async readStream(shard: number, stream: ShardStream, count: number, afterId?: string): Promise<StreamEntry[]> {
    const rows = (await this.#redis.call('XRANGE', [
      this.#streamKey(shard, stream), afterId ? `(${afterId}` : '-', '+', 'COUNT', count,
    ])) as RawEntry[];
    return rows.map(([id, fields]) => ({ id, body: fieldValue(fields, 'e') ?? '' }));
  }

  async deleteEntries(shard: number, stream: ShardStream, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.#redis.xdel(this.#streamKey(shard, stream), ...ids);
  }

  async dirty(shard: number, count: number): Promise<DirtyActor[]> {
    const flat = (await this.#redis.call('ZRANGE', [this.#k(shard).dirty, 0, count - 1, 'WITHSCORES'])) as string[];
    const dirty: DirtyActor[] = [];
    for (let i = 0; i < flat.length; i += 2) dirty.push({ address: flat[i]!, version: Number(flat[i + 1]) });
    return dirty;
  }

  async cleanDirty(shard: number, flushed: readonly DirtyActor[]): Promise<number> {
    if (flushed.length === 0) return 0;
    const args = flushed.flatMap((actor) => [actor.address, actor.version]);
    return Number(await runScript(this.#redis, 'cleanDirty', [this.#k(shard).dirty], args));
  }

  async claim(shard: number, nodeId: string, ttlMs: number): Promise<number> {
    const keys = this.#k(shard);
    return Number(await runScript(this.#leaseConnection(), 'claim', [keys.epoch, keys.lease], [nodeId, ttlMs]));
  }

  async renew(shard: number, nodeId: string, epoch: number, ttlMs: number): Promise<boolean> {
    const keys = this.#k(shard);
    return (await runScript(this.#leaseConnection(), 'renew', [keys.epoch, keys.lease], [nodeId, epoch, ttlMs])) === 1;
  }

  async release(shard: number, nodeId: string, epoch: number): Promise<void> {
    const keys = this.#k(shard);
    await runScript(this.#leaseConnection(), 'release', [keys.epoch, keys.lease], [nodeId, epoch]);
  }

  async leases(shards: readonly number[]): Promise<LeaseInfo[]> {
    const connection = this.#leaseConnection();
    const pipeline = connection.pipeline();
    for (const shard of shards) {
      const keys = this.#k(shard);
      pipeline.get(keys.lease).get(keys.epoch).pttl(keys.lease);
    }
    const replies = ((await pipeline.exec()) ?? []).map(([error, value]) => (error ? null : value));
    return shards.map((shard, i) => {
      const holder = replies[i * 3] as string | null;
      const ttl = Number(replies[i * 3 + 2] ?? -2);
      return {
        shard,
        owner: holder ? holder.slice(0, holder.lastIndexOf('|')) : null,
        epoch: Number(replies[i * 3 + 1] ?? 0),
        ttlMs: holder && ttl > 0 ? ttl : 0,
      };
    });
  }

  async heartbeat(nodeId: string | undefined, ttlMs: number): Promise<Membership> {
    const flat = (await runScript(this.#leaseConnection(), 'heartbeat', [membersKey(this.#prefix)], [nodeId ?? '', ttlMs])) as string[];
    const members: Member[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) members.push({ nodeId: flat[i]!, seenAt: Number(flat[i + 1]) });
    members.sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
    return { members, now: Number(flat[flat.length - 1]) };
  }

  async serverTime(): Promise<number> {
    const [seconds, micros] = await this.#leaseConnection().time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  }

  async markLive(nodeId: string, holdMs: number): Promise<boolean> {
    const set = await this.#leaseConnection().set(liveMarkKey(this.#prefix), `${nodeId} ${Date.now()}`, 'PX', holdMs, 'NX');
    return set === 'OK';
  }

  async keepLive(nodeId: string, holdMs = 0): Promise<boolean> {
    return (await runScript(this.#leaseConnection(), 'keepLive', [liveMarkKey(this.#prefix)], [nodeId, holdMs])) === 1;
  }

  async liveMark(): Promise<{ by: string; since: number } | null> {
    const value = await this.#leaseConnection().get(liveMarkKey(this.#prefix));
    const [by, since] = value?.split(' ') ?? [];
    return by && Number.isFinite(Number(since)) ? { by, since: Number(since) } : null;
  }

  async leave(nodeId: string): Promise<void> {
    await this.#leaseConnection().zrem(membersKey(this.#prefix), nodeId);
  }

  async publish(stream: string, bodies: readonly string[], maxLen: number, ttlMs?: number): Promise<void> {
    if (bodies.length > 0) await this.#writes.publish({ stream, bodies, maxLen, ttlMs });
  }

  async readEvents(cursors: ReadonlyMap<number, string>, count: number, blockMs: number): Promise<ShardStreamEntry[]> {
    if (cursors.size === 0) return [];
    const shardByKey = new Map<string, number>();
    for (const shard of cursors.keys()) shardByKey.set(this.#k(shard).events, shard);
    // One XREAD over every shard's stream: fine on one Redis; on Redis Cluster
    // a reader would group the streams by slot (they live in different slots).
    // BLOCK 0 would wait forever; no wait is asked for by leaving BLOCK out.
    const block = blockMs > 0 ? ['BLOCK', blockMs] : [];
    const reply = (await this.#blockingConnection('events').call('XREAD', [
      'COUNT', count, ...block, 'STREAMS', ...shardByKey.keys(), ...cursors.values(),
    ])) as RawStreams;
    return (reply ?? []).flatMap(([key, entries]) =>
      entries.map(([id, fields]) => ({ shard: shardByKey.get(key)!, id, body: fieldValue(fields, 'e') ?? '' })),
    );
  }

  async eventTails(shards: readonly number[]): Promise<Map<number, string>> {
    const newest = await Promise.all(
      shards.map((shard) => this.#redis.call('XREVRANGE', [this.#k(shard).events, '+', '-', 'COUNT', 1]) as Promise<RawEntry[]>),
    );
    return new Map(shards.map((shard, i) => [shard, newest[i]?.[0]?.[0] ?? '0-0']));
  }

  async subscribe(stream: string, afterId: string, count: number, blockMs: number): Promise<StreamEntry[]> {
    const block = blockMs > 0 ? ['BLOCK', blockMs] : [];
    const reply = (await this.#blockingConnection(`subscribe:${stream}`).call('XREAD', [
      'COUNT', count, ...block, 'STREAMS', stream, afterId,
    ])) as RawStreams;
    return (reply?.[0]?.[1] ?? []).map(([id, fields]) => ({ id, body: fieldValue(fields, 'e') ?? '' }));
  }

  async stats(shard: number): Promise<ShardStats> {
    const keys = this.#k(shard);
    const [inbox, groups, outbox, dirty, dead] = await Promise.all([
      this.#redis.xlen(keys.inbox),
      this.#redis.call('XINFO', ['GROUPS', keys.inbox]).catch(() => []) as Promise<unknown[][]>,
      this.#redis.xlen(keys.outbox),
      this.#redis.zcard(keys.dirty),
      this.#redis.xlen(keys.dead),
    ]);
    const group = groups.find((fields) => fieldValue(fields as string[], 'name') === CONSUMER_GROUP) as string[] | undefined;
    const pending = Number(fieldValue(group ?? null, 'pending') ?? 0);
    // The step script deletes every entry it acknowledges, so the inbox holds exactly
    // the pending entries plus the undelivered ones. (The group's `lag` is no help:
    // Redis 7.0 stops reporting it once entries have been deleted.)
    return { backlog: Math.max(0, inbox - pending), pending, outbox, dirty, dead };
  }

  async close(): Promise<void> {
    for (const connection of this.#blocking.values()) connection.disconnect();
    this.#blocking.clear();
    await closeRedis(this.#leases);
    await closeRedis(this.#writesConnection);
    await closeRedis(this.#redis);
  }
}
