// Checks every market flow shares: who may send an event, and how a command
// that carried escrow is turned down. Such a command cannot simply be
// refused — the runtime would keep nothing of the step, and the amount the
// nation already debited would vanish — so it is applied as a refund.
import type { EventMeta, ReplyParams } from '../../runtime/effects.ts';
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { sentBy } from '../common/meta.ts';
import type { Resources } from '../rules/index.ts';
import type { MarketContext } from './context.ts';
import { credit, done, notify, type Outcome } from './outcome.ts';

/** Actor-to-actor events come from nation actors only; the sender is the acting nation. */
export function nationOnly(event: Partial<EventMeta>): ReplyParams | null {
  return sentBy(event, 'nation')
    ? null
    : refusal(GameErrorCodes.FORBIDDEN_SENDER, 'Only a nation can do this at the market: use the /trade, /market, /loan or /invest commands.');
}

/** Periodic jobs and queries come from clients (scheduler, bot, ops), never from another actor. */
export function clientOnly(event: Partial<EventMeta>): ReplyParams | null {
  return event.from === undefined ? null : refusal(GameErrorCodes.FORBIDDEN_SENDER, 'Only the game server can send this to the market.');
}

/** The sending nation's address (call after nationOnly). */
export const senderOf = (event: Partial<EventMeta>): string => event.from ?? '';

/** Turns down a command whose escrow already arrived: the escrow goes back as `credit` (reason `refund`). */
export function returnEscrow(context: MarketContext, nation: string, ref: string, escrow: Resources, turnedDown: ReplyParams): Outcome {
  const reason = turnedDown.ok ? { code: 'OK', message: '' } : { code: turnedDown.code, message: turnedDown.message };
  return done(context, [...credit(nation, ref, escrow, 'refund'), notify(nation, 'marketRefused', { ref, ...reason })], {
    refunded: true,
    ...reason,
  });
}
