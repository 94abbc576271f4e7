// Delivers `notify` effects from the notifications stream (relayed by the
// runtime, runtime/relay.ts) to the nation's channel and/or the leader's DMs,
// following the nation's settings. One loop per gateway shard: it reads the
// whole stream and delivers only what belongs to its own shard's guilds.
//
// Never lost: the shard's cursor only moves past an entry once it is
// delivered (or can never be: the channel is gone), and a failed send (5xx,
// network) is retried with backoff until it goes through; discord.js's REST
// client itself waits out 429s for their retry_after. Never twice: each
// (notification, destination) is marked sent after the send, and the send
// carries a nonce derived from the same key with enforce_nonce, so a crash
// between the two is absorbed by Discord.
import { DiscordAPIError } from 'discord.js';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import type { NationContext } from '../../actors/nation/context.ts';
import type { Features } from '../../config/index.ts';
import { sleep } from '../../runtime/index.ts';
import { notificationsKey, type ShardStore } from '../../storage/index.ts';
import type { Game } from '../game.ts';
import { decodeNotification, formatNotification, isDuplicate, needsLeader, type Notification } from './format.ts';
import { nonceOf, type DeliveryLedger } from './ledger.ts';
import type { NotificationSender } from './sender.ts';

export interface DeliveryOptions {
  readonly store: ShardStore;
  readonly prefix: string;
  readonly ledger: DeliveryLedger;
  readonly sender: NotificationSender;
  readonly game: Game;
  readonly features: Features;
  /** Whether this loop delivers notifications for a target (`nation:<guild>` / `user:<id>`). */
  readonly owns: (target: string) => boolean;
  readonly logger: Logger;
  readonly delivered?: Counter;
  /** Entries read but not yet delivered, at most (back-pressure). */
  readonly maxInFlight?: number;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  readonly blockMs?: number;
}

interface Tracked {
  readonly id: string;
  done: boolean;
}

type Destination = { readonly kind: 'channel'; readonly id: string } | { readonly kind: 'user'; readonly id: string };

/** A failure no retry can fix (unknown channel, no access, DMs closed): logged and skipped. */
function permanent(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.status >= 400 && error.status < 500 && error.status !== 429;
}

export class NotificationDelivery {
  readonly #options: DeliveryOptions;
  readonly #order: Tracked[] = [];
  readonly #queues = new Map<string, Promise<void>>();
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #saved = '';
  /** The newest cursor asked to be saved (saved again on stop if a save failed). */
  #pendingCursor: string | undefined;

  constructor(options: DeliveryOptions) {
    this.#options = options;
  }

  start(): void {
    this.#loop ??= this.#run().catch((error: unknown) => this.#options.logger.error({ err: error }, 'notification delivery stopped'));
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    this.#wake?.();
    await this.#loop;
    await this.#saveCursor();
  }

  /** Entries read and not yet delivered. */
  get pending(): number {
    return this.#order.filter((entry) => !entry.done).length;
  }

