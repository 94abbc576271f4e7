// The runtime's periodic work (DESIGN §6), generic over the game: keeps the
// scheduler's schedules equal to the job table (every node does; it is
// idempotent), and on the one node chosen to lead — the owner of shard 0 —
// runs each tick's fan-out and the reactions to public events (read from the
// event feed, its cursor saved after every handled batch so a restart neither
// misses nor repeats work; a repeat would be harmless anyway, by message id).
import type { Logger } from 'pino';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { LeaderboardStore } from '../../storage/leaderboards.ts';
import type { ActorStateRepo } from '../../storage/postgres/actor-state-repo.ts';
import type { SchedulerStateStore, ScheduleRun } from '../../storage/scheduler-state.ts';
import type { ShardStore } from '../../storage/shard-store.ts';
import type { RuntimeClient } from '../client.ts';
import { shardOf } from '../address.ts';
import { readFeedBatch, runEventFeed, type PublicEvent } from '../event-feed.ts';
import { fanOut } from './fan-out.ts';
import { MINUTE_MS, type FeedReaction, type OutgoingEvent, type Schedule, type ScheduledJob, type Scheduler, type ScheduleStatus, type Target } from './schedule.ts';

export interface PeriodicWorkOptions {
  readonly jobs: readonly ScheduledJob[];
  readonly reactions?: readonly FeedReaction[];
  readonly scheduler: Scheduler;
  readonly state: SchedulerStateStore;
  readonly repo: Pick<ActorStateRepo, 'addresses'>;
  readonly client: Pick<RuntimeClient, 'sendMany'>;
  /**
   * The public event feed the reactions read (omit to run no reactions). The
   * leader follows it in the background, unless `follow` is false: then the
   * caller drives it with `catchUp()` (a virtual clock, where a background
   * reader would race the settling of the nodes).
   */
  readonly feed?: { readonly store: ShardStore; readonly shards: number; readonly blockMs?: number; readonly follow?: boolean };
  /** Boards reactions may read (season standings). */
  readonly leaderboards?: Pick<LeaderboardStore, 'top'>;
  readonly logger: Logger;
  /** Fan-out counter and duration histogram go here (the process's /metrics). */
  readonly registry?: Registry;
  /** True while this process should run the ticks and reactions. */
  readonly leader: () => boolean;
  /** How often leadership is looked at again (default 1 s). */
  readonly leaderCheckMs?: number;
  /**
   * How often the leader checks that every schedule is still stored (default
   * 60 s): a Redis restarted without persistence has lost them, and they are
   * put back, or periodic work would stop until a process restarted.
   */
  readonly scheduleCheckMs?: number;
  /** Addresses of a kind written since the write-behind last ran (fan-out.ts `unflushedActors`), sent to as well. */
  readonly unflushed?: (kind: string) => Promise<readonly string[]>;
  readonly pageSize?: number;
}

export interface JobStatus extends ScheduleStatus {
  readonly last: ScheduleRun | null;
}

function metric<T>(registry: Registry | undefined, name: string, make: (registers: Registry[]) => T): T {
  return (registry?.getSingleMetric(name) as T | undefined) ?? make(registry ? [registry] : []);
}

export class PeriodicWork {
  readonly #options: PeriodicWorkOptions;
  readonly #jobs: Map<string, ScheduledJob>;
  readonly #messages: Counter<'job'>;
  readonly #seconds: Histogram<'job'>;
  #leading = false;
  #checking: NodeJS.Timeout | undefined;
  #checkingSchedules: NodeJS.Timeout | undefined;
  #feed: { abort: AbortController; done: Promise<void> } | undefined;
  #transition: Promise<void> = Promise.resolve();

