// Read-only questions about the board; they change nothing.
import type { MarketContext } from './context.ts';
import type { MarketEventOf } from './events.ts';
import { done, type Outcome } from './outcome.ts';

/** Cheapest per unit first, then oldest: what a buyer browsing the board wants to see. */
export function listings(context: MarketContext, event: MarketEventOf<'listings'>): Outcome {
  const shown = Object.values(context.listings)
    .filter((listing) => event.resource === undefined || listing.resource === event.resource)
    .sort((a, b) => a.price / a.quantity - b.price / b.quantity || a.listedAt - b.listedAt || (a.id < b.id ? -1 : 1))
    .slice(0, event.limit)
    .map(({ id, seller, resource, quantity, price, expiresAt, buyer }) => ({ id, seller, resource, quantity, price, expiresAt, reserved: buyer !== null }));
  return done(context, [], { listings: shown });
}

/** The open trades a nation proposed or was offered. */
export function trades(context: MarketContext, event: MarketEventOf<'trades'>): Outcome {
  const shown = Object.values(context.trades)
    .filter((trade) => trade.proposer === event.nation || trade.partner === event.nation)
    .sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : 1))
    .map(({ id, proposer, partner, give, want, expiresAt, collecting }) => ({ id, proposer, partner, give, want, expiresAt, settling: collecting !== null }));
  return done(context, [], { trades: shown });
}
