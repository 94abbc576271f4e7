// Room names (DESIGN §7) and who may join them. `war:<id>`, `leaderboard:<board>`
// and `global` are public; `nation:<guild id>` is a nation's own live view and
// needs a token signed for that nation (tokens.ts).
import { RealtimeError, RealtimeErrorCodes } from './errors.ts';

export const BOARDS = ['power', 'military', 'resources', 'territory', 'reputation', 'wars_won'] as const;
export type Board = (typeof BOARDS)[number];

export type Room =
  | { readonly kind: 'global'; readonly name: 'global' }
  | { readonly kind: 'war'; readonly name: string; readonly id: string }
  | { readonly kind: 'nation'; readonly name: string; readonly id: string }
  | { readonly kind: 'leaderboard'; readonly name: string; readonly board: Board };

// The same id rules as the actors' (actors/common/schemas.ts): a war id has no
// spaces, braces or colons; a nation id is a Discord guild id.
const WAR = /^war:([^\s{}:]{1,120})$/;
const NATION = /^nation:(\d{1,25})$/;
const LEADERBOARD = /^leaderboard:([a-z_]{1,32})$/;

/** Pure: a room name to a Room, or REALTIME_BAD_ROOM naming what is wrong. */
export function parseRoom(name: unknown): Room {
  if (typeof name !== 'string' || name.length > 160) {
    throw new RealtimeError(RealtimeErrorCodes.BAD_ROOM, 'a room is a string such as global, war:<id>, nation:<id> or leaderboard:<board>');
  }
  if (name === 'global') return { kind: 'global', name };
  const war = WAR.exec(name);
  if (war) return { kind: 'war', name, id: war[1]! };
  const nation = NATION.exec(name);
  if (nation) return { kind: 'nation', name, id: nation[1]! };
  const board = LEADERBOARD.exec(name);
  if (board && (BOARDS as readonly string[]).includes(board[1]!)) return { kind: 'leaderboard', name, board: board[1] as Board };
  if (board) throw new RealtimeError(RealtimeErrorCodes.BAD_ROOM, `no board "${board[1]}"; boards are ${BOARDS.join(', ')}`);
  throw new RealtimeError(RealtimeErrorCodes.BAD_ROOM, `"${name.slice(0, 60)}" is not a room (global, war:<id>, nation:<id>, leaderboard:<board>)`);
}

/** A nation's room is its own live view: joining needs a token for it. */
export function isPrivate(room: Room): boolean {
  return room.kind === 'nation';
}

/**
 * The actor whose events fill the room, when only one does: a war alone emits
 * to its room (docs/game-protocol.md), so catching up on a war reads one shard.
 * A nation's room also hears its elections, so it is read across shards.
 */
export function emitterOf(room: Room): string | null {
  return room.kind === 'war' ? room.name : null;
}
