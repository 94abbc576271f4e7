// The alliance actor's state (docs/game-protocol.md "alliance"): plain JSON,
// bounded — members by balance.alliances.max_members, pending invitations by
// the same limit, history by MAX_HISTORY.
import type { EventMeta } from '../../runtime/effects.ts';

export type Treaty = 'defense' | 'non_aggression';
export type AlliancePhase = 'unopened' | 'forming' | 'active' | 'dissolved';

export interface HistoryEntry {
  readonly event: 'formed' | 'joined' | 'left' | 'dissolved';
  /** The nation that joined or left; for `formed` and `dissolved`, absent. */
  readonly nation?: string;
  readonly at: number;
}

export interface AllianceContext {
  /** The alliance id (the part of the address after `alliance:`), the `alliance` field of every message. */
  readonly id: string;
  /** Mirrors the state value so checks and the `status` of a reply can read it. */
  readonly phase: AlliancePhase;
  readonly name: string;
  readonly treaty: Treaty;
  /** The nation that opened it (address). */
  readonly founder: string;
  /** Member nation addresses, in joining order; the founder first. */
  readonly members: readonly string[];
  /** Pending invitations: invited nation address → epoch ms when the invitation lapses. */
  readonly invited: Readonly<Record<string, number>>;
  readonly openedAt: number;
  readonly formedAt: number | null;
  readonly dissolvedAt: number | null;
  /** Newest last, at most MAX_HISTORY entries. */
  readonly history: readonly HistoryEntry[];
}

/** History kept on the actor; the full record is in the global event stream. */
export const MAX_HISTORY = 50;

export type OpenEvent = EventMeta & {
  readonly type: 'open';
  readonly founder: string;
  readonly invitee: string;
  readonly name: string;
  readonly treaty: Treaty;
};
export type JoinEvent = EventMeta & { readonly type: 'join' };
export type RefuseEvent = EventMeta & { readonly type: 'refuse' };
export type InviteEvent = EventMeta & { readonly type: 'invite'; readonly nation: string };
export type LeaveEvent = EventMeta & { readonly type: 'leave' };
export type SeasonEndedEvent = EventMeta & { readonly type: 'seasonEnded' };
/** Raised by the machine itself as a durable timer; not in the kind's schemas, so no client can send it. */
export type InvitationExpiredEvent = EventMeta & { readonly type: 'invitationExpired'; readonly nation: string };

export type AllianceEvent = OpenEvent | JoinEvent | RefuseEvent | InviteEvent | LeaveEvent | SeasonEndedEvent | InvitationExpiredEvent;

export function initialAllianceContext(id: string): AllianceContext {
  return {
    id,
    phase: 'unopened',
    name: '',
    treaty: 'defense',
    founder: '',
    members: [],
    invited: {},
    openedAt: 0,
    formedAt: null,
    dissolvedAt: null,
    history: [],
  };
}

export function withHistory(history: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  return [...history, entry].slice(-MAX_HISTORY);
}

/** The durable timer id of one nation's invitation. */
export const invitationTimerId = (nation: string): string => `invitation:${nation}`;

/** Invitations still open at `at`. */
export function openInvitations(context: AllianceContext, at: number): string[] {
  return Object.entries(context.invited)
    .filter(([, until]) => until > at)
    .map(([nation]) => nation);
}

export function without(record: Readonly<Record<string, number>>, key: string): Record<string, number> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}
