// Market listings: the seller's goods arrive with `list` and are held in
// escrow; `buy` reserves the listing for one buyer and collects the price;
// when the price arrives the buyer gets the goods (`market_purchase`), the
// seller the price minus the fee (`market_sale`), and the fee is destroyed
// (sink `market_fee`, rounded up by actors/rules marketSale).
import type { EventMeta } from '../../runtime/effects.ts';
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { daysMs, featureOn, type GameRules } from '../common/game-rules.ts';
import { marketSale } from '../rules/index.ts';
import { countBy, MARKET_LIMITS, only, without, type Listing, type MarketContext } from './context.ts';
import { nationOnly, returnEscrow, senderOf } from './checks.ts';
import type { MarketEventOf } from './events.ts';
import { collect, credit, done, feeSink, notify, record, refused, type Outcome } from './outcome.ts';

const timerId = (listing: string): string => `listing:${listing}`;
const ref = (listing: string): string => `listing:${listing}`;

export function checkList(context: MarketContext, event: MarketEventOf<'list'>, rules: GameRules) {
  const seller = senderOf(event);
  if (!featureOn(rules, event, 'market')) return refusal(GameErrorCodes.FEATURE_DISABLED, 'The market is closed right now; your goods were returned.');
  if (event.resource === rules.balance.economy.currency) {
    return refusal(GameErrorCodes.OUT_OF_RANGE, `Prices are paid in ${event.resource}, so it cannot be sold: list food or materials.`);
  }
  if (context.listings[event.listing]) return refusal(GameErrorCodes.OUT_OF_RANGE, 'That listing id is already in use; list the goods again.');
  if (countBy(context.listings, (listing) => listing.seller, seller) >= MARKET_LIMITS.listingsPerNation) {
    return refusal(GameErrorCodes.LIMIT_REACHED, `Your nation already has ${MARKET_LIMITS.listingsPerNation} listings: wait for sales or withdraw one.`);
  }
  if (Object.keys(context.listings).length >= MARKET_LIMITS.listings) {
    return refusal(GameErrorCodes.LIMIT_REACHED, 'The market board is full right now; try again later.');
  }
  return null;
}

export function list(context: MarketContext, event: MarketEventOf<'list'>, rules: GameRules): Outcome {
  const forged = nationOnly(event);
  if (forged) return refused(forged);
  const seller = senderOf(event);
  const problem = checkList(context, event, rules);
  if (problem) return returnEscrow(context, seller, ref(event.listing), only(event.resource, event.quantity), problem);
  const delay = daysMs(rules.timers.market.listing_days);
  const listing: Listing = {
    id: event.listing,
    seller,
    resource: event.resource,
    quantity: event.quantity,
    price: event.price,
    listedAt: event.at,
    expiresAt: event.at + delay,
    buyer: null,
    collecting: null,
  };
  return done(
    { ...context, listings: { ...context.listings, [listing.id]: listing } },
    [{ type: 'arm', id: timerId(listing.id), delay, event: { type: 'listingExpired', listing: listing.id } }],
    { listing: listing.id, expiresAt: listing.expiresAt },
  );
}

function freeListingOf(context: MarketContext, id: string) {
  const listing = context.listings[id];
  if (!listing) return { problem: refusal(GameErrorCodes.UNKNOWN_TARGET, 'That listing is gone: it was sold, withdrawn or has expired.') };
  if (listing.buyer) return { problem: refusal(GameErrorCodes.WRONG_PHASE, 'Another nation is buying this listing right now; try again in a moment.') };
  return { listing };
}

export function buy(context: MarketContext, event: MarketEventOf<'buy'>, rules: GameRules): Outcome {
  const forged = nationOnly(event);
  if (forged) return refused(forged);
  if (!featureOn(rules, event, 'market')) return refused(refusal(GameErrorCodes.FEATURE_DISABLED, 'The market is closed right now; try again later.'));
  const { listing, problem } = freeListingOf(context, event.listing);
  if (!listing) return refused(problem);
  const buyer = senderOf(event);
  if (buyer === listing.seller) return refused(refusal(GameErrorCodes.SELF_TARGET, 'You cannot buy your own listing; use /market withdraw to take it back.'));
  const collection = event.id;
  const price = only(rules.balance.economy.currency, listing.price);
  return done(
    {
      ...context,
      listings: { ...context.listings, [listing.id]: { ...listing, buyer, collecting: collection } },
      collecting: { ...context.collecting, [collection]: { purpose: 'purchase', item: listing.id, payer: buyer, resources: price, partial: false } },
    },
    [collect(buyer, collection, price, 'market_purchase', false)],
    { listing: listing.id, collecting: collection },
  );
}

/** The price has arrived: goods to the buyer, proceeds to the seller, fee destroyed. */
export function completeSale(context: MarketContext, event: EventMeta, listing: Listing, buyer: string, rules: GameRules): Outcome {
  const { currency } = rules.balance.economy;
  const sale = marketSale(rules.balance.economy, listing);
  const effects = [
    ...credit(buyer, ref(listing.id), only(listing.resource, listing.quantity), 'market_purchase'),
    ...credit(listing.seller, ref(listing.id), only(currency, sale.proceeds), 'market_sale'),
    ...feeSink(event, ref(listing.id), currency, sale.fee),
    record('market_sales', `${event.id}:sale`, {
      listing: listing.id,
      seller: listing.seller,
      buyer,
      resource: listing.resource,
      quantity: listing.quantity,
      price: listing.price,
      fee: sale.fee,
    }),
    { type: 'disarm', id: timerId(listing.id) } as const,
    notify(listing.seller, 'listingSold', { listing: listing.id, buyer, proceeds: sale.proceeds, fee: sale.fee }),
    notify(buyer, 'listingBought', { listing: listing.id, resource: listing.resource, quantity: listing.quantity, price: listing.price }),
  ];
  return done({ ...context, listings: without(context.listings, listing.id) }, effects, { listing: listing.id, fee: sale.fee, proceeds: sale.proceeds });
}

/** Ends a listing without a sale: the goods go back to the seller. */
export function returnListing(context: MarketContext, listing: Listing, status: 'withdrawn' | 'expired'): Outcome {
  const effects = [
    ...credit(listing.seller, ref(listing.id), only(listing.resource, listing.quantity), 'refund'),
    { type: 'disarm', id: timerId(listing.id) } as const,
    notify(listing.seller, status === 'expired' ? 'listingExpired' : 'listingWithdrawn', { listing: listing.id }),
  ];
  return done({ ...context, listings: without(context.listings, listing.id) }, effects, { listing: listing.id, status });
}

export function withdraw(context: MarketContext, event: MarketEventOf<'withdraw'>): Outcome {
  const forged = nationOnly(event);
  if (forged) return refused(forged);
  const { listing, problem } = freeListingOf(context, event.listing);
  if (!listing) return refused(problem);
  if (senderOf(event) !== listing.seller) return refused(refusal(GameErrorCodes.NOT_PARTICIPANT, 'Only the nation that listed the goods can withdraw them.'));
  return returnListing(context, listing, 'withdrawn');
}

/** Expiry: a listing reserved for a buyer is decided by the collection's answer. */
export function listingExpired(context: MarketContext, event: MarketEventOf<'listingExpired'>): Outcome {
  const listing = context.listings[event.listing];
  if (!listing || listing.buyer) return done(context, []);
  return returnListing(context, listing, 'expired');
}
