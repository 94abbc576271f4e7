// Why an alliance refuses an event, as pure functions of (context, event,
// rules): a refusal to reply, or null when the event may go ahead. The sender
// is checked first, so a forged event learns nothing about the alliance.
import type { ReplyParams } from '../../runtime/effects.ts';
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { featureOn, type GameRules } from '../common/game-rules.ts';
import { sentBy } from '../common/meta.ts';
import { openInvitations, type AllianceContext, type AllianceEvent } from './context.ts';

const notFromNation = (): ReplyParams =>
  refusal(GameErrorCodes.FORBIDDEN_SENDER, 'Alliance commands go through your nation: use /alliance on your server.');

function wrongPhase(context: AllianceContext): ReplyParams {
  if (context.phase === 'dissolved') {
    return refusal(GameErrorCodes.WRONG_PHASE, 'This alliance has been dissolved. Propose a new one with /alliance propose.');
  }
  return refusal(GameErrorCodes.WRONG_PHASE, 'This alliance is already open; answer its invitation or use /alliance list.');
}

function checkOpen(context: AllianceContext, event: Extract<AllianceEvent, { type: 'open' }>, rules: GameRules): ReplyParams | null {
  if (!sentBy(event, 'nation') || event.from !== event.founder) {
    return refusal(GameErrorCodes.FORBIDDEN_SENDER, 'Only the founding nation can open its alliance: use /alliance propose.');
  }
  if (context.phase !== 'unopened') return wrongPhase(context);
  if (!featureOn(rules, event, 'alliances')) {
    return refusal(GameErrorCodes.FEATURE_DISABLED, 'Alliances are switched off on this server for now.');
  }
  if (event.invitee === event.founder) {
    return refusal(GameErrorCodes.SELF_TARGET, 'A nation cannot ally with itself: choose another nation to invite.');
  }
  return null;
}

/** `join` and `refuse` both answer a pending, unexpired invitation of the sender. */
function checkAnswer(context: AllianceContext, event: AllianceEvent): ReplyParams | null {
  if (!sentBy(event, 'nation')) return notFromNation();
  if (context.phase !== 'forming' && context.phase !== 'active') return wrongPhase(context);
  const until = context.invited[event.from ?? ''];
  if (until === undefined) {
    return refusal(GameErrorCodes.NOT_PARTICIPANT, 'Your nation has no invitation to this alliance; ask one of its members to invite you.');
  }
  if (until <= event.at) {
    return refusal(GameErrorCodes.WRONG_PHASE, 'This invitation has expired; ask a member of the alliance to invite you again.', {
      expiredAt: until,
    });
  }
  return null;
}

function checkJoin(context: AllianceContext, event: AllianceEvent, rules: GameRules): ReplyParams | null {
  const answer = checkAnswer(context, event);
  if (answer) return answer;
  const max = rules.balance.alliances.max_members;
  if (context.members.length >= max) {
    return refusal(GameErrorCodes.LIMIT_REACHED, `This alliance already has ${max} members, the most allowed; it cannot take more.`, { max });
  }
  return null;
}

function checkInvite(context: AllianceContext, event: Extract<AllianceEvent, { type: 'invite' }>, rules: GameRules): ReplyParams | null {
  if (!sentBy(event, 'nation')) return notFromNation();
  if (context.phase !== 'forming' && context.phase !== 'active') return wrongPhase(context);
  if (!context.members.includes(event.from ?? '')) {
    return refusal(GameErrorCodes.NOT_PARTICIPANT, 'Only members of this alliance can invite nations to it.');
  }
  if (!featureOn(rules, event, 'alliances')) {
    return refusal(GameErrorCodes.FEATURE_DISABLED, 'Alliances are switched off on this server for now.');
  }
  if (event.nation === event.from) {
    return refusal(GameErrorCodes.SELF_TARGET, 'Your nation is already in this alliance: invite another nation.');
  }
  if (context.members.includes(event.nation)) {
    return refusal(GameErrorCodes.ALLY_TARGET, 'That nation is already a member of this alliance.');
  }
  // Pending invitations count against the limit, so every open invitation can still be accepted.
  const max = rules.balance.alliances.max_members;
  const pending = openInvitations(context, event.at).filter((nation) => nation !== event.nation).length;
  if (context.members.length + pending >= max) {
    return refusal(
      GameErrorCodes.LIMIT_REACHED,
      `This alliance has ${context.members.length} members and ${pending} open invitations; it cannot grow past ${max}. Wait for an answer first.`,
      { max },
    );
  }
  return null;
}

function checkLeave(context: AllianceContext, event: AllianceEvent): ReplyParams | null {
  if (!sentBy(event, 'nation')) return notFromNation();
  if (context.phase !== 'forming' && context.phase !== 'active') return wrongPhase(context);
  if (!context.members.includes(event.from ?? '')) {
    return refusal(GameErrorCodes.NOT_PARTICIPANT, 'Your nation is not a member of this alliance.');
  }
  return null;
}

/** The refusal of any event the alliance accepts from outside; timer events are never refused. */
export function checkAllianceEvent(context: AllianceContext, event: AllianceEvent, rules: GameRules): ReplyParams | null {
  switch (event.type) {
    case 'open':
      return checkOpen(context, event, rules);
    case 'join':
      return checkJoin(context, event, rules);
    case 'refuse':
      return checkAnswer(context, event);
    case 'invite':
      return checkInvite(context, event, rules);
    case 'leave':
    case 'seasonEnded':
      return checkLeave(context, event);
    case 'invitationExpired':
      return null;
  }
}
