// What each accepted election event changes and tells others, as pure
// functions of (context, event, rules) → the next context and the effects.
import type { EmitParams, NotifyParams, RecordParams, ReplyParams, SendParams } from '../../runtime/effects.ts';
import { daysMs, type GameRules } from '../common/game-rules.ts';
import type { ElectionContext, NominateEvent, OpenEvent, StatusEvent, VoteEvent } from './context.ts';
import { voteWeight } from './context.ts';
import { standings, turnout } from './tally.ts';

export interface Outcome {
  readonly context: ElectionContext;
  readonly sends?: readonly SendParams[];
  readonly emits?: readonly EmitParams[];
  readonly notifies?: readonly NotifyParams[];
  readonly records?: readonly RecordParams[];
  readonly reply?: ReplyParams;
}

/** Public news goes to the nation's room, and its channel hears of it too. */
function announce(context: ElectionContext, type: string, data: Record<string, unknown>): Pick<Outcome, 'emits' | 'notifies'> {
  const body = { election: context.id, n: context.n, ...data };
  return {
    emits: [{ room: context.nation, event: { type, ...body } }],
    notifies: [{ target: context.nation, kind: type, data: body }],
  };
}

export function openElection(context: ElectionContext, event: OpenEvent, rules: GameRules): Outcome {
  const nominationEndsAt = event.at + daysMs(rules.timers.election.nomination_days);
  const votingEndsAt = nominationEndsAt + daysMs(rules.timers.election.voting_days);
  const next: ElectionContext = { ...context, nation: event.nation, weights: { ...event.weights }, openedAt: event.at, nominationEndsAt, votingEndsAt };
  return {
    context: next,
    ...announce(next, 'electionOpened', { nominationEndsAt, votingEndsAt, citizens: Object.keys(event.weights).length }),
    reply: { ok: true, election: context.id, n: context.n, nominationEndsAt, votingEndsAt },
  };
}

export function nominate(context: ElectionContext, event: NominateEvent): Outcome {
  const candidates = [...context.candidates, { user: event.by, nominatedAt: event.at }];
  return {
    context: { ...context, candidates },
    reply: { ok: true, election: context.id, candidate: event.by, candidates: candidates.length, nominationEndsAt: context.nominationEndsAt },
  };
}

export function vote(context: ElectionContext, event: VoteEvent): Outcome {
  const weight = voteWeight(context, event.by);
  return {
    context: { ...context, votes: { ...context.votes, [event.by]: event.candidate } },
    // One vote per citizen, so the voter names the row.
    records: [
      { table: 'votes', id: `${context.id}:${event.by}`, row: { election: context.id, voter: event.by, candidate: event.candidate, weight } },
    ],
    reply: { ok: true, election: context.id, candidate: event.candidate, weight },
  };
}

export function openVoting(context: ElectionContext, at: number, rules: GameRules): Outcome {
  const votingEndsAt = at + daysMs(rules.timers.election.voting_days);
  const next = { ...context, votingEndsAt };
  return {
    context: next,
    ...announce(next, 'votingOpened', { candidates: context.candidates.map((candidate) => candidate.user), votingEndsAt }),
  };
}

/** The end of an election, decided (a winner) or void (no candidate, or nobody voted). */
export function closeElection(context: ElectionContext, at: number): Outcome {
  const ranked = standings(context);
  const voters = turnout(context);
  const winner = voters > 0 ? (ranked[0]?.user ?? null) : null;
  const outcome = winner === null ? 'void' : 'decided';
  const reason = winner !== null ? null : context.candidates.length === 0 ? 'no_candidates' : 'no_votes';
  const next: ElectionContext = { ...context, winner, endedAt: at };
  const news = announce(next, 'electionDecided', { outcome, winner, reason, candidates: ranked, turnout: voters });
  return {
    context: next,
    // The nation transfers leadership on a winner; with null it only closes its election.
    sends: [{ to: context.nation, event: { type: 'electionResult', n: context.n, winner } }],
    records: [
      {
        table: 'elections',
        id: context.id,
        row: { election: context.id, nation: context.nation, winner, candidates: ranked, turnout: voters },
      },
    ],
    ...news,
  };
}

export function status(context: ElectionContext, event: StatusEvent): ReplyParams {
  return {
    ok: true,
    election: context.id,
    n: context.n,
    phase: context.phase,
    nominationEndsAt: context.nominationEndsAt,
    votingEndsAt: context.votingEndsAt,
    endedAt: context.endedAt,
    citizens: Object.keys(context.weights).length,
    candidates: standings(context),
    turnout: turnout(context),
    winner: context.winner,
    ...(event.by === undefined ? {} : { voted: context.votes[event.by] ?? null }),
  };
}
