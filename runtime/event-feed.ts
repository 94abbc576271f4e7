// The public event feed (DESIGN §3 `emit`, §7): every shard's `events` stream
// read in order, decoded, handed on in batches. The realtime gateway, the
// leaderboard projection and the ops console read the game through it; it
// never changes state, so any number of feeds may read at once.
import type { Logger } from 'pino';
import type { ShardStore, ShardStreamEntry } from '../storage/index.ts';
import { sleep } from './sleep.ts';

/** A public event as the step script stored it (runtime/shard-batch.ts). */
export interface PublicEvent {
  /** Realtime room: `war:<id>`, `nation:<id>`, `leaderboard:<board>`, `global`. */
  readonly room: string;
  /** The actor that emitted it. */
  readonly from: string;
  /** When the message that caused it took effect, epoch ms. */
  readonly at: number;
  /** The emitting actor's version after that message. */
  readonly version: number;
  readonly event: { readonly type: string } & Record<string, unknown>;
  /** Where it sits in the feed: its shard and stream entry id. */
  readonly shard: number;
  readonly position: string;
}

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Pure: a stream entry to a PublicEvent, or why it is not one. */
export function decodePublicEvent(entry: ShardStreamEntry): Decoded<PublicEvent> {
  let raw: unknown;
  try {
    raw = JSON.parse(entry.body);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof raw !== 'object' || raw === null) return { ok: false, reason: 'not an object' };
  const { room, from, at, version, event } = raw as Record<string, unknown>;
  if (typeof room !== 'string' || typeof from !== 'string') return { ok: false, reason: 'room or from missing' };
  if (typeof at !== 'number' || typeof version !== 'number') return { ok: false, reason: 'at or version missing' };
  if (typeof event !== 'object' || event === null || typeof (event as { type?: unknown }).type !== 'string') {
    return { ok: false, reason: 'event without a type' };
  }
  return {
    ok: true,
    value: { room, from, at, version, event: event as PublicEvent['event'], shard: entry.shard, position: entry.id },
  };
}

async function startCursors(store: ShardStore, all: readonly number[], from: NonNullable<EventFeedOptions['from']>): Promise<Map<number, string>> {
  if (from === 'kept') return new Map(all.map((shard) => [shard, '0']));
  if (from === 'new') return store.eventTails(all);
  const unlisted = all.filter((shard) => !from.has(shard));
  const tails = unlisted.length > 0 ? await store.eventTails(unlisted) : new Map<number, string>();
  return new Map(all.map((shard) => [shard, from.get(shard) ?? tails.get(shard)!]));
}

export interface EventFeedOptions {
  readonly store: ShardStore;
  /** Every shard of a cluster of this many, or just the shards listed. */
  readonly shards: number | readonly number[];
  readonly logger: Logger;
  /**
   * 'new' (default): only events emitted after start; 'kept': every event the
   * streams still hold first; a map shard → stream entry id: the events after
   * those ids (a reader resuming where an earlier one stopped), shards it does
   * not list from their newest event.
   */
  readonly from?: 'new' | 'kept' | ReadonlyMap<number, string>;
  /** Entries read per shard per call (default 500). */
  readonly count?: number;
  /** How long one read waits for news (default 1,000 ms); bounds how fast a stop is noticed. */
  readonly blockMs?: number;
}

/** One read of the feed after `cursors`: the decoded events (bad entries logged and skipped) and where each shard now stands. */
export async function readFeedBatch(
  store: ShardStore,
  cursors: ReadonlyMap<number, string>,
  count: number,
  blockMs: number,
  logger: Logger,
): Promise<{ readonly events: PublicEvent[]; readonly next: Map<number, string>; readonly read: number }> {
  const entries = await store.readEvents(cursors, count, blockMs);
  const events: PublicEvent[] = [];
  const next = new Map(cursors);
  for (const entry of entries) {
    next.set(entry.shard, entry.id);
    const decoded = decodePublicEvent(entry);
    if (decoded.ok) events.push(decoded.value);
    else logger.warn({ shard: entry.shard, id: entry.id, reason: decoded.reason }, 'skipped a bad public event');
  }
  return { events, next, read: entries.length };
}

/**
 * Reads the feed until `signal` aborts, calling `onEvents` with each batch in
 * stream order per shard (shards interleave). A bad entry is logged and
 * skipped; a failed read or handler is retried after a pause from the same
 * cursors, so a handler sees a batch again rather than missing it.
 */
export async function runEventFeed(
  options: EventFeedOptions,
  onEvents: (events: readonly PublicEvent[]) => void | Promise<void>,
  signal: AbortSignal,
): Promise<void> {
  const { store, logger } = options;
  const all = typeof options.shards === 'number' ? Array.from({ length: options.shards }, (_, shard) => shard) : options.shards;
  let cursors: Map<number, string> | undefined;
  while (!signal.aborted) {
    try {
      cursors ??= await startCursors(store, all, options.from ?? 'new');
      const { events, next, read } = await readFeedBatch(store, cursors, options.count ?? 500, options.blockMs ?? 1_000, logger);
      if (read === 0) continue;
      // The cursors move only once the batch is handled: a failed handler sees it again.
      if (events.length > 0) await onEvents(events);
      cursors = next;
    } catch (error) {
      if (signal.aborted) break;
      logger.error({ err: error }, 'event feed read or handler failed; retrying the batch');
      await sleep(500, signal);
    }
  }
}