  constructor(options: PeriodicWorkOptions) {
    this.#options = options;
    this.#jobs = new Map(options.jobs.map((job) => [job.name, job]));
    if (this.#jobs.size !== options.jobs.length) throw new Error('periodic job names must be unique');
    this.#messages = metric(options.registry, 'runtime_scheduler_fanout_messages_total', (registers) =>
      new Counter({ name: 'runtime_scheduler_fanout_messages_total', help: 'Messages sent by periodic ticks and reactions', labelNames: ['job'], registers }),
    );
    this.#seconds = metric(options.registry, 'runtime_scheduler_fanout_seconds', (registers) =>
      new Histogram({
        name: 'runtime_scheduler_fanout_seconds',
        help: 'Time to send one tick or reaction to every target',
        labelNames: ['job'],
        buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers,
      }),
    );
  }

  get leading(): boolean {
    return this.#leading;
  }

  /** Upserts the schedules, then leads whenever `leader()` says so. */
  async start(): Promise<this> {
    await this.#options.scheduler.sync(this.#schedules());
    await this.checkLeadership();
    this.#checking = setInterval(() => void this.checkLeadership(), this.#options.leaderCheckMs ?? 1_000);
    this.#checking.unref();
    this.#checkingSchedules = setInterval(() => void this.restoreSchedules(), this.#options.scheduleCheckMs ?? 60_000);
    this.#checkingSchedules.unref();
    return this;
  }

  #schedules(): Schedule[] {
    return this.#options.jobs.map((job) => ({ name: job.name, everyMs: job.everyMinutes * MINUTE_MS }));
  }

  /**
   * On the leader: puts back schedules missing from the store (a Redis that
   * lost its data); resolves to their names. Stored ones are left as they are.
   */
  async restoreSchedules(): Promise<string[]> {
    if (!this.#leading) return [];
    try {
      const stored = new Set((await this.#options.scheduler.status()).map((schedule) => schedule.name));
      const missing = this.#options.jobs.filter((job) => !stored.has(job.name)).map((job) => job.name);
      if (missing.length === 0) return [];
      await this.#options.scheduler.sync(this.#schedules());
      this.#options.logger.warn({ missing }, 'periodic schedules were missing from the store (Redis lost its data?); stored again');
      return missing;
    } catch (error) {
      this.#options.logger.error({ err: error }, 'checking the periodic schedules failed; trying again at the next check');
      return [];
    }
  }

  /** Starts or stops leading to match `leader()`; one change at a time. */
  checkLeadership(): Promise<void> {
    this.#transition = this.#transition.then(async () => {
      const leader = this.#options.leader();
      if (leader === this.#leading) return;
      this.#leading = leader;
      this.#options.logger.info({ leading: leader }, leader ? 'running periodic work on this node' : 'periodic work handed to another node');
      try {
        if (leader) await this.#lead();
        else await this.#follow();
      } catch (error) {
        // Not leading after all: let go of what did start, and the next check tries again.
        this.#options.logger.error({ err: error }, 'periodic work could not change leadership; trying again');
        this.#leading = false;
        await this.#follow().catch(() => undefined);
      }
    });
    return this.#transition;
  }

  async #lead(): Promise<void> {
    await this.#options.scheduler.work(async (name, at) => {
      await this.tick(name, at);
    });
    const { feed, logger } = this.#options;
    if (!feed || (this.#options.reactions ?? []).length === 0) return;
    // Fixed now even when the caller drives the feed, so catchUp sees what is emitted from here on.
    const from = await this.#cursor(feed);
    if (feed.follow === false) return;
    const abort = new AbortController();
    const done = runEventFeed(
      { store: feed.store, shards: this.#feedShards(feed), logger, from, ...(feed.blockMs === undefined ? {} : { blockMs: feed.blockMs }) },
      (events) => this.react(events),
      abort.signal,
    );
    this.#feed = { abort, done };
  }

  /**
   * Where the reactions resume. First run ever: the feed's tail, saved at once,
   * so a restart before any event still resumes from here, not from a later tail.
   */
  async #cursor(feed: NonNullable<PeriodicWorkOptions['feed']>): Promise<Map<number, string>> {
    const shards = this.#feedShards(feed);
    const saved = await this.#options.state.loadCursor();
    if (saved) return new Map(shards.filter((shard) => saved.has(shard)).map((shard) => [shard, saved.get(shard)!]));
    const tails = await feed.store.eventTails(shards);
    await this.#options.state.saveCursor(tails);
    return tails;
  }

  /** The shards of the actors the reactions answer: the only part of the feed they need. */
  #feedShards(feed: NonNullable<PeriodicWorkOptions['feed']>): number[] {
    return [...new Set((this.#options.reactions ?? []).map((reaction) => shardOf(reaction.from, feed.shards)))].sort((a, b) => a - b);
  }

  /**
   * Reads the feed from the saved cursor to its end without waiting and reacts
   * to what it finds; resolves to the number of events read. For callers that
   * drive the feed themselves (`feed.follow: false`).
   */
  async catchUp(): Promise<number> {
    const { feed, logger } = this.#options;
    if (!feed) return 0;
    let cursors = await this.#cursor(feed);
    let total = 0;
    for (;;) {
      const { events, next, read } = await readFeedBatch(feed.store, cursors, 500, 0, logger);
      if (read === 0) return total;
      await this.react(events);
      await this.#options.state.saveCursor(next);
      cursors = next;
      total += read;
    }
  }

  async #follow(): Promise<void> {
    await this.#options.scheduler.rest();
    const feed = this.#feed;
    this.#feed = undefined;
    feed?.abort.abort();
    await feed?.done;
  }

  /** Runs one tick of a job: its period from the tick's scheduled time, then the fan-out. */
  async tick(name: string, at: number): Promise<number> {
    const job = this.#jobs.get(name);
    if (!job) {
      this.#options.logger.warn({ job: name }, 'tick of a job that is not configured here; skipped');
      return 0;
    }
    const period = job.period(at);
    return this.#send(name, period, `periodic:${name}:${period}`, job.target, () => job.event(period));
  }

  /** Handles a batch of public events: each reaction's plan, sent; the cursor saved after. */
  async react(events: readonly PublicEvent[]): Promise<void> {
    const positions = new Map<number, string>();
    for (const event of events) {
      for (const reaction of this.#options.reactions ?? []) {
        const plan = reaction.react(event);
        if (!plan) continue;
        const rows = plan.board ? await this.#boardRows(plan.board) : [];
        const outgoing = plan.event(rows);
        if (!outgoing) {
          this.#options.logger.info({ reaction: reaction.name, key: plan.key }, 'reaction had nothing to send');
          continue;
        }
        await this.#send(reaction.name, plan.key, `reaction:${plan.key}`, plan.target, () => outgoing);
      }
      positions.set(event.shard, event.position);
    }
    await this.#options.state.saveCursor(positions);
  }

  async #boardRows(board: { name: string; limit: number }): Promise<{ member: string; score: number }[]> {
    if (!this.#options.leaderboards) throw new Error(`a reaction reads the ${board.name} board, but no leaderboard store was given`);
    const rows = await this.#options.leaderboards.top(board.name, board.limit);
    return rows.map((row) => ({ member: row.member, score: row.score }));
  }

  async #send(job: string, period: string, key: string, target: Target, event: () => OutgoingEvent): Promise<number> {
    const { logger, state, repo, client, unflushed } = this.#options;
    const started = performance.now();
    const count = await fanOut({ repo, client, ...(unflushed ? { unflushed } : {}), pageSize: this.#options.pageSize ?? 1_000 }, target, event(), key);
    const ms = Math.round(performance.now() - started);
    this.#messages.inc({ job }, count);
    this.#seconds.observe({ job }, ms / 1000);
    logger.info({ job, period, count, ms }, 'periodic fan-out sent');
    await state.recordRun(job, { period, count, ms, at: Date.now() }).catch((error: unknown) => logger.warn({ err: error, job }, 'could not record the tick'));
    return count;
  }

  /** Each configured job with its schedule and last tick (status page, ops console). */
  async status(): Promise<JobStatus[]> {
    const [schedules, runs] = await Promise.all([this.#options.scheduler.status(), this.#options.state.runs()]);
    const byName = new Map(schedules.map((schedule) => [schedule.name, schedule]));
    return this.#options.jobs.map((job) => ({
      name: job.name,
      everyMs: byName.get(job.name)?.everyMs ?? job.everyMinutes * MINUTE_MS,
      next: byName.get(job.name)?.next ?? null,
      last: runs.get(job.name) ?? null,
    }));
  }

  async stop(): Promise<void> {
    clearInterval(this.#checking);
    clearInterval(this.#checkingSchedules);
    await this.#transition;
    this.#leading = false;
    await this.#follow();
  }
}
