// A nation's season reset at the market (the nation's `seasonEnded`): what it
// had here belongs to the season that ended, so the market lets go of it
// before the nation plays on. Its escrow (trade offers, listed goods,
// invested principal) is destroyed as `season_reset`, as the reset destroyed
// its stock; its loans are forgiven; its payments being collected are
// dropped, and whatever still arrives for them is refunded as unknown
// (collections.ts). Another nation's stake in the nation's items goes back to
// that nation: a trade offered to it is returned to the proposer, and a
// listing it had reserved is freed. The answer, `seasonClosed`, follows every
// credit and collection the market sent the nation before, which is how the
// nation tells the old season's from the new (actors/nation/economy.ts).
import type { EventMeta } from '../../runtime/effects.ts';
import type { GameRules } from '../common/game-rules.ts';
import { mapResources, RESOURCES, type Resources } from '../rules/index.ts';
import { nationOnly, senderOf } from './checks.ts';
import { addResources, MARKET_ADDRESS, only, type Collection, type MarketContext } from './context.ts';
import type { MarketEventOf } from './events.ts';
import { credit, done, record, refused, type MarketEffect, type Outcome } from './outcome.ts';

const NONE: Resources = mapResources(() => 0);

function sinkRows(event: EventMeta, item: string, amounts: Resources): MarketEffect[] {
  return RESOURCES.filter((type) => amounts[type] > 0).map((resource) =>
    record('resource_transactions', `${event.id}:season_reset:${item}:${resource}`, {
      nation: MARKET_ADDRESS,
      resource,
      delta: -amounts[resource],
      reason: 'season_reset',
      ref: item,
    }),
  );
}

export function seasonEnded(context: MarketContext, event: MarketEventOf<'seasonEnded'>, rules: GameRules): Outcome {
  const forged = nationOnly(event);
  if (forged) return refused(forged);
  const nation = senderOf(event);
  const effects: MarketEffect[] = [];
  let forfeited = NONE;
  const forfeit = (item: string, amounts: Resources) => {
    effects.push(...sinkRows(event, item, amounts));
    forfeited = addResources(forfeited, amounts);
  };
  const ends = new Set<string>();

  const trades = { ...context.trades };
  for (const trade of Object.values(context.trades)) {
    if (trade.proposer === nation) forfeit(`trade:${trade.id}`, trade.give);
    else if (trade.partner === nation) effects.push(...credit(trade.proposer, `trade:${trade.id}`, trade.give, 'refund'));
    else continue;
    delete trades[trade.id];
    ends.add(`trade:${trade.id}`);
    effects.push({ type: 'disarm', id: `trade:${trade.id}` });
  }

  const listings = { ...context.listings };
  for (const listing of Object.values(context.listings)) {
    if (listing.seller === nation) {
      forfeit(`listing:${listing.id}`, only(listing.resource, listing.quantity));
      delete listings[listing.id];
      ends.add(`listing:${listing.id}`);
      effects.push({ type: 'disarm', id: `listing:${listing.id}` });
    } else if (listing.buyer === nation && listing.expiresAt <= event.at) {
      // Its expiry passed while reserved, and the timer left it to the payment: it ends now.
      delete listings[listing.id];
      effects.push(...credit(listing.seller, `listing:${listing.id}`, only(listing.resource, listing.quantity), 'refund'));
    } else if (listing.buyer === nation) {
      listings[listing.id] = { ...listing, buyer: null, collecting: null };
    }
  }

  const loans = Object.fromEntries(Object.entries(context.loans).filter(([, loan]) => loan.borrower !== nation));
  const investments = { ...context.investments };
  for (const investment of Object.values(context.investments)) {
    if (investment.investor !== nation) continue;
    forfeit(`investment:${investment.id}`, only(rules.balance.economy.currency, investment.amount));
    delete investments[investment.id];
  }

  const itemOf = (collection: Collection): string => `${collection.purpose === 'purchase' ? 'listing' : collection.purpose === 'repay' ? 'loan' : 'trade'}:${collection.item}`;
  const collecting = Object.fromEntries(
    Object.entries(context.collecting).filter(([, collection]) => collection.payer !== nation && !ends.has(itemOf(collection))),
  );

  effects.push({ type: 'send', params: { to: nation, event: { type: 'seasonClosed', season: event.season } } });
  const next: MarketContext = { ...context, trades, listings, loans, investments, collecting };
  return done(next, effects, {
    nation,
    forfeited,
    loansForgiven: Object.keys(context.loans).length - Object.keys(loans).length,
  });
}
