// A projection of the public event feed (runtime/event-feed.ts) into a read
// store, run by exactly one node of the cluster: the owner of shard 0. The
// shard's lease already elects one owner and moves it on when nodes come and
// go, so the projection follows it instead of holding a lease of its own:
// while this node owns shard 0 it reads the feed from the cursor the store
// saved and hands each batch to the sink, which applies it and moves the
// cursor in one step under shard 0's epoch. When shard 0 moves, this node
// stops and the new owner resumes from the saved cursor; a batch the old
// owner applies late is refused by the epoch, so nothing regresses.
import type { Logger } from 'pino';
import { Gauge, Counter, type Registry } from 'prom-client';
import type { ShardStore } from '../storage/shard-store.ts';
import type { Clock } from './clock.ts';
import { decodePublicEvent, runEventFeed, type PublicEvent } from './event-feed.ts';
import { sleep } from './sleep.ts';

/** Where a projection writes: its saved cursor and an atomic, fenced apply. */
export interface ProjectionSink {
  /** Names the projection in logs and metrics. */
  readonly name: string;
  /** Shard → id of the last event applied (shards absent: nothing applied yet). */
  loadCursor(): Promise<ReadonlyMap<number, string>>;
  /**
   * Applies a batch and records `positions` (shard → last event id of the
   * batch) in the cursor together; false when a writer under a newer epoch
   * has written (this node lost shard 0 and has not noticed yet).
   */
  apply(events: readonly PublicEvent[], positions: ReadonlyMap<number, string>, epoch: number): Promise<boolean>;
}

export interface ProjectionRunnerOptions {
  readonly store: ShardStore;
  readonly shards: number;
  readonly sink: ProjectionSink;
  /** The epoch under which this node may project now (its shard 0 lease), or undefined. */
  readonly owner: () => number | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly registry: Registry;
  /** How often ownership is checked (default 1,000 ms). */
  readonly checkMs?: number;
  /** How often the lag gauges are refreshed while projecting (default 5,000 ms). */
  readonly lagEveryMs?: number;
  /** Longest wait of one feed read (default 500 ms). */
  readonly blockMs?: number;
  /** Entries read per shard per batch (default 500). */
  readonly count?: number;
  /** Lag past which the projection's output counts as stale: logged once per episode (default: never). */
  readonly staleAfterSeconds?: number;
}

export interface ProjectionLag {
  /** Events in the feed not yet applied (counted up to LAG_SCAN per shard). */
  readonly events: number;
  /** Age of the oldest event not yet applied; 0 when caught up. */
  readonly seconds: number;
}

/** Entries counted per shard when measuring lag: past this the figure is a floor. */
const LAG_SCAN = 200;

/** Stream entry ids `ms-seq` in order. */
export function compareStreamIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

interface ProjectionMetrics {
  readonly lagEvents: Gauge<'projection'>;
  readonly lagSeconds: Gauge<'projection'>;
  readonly leading: Gauge<'projection'>;
  readonly events: Counter<'projection'>;
  readonly refused: Counter<'projection'>;
}

/** One set per registry: several projections share the metrics by label. */
function projectionMetrics(registry: Registry): ProjectionMetrics {
  const existing = registry.getSingleMetric('projection_lag_events');
  if (existing) {
    return {
      lagEvents: existing as Gauge<'projection'>,
      lagSeconds: registry.getSingleMetric('projection_lag_seconds') as Gauge<'projection'>,
      leading: registry.getSingleMetric('projection_leading') as Gauge<'projection'>,
      events: registry.getSingleMetric('projection_events_total') as Counter<'projection'>,
      refused: registry.getSingleMetric('projection_refused_batches_total') as Counter<'projection'>,
    };
  }
  const labelNames = ['projection'] as const;
  return {
    lagEvents: new Gauge({ name: 'projection_lag_events', help: 'Public events not yet applied by the projection (on the node running it)', labelNames, registers: [registry] }),
    lagSeconds: new Gauge({ name: 'projection_lag_seconds', help: 'Age of the oldest public event not yet applied by the projection', labelNames, registers: [registry] }),
    leading: new Gauge({ name: 'projection_leading', help: '1 on the node that runs the projection (the owner of shard 0)', labelNames, registers: [registry] }),
    events: new Counter({ name: 'projection_events_total', help: 'Public events the projection applied', labelNames, registers: [registry] }),
    refused: new Counter({ name: 'projection_refused_batches_total', help: 'Batches refused because a newer owner of shard 0 writes', labelNames, registers: [registry] }),
  };
}

export class ProjectionRunner {
  readonly #options: ProjectionRunnerOptions;
  readonly #metrics: ProjectionMetrics;
  readonly #stop = new AbortController();
  readonly #all: number[];
  /** Shard → last event applied, as far as this node knows (loaded, then advanced by each batch). */
  #applied = new Map<number, string>();
  #running: Promise<void> | undefined;
  #epoch: number | undefined;
  #lastLag: ProjectionLag = { events: 0, seconds: 0 };
  #stale = false;

  constructor(options: ProjectionRunnerOptions) {
    this.#options = options;
    this.#metrics = projectionMetrics(options.registry);
    this.#all = Array.from({ length: options.shards }, (_, shard) => shard);
  }

  /** True while this node projects (it owns shard 0). */
  get leading(): boolean {
    return this.#epoch !== undefined;
  }

  /** The lag last measured while projecting. */
  get lastLag(): ProjectionLag {
    return this.#lastLag;
  }

  /** True while the last measured lag is past `staleAfterSeconds`. */
  get stale(): boolean {
    return this.#stale;
  }

