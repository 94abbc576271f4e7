// A runtime node: owns its fair share of shards by lease, reads their inboxes
// in batches, runs one message at a time per actor (batches of a shard in
// order, shards side by side), relays outboxes and writes state behind to
// PostgreSQL. Nodes heartbeat into a membership set; each takes its share of
// the free shards and hands back its excess when a node joins (DESIGN §4).
import type { Logger } from 'pino';
import type { ActorStateRepo, InboxEntry, ShardStore } from '../storage/index.ts';
import type { Clock } from './clock.ts';
import type { FlagSnapshot } from './flags.ts';
import type { KindRegistry } from './kinds.ts';
import type { RuntimeMetrics } from './metrics.ts';
import { LEADER_SHARD, claimOrder, excess, fairShare } from './ownership.ts';
import { RelayScheduler } from './relay.ts';
import { ShardWorkers } from './shard-workers.ts';
import { repeat, sleep } from './sleep.ts';
import type { TimerService } from './timers/timer-service.ts';
import { LiveMarkWatch } from './timer-recovery.ts';
import { pruneMessageLog } from './message-retention.ts';
import { WriteBehindLoop } from './write-behind-loop.ts';

export interface RuntimeNodeOptions {
  readonly nodeId: string;
  readonly store: ShardStore;
  readonly timers: TimerService;
  readonly repo: ActorStateRepo;
  readonly kinds: KindRegistry;
  readonly clock: Clock;
  readonly metrics: RuntimeMetrics;
  readonly logger: Logger;
  readonly prefix: string;
  readonly shards: number;
  readonly readBatch: number;
  readonly deadLetterAfter: number;
  readonly leaseTtlMs: number;
  readonly writeBehindIntervalMs: number;
  readonly writeBehindBatch: number;
  /** How long a blocking inbox read waits; bounds how fast stop() is noticed. */
  readonly blockMs?: number;
  /** Runtime feature flags in force (runtime/flags.ts), stamped into every event. */
  readonly flags?: () => FlagSnapshot | undefined;
  /** How long a graceful stop lets the final flush run (default FINAL_FLUSH_MS). */
  readonly finalFlushMs?: number;
  /** Logged messages older than this are deleted from PostgreSQL; undefined keeps them all. */
  readonly messageRetentionMs?: number;
  /** How often the owner of LEADER_SHARD deletes them (default PRUNE_EVERY_MS). */
  readonly pruneEveryMs?: number;
  /** How long the live mark this node sets stays a claim without renewal (timer-recovery.ts). */
  readonly liveClaimMs?: number;
  /**
   * Whether an actor missing from the live store is looked up in PostgreSQL
   * (default true). Off only where the live store cannot have lost what
   * PostgreSQL has: both live and die with the process (the simulation).
   */
  readonly restoreFromRepo?: boolean;
}

/** Part of the 10 s a graceful stop may take. */
const FINAL_FLUSH_MS = 5_000;
/**
 * How long an entry of an owned shard may sit unacknowledged with another
 * consumer before this owner takes it. Only the owner processes a shard, so
 * such an entry is orphaned: typically delivered by a read the previous owner
 * had in flight while handing the shard over.
 */
const ORPHAN_IDLE_MS = 1_000;
/** How often the message log is pruned past its retention (message-retention.ts). */
const PRUNE_EVERY_MS = 10 * 60_000;

export class RuntimeNode {
  readonly options: RuntimeNodeOptions;
  readonly #owned = new Map<number, number>();
  readonly #work: ShardWorkers;
  readonly #relays: RelayScheduler;
  readonly #loops: Promise<void>[] = [];
  readonly #abort = new AbortController();
  readonly #writeBehind: WriteBehindLoop;
  /** Shards being handed to another node: no longer read, still finishing. */
  readonly #releasing = new Set<number>();
  /** Re-arms the pending timers PostgreSQL has when Redis is found without the cluster's mark. */
  readonly #liveMark: LiveMarkWatch;
  #started = false;
  #target = 0;
  #members: readonly string[] = [];

