// The leaderboard projection's mapping, pure: public events in feed order →
// the BoardUpdates they mean. A nation's `nationStats` (actors/nation/stats.ts)
// carries every board's absolute value and whether it is inactive (hidden from
// every board until a citizen acts again); nothing else moves a board. There
// is no event for a nation leaving the game: a nation that stops playing turns
// inactive on its daily check and drops off the boards that way.
import { BOARDS, type BoardUpdate } from '../leaderboards.ts';

/** What the mapping reads of a public event (runtime/event-feed.ts PublicEvent). */
export interface ProjectedEvent {
  readonly room: string;
  /** The emitting actor's address. */
  readonly from: string;
  readonly event: { readonly type: string } & Record<string, unknown>;
}

export interface Skipped {
  readonly from: string;
  readonly reason: string;
}

export interface Projected {
  /** At most one per member (the latest), in the order of each member's last event. */
  readonly updates: BoardUpdate[];
  /** `nationStats` events that were not well formed: logged by the caller, never applied. */
  readonly skipped: Skipped[];
}

/** Same id rule as runtime/address.ts (storage may not import it). */
const NATION = /^nation:[^\s{}]{1,200}$/;

/** One `nationStats` event to its update, or why it is not usable. */
export function statsUpdate(event: ProjectedEvent, boards: readonly string[] = BOARDS): BoardUpdate | Skipped {
  const stats = event.event;
  const member = event.from;
  if (!NATION.test(member) || event.room !== member) return { from: member, reason: 'nationStats not from a nation to its own room' };
  if (stats.nation !== undefined && stats.nation !== member) return { from: member, reason: `nationStats names ${String(stats.nation)}` };
  if (typeof stats.inactive !== 'boolean') return { from: member, reason: 'inactive is not a boolean' };
  const scores: Record<string, number> = {};
  for (const board of boards) {
    const value = stats[board];
    if (typeof value !== 'number' || !Number.isFinite(value)) return { from: member, reason: `${board} is not a finite number` };
    scores[board] = value;
  }
  const name = typeof stats.name === 'string' && stats.name.length > 0 ? stats.name : member;
  return { member, name, scores, hidden: stats.inactive };
}

/**
 * Events of one feed batch to board updates. A member's later event wins over
 * its earlier ones in the batch (they carry absolute values, so only the last
 * matters); events of other types are ignored.
 */
export function boardUpdates(events: readonly ProjectedEvent[], boards: readonly string[] = BOARDS): Projected {
  const latest = new Map<string, BoardUpdate>();
  const skipped: Skipped[] = [];
  for (const event of events) {
    if (event.event.type !== 'nationStats') continue;
    const mapped = statsUpdate(event, boards);
    if ('reason' in mapped) {
      skipped.push(mapped);
      continue;
    }
    // Re-inserted so the map's order is that of each member's last event.
    latest.delete(mapped.member);
    latest.set(mapped.member, mapped);
  }
  return { updates: [...latest.values()], skipped };
}
