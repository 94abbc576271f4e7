// The gateway that holds the feed lease (feed-lease.ts) reads every public
// event (runtime/event-feed.ts) and emits it to its room through the adapter,
// so sockets on every gateway get it; then it pushes the views those events
// changed: a war's, the two nations' at war, and the leaderboards that nations'
// stats move (read a few times after, since the leaderboard projection applies
// the same stats a moment later).
import type { Logger } from 'pino';
import { runEventFeed, sleep, type Clock, type PublicEvent } from '../runtime/index.ts';
import type { ShardStore } from '../storage/index.ts';
import type { FeedLease } from './feed-lease.ts';
import type { GatewayMetrics } from './metrics.ts';
import { toWire, type WireEvent, type WireView } from './protocol.ts';
import { BOARDS, parseRoom, type Board } from './rooms.ts';
import { MAX_BOARD_LIMIT, type ViewSource } from './view-source.ts';

export interface Broadcast {
  (room: string, name: 'event', payload: WireEvent): void;
  (room: string, name: 'view', payload: WireView): void;
}

export interface FeedRelayOptions {
  readonly store: ShardStore;
  readonly shards: number;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly lease: FeedLease;
  readonly views: ViewSource;
  readonly metrics: GatewayMetrics;
  readonly broadcast: Broadcast;
  /** How often the lease is renewed, and a standby tries to take it. */
  readonly renewMs: number;
  /** How long view updates of a burst of events are gathered (default 100 ms). */
  readonly viewDelayMs?: number;
  /** Cadence of the leaderboard re-reads (default 1,000 ms). */
  readonly boardEveryMs?: number;
}

const TERMINAL = new Set(['warConcluded', 'warDeclined']);
const MAX_WARS_TRACKED = 10_000;
/** Re-reads of a board after stats moved: the projection may apply them a little later. */
const BOARD_CHECKS = 3;

const roomKind = (room: string): string => room.split(':')[0] ?? room;

export class FeedRelay {
  readonly #options: FeedRelayOptions;
  readonly #stop = new AbortController();
  /** War id → its two nations, learnt from the wars' own events. */
  readonly #wars = new Map<string, readonly [string, string]>();
  readonly #pendingViews = new Set<string>();
  readonly #boardChecks = new Map<Board, number>();
  readonly #lastBoards = new Map<Board, string>();
  #viewTimer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #leading = false;

  constructor(options: FeedRelayOptions) {
    this.#options = options;
  }

  get leading(): boolean {
    return this.#leading;
  }

