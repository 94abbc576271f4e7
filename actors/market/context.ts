// The market's state: what it holds in escrow (open trades, listings,
// investments), the loans it has made, and the collections it is waiting on.
// Finished items leave the context (their history is in `record` rows), and
// per-nation and global caps bound everything that stays, so market:global
// stays a small JSON document however many nations play.
import type { ResourceType } from '../../config/index.ts';
import { mapResources, NO_RESOURCES, RESOURCES, type Resources } from '../rules/index.ts';

export const MARKET_ADDRESS = 'market:global';

/** Caps that keep the context bounded; a command past one is refused with GAME_LIMIT_REACHED. */
export const MARKET_LIMITS = {
  tradesPerNation: 10,
  listingsPerNation: 20,
  loansPerNation: 3,
  investmentsPerNation: 5,
  trades: 1_000,
  listings: 2_000,
  loans: 2_000,
  investments: 2_000,
  /** Periodic period ids remembered per job, so a repeated period changes nothing. */
  periods: 60,
} as const;

export interface Trade {
  readonly id: string;
  readonly proposer: string;
  readonly partner: string;
  /** Held in escrow since openTrade. */
  readonly give: Resources;
  readonly want: Resources;
  readonly openedAt: number;
  readonly expiresAt: number;
  /** Ref of the collection of `want` from the partner, while it runs. */
  readonly collecting: string | null;
}

export interface Listing {
  readonly id: string;
  readonly seller: string;
  readonly resource: ResourceType;
  /** Held in escrow since `list`. */
  readonly quantity: number;
  /** Whole listing, in the currency. */
  readonly price: number;
  readonly listedAt: number;
  readonly expiresAt: number;
  /** Reserved for this buyer while its payment is collected. */
  readonly buyer: string | null;
  readonly collecting: string | null;
}

export interface MarketLoan {
  readonly id: string;
  readonly borrower: string;
  readonly principal: number;
  readonly takenAt: number;
  readonly dueAt: number;
  /** Interest accrued so far (actors/rules accrueLoanInterest). */
  readonly interest: number;
  /** Paid back so far (overdue collections may be partial). */
  readonly repaid: number;
  readonly collecting: string | null;
}

export interface MarketInvestment {
  readonly id: string;
  readonly investor: string;
  /** Principal, held in escrow. */
  readonly amount: number;
  readonly investedAt: number;
  /** Returns paid so far. */
  readonly paid: number;
}

export type CollectionPurpose = 'trade' | 'purchase' | 'repay';

/** A `collect` sent to a nation and not yet answered: nothing of it is held yet. */
export interface Collection {
  readonly purpose: CollectionPurpose;
  /** Trade, listing or loan id. */
  readonly item: string;
  readonly payer: string;
  readonly resources: Resources;
  readonly partial: boolean;
}

export interface MarketContext {
  readonly trades: Readonly<Record<string, Trade>>;
  readonly listings: Readonly<Record<string, Listing>>;
  readonly loans: Readonly<Record<string, MarketLoan>>;
  readonly investments: Readonly<Record<string, MarketInvestment>>;
  readonly collecting: Readonly<Record<string, Collection>>;
  /** Period ids already done, newest last, at most MARKET_LIMITS.periods each. */
  readonly periods: { readonly payInvestments: readonly string[]; readonly collectLoans: readonly string[] };
}

export const initialMarketContext = (): MarketContext => ({
  trades: {},
  listings: {},
  loans: {},
  investments: {},
  collecting: {},
  periods: { payInvestments: [], collectLoans: [] },
});

export const addResources = (a: Resources, b: Resources): Resources => mapResources((type) => a[type] + b[type]);
export const isEmpty = (amounts: Resources): boolean => RESOURCES.every((type) => amounts[type] === 0);
export const only = (resource: ResourceType, quantity: number): Resources => ({ ...NO_RESOURCES, [resource]: quantity });

/**
 * What the market holds: open trades' `give`, listed goods and invested
 * principal. Payments being collected are not held until `collected` arrives.
 */
export function escrowHeld(context: MarketContext, currency: ResourceType): Resources {
  let held: Resources = NO_RESOURCES;
  for (const trade of Object.values(context.trades)) held = addResources(held, trade.give);
  for (const listing of Object.values(context.listings)) held = addResources(held, only(listing.resource, listing.quantity));
  for (const investment of Object.values(context.investments)) held = addResources(held, only(currency, investment.amount));
  return held;
}

/** Remembers a period id, dropping the oldest past the cap. */
export function rememberPeriod(list: readonly string[], period: string): string[] {
  return [...list, period].slice(-MARKET_LIMITS.periods);
}

export const countBy = <T>(items: Readonly<Record<string, T>>, owner: (item: T) => string, nation: string): number =>
  Object.values(items).filter((item) => owner(item) === nation).length;

/** Drops one key from a record (context stays plain JSON). */
export function without<T>(items: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _dropped, ...rest } = items;
  return rest;
}
