// The election actor's state (docs/game-protocol.md "election"): plain JSON,
// bounded by the citizens in `weights` (at most MAX_CITIZENS), since only they
// may nominate themselves or vote.
import type { EventMeta } from '../../runtime/effects.ts';

export type ElectionPhase = 'unopened' | 'nominating' | 'voting' | 'decided' | 'void';

export interface Candidate {
  /** Discord user id. */
  readonly user: string;
  readonly nominatedAt: number;
}

export interface ElectionContext {
  /** `<guildId>:<n>`, the part of the address after `election:`; the `election` column of its rows. */
  readonly id: string;
  readonly guild: string;
  /** The election's number in its nation (1, 2, …). */
  readonly n: number;
  /** `nation:<guildId>`, set by `open`. */
  readonly nation: string;
  /** Mirrors the state value so checks and `status` can read it. */
  readonly phase: ElectionPhase;
  /** Citizens when the election opened → their contribution then. Only they take part. */
  readonly weights: Readonly<Record<string, number>>;
  /** In nomination order (the last tie-break). */
  readonly candidates: readonly Candidate[];
  /** Voter → the candidate voted for. */
  readonly votes: Readonly<Record<string, string>>;
  readonly openedAt: number;
  readonly nominationEndsAt: number;
  /** Projected while nominating; the real deadline once voting opens. */
  readonly votingEndsAt: number;
  readonly endedAt: number | null;
  readonly winner: string | null;
}

/** Most citizens an election takes; a nation's `open` lists every citizen, and a message is at most 64 KiB. */
export const MAX_CITIZENS = 2_000;

export type OpenEvent = EventMeta & { readonly type: 'open'; readonly nation: string; readonly weights: Readonly<Record<string, number>> };
export type NominateEvent = EventMeta & { readonly type: 'nominate'; readonly by: string };
export type VoteEvent = EventMeta & { readonly type: 'vote'; readonly by: string; readonly candidate: string };
export type StatusEvent = EventMeta & { readonly type: 'status'; readonly by?: string };

export type ElectionEvent = OpenEvent | NominateEvent | VoteEvent | StatusEvent;

const idPattern = /^(\d{1,25}):([1-9]\d{0,8})$/;

/** From the address id `<guildId>:<n>`; a malformed id leaves `guild` empty and every `open` is refused. */
export function initialElectionContext(id: string): ElectionContext {
  const match = idPattern.exec(id);
  return {
    id,
    guild: match?.[1] ?? '',
    n: match ? Number(match[2]) : 0,
    nation: '',
    phase: 'unopened',
    weights: {},
    candidates: [],
    votes: {},
    openedAt: 0,
    nominationEndsAt: 0,
    votingEndsAt: 0,
    endedAt: null,
    winner: null,
  };
}

/**
 * A vote's weight: the voter's contribution when the election opened, but at
 * least 1, so a citizen who joined recently (contribution 0) still counts.
 */
export const voteWeight = (context: ElectionContext, voter: string): number => Math.max(1, context.weights[voter] ?? 0);