  async #run(): Promise<void> {
    const { store, prefix, ledger } = this.#options;
    const stream = notificationsKey(prefix);
    let readFrom = await ledger.cursor();
    this.#saved = readFrom;
    const maxInFlight = this.#options.maxInFlight ?? 500;
    while (!this.#abort.signal.aborted) {
      if (this.pending >= maxInFlight) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        continue;
      }
      let entries;
      try {
        entries = await store.subscribe(stream, readFrom, 100, this.#options.blockMs ?? 1000);
      } catch (error) {
        if (this.#abort.signal.aborted) return;
        this.#options.logger.warn({ err: error }, 'reading notifications failed; retrying');
        await sleep(1000, this.#abort.signal);
        continue;
      }
      for (const entry of entries) {
        readFrom = entry.id;
        const tracked: Tracked = { id: entry.id, done: false };
        this.#order.push(tracked);
        const notification = decodeNotification(entry.body);
        if (!notification) {
          this.#options.logger.error({ id: entry.id }, 'skipping an undecodable notification');
          tracked.done = true;
        } else if (!this.#options.owns(notification.target) || isDuplicate(notification)) {
          tracked.done = true;
        } else {
          this.#enqueue(notification, tracked);
        }
      }
      this.#advance();
    }
  }

  /** One queue per target keeps a nation's notifications in order; targets proceed side by side. */
  #enqueue(notification: Notification, tracked: Tracked): void {
    const previous = this.#queues.get(notification.target) ?? Promise.resolve();
    const next = previous.then(async () => {
      const delivered = await this.#deliver(notification);
      if (delivered) tracked.done = true;
      this.#advance();
      this.#wake?.();
    });
    this.#queues.set(notification.target, next);
    void next.finally(() => {
      if (this.#queues.get(notification.target) === next) this.#queues.delete(notification.target);
    });
  }

  /** Moves the cursor past every delivered entry at the front, in stream order. */
  #advance(): void {
    let last: string | undefined;
    while (this.#order.length > 0 && this.#order[0]!.done) last = this.#order.shift()!.id;
    if (last !== undefined) void this.#saveCursor(last);
  }

  async #saveCursor(id?: string): Promise<void> {
    const target = id ?? this.#pendingCursor;
    if (!target || target === this.#saved) return;
    this.#pendingCursor = target;
    try {
      await this.#options.ledger.saveCursor(target);
      this.#saved = target;
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'could not save the notification cursor; will retry');
    }
  }

  async #destinations(notification: Notification): Promise<Destination[]> {
    if (notification.target.startsWith('user:')) return [{ kind: 'user', id: notification.target.slice(5) }];
    if (!notification.target.startsWith('nation:')) return [];
    const view = await this.#options.game.read<NationContext>(notification.target);
    if (!view) return [];
    const nation = view.context;
    const enabled = nation.flags.notifications ?? this.#options.features.notifications;
    if (!enabled) return [];
    const destinations: Destination[] = [];
    if (nation.settings.channelId) destinations.push({ kind: 'channel', id: nation.settings.channelId });
    if (nation.leader && nation.settings.dm && (needsLeader(notification) || !nation.settings.channelId)) destinations.push({ kind: 'user', id: nation.leader });
    return destinations;
  }

  /** Resolves true when done (sent, or impossible to send); false only when stopping mid-retry. */
  async #deliver(notification: Notification): Promise<boolean> {
    const { ledger, sender, logger } = this.#options;
    const base = this.#options.retryBaseMs ?? 1000;
    const max = this.#options.retryMaxMs ?? 60_000;
    for (let attempt = 0; ; attempt++) {
      if (this.#abort.signal.aborted) return false;
      try {
        const reply = formatNotification(notification);
        for (const destination of await this.#destinations(notification)) {
          const key = `${notification.id}>${destination.kind}:${destination.id}`;
          if (await ledger.wasSent(key)) continue;
          if (destination.kind === 'channel') await sender.toChannel(destination.id, reply, nonceOf(key));
          else await sender.toUser(destination.id, reply, nonceOf(key));
          await ledger.markSent(key);
          this.#options.delivered?.inc({ outcome: 'sent' });
        }
        return true;
      } catch (error) {
        if (permanent(error)) {
          logger.warn({ err: error, notification: notification.id, target: notification.target }, 'notification cannot be delivered; skipped');
          this.#options.delivered?.inc({ outcome: 'undeliverable' });
          return true;
        }
        const delay = Math.min(max, base * 2 ** Math.min(attempt, 16));
        logger.warn({ err: error, notification: notification.id, attempt, retryInMs: delay }, 'notification send failed; retrying');
        this.#options.delivered?.inc({ outcome: 'retried' });
        // Ends early on stop, also one that came before the wait began (a send failing as the bot stops).
        await sleep(delay, this.#abort.signal);
      }
    }
  }
}
