// ShardStore in memory for the embedded mode (`npm start` without REDIS_URL)
// and the simulation. It keeps the Redis store's semantics — consumer-group
// delivery and pending entries, the atomic step, leases and epochs — and passes
// the same contract suite. Lease expiry uses the injected clock.
import { StorageError, StorageErrorCodes } from './errors.ts';
import { MemoryStream } from './memory-stream.ts';
import { REPLY_STREAM_MAX_LEN, REPLY_STREAM_TTL_MS } from './shard-store.ts';
import type {
  CommitResult,
  CommitStep,
  DirtyActor,
  InboxEntry,
  LeaseInfo,
  Membership,
  ReclaimedEntry,
  ShardStats,
  ShardStore,
  ShardStream,
  ShardStreamEntry,
  ReplyTarget,
  StoredActor,
  StreamEntry,
} from './shard-store.ts';

class MemoryShard {
  readonly inbox: MemoryStream;
  readonly pending = new Map<string, { consumer: string; readonly body: string; deliveredAt: number; deliveries: number }>();
  readonly streams: Record<ShardStream, MemoryStream>;
  readonly actors = new Map<string, StoredActor>();
  readonly dirty = new Map<string, number>();
  readonly dedup = new Map<string, { value: string; expires: number }>();
  readonly attempts = new Map<string, number>();
  epoch = 0;
  lease: { holder: string; expires: number } | null = null;

  constructor(now: () => number) {
    this.inbox = new MemoryStream(now);
    this.streams = { outbox: new MemoryStream(now), events: new MemoryStream(now), log: new MemoryStream(now), dead: new MemoryStream(now) };
  }
}

export interface MemoryShardStoreOptions {
  readonly now?: () => number;
  readonly dedupTtlMs?: number;
  readonly streamMaxLen?: number;
}

export class MemoryShardStore implements ShardStore {
  readonly description = 'in-memory (embedded)';
  readonly #now: () => number;
  /**
   * Leases run on real time even when the store's clock is virtual: they guard
   * the processes, not the game, and a simulation jumping days ahead must not
   * expire the lease of the node that is simulating.
   */
  readonly #leaseNow: () => number = () => performance.now();
  readonly #dedupTtlMs: number;
  readonly #maxLen: number;
  readonly #shards = new Map<number, MemoryShard>();
  readonly #members = new Map<string, number>();
  /** The cluster's live mark; `lapses` (lease time) while it is still a claim. */
  #mark: { by: string; since: number; lapses: number | null } | null = null;
  readonly #streams = new Map<string, { stream: MemoryStream; expires: number }>();
  #waiters = new Set<() => void>();
  #closed = false;

  constructor(options: MemoryShardStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#dedupTtlMs = options.dedupTtlMs ?? 24 * 3600_000;
    this.#maxLen = options.streamMaxLen ?? 10_000;
  }

