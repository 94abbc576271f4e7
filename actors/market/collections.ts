// Answers to the market's `collect`: `collected` brings the payment (only
// then is it held, and the trade, sale or repayment completes),
// `collectFailed` says the nation was short. Only the nation asked may answer,
// and it must name itself. Whatever arrives that the market cannot use goes
// back as `refund`, so nothing that was sent is ever lost.
import type { ReplyParams } from '../../runtime/effects.ts';
import { GameErrorCodes, refusal } from '../common/errors.ts';
import type { GameRules } from '../common/game-rules.ts';
import { toResources } from '../common/schemas.ts';
import { mapResources, RESOURCES, type Resources } from '../rules/index.ts';
import { without, type Collection, type MarketContext } from './context.ts';
import { nationOnly, senderOf } from './checks.ts';
import type { MarketEventOf } from './events.ts';
import { completeSale, returnListing } from './listings.ts';
import { loanPaid, loanUnpaid } from './loans.ts';
import { credit, done, notify, refused, type MarketEffect, type Outcome } from './outcome.ts';
import { closeTrade, settleTrade } from './trades.ts';

type Answer = MarketEventOf<'collected'> | MarketEventOf<'collectFailed'>;

/** The pending collection this answer is for, or why the answer is refused. */
function pendingFor(context: MarketContext, event: Answer): { collection: Collection } | { problem: ReplyParams } | { unknown: true } {
  const forged = nationOnly(event);
  if (forged) return { problem: forged };
  if (event.nation !== senderOf(event)) {
    return { problem: refusal(GameErrorCodes.FORBIDDEN_SENDER, 'A nation can only answer for itself.') };
  }
  const collection = context.collecting[event.ref];
  if (!collection) return { unknown: true };
  if (collection.payer !== event.nation) {
    return { problem: refusal(GameErrorCodes.FORBIDDEN_SENDER, 'This payment was asked of another nation.') };
  }
  return { collection };
}

const covers = (received: Resources, asked: Resources): boolean => RESOURCES.every((type) => received[type] === asked[type]);

/** Keeps what was asked for (all or, when partial, up to it); the rest is returned. */
function split(collection: Collection, received: Resources): { kept: Resources; excess: Resources } {
  if (!collection.partial) return covers(received, collection.resources) ? { kept: received, excess: mapResources(() => 0) } : { kept: mapResources(() => 0), excess: received };
  const kept = mapResources((type) => Math.min(received[type], collection.resources[type]));
  return { kept, excess: mapResources((type) => received[type] - kept[type]) };
}

export function collected(context: MarketContext, event: MarketEventOf<'collected'>, rules: GameRules): Outcome {
  const pending = pendingFor(context, event);
  if ('problem' in pending) return refused(pending.problem);
  const received = toResources(event.resources);
  if ('unknown' in pending) {
    return done(context, credit(event.nation, event.ref, received, 'refund'), { ref: event.ref, unknown: true });
  }
  const { collection } = pending;
  const { kept, excess } = split(collection, received);
  const refund: MarketEffect[] = credit(collection.payer, event.ref, excess, 'refund');
  const rest: MarketContext = { ...context, collecting: without(context.collecting, event.ref) };
  // A full payment that does not match what was asked is returned and counts as not paid.
  const accepted = collection.partial || covers(received, collection.resources);
  const outcome = accepted ? paid(rest, event, collection, kept, rules) : unpaid(rest, event, collection);
  if (!('context' in outcome)) return outcome;
  return done(outcome.context, [...refund, ...outcome.effects], outcome.reply);
}

function paid(context: MarketContext, event: MarketEventOf<'collected'>, collection: Collection, kept: Resources, rules: GameRules): Outcome {
  switch (collection.purpose) {
    case 'trade': {
      const trade = context.trades[collection.item];
      return trade ? settleTrade(context, event, trade) : done(context, credit(collection.payer, event.ref, kept, 'refund'));
    }
    case 'purchase': {
      const listing = context.listings[collection.item];
      return listing ? completeSale(context, event, listing, collection.payer, rules) : done(context, credit(collection.payer, event.ref, kept, 'refund'));
    }
    case 'repay': {
      const loan = context.loans[collection.item];
      return loan ? loanPaid(context, loan, kept, rules) : done(context, credit(collection.payer, event.ref, kept, 'refund'));
    }
  }
}

export function collectFailed(context: MarketContext, event: MarketEventOf<'collectFailed'>): Outcome {
  const pending = pendingFor(context, event);
  if ('problem' in pending) return refused(pending.problem);
  if ('unknown' in pending) return refused(refusal(GameErrorCodes.UNKNOWN_TARGET, 'The market is not collecting that payment.'));
  return unpaid({ ...context, collecting: without(context.collecting, event.ref) }, event, pending.collection);
}

/** The payer was short: the item is free again, or ends if its time ran out meanwhile. */
function unpaid(context: MarketContext, event: Answer, collection: Collection): Outcome {
  switch (collection.purpose) {
    case 'trade': {
      const trade = context.trades[collection.item];
      if (!trade) return done(context, []);
      const open = { ...trade, collecting: null };
      const freed = { ...context, trades: { ...context.trades, [trade.id]: open } };
      if (event.at >= trade.expiresAt) return closeTrade(freed, event, open, 'expired');
      return done(freed, [notify(trade.partner, 'tradePaymentFailed', { trade: trade.id, want: trade.want }), notify(trade.proposer, 'tradePaymentFailed', { trade: trade.id })], {
        trade: trade.id,
        status: 'open',
      });
    }
    case 'purchase': {
      const listing = context.listings[collection.item];
      if (!listing) return done(context, []);
      const free = { ...listing, buyer: null, collecting: null };
      const freed = { ...context, listings: { ...context.listings, [listing.id]: free } };
      if (event.at >= listing.expiresAt) return returnListing(freed, free, 'expired');
      return done(freed, [notify(collection.payer, 'purchaseFailed', { listing: listing.id, price: listing.price })], { listing: listing.id, status: 'listed' });
    }
    case 'repay': {
      const loan = context.loans[collection.item];
      return loan ? loanUnpaid(context, loan, totalOf(collection.resources)) : done(context, []);
    }
  }
}

const totalOf = (amounts: Resources): number => RESOURCES.reduce((sum, type) => sum + amounts[type], 0);
