// Direct trades between two nations. The proposer's `give` arrives with
// openTrade and is held in escrow; accepting collects `want` from the partner,
// and only when that payment has arrived do both sides get paid
// (`trade_settled`). Decline, cancel and expiry return `give` (`refund`).
import type { EventMeta } from '../../runtime/effects.ts';
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { featureOn, hoursMs, type GameRules } from '../common/game-rules.ts';
import { toResources } from '../common/schemas.ts';
import { countBy, isEmpty, MARKET_LIMITS, without, type MarketContext, type Trade } from './context.ts';
import { nationOnly, returnEscrow, senderOf } from './checks.ts';
import type { MarketEventOf } from './events.ts';
import { collect, credit, done, notify, record, refused, type MarketEffect, type Outcome } from './outcome.ts';

export type TradeStatus = 'completed' | 'declined' | 'cancelled' | 'expired';

const timerId = (trade: string): string => `trade:${trade}`;
const ref = (trade: string): string => `trade:${trade}`;

function tradeRow(event: EventMeta, trade: Trade, status: TradeStatus): MarketEffect {
  const { id, proposer, partner, give, want } = trade;
  return record('trades', `${event.id}:trade`, { trade: id, proposer, partner, give, want, status });
}

export function checkOpenTrade(context: MarketContext, event: MarketEventOf<'openTrade'>, rules: GameRules) {
  const proposer = senderOf(event);
  if (!featureOn(rules, event, 'trade')) return refusal(GameErrorCodes.FEATURE_DISABLED, 'Trading is switched off right now; your offer was returned.');
  if (event.partner === proposer) return refusal(GameErrorCodes.SELF_TARGET, 'A nation cannot trade with itself: pick another nation.');
  if (isEmpty(toResources(event.give)) && isEmpty(toResources(event.want))) {
    return refusal(GameErrorCodes.OUT_OF_RANGE, 'A trade needs something to give or to ask for.');
  }
  if (context.trades[event.trade]) return refusal(GameErrorCodes.OUT_OF_RANGE, 'That trade id is already in use; propose the trade again.');
  if (countBy(context.trades, (trade) => trade.proposer, proposer) >= MARKET_LIMITS.tradesPerNation) {
    return refusal(GameErrorCodes.LIMIT_REACHED, `Your nation already has ${MARKET_LIMITS.tradesPerNation} open offers: wait for answers or cancel one.`);
  }
  if (Object.keys(context.trades).length >= MARKET_LIMITS.trades) {
    return refusal(GameErrorCodes.LIMIT_REACHED, 'The market has too many open trades right now; try again later.');
  }
  return null;
}

export function openTrade(context: MarketContext, event: MarketEventOf<'openTrade'>, rules: GameRules): Outcome {
  const forged = nationOnly(event);
  if (forged) return refused(forged);
  const proposer = senderOf(event);
  const give = toResources(event.give);
  const problem = checkOpenTrade(context, event, rules);
  if (problem) return returnEscrow(context, proposer, ref(event.trade), give, problem);
  const delay = hoursMs(rules.timers.trade.proposal_hours);
  const trade: Trade = {
    id: event.trade,
    proposer,
    partner: event.partner,
    give,
    want: toResources(event.want),
    openedAt: event.at,
    expiresAt: event.at + delay,
    collecting: null,
  };
  return done(
    { ...context, trades: { ...context.trades, [trade.id]: trade } },
    [
      notify(trade.partner, 'tradeProposed', { trade: trade.id, proposer, give: trade.give, want: trade.want, expiresAt: trade.expiresAt }),
      { type: 'arm', id: timerId(trade.id), delay, event: { type: 'tradeExpired', trade: trade.id } },
    ],
    { trade: trade.id, expiresAt: trade.expiresAt },
  );
}

/** Pays both sides out of escrow: `give` was held, `want` has just been collected. */
const settled = (to: string, trade: string, partner: string): MarketEffect => ({ type: 'send', params: { to, event: { type: 'tradeSettled', trade, partner } } });

