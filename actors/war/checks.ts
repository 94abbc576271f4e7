// Who may send what to a war. Every event comes from a nation actor (the
// nation checks the player's role and forwards); the war checks that the
// sender is a nation, that it takes part, and that it is the side the event
// is for. Supporters (allies that joined) muster and are told the outcome;
// answering, peace and surrender are the two principals' alone. Phase is checked by the machine: events a phase does not handle
// are refused there with GAME_WRONG_PHASE.
import type { ReplyParams } from '../../runtime/effects.ts';
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { sentBy } from '../common/meta.ts';
import { fightsFor, MAX_SUPPORTERS_PER_SIDE, nationOf, otherRole, roleOf, supportersIn, type WarContext } from './context.ts';
import type { WarEvent } from './types.ts';

const notANation = (what: string): ReplyParams =>
  refusal(GameErrorCodes.FORBIDDEN_SENDER, `Only a nation can ${what}; use the /war commands of your server.`);

const notInWar = (): ReplyParams =>
  refusal(GameErrorCodes.NOT_PARTICIPANT, 'Your nation does not take part in this war; check /war list for your own wars.');

/** The refusal for an event in the current phase, or null when it may proceed. */
export function checkEvent(context: WarContext, event: WarEvent): ReplyParams | null {
  switch (event.type) {
    case 'open':
      if (!sentBy(event, 'nation') || event.from !== event.aggressor) return notANation('declare a war, and only for itself');
      if (event.aggressor === event.defender) {
        return refusal(GameErrorCodes.SELF_TARGET, 'A nation cannot declare war on itself; pick another nation as the target.');
      }
      return null;
    case 'accept':
    case 'decline': {
      if (!sentBy(event, 'nation')) return notANation('answer a declaration of war');
      const role = roleOf(context, event.from);
      if (role === null) return notInWar();
      if (role !== 'defender') {
        return refusal(GameErrorCodes.FORBIDDEN_SENDER, 'Only the nation war was declared on can accept or decline it; wait for its answer.');
      }
      return null;
    }
    case 'join': {
      if (!sentBy(event, 'nation') || event.from !== event.nation) return notANation('join a war, and only for itself');
      if (roleOf(context, event.nation) !== null) return refusal(GameErrorCodes.WRONG_PHASE, 'Your nation already fights this war as one of its two sides.');
      if (fightsFor(context, event.nation) !== null) return refusal(GameErrorCodes.WRONG_PHASE, 'Your nation already fights in this war.');
      const allied = (['attacker', 'defender'] as const).filter((role) => event.allies.includes(nationOf(context, role)));
      if (allied.length === 0) {
        return refusal(GameErrorCodes.NOT_PARTICIPANT, 'Your nation is allied with neither side of this war; only allies of a side can join it.');
      }
      if (allied.length === 2) {
        return refusal(GameErrorCodes.ALLY_TARGET, 'Your nation is allied with both sides of this war; it cannot fight either.');
      }
      const side = allied[0]!;
      if (supportersIn(context).filter((supporter) => supporter.role === side).length >= MAX_SUPPORTERS_PER_SIDE) {
        return refusal(GameErrorCodes.LIMIT_REACHED, `That side already has ${MAX_SUPPORTERS_PER_SIDE} allies fighting with it.`);
      }
      return null;
    }
    case 'offerPeace': {
      if (!sentBy(event, 'nation')) return notANation('offer peace');
      const role = roleOf(context, event.from);
      if (role === null) return notInWar();
      const offer = openOffer(context, event.at);
      if (offer !== null && offer.by === role) {
        return refusal(GameErrorCodes.LIMIT_REACHED, 'Your peace offer is still open; wait for the other nation to answer or for it to expire.', {
          until: offer.until,
        });
      }
      return null;
    }
    case 'respondPeace': {
      if (!sentBy(event, 'nation')) return notANation('answer a peace offer');
      const role = roleOf(context, event.from);
      if (role === null) return notInWar();
      const offer = openOffer(context, event.at);
      if (offer === null) {
        return refusal(GameErrorCodes.WRONG_PHASE, 'There is no open peace offer in this war; offer peace yourself with /war peace.');
      }
      if (offer.by === role) {
        return refusal(GameErrorCodes.FORBIDDEN_SENDER, 'Your nation made this peace offer; the other nation has to answer it.');
      }
      return null;
    }
    case 'surrender': {
      if (!sentBy(event, 'nation')) return notANation('surrender');
      if (roleOf(context, event.from) === null) return notInWar();
      if (context.surrenderedBy !== null) {
        return refusal(GameErrorCodes.WRONG_PHASE, 'A nation has already surrendered in this war; the tribute is being settled.');
      }
      return null;
    }
    case 'mustered': {
      if (!sentBy(event, 'nation') || event.from !== event.nation) return notANation('muster its own army');
      if (fightsFor(context, event.from) === null) return notInWar();
      if (event.war !== context.id) return refusal(GameErrorCodes.UNKNOWN_TARGET, `This is war ${context.id}, not war ${event.war}.`);
      if (hasMustered(context, event.from)) return refusal(GameErrorCodes.WRONG_PHASE, 'Your nation has already mustered for this battle.');
      return null;
    }
    case 'seasonEnded':
      if (!sentBy(event, 'nation')) return notANation('end its season');
      if (fightsFor(context, event.from) === null) return notInWar();
      return null;
    case 'collected':
    case 'collectFailed': {
      const settlement = context.settlement;
      if (!sentBy(event, 'nation') || event.from !== event.nation) return notANation('pay tribute');
      if (settlement === null || event.from !== nationOf(context, otherRole(settlement.winner))) return notInWar();
      if (event.ref !== settlement.ref) return refusal(GameErrorCodes.UNKNOWN_TARGET, `This war asked for tribute ${settlement.ref}, not ${event.ref}.`);
      return null;
    }
  }
}

/** Whether a nation of the war (principal or supporter) has answered `muster`. */
export function hasMustered(context: WarContext, nation: string): boolean {
  const role = roleOf(context, nation);
  if (role !== null) return context.sides[role] !== null;
  return supportersIn(context).some((supporter) => supporter.nation === nation && supporter.side !== null);
}

/** The peace offer still open at `at`, if any (offers lapse without a timer). */
export function openOffer(context: WarContext, at: number): WarContext['peaceOffer'] {
  return context.peaceOffer !== null && at < context.peaceOffer.until ? context.peaceOffer : null;
}
