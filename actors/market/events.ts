// The events market:global accepts (docs/game-protocol.md "market:global"):
// one strict schema per type, fields other than `type` and the runtime's meta.
// Rules that depend on config (max_loan, term, flags) are the machine's.
import { z } from 'zod';
import type { EventMeta } from '../../runtime/effects.ts';
import { nationAddress, notBuiltIn, positiveAmount, resourcesSchema, resourceType } from '../common/schemas.ts';

/**
 * Trade, listing, loan and investment ids are the nation's message ids. Kept
 * loose on purpose: a refused openTrade/list/deposit would destroy the escrow
 * it carries, so only the length is bounded (refs built from ids stay ≤ 300).
 */
export const MAX_ITEM_ID = 200;
const itemId = z.string().min(1).max(MAX_ITEM_ID).refine(notBuiltIn, 'an id, not the name of a built-in property');
/** A collection ref the market made up (a message id, or `<loan>@<period>`), echoed back by the nation. */
const ref = z.string().min(1).max(300);
/** The scheduler's period id, e.g. `2025-06-01T13`. */
const period = z.string().min(1).max(64);

export const marketEvents = {
  // ⇄ from nations
  openTrade: z.object({ trade: itemId, partner: nationAddress, give: resourcesSchema, want: resourcesSchema }).strict(),
  acceptTrade: z.object({ trade: itemId }).strict(),
  declineTrade: z.object({ trade: itemId }).strict(),
  list: z.object({ listing: itemId, resource: resourceType, quantity: positiveAmount, price: positiveAmount }).strict(),
  buy: z.object({ listing: itemId }).strict(),
  withdraw: z.object({ listing: itemId }).strict(),
  loan: z.object({ loan: itemId, amount: positiveAmount, days: z.number().int().min(1).max(365) }).strict(),
  repay: z.object({ loan: itemId }).strict(),
  deposit: z.object({ investment: itemId, amount: positiveAmount }).strict(),
  withdrawInvestment: z.object({ investment: itemId }).strict(),
  collected: z.object({ ref, resources: resourcesSchema, nation: nationAddress }).strict(),
  collectFailed: z.object({ ref, nation: nationAddress }).strict(),
  /** The sending nation's season was reset (actors/market/season.ts); answered with `seasonClosed`. */
  seasonEnded: z.object({ season: z.number().int().min(0).max(1_000_000) }).strict(),
  // periodic, from the scheduler (a client)
  payInvestments: z.object({ period }).strict(),
  collectLoans: z.object({ period }).strict(),
  // queries, from clients
  listings: z.object({ resource: resourceType.optional(), limit: z.number().int().min(1).max(100) }).strict(),
  trades: z.object({ nation: nationAddress }).strict(),
} as const;

type Fields<Name extends keyof typeof marketEvents> = { type: Name } & z.infer<(typeof marketEvents)[Name]>;

/** Timer events: not in `marketEvents`, so only the market's own timers can deliver them. */
export type MarketTimerEvent = { type: 'tradeExpired'; trade: string } | { type: 'listingExpired'; listing: string };

export type MarketEvent = EventMeta & ({ [Name in keyof typeof marketEvents]: Fields<Name> }[keyof typeof marketEvents] | MarketTimerEvent);

export type MarketEventOf<Type extends MarketEvent['type']> = Extract<MarketEvent, { type: Type }>;