export function settleTrade(context: MarketContext, event: EventMeta, trade: Trade): Outcome {
  const effects = [
    ...credit(trade.partner, ref(trade.id), trade.give, 'trade_settled'),
    ...credit(trade.proposer, ref(trade.id), trade.want, 'trade_settled'),
    // Each side counts the trade in its shared history with the other (trust).
    settled(trade.proposer, trade.id, trade.partner),
    settled(trade.partner, trade.id, trade.proposer),
    tradeRow(event, trade, 'completed'),
    { type: 'disarm', id: timerId(trade.id) } as const,
    notify(trade.proposer, 'tradeCompleted', { trade: trade.id, partner: trade.partner }),
    notify(trade.partner, 'tradeCompleted', { trade: trade.id, proposer: trade.proposer }),
  ];
  return done({ ...context, trades: without(context.trades, trade.id) }, effects, { trade: trade.id, status: 'completed' });
}

/** Ends a trade without a deal: `give` goes back to the proposer. */
export function closeTrade(context: MarketContext, event: EventMeta, trade: Trade, status: Exclude<TradeStatus, 'completed'>): Outcome {
  const effects = [
    ...credit(trade.proposer, ref(trade.id), trade.give, 'refund'),
    tradeRow(event, trade, status),
    { type: 'disarm', id: timerId(trade.id) } as const,
    notify(trade.proposer, `trade${status[0]?.toUpperCase()}${status.slice(1)}`, { trade: trade.id, partner: trade.partner }),
    notify(trade.partner, `trade${status[0]?.toUpperCase()}${status.slice(1)}`, { trade: trade.id, proposer: trade.proposer }),
  ];
  return done({ ...context, trades: without(context.trades, trade.id) }, effects, { trade: trade.id, status });
}

function openTradeOf(context: MarketContext, id: string) {
  const trade = context.trades[id];
  if (!trade) return { problem: refusal(GameErrorCodes.UNKNOWN_TARGET, 'There is no open trade with that id: it was settled, declined or has expired.') };
  if (trade.collecting) return { problem: refusal(GameErrorCodes.WRONG_PHASE, 'This trade is being settled right now; wait a moment.') };
  return { trade };
}

export function acceptTrade(context: MarketContext, event: MarketEventOf<'acceptTrade'>): Outcome {
  const forged = nationOnly(event);
  if (forged) return refused(forged);
  const { trade, problem } = openTradeOf(context, event.trade);
  if (!trade) return refused(problem);
  if (senderOf(event) !== trade.partner) return refused(refusal(GameErrorCodes.NOT_PARTICIPANT, 'Only the nation the offer was made to can accept it.'));
  if (isEmpty(trade.want)) return settleTrade(context, event, trade);
  // The partner pays first; both sides are paid when its payment arrives (collections.ts).
  // One collection per step at most, so the message id is a unique ref.
  const collection = event.id;
  return done(
    {
      ...context,
      trades: { ...context.trades, [trade.id]: { ...trade, collecting: collection } },
      collecting: { ...context.collecting, [collection]: { purpose: 'trade', item: trade.id, payer: trade.partner, resources: trade.want, partial: false } },
    },
    [collect(trade.partner, collection, trade.want, 'trade_escrow', false)],
    { trade: trade.id, collecting: collection },
  );
}

export function declineTrade(context: MarketContext, event: MarketEventOf<'declineTrade'>): Outcome {
  const forged = nationOnly(event);
  if (forged) return refused(forged);
  const { trade, problem } = openTradeOf(context, event.trade);
  if (!trade) return refused(problem);
  const sender = senderOf(event);
  if (sender === trade.partner) return closeTrade(context, event, trade, 'declined');
  if (sender === trade.proposer) return closeTrade(context, event, trade, 'cancelled');
  return refused(refusal(GameErrorCodes.NOT_PARTICIPANT, 'Only the two nations of a trade can decline or cancel it.'));
}

/** Expiry: a trade whose payment is being collected is decided by the collection's answer. */
export function tradeExpired(context: MarketContext, event: MarketEventOf<'tradeExpired'>): Outcome {
  const trade = context.trades[event.trade];
  if (!trade || trade.collecting) return done(context, []);
  return closeTrade(context, event, trade, 'expired');
}
