// Why an election refuses an event, as pure functions of (context, event,
// rules): a refusal to reply, or null when the event may go ahead.
import type { ReplyParams } from '../../runtime/effects.ts';
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { featureOn, type GameRules } from '../common/game-rules.ts';
import { sentBy } from '../common/meta.ts';
import type { ElectionContext, ElectionEvent, NominateEvent, OpenEvent, VoteEvent } from './context.ts';

function wrongPhase(context: ElectionContext, wanted: 'nominating' | 'voting'): ReplyParams {
  const when: Record<ElectionContext['phase'], string> = {
    unopened: 'This election has not been opened; start one with /election start.',
    nominating: 'Voting has not opened yet: nominate yourself with /election nominate, and vote once nominations close.',
    voting: 'Nominations are closed: vote for one of the candidates with /election vote.',
    decided: 'This election is over; see the result with /election status.',
    void: 'This election ended without a result; a citizen can start a new one with /election start.',
  };
  return refusal(GameErrorCodes.WRONG_PHASE, when[context.phase], { phase: context.phase, wanted });
}

function checkOpen(context: ElectionContext, event: OpenEvent, rules: GameRules): ReplyParams | null {
  // Only the nation this election belongs to may open it, and it must name itself.
  const owner = `nation:${context.guild}`;
  if (!sentBy(event, 'nation') || context.guild === '' || event.from !== owner || event.nation !== owner) {
    return refusal(GameErrorCodes.FORBIDDEN_SENDER, 'Elections are started by your nation: use /election start.');
  }
  if (context.phase !== 'unopened') {
    return refusal(GameErrorCodes.WRONG_PHASE, 'This election is already open; see it with /election status.', { phase: context.phase });
  }
  if (!featureOn(rules, event, 'elections')) {
    return refusal(GameErrorCodes.FEATURE_DISABLED, 'Elections are switched off on this server for now.');
  }
  return null;
}

const notCitizen = (): ReplyParams =>
  refusal(
    GameErrorCodes.NOT_CITIZEN,
    'Only citizens registered when this election opened take part in it; join with /citizen join to take part in the next one.',
  );

function checkNominate(context: ElectionContext, event: NominateEvent): ReplyParams | null {
  if (context.phase !== 'nominating') return wrongPhase(context, 'nominating');
  if (context.weights[event.by] === undefined) return notCitizen();
  if (context.candidates.some((candidate) => candidate.user === event.by)) {
    return refusal(GameErrorCodes.ALREADY_NOMINATED, 'You are already a candidate; voting opens when nominations close.');
  }
  return null;
}

function checkVote(context: ElectionContext, event: VoteEvent): ReplyParams | null {
  if (context.phase !== 'voting') return wrongPhase(context, 'voting');
  if (context.weights[event.by] === undefined) return notCitizen();
  if (context.votes[event.by] !== undefined) {
    return refusal(GameErrorCodes.ALREADY_VOTED, 'You have already voted in this election; see the standings with /election status.');
  }
  if (!context.candidates.some((candidate) => candidate.user === event.candidate)) {
    return refusal(GameErrorCodes.NOT_CANDIDATE, 'That citizen is not a candidate; see the candidates with /election status.', {
      candidates: context.candidates.map((candidate) => candidate.user),
    });
  }
  return null;
}

/** The refusal of an event from outside; `status` is never refused. */
export function checkElectionEvent(context: ElectionContext, event: ElectionEvent, rules: GameRules): ReplyParams | null {
  switch (event.type) {
    case 'open':
      return checkOpen(context, event, rules);
    case 'nominate':
      return checkNominate(context, event);
    case 'vote':
      return checkVote(context, event);
    case 'status':
      return null;
  }
}