  constructor(options: RuntimeNodeOptions) {
    this.options = options;
    const { repo, timers, shards, store, logger, nodeId, liveClaimMs } = options;
    this.#work = new ShardWorkers({
      batch: {
        store,
        kinds: options.kinds,
        clock: options.clock,
        shards,
        ...(options.restoreFromRepo === false ? {} : { durable: repo }),
        metrics: options.metrics,
        logger,
        deadLetterAfter: options.deadLetterAfter,
        timers,
        ...(options.flags ? { flags: options.flags } : {}),
      },
      readBatch: options.readBatch,
      // Held until dropped: a shard being handed over still finishes its work.
      epochOf: (shard) => this.#owned.get(shard),
      relay: (shard) => this.#relays.schedule(shard),
      fenced: (shard, reason) => this.#dropShard(shard, reason),
    });
    this.#liveMark = new LiveMarkWatch(
      { repo, timers, shards, store, logger, nodeId, ...(liveClaimMs === undefined ? {} : { claimMs: liveClaimMs }) },
      this.#abort.signal,
    );
    this.#relays = new RelayScheduler({ store: options.store, timers: options.timers, prefix: options.prefix, logger: options.logger });
    this.#writeBehind = new WriteBehindLoop({
      store: options.store,
      repo: options.repo,
      batch: options.writeBehindBatch,
      intervalMs: options.writeBehindIntervalMs,
      shards: () => this.ownedShards,
      metrics: options.metrics,
      logger: options.logger,
    });
  }

  get ownedShards(): number[] {
    return [...this.#owned.keys()].sort((a, b) => a - b);
  }

  /**
   * The lease epoch under which this node owns `shard`; undefined when it does
   * not own it or is handing it over. Work that must run on exactly one node
   * (the leaderboard projection: the owner of shard 0) fences itself with it.
   */
  epochOf(shard: number): number | undefined {
    return this.#releasing.has(shard) ? undefined : this.#owned.get(shard);
  }

  get ready(): boolean {
    return this.#started && !this.#abort.signal.aborted && this.#owned.size > 0;
  }

  /** What this node believes about the cluster, for the cluster view and logs. */
  get view(): { readonly members: readonly string[]; readonly target: number; readonly writeBehindFailing: boolean; readonly writeBehindLagSeconds: number } {
    return { members: this.#members, target: this.#target, writeBehindFailing: this.#writeBehind.failing, writeBehindLagSeconds: this.#writeBehind.lagSeconds };
  }

  async start(): Promise<void> {
    await this.#liveMark.check();
    await this.#balance();
    this.options.logger.info({ node: this.options.nodeId, shards: this.#owned.size, members: this.#members.length }, 'runtime node started');
    this.#started = true;
    // A third of the lease TTL: a lease survives two missed renewals.
    const tick = Math.max(100, Math.floor(this.options.leaseTtlMs / 3));
    this.#loops.push(
      this.#intakeLoop(),
      // Leases only: under saturation the shared connection queues commits for
      // hundreds of ms, and when this round also reclaimed entries there, shard
      // by shard, it took seconds: a busy node's renewals came after its leases
      // had expired and every shard was dropped and claimed again.
      this.#every(tick, 'ownership', () => this.#balance()),
      this.#every(tick, 'housekeeping', async () => {
        await this.#liveMark.check();
        await this.#reclaimStale();
        await this.#updateGauges();
      }),
      this.#writeBehind.run(this.#abort.signal),
      // Outbox entries a crash left behind.
      this.#every(1_000, 'relay sweep', () => {
        for (const shard of this.ownedShards) this.#relays.schedule(shard);
      }),
    );
    if (this.options.messageRetentionMs !== undefined) {
      const retentionMs = this.options.messageRetentionMs;
      const { repo, clock, metrics, logger } = this.options;
      // On the owner of LEADER_SHARD only: one node prunes.
      this.#loops.push(
        this.#every(this.options.pruneEveryMs ?? PRUNE_EVERY_MS, 'message retention', async () => {
          if (this.epochOf(LEADER_SHARD) !== undefined) await pruneMessageLog({ repo, metrics, logger }, clock.now() - retentionMs, this.#abort.signal);
        }),
      );
    }
  }

  /**
   * Graceful stop (SIGTERM): stop intake, finish in-flight messages, relay,
   * flush, release every lease and leave the membership, so the other nodes
   * take the shards over at once instead of waiting for the leases to expire.
   */
  async stop(): Promise<void> {
    if (this.#abort.signal.aborted) return;
    this.#abort.abort();
    await Promise.allSettled(this.#loops);
    await this.#liveMark.rearming;
    await this.#work.settled();
    await Promise.allSettled(this.ownedShards.map((shard) => this.#relays.now(shard)));
    await this.#writeBehind.flushWithin(this.options.finalFlushMs ?? FINAL_FLUSH_MS);
    await Promise.allSettled(
      [...this.#owned].map(([shard, epoch]) => this.options.store.release(shard, this.options.nodeId, epoch)),
    );
    await this.options.store.leave(this.options.nodeId).catch(() => undefined);
    this.#owned.clear();
    this.options.metrics.ownedShards.set(0);
    this.options.logger.info({ node: this.options.nodeId }, 'runtime node stopped');
  }

  /** True when nothing is queued, running or waiting in an owned shard's streams. */
  async idle(): Promise<boolean> {
    if (!this.#work.idle || this.#relays.busy) return false;
    const stats = await Promise.all(this.ownedShards.map((shard) => this.options.store.stats(shard)));
    return stats.every((stat) => stat.backlog === 0 && stat.pending === 0 && stat.outbox === 0);
  }

  /** Writes every dirty state and logged message of the owned shards to PostgreSQL now. */
  flush(): Promise<{ states: number; messages: number }> {
    return this.#writeBehind.flush();
  }

  /**
   * One round of ownership: heartbeat, renew the leases held (a refused renewal
   * means another node took the shard: drop it at once), then give back the
   * excess over this node's fair share or claim free shards up to it.
   */
  async #balance(): Promise<void> {
    const { store, nodeId, leaseTtlMs, shards } = this.options;
    const membership = await store.heartbeat(nodeId, leaseTtlMs);
    this.#members = membership.members.map((member) => member.nodeId);
    const renewals = await Promise.all(
      [...this.#owned].map(async ([shard, epoch]) => [shard, epoch, await store.renew(shard, nodeId, epoch, leaseTtlMs)] as const),
    );
    for (const [shard, epoch, renewed] of renewals) {
      if (!renewed) this.#dropShard(shard, `lease lost at epoch ${epoch}: another node owns the shard now`);
    }
    const index = this.#members.indexOf(nodeId);
    this.#target = fairShare(shards, this.#members.length, index);
    const owned = this.ownedShards.filter((shard) => !this.#releasing.has(shard));
    if (owned.length > this.#target) {
      await Promise.all(excess(owned, this.#target).map((shard) => this.#handOff(shard)));
    } else if (owned.length < this.#target) {
      const leases = await store.leases(Array.from({ length: shards }, (_, shard) => shard));
      const free = leases.filter((lease) => lease.owner === null).map((lease) => lease.shard);
      const claimed: number[] = [];
      for (const shard of claimOrder(free, shards, this.#members.length, index)) {
        if (owned.length + claimed.length >= this.#target) break;
        const epoch = await store.claim(shard, nodeId, leaseTtlMs);
        if (epoch === 0) continue;
        this.#owned.set(shard, epoch);
        claimed.push(shard);
      }
      if (claimed.length > 0) await this.#adopt(claimed);
    }
    this.options.metrics.ownedShards.set(this.#owned.size);
  }

  /** Newly claimed shards: make sure their groups exist and take over their unfinished work. */
  async #adopt(claimed: readonly number[]): Promise<void> {
    const { store, nodeId } = this.options;
    await store.ensureGroups(claimed);
    // Work delivered before and never acknowledged — to a crashed node, or to this
    // node under an earlier id — is ours now; it goes first, in stream order.
    for (const shard of claimed) this.#work.enqueue(shard, await store.takeOver(shard, nodeId, 100_000));
    this.options.logger.info({ shards: claimed, epochs: claimed.map((shard) => this.#owned.get(shard)) }, 'claimed shards');
  }

  /** Entries another node read and never acknowledged (it died or was fenced after reading). */
  async #reclaimStale(): Promise<void> {
    const { store, nodeId } = this.options;
    // All shards at once: one by one, each query would wait behind the commits
    // queued on a busy node's connection, and the round would take seconds.
    await Promise.all(
      this.ownedShards.map(async (shard) => {
        const stale = await store.reclaimStale(shard, nodeId, ORPHAN_IDLE_MS, 1_000);
        if (stale.length > 0) {
          this.options.logger.warn({ shard, count: stale.length }, 'took over entries another node left unacknowledged');
          this.#work.enqueue(shard, stale);
        }
      }),
    );
  }

  /** Gives a shard to whichever node claims it next, without making it wait for the lease to expire. */
  async #handOff(shard: number): Promise<void> {
    const epoch = this.#owned.get(shard);
    if (epoch === undefined) return;
    this.#releasing.add(shard);
    try {
      // A read in flight may still deliver entries of the shard: finish those too.
      await this.#work.finish(shard);
      await this.#relays.now(shard);
      await this.options.store.release(shard, this.options.nodeId, epoch);
      this.#dropShard(shard, 'handed off to rebalance', true);
    } finally {
      this.#releasing.delete(shard);
    }
  }

  /** Stops working a shard: handed over to another node, or (`handedOver` false) its lease is gone. */
  #dropShard(shard: number, reason: string, handedOver = false): void {
    if (!this.#owned.delete(shard)) return;
    const dropped = this.#work.close(shard);
    this.options.metrics.ownedShards.set(this.#owned.size);
    if (!handedOver) this.options.metrics.leasesLost.inc();
    this.options.logger[handedOver ? 'info' : 'warn']({ shard, reason, dropped }, 'stopped processing shard');
  }

  async #intakeLoop(): Promise<void> {
    const { store, nodeId, readBatch } = this.options;
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      if (this.#work.full) {
        await this.#work.someDone(5);
        continue;
      }
      if (this.#owned.size === 0) {
        // Nothing to read until the lease loop claims a shard; never spin (it would starve the timers).
        await sleep(this.options.blockMs ?? 500, signal);
        continue;
      }
      try {
        // Entries a read returns are delivered to this node even if it is stopping
        // meanwhile: they are processed before stop() releases the shards.
        const readable = this.ownedShards.filter((shard) => !this.#releasing.has(shard));
        const entries = await store.read(readable, nodeId, readBatch, this.options.blockMs ?? 500);
        const byShard = new Map<number, InboxEntry[]>();
        for (const entry of entries) {
          const list = byShard.get(entry.shard);
          if (list) list.push(entry);
          else byShard.set(entry.shard, [entry]);
        }
        for (const [shard, list] of byShard) this.#work.enqueue(shard, list);
      } catch (error) {
        if (signal.aborted) break;
        this.options.logger.error({ err: error }, 'inbox read failed; retrying');
        await sleep(250);
        // A Redis that lost its data has lost the consumer groups too.
        await store.ensureGroups(this.ownedShards).catch(() => undefined);
      }
    }
  }

  #every(everyMs: number, what: string, round: () => Promise<void> | void): Promise<void> {
    return repeat(everyMs, this.#abort.signal, round, (error) => this.options.logger.error({ err: error }, `${what} round failed`));
  }

  async #updateGauges(): Promise<void> {
    const stats = await Promise.all(this.ownedShards.map((shard) => this.options.store.stats(shard)));
    this.options.metrics.streamBacklog.set(stats.reduce((sum, stat) => sum + stat.backlog + stat.pending, 0));
    this.options.metrics.writeBehindLag.set(stats.reduce((sum, stat) => sum + stat.dirty, 0));
  }
}