  start(): this {
    this.#running ??= this.#loop();
    return this;
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#running;
  }

  /** Measures how far the applied cursor is behind the feed. */
  async lag(): Promise<ProjectionLag> {
    const { store, clock } = this.#options;
    const tails = await store.eventTails(this.#all);
    let events = 0;
    let oldest = Number.POSITIVE_INFINITY;
    for (const [shard, tail] of tails) {
      if (tail === '0-0') continue;
      const applied = this.#applied.get(shard);
      if (applied !== undefined && compareStreamIds(applied, tail) >= 0) continue;
      const behind = await store.readStream(shard, 'events', LAG_SCAN, applied);
      events += behind.length;
      const first = behind[0] && decodePublicEvent({ ...behind[0], shard });
      if (first?.ok) oldest = Math.min(oldest, first.value.at);
    }
    return { events, seconds: Number.isFinite(oldest) ? Math.max(0, clock.now() - oldest) / 1000 : 0 };
  }

  /** True when this node projects and has applied every event in the feed. */
  async caughtUp(): Promise<boolean> {
    return this.leading && (await this.lag()).events === 0;
  }

  async #loop(): Promise<void> {
    const { owner, logger, checkMs = 1_000 } = this.#options;
    const stop = this.#stop.signal;
    while (!stop.aborted) {
      const epoch = owner();
      if (epoch !== undefined) {
        try {
          await this.#lead(epoch);
        } catch (error) {
          logger.error({ err: error, projection: this.#options.sink.name }, 'projection failed; trying again');
        }
      }
      await sleep(checkMs, stop);
    }
  }

  async #lead(epoch: number): Promise<void> {
    const { sink, store, shards, logger, owner, checkMs = 1_000, blockMs = 500 } = this.#options;
    const name = sink.name;
    const lead = new AbortController();
    const endLead = (): void => lead.abort();
    this.#stop.signal.addEventListener('abort', endLead, { once: true });
    try {
      const saved = await sink.loadCursor();
      this.#applied = new Map(saved);
      // Every shard listed: one with no saved position starts at its oldest kept
      // event, not at its newest (events it got while nobody projected count).
      const from = new Map(this.#all.map((shard) => [shard, saved.get(shard) ?? '0']));
      this.#epoch = epoch;
      this.#metrics.leading.set({ projection: name }, 1);
      logger.info({ projection: name, epoch, shardsResumed: saved.size }, 'this node owns shard 0: projecting the event feed from the saved cursor');
      await Promise.all([
        this.#watchOwnership(epoch, lead, checkMs),
        this.#measureLag(lead.signal),
        runEventFeed({ store, shards, logger, from, blockMs, ...(this.#options.count ? { count: this.#options.count } : {}) }, (events) => this.#apply(events, epoch, lead), lead.signal),
      ]);
    } finally {
      this.#stop.signal.removeEventListener('abort', endLead);
      this.#epoch = undefined;
      // A standby reports no lag of its own: only the node projecting carries the figures.
      this.#lastLag = { events: 0, seconds: 0 };
      this.#stale = false;
      this.#metrics.leading.set({ projection: name }, 0);
      this.#metrics.lagEvents.set({ projection: name }, 0);
      this.#metrics.lagSeconds.set({ projection: name }, 0);
    }
    if (!this.#stop.signal.aborted) logger.info({ projection: name }, 'shard 0 moved on: projection stopped here; its new owner resumes from the saved cursor');
  }

  async #watchOwnership(epoch: number, lead: AbortController, checkMs: number): Promise<void> {
    while (!lead.signal.aborted) {
      await sleep(checkMs, lead.signal);
      if (this.#options.owner() !== epoch) lead.abort();
    }
  }

  async #measureLag(signal: AbortSignal): Promise<void> {
    const name = this.#options.sink.name;
    while (!signal.aborted) {
      try {
        this.#lastLag = await this.lag();
        this.#metrics.lagEvents.set({ projection: name }, this.#lastLag.events);
        this.#metrics.lagSeconds.set({ projection: name }, this.#lastLag.seconds);
        this.#noteStaleness(this.#lastLag);
      } catch (error) {
        this.#options.logger.warn({ err: error, projection: name }, 'could not measure projection lag');
      }
      await sleep(this.#options.lagEveryMs ?? 5_000, signal);
    }
  }

  #noteStaleness(lag: ProjectionLag): void {
    const bound = this.#options.staleAfterSeconds;
    if (bound === undefined) return;
    const stale = lag.seconds > bound;
    if (stale && !this.#stale) this.#options.logger.warn({ projection: this.#options.sink.name, ...lag, boundSeconds: bound }, 'projection is further behind than its staleness bound');
    if (!stale && this.#stale) this.#options.logger.info({ projection: this.#options.sink.name, ...lag }, 'projection is back within its staleness bound');
    this.#stale = stale;
  }

  async #apply(events: readonly PublicEvent[], epoch: number, lead: AbortController): Promise<void> {
    const { sink, owner, logger } = this.#options;
    if (lead.signal.aborted) return;
    if (owner() !== epoch) {
      lead.abort();
      return;
    }
    const positions = new Map<number, string>();
    for (const event of events) positions.set(event.shard, event.position);
    if (!(await sink.apply(events, positions, epoch))) {
      this.#metrics.refused.inc({ projection: sink.name });
      logger.warn({ projection: sink.name, epoch }, 'a newer owner of shard 0 writes the projection: stepping down');
      lead.abort();
      return;
    }
    for (const [shard, position] of positions) this.#applied.set(shard, position);
    this.#metrics.events.inc({ projection: sink.name }, events.length);
  }
}
