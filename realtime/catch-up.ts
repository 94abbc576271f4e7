// Replays what a client missed in a room from the shards' event streams
// (protocol.ts explains the cursor). Bounded: a client that was away for long
// gets the newest MAX_REPLAYED events and `gap: true` — the room's view it
// also receives on joining is the truth; the replay is what it shows as news.
import { shardOf, decodePublicEvent, type PublicEvent } from '../runtime/index.ts';
import type { ShardStore } from '../storage/index.ts';
import type { Cursor } from './protocol.ts';
import { emitterOf, type Room } from './rooms.ts';

export const MAX_REPLAYED = 200;
/** Entries read per shard at most; past it the replay is partial. */
export const MAX_SCANNED_PER_SHARD = 2_000;
const PAGE = 250;
export const SINCE_MARGIN_MS = 5_000;
const HISTORY_WINDOW_MS = 3_600_000;

/** The stream id just before millisecond `ms`: reading after it includes all of `ms`. */
export function beforeMs(ms: number): string {
  return ms <= 0 ? '0-0' : `${ms - 1}-18446744073709551615`;
}

/** Pure: compares stream ids `<ms>-<seq>`. */
export function compareIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-');
  const [bMs, bSeq] = b.split('-');
  const byMs = Number(aMs) - Number(bMs);
  if (byMs !== 0) return byMs;
  const x = BigInt(aSeq ?? '0');
  const y = BigInt(bSeq ?? '0');
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface Missed {
  readonly events: readonly PublicEvent[];
  readonly gap: boolean;
}

export async function missedEvents(store: ShardStore, shards: number, room: Room, cursor: Cursor): Promise<Missed> {
  const emitter = emitterOf(room);
  const read = emitter === null ? Array.from({ length: shards }, (_, shard) => shard) : [shardOf(emitter, shards)];
  let gap = false;
  const perShard = await Promise.all(
    read.map(async (shard) => {
      const found: PublicEvent[] = [];
      let after = cursor.shards[String(shard)] ?? beforeMs(cursor.since);
      for (let scanned = 0; scanned < MAX_SCANNED_PER_SHARD; ) {
        const entries = await store.readStream(shard, 'events', PAGE, after);
        for (const entry of entries) {
          const decoded = decodePublicEvent({ shard, ...entry });
          if (decoded.ok && decoded.value.room === room.name) found.push(decoded.value);
        }
        scanned += entries.length;
        if (entries.length < PAGE) return found;
        after = entries.at(-1)!.id;
      }
      gap = true;
      return found;
    }),
  );
  // Shards interleave by stream time, which is one clock (Redis's, or the embedded store's).
  const events = perShard.flat().sort((a, b) => a.at - b.at || compareIds(a.position, b.position));
  if (events.length > MAX_REPLAYED) return { events: events.slice(-MAX_REPLAYED), gap: true };
  return { events, gap };
}

/** The room's last `count` events of the hour before `now`: a new ticker's first lines. */
export async function recentEvents(store: ShardStore, shards: number, room: Room, now: number, count: number): Promise<Missed> {
  const { events } = await missedEvents(store, shards, room, { since: Math.max(0, now - HISTORY_WINDOW_MS), shards: {} });
  return { events: events.slice(-count), gap: false };
}

/** The cursor after a replay: the newest position seen per shard, `since` moved to now. */
export function advanceCursor(cursor: Cursor | undefined, events: readonly PublicEvent[], now: number): Cursor {
  const shards: Record<string, string> = { ...(cursor?.shards ?? {}) };
  for (const event of events) {
    const key = String(event.shard);
    const seen = shards[key];
    if (seen === undefined || compareIds(event.position, seen) > 0) shards[key] = event.position;
  }
  // Events stamped just before `now` may still be on their way to the room: leave a margin (duplicates are dropped by position).
  return { since: Math.max(cursor?.since ?? 0, now - SINCE_MARGIN_MS), shards };
}