  #shard(shard: number): MemoryShard {
    let state = this.#shards.get(shard);
    if (!state) {
      state = new MemoryShard(this.#now);
      this.#shards.set(shard, state);
    }
    return state;
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Waits until something is appended, or blockMs passes (real time: the clock may be virtual). */
  #block(blockMs: number): Promise<void> {
    if (this.#closed || blockMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, blockMs);
      this.#waiters.add(done);
    });
  }

  async ensureGroups(shards: readonly number[]): Promise<void> {
    for (const shard of shards) this.#shard(shard);
  }

  async append(shard: number, bodies: readonly string[]): Promise<void> {
    const state = this.#shard(shard);
    for (const body of bodies) state.inbox.add(body);
    this.#wake();
  }

  #takeNew(shards: readonly number[], consumer: string, count: number): InboxEntry[] {
    const taken: InboxEntry[] = [];
    for (const shard of shards) {
      const state = this.#shard(shard);
      // The inbox holds undelivered entries only; delivered ones wait in `pending`.
      const fresh = state.inbox.entries.splice(0, count);
      for (const entry of fresh) {
        state.pending.set(entry.id, { consumer, body: entry.body, deliveredAt: this.#leaseNow(), deliveries: 1 });
        taken.push({ shard, streamId: entry.id, body: entry.body });
      }
    }
    return taken;
  }

  async read(shards: readonly number[], consumer: string, count: number, blockMs: number): Promise<InboxEntry[]> {
    const taken = this.#takeNew(shards, consumer, count);
    if (taken.length > 0 || this.#closed) return taken;
    await this.#block(blockMs);
    return this.#takeNew(shards, consumer, count);
  }

  async pending(shard: number, consumer: string, count: number): Promise<InboxEntry[]> {
    const mine: InboxEntry[] = [];
    for (const [streamId, entry] of this.#shard(shard).pending) {
      if (entry.consumer !== consumer || mine.length >= count) continue;
      // Re-reading one's pending entries counts as a delivery, as it does in Redis.
      entry.deliveries += 1;
      mine.push({ shard, streamId, body: entry.body });
    }
    return mine;
  }

  async takeOver(shard: number, consumer: string, count: number): Promise<ReclaimedEntry[]> {
    return this.#claimPending(shard, consumer, 0, count, true);
  }

  async reclaimStale(shard: number, consumer: string, minIdleMs: number, count: number): Promise<ReclaimedEntry[]> {
    return this.#claimPending(shard, consumer, minIdleMs, count, false);
  }

  async recordAttempt(shard: number, streamId: string): Promise<number> {
    const attempts = this.#shard(shard).attempts;
    const count = (attempts.get(streamId) ?? 0) + 1;
    attempts.set(streamId, count);
    return count;
  }

  #claimPending(shard: number, consumer: string, minIdleMs: number, count: number, includeOwn: boolean): ReclaimedEntry[] {
    const now = this.#leaseNow();
    const taken: ReclaimedEntry[] = [];
    for (const [streamId, entry] of this.#shard(shard).pending) {
      if (taken.length >= count) break;
      if ((!includeOwn && entry.consumer === consumer) || now - entry.deliveredAt < minIdleMs) continue;
      entry.consumer = consumer;
      entry.deliveredAt = now;
      entry.deliveries += 1;
      taken.push({ shard, streamId, body: entry.body, deliveries: entry.deliveries });
    }
    return taken;
  }

  async load(shard: number, addresses: readonly string[]): Promise<Map<string, StoredActor>> {
    const state = this.#shard(shard);
    const found = new Map<string, StoredActor>();
    for (const address of addresses) {
      const actor = state.actors.get(address);
      if (actor) found.set(address, actor);
    }
    return found;
  }

  async hydrate(shard: number, address: string, actor: StoredActor): Promise<boolean> {
    const state = this.#shard(shard);
    if (state.actors.has(address)) return false;
    state.actors.set(address, actor);
    return true;
  }

  async commit(shard: number, epoch: number, steps: readonly CommitStep[]): Promise<CommitResult[]> {
    const state = this.#shard(shard);
    if (epoch < 1 || state.epoch !== epoch) throw new StorageError(StorageErrorCodes.FENCED, `shard ${shard} is at epoch ${state.epoch}, not ${epoch}`);
    const now = this.#now();
    const results = steps.map((step): CommitResult => {
      const seen = state.dedup.get(step.messageId);
      if (seen && seen.expires > now) {
        if (step.streamId) state.pending.delete(step.streamId);
        this.#answer(step.reply, seen.value);
        return { status: 'duplicate', stored: seen.value };
      }
      if (step.address) {
        const current = state.actors.get(step.address)?.version ?? 0;
        if (current !== step.expectedVersion) return { status: 'conflict', current };
        state.actors.set(step.address, { version: step.version, state: step.state });
        state.dirty.set(step.address, step.version);
      }
      for (const body of step.outbox) state.streams.outbox.add(body);
      for (const body of step.events) state.streams.events.add(body, this.#maxLen);
      if (step.log) state.streams.log.add(step.log);
      if (step.dead) state.streams.dead.add(step.dead, this.#maxLen);
      state.dedup.set(step.messageId, { value: step.dedupValue, expires: now + this.#dedupTtlMs });
      this.#answer(step.reply, step.dedupValue);
      if (step.streamId) state.pending.delete(step.streamId);
      return { status: 'applied' };
    });
    this.#wake();
    return results;
  }

  #answer(target: ReplyTarget | undefined, answer: string): void {
    // '' is no answer (a stale timer fire nobody waits for).
    if (!target || answer === '') return;
    this.#append(target.stream, [`${target.head}${answer}}`], REPLY_STREAM_MAX_LEN, REPLY_STREAM_TTL_MS);
  }

  async readStream(shard: number, stream: ShardStream, count: number, afterId?: string): Promise<StreamEntry[]> {
    return this.#shard(shard).streams[stream].after(afterId, count);
  }

  async deleteEntries(shard: number, stream: ShardStream, ids: readonly string[]): Promise<void> {
    this.#shard(shard).streams[stream].delete(ids);
  }

  async dirty(shard: number, count: number): Promise<DirtyActor[]> {
    return [...this.#shard(shard).dirty]
      .sort(([, a], [, b]) => a - b)
      .slice(0, count)
      .map(([address, version]) => ({ address, version }));
  }

  async cleanDirty(shard: number, flushed: readonly DirtyActor[]): Promise<number> {
    const state = this.#shard(shard);
    let cleaned = 0;
    for (const { address, version } of flushed) {
      const current = state.dirty.get(address);
      if (current !== undefined && current <= version) {
        state.dirty.delete(address);
        cleaned++;
      }
    }
    return cleaned;
  }

  async claim(shard: number, nodeId: string, ttlMs: number): Promise<number> {
    const state = this.#shard(shard);
    const now = this.#leaseNow();
    if (state.lease && state.lease.expires > now && state.lease.holder !== nodeId) return 0;
    // As in Redis: server-time ms, or one more than the last epoch if larger.
    state.epoch = Math.max(state.epoch + 1, Math.floor(this.#now()));
    state.lease = { holder: nodeId, expires: now + ttlMs };
    return state.epoch;
  }

  async renew(shard: number, nodeId: string, epoch: number, ttlMs: number): Promise<boolean> {
    const state = this.#shard(shard);
    if (state.epoch !== epoch || state.lease?.holder !== nodeId || state.lease.expires <= this.#leaseNow()) return false;
    state.lease.expires = this.#leaseNow() + ttlMs;
    return true;
  }

  async release(shard: number, nodeId: string, epoch: number): Promise<void> {
    const state = this.#shard(shard);
    if (state.epoch === epoch && state.lease?.holder === nodeId) state.lease = null;
  }

  async leases(shards: readonly number[]): Promise<LeaseInfo[]> {
    const now = this.#leaseNow();
    return shards.map((shard) => {
      const state = this.#shard(shard);
      const held = state.lease && state.lease.expires > now ? state.lease : null;
      return { shard, owner: held?.holder ?? null, epoch: state.epoch, ttlMs: held ? Math.ceil(held.expires - now) : 0 };
    });
  }

  async heartbeat(nodeId: string | undefined, ttlMs: number): Promise<Membership> {
    const now = this.#leaseNow();
    if (nodeId) this.#members.set(nodeId, now);
    for (const [id, seenAt] of this.#members) if (seenAt < now - ttlMs) this.#members.delete(id);
    const members = [...this.#members]
      .map(([id, seenAt]) => ({ nodeId: id, seenAt }))
      .sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
    return { members, now };
  }

  async serverTime(): Promise<number> {
    return this.#now();
  }

  async markLive(nodeId: string, holdMs: number): Promise<boolean> {
    if (this.#currentMark()) return false;
    this.#mark = { by: nodeId, since: this.#now(), lapses: this.#leaseNow() + holdMs };
    return true;
  }

  async keepLive(nodeId: string, holdMs = 0): Promise<boolean> {
    const mark = this.#currentMark();
    if (mark?.by !== nodeId) return false;
    mark.lapses = holdMs > 0 ? this.#leaseNow() + holdMs : null;
    return true;
  }

  async liveMark(): Promise<{ by: string; since: number } | null> {
    const mark = this.#currentMark();
    return mark && { by: mark.by, since: mark.since };
  }

  #currentMark(): { by: string; since: number; lapses: number | null } | null {
    if (this.#mark?.lapses != null && this.#mark.lapses <= this.#leaseNow()) this.#mark = null;
    return this.#mark;
  }

  async leave(nodeId: string): Promise<void> {
    this.#members.delete(nodeId);
  }

  #namedStream(name: string): MemoryStream {
    let entry = this.#streams.get(name);
    if (!entry || entry.expires <= this.#now()) {
      entry = { stream: new MemoryStream(this.#now), expires: Infinity };
      this.#streams.set(name, entry);
    }
    return entry.stream;
  }

  async publish(stream: string, bodies: readonly string[], maxLen: number, ttlMs?: number): Promise<void> {
    this.#append(stream, bodies, maxLen, ttlMs);
    this.#wake();
  }

  #append(stream: string, bodies: readonly string[], maxLen: number, ttlMs: number | undefined): void {
    const target = this.#namedStream(stream);
    for (const body of bodies) target.add(body, maxLen);
    if (ttlMs !== undefined) this.#streams.get(stream)!.expires = this.#now() + ttlMs;
  }

  async readEvents(cursors: ReadonlyMap<number, string>, count: number, blockMs: number): Promise<ShardStreamEntry[]> {
    const take = (): ShardStreamEntry[] =>
      [...cursors].flatMap(([shard, cursor]) =>
        this.#shard(shard)
          .streams.events.after(cursor === '0' ? undefined : cursor, count)
          .map((entry) => ({ shard, ...entry })),
      );
    const found = take();
    if (found.length > 0 || this.#closed) return found;
    await this.#block(blockMs);
    return take();
  }

  async eventTails(shards: readonly number[]): Promise<Map<number, string>> {
    return new Map(shards.map((shard) => [shard, this.#shard(shard).streams.events.entries.at(-1)?.id ?? '0-0']));
  }

  async subscribe(stream: string, afterId: string, count: number, blockMs: number): Promise<StreamEntry[]> {
    const resolveAfter = (): string | undefined => (afterId === '$' ? this.#namedStream(stream).entries.at(-1)?.id : afterId === '0' ? undefined : afterId);
    const after = resolveAfter();
    const found = this.#namedStream(stream).after(after, count);
    if (found.length > 0 || this.#closed) return found;
    await this.#block(blockMs);
    return this.#namedStream(stream).after(after, count);
  }

  async stats(shard: number): Promise<ShardStats> {
    const state = this.#shard(shard);
    return {
      backlog: state.inbox.entries.length,
      pending: state.pending.size,
      outbox: state.streams.outbox.entries.length,
      dirty: state.dirty.size,
      dead: state.streams.dead.entries.length,
    };
  }

  /** Drops all live state, as a lost Redis would (tests of recovery from PostgreSQL). */
  flushAll(): void {
    this.#shards.clear();
    this.#streams.clear();
    this.#mark = null;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#wake();
  }
}
