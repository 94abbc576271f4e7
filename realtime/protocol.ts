// What sockets and the gateway say to each other. A socket only reads: it may
// `join` and `leave` rooms, nothing else (any other event disconnects it).
//
// Catching up. Every event a socket gets carries where it sits in the feed
// (`shard`, `position`: the shard's event-stream entry id) and the gateway's
// clock (`now`). Per room, a client keeps a Cursor: the last position it saw
// from each shard that sent it events for that room, and `since`, a time up to
// which it was connected and so missed nothing from the shards it has not
// heard from. Rejoining with that cursor (after a restart of the gateway, or an
// absence longer than Socket.IO's connection state recovery keeps) returns the
// room's events after those points, read from the shards' event streams —
// exact per shard, with no reliance on clocks for the shards it lists. A
// client drops an event whose (shard, position) it already has.
import { z } from 'zod';
import type { PublicEvent } from '../runtime/index.ts';

/** A stream entry id, `<ms>-<seq>`. */
const streamId = z.string().regex(/^\d{1,16}-\d{1,20}$/, 'a stream entry id (<ms>-<seq>)');

export const MAX_CURSOR_SHARDS = 1024;

export const cursorSchema = z
  .object({
    since: z.number().int().min(0).max(8.64e15),
    shards: z
      .record(z.string().regex(/^\d{1,5}$/, 'a shard number'), streamId)
      .refine((shards) => Object.keys(shards).length <= MAX_CURSOR_SHARDS, `at most ${MAX_CURSOR_SHARDS} shards`),
  })
  .strict();

export type Cursor = z.output<typeof cursorSchema>;

export const joinSchema = z
  .object({
    room: z.string().max(160),
    /** A token for a private room, when the handshake's does not cover it. */
    token: z.string().max(512).optional(),
    /** What the client last saw in this room: the join answers with what it missed. */
    cursor: cursorSchema.optional(),
    /** With no cursor: also replay up to this many of the room's events of the last hour (a ticker's first lines). */
    history: z.number().int().min(1).max(50).optional(),
    /** Leaderboard rooms: how many rows the view holds (default 10). */
    limit: z.number().int().min(1).max(50).optional(),
  })
  .strict();

export type JoinRequest = z.output<typeof joinSchema>;

export const leaveSchema = z.object({ room: z.string().max(160) }).strict();

/** The two events a socket may send; anything else is a forged event. */
export const CLIENT_EVENTS = ['join', 'leave'] as const;

/** A public event as sockets receive it (`event`). */
export interface WireEvent {
  readonly room: string;
  readonly type: string;
  readonly event: PublicEvent['event'];
  readonly from: string;
  readonly at: number;
  readonly shard: number;
  readonly position: string;
  /** The gateway's clock when it sent this (overlays sync countdowns to it). */
  readonly now: number;
}

/** A room's current state as overlays render it (`view`), pushed when it changes. */
export interface WireView {
  readonly room: string;
  readonly view: unknown;
  readonly now: number;
}

export interface JoinAnswer {
  readonly ok: true;
  readonly room: string;
  readonly view: unknown;
  /** Events after the cursor the client sent, oldest first. */
  readonly missed: readonly WireEvent[];
  /** True when more was missed than the gateway replays: the view is the truth, the list is partial. */
  readonly gap: boolean;
  /** Where the client stands now in this room. */
  readonly cursor: Cursor;
  readonly now: number;
}

export function toWire(event: PublicEvent, now: number): WireEvent {
  return {
    room: event.room,
    type: event.event.type,
    event: event.event,
    from: event.from,
    at: event.at,
    shard: event.shard,
    position: event.position,
    now,
  };
}