  start(): void {
    this.#running ??= this.#loop();
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#running;
    clearTimeout(this.#viewTimer);
    await this.#options.lease.release().catch(() => undefined);
  }

  async #loop(): Promise<void> {
    const { lease, logger, metrics, renewMs } = this.#options;
    const stop = this.#stop.signal;
    while (!stop.aborted) {
      let held = false;
      try {
        held = await lease.hold();
      } catch (error) {
        logger.warn({ err: error }, 'could not reach the feed lease');
      }
      // A stop that came while hold() ran: the lead below would begin after the
      // abort, never hear it, and keep stop() waiting for ever (stop releases the lease).
      if (stop.aborted) break;
      if (!held) {
        await sleep(renewMs, stop);
        continue;
      }
      const lead = new AbortController();
      const endLead = (): void => lead.abort();
      stop.addEventListener('abort', endLead, { once: true });
      this.#leading = true;
      metrics.feedLeader.set(1);
      logger.info('reading the event feed for every gateway');
      try {
        const from = (await lease.loadCursor()) ?? 'new';
        await Promise.all([
          this.#renew(lead),
          this.#refreshBoards(lead.signal),
          runEventFeed({ store: this.#options.store, shards: this.#options.shards, logger, from, blockMs: 500 }, (events) => this.#relay(events), lead.signal),
        ]);
      } catch (error) {
        logger.error({ err: error }, 'the feed relay failed; trying again');
        lead.abort();
        await sleep(renewMs, stop);
      } finally {
        stop.removeEventListener('abort', endLead);
        this.#leading = false;
        metrics.feedLeader.set(0);
      }
    }
  }

  async #renew(lead: AbortController): Promise<void> {
    while (!lead.signal.aborted) {
      await sleep(this.#options.renewMs, lead.signal);
      if (lead.signal.aborted) return;
      let held = false;
      try {
        held = await this.#options.lease.hold();
      } catch {
        held = false;
      }
      if (!held) {
        this.#options.logger.warn('lost the feed lease; standing by');
        lead.abort();
      }
    }
  }

  async #relay(events: readonly PublicEvent[]): Promise<void> {
    const { broadcast, clock, metrics, lease, logger } = this.#options;
    const now = clock.now();
    const positions = new Map<number, string>();
    for (const event of events) {
      broadcast(event.room, 'event', toWire(event, now));
      metrics.emitted.inc({ room_kind: roomKind(event.room) });
      metrics.deliveryLag.observe(Math.max(0, now - event.at) / 1000);
      positions.set(event.shard, event.position);
      this.#noteChanges(event);
    }
    this.#scheduleViews();
    // A failed save only means a later takeover repeats this batch.
    await lease.saveCursor(positions).catch((error: unknown) => logger.warn({ err: error }, 'could not save the feed cursor'));
  }

  #noteChanges(event: PublicEvent): void {
    const room = event.room;
    const data = event.event;
    if (room.startsWith('war:')) {
      const war = room.slice('war:'.length);
      this.#pendingViews.add(room);
      const { aggressor, defender } = data as { aggressor?: unknown; defender?: unknown };
      if (typeof aggressor === 'string' && typeof defender === 'string') {
        this.#pendingViews.add(aggressor).add(defender);
        if (TERMINAL.has(data.type)) this.#wars.delete(war);
        else this.#track(war, aggressor, defender);
      }
    } else if (room.startsWith('nation:') && data.type === 'nationStats') {
      this.#pendingViews.add(room);
      for (const [war, nations] of this.#wars) if (nations.includes(room)) this.#pendingViews.add(`war:${war}`);
      for (const board of BOARDS) this.#boardChecks.set(board, BOARD_CHECKS);
    } else if (room.startsWith('leaderboard:')) {
      const board = room.slice('leaderboard:'.length) as Board;
      if ((BOARDS as readonly string[]).includes(board)) this.#boardChecks.set(board, BOARD_CHECKS);
    }
  }

  #track(war: string, aggressor: string, defender: string): void {
    this.#wars.delete(war);
    this.#wars.set(war, [aggressor, defender]);
    if (this.#wars.size > MAX_WARS_TRACKED) this.#wars.delete(this.#wars.keys().next().value!);
  }

  #scheduleViews(): void {
    if (this.#viewTimer || this.#pendingViews.size === 0) return;
    this.#viewTimer = setTimeout(() => {
      this.#viewTimer = undefined;
      const rooms = [...this.#pendingViews];
      this.#pendingViews.clear();
      void Promise.all(rooms.map((room) => this.#pushView(room))).finally(() => this.#scheduleViews());
    }, this.#options.viewDelayMs ?? 100);
  }

  async #pushView(name: string): Promise<void> {
    try {
      const room = parseRoom(name);
      const view = await this.#options.views.view(room, MAX_BOARD_LIMIT);
      if (room.kind === 'leaderboard') {
        const text = JSON.stringify(view);
        if (this.#lastBoards.get(room.board) === text) return;
        this.#lastBoards.set(room.board, text);
      }
      this.#options.broadcast(name, 'view', { room: name, view, now: this.#options.clock.now() });
      this.#options.metrics.emitted.inc({ room_kind: roomKind(name) });
    } catch (error) {
      this.#options.logger.warn({ err: error, room: name }, 'could not build a room view');
    }
  }

  async #refreshBoards(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(this.#options.boardEveryMs ?? 1_000, signal);
      for (const [board, left] of [...this.#boardChecks]) {
        if (left <= 1) this.#boardChecks.delete(board);
        else this.#boardChecks.set(board, left - 1);
        await this.#pushView(`leaderboard:${board}`);
      }
    }
  }
}
