// Economy rules (seed §4 systems 1 and 8): hourly generation under the
// storage cap, daily upkeep, loan interest, investment returns and the market
// fee. Each returns new values plus the transactions (resource, delta, reason)
// that produced them, so the nation actor can record every change in
// resource_transactions without recomputing it. Time comes in as epoch ms.
import type { Balance, ResourceType } from '../../config/index.ts';
import { floorAmount, ceilAmount, mapResources, RESOURCES, UNITS, type Resources, type Units } from './resources.ts';

export type TransactionReason = 'generation' | 'upkeep' | 'market_purchase' | 'market_sale' | 'investment_return';

export interface Transaction {
  readonly resource: ResourceType;
  readonly delta: number;
  readonly reason: TransactionReason;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function transactions(deltas: Resources, reason: TransactionReason): Transaction[] {
  return RESOURCES.filter((type) => deltas[type] !== 0).map((type) => ({ resource: type, delta: deltas[type], reason }));
}

/** base_storage_cap + storage_cap_per_territory × territory, per resource. */
export function storageCap(rules: Balance['resources'], territory: number): Resources {
  return mapResources((type) => rules[type].base_storage_cap + rules[type].storage_cap_per_territory * Math.max(0, territory));
}

export interface GenerationInput {
  readonly resources: Resources;
  readonly citizens: number;
  readonly territory: number;
  /** Whole hours to generate for: 1 normally, more to catch up a missed run. */
  readonly hours: number;
}

export interface Generation {
  readonly resources: Resources;
  /** citizens × rate × hours, rounded down. */
  readonly produced: Resources;
  /** Of produced, what did not fit under the cap. */
  readonly wasted: Resources;
  readonly transactions: readonly Transaction[];
}

/**
 * Generation stops at the cap but never lowers a stock already above it
 * (after losing territory, say): the cap limits growth, it does not confiscate.
 */
export function generateResources(rules: Balance['resources'], input: GenerationInput): Generation {
  const cap = storageCap(rules, input.territory);
  const produced = mapResources((type) => floorAmount(Math.max(0, input.citizens) * rules[type].per_citizen_per_hour * Math.max(0, input.hours)));
  const gained = mapResources((type) => Math.min(produced[type], Math.max(0, cap[type] - input.resources[type])));
  return {
    resources: mapResources((type) => input.resources[type] + gained[type]),
    produced,
    wasted: mapResources((type) => produced[type] - gained[type]),
    transactions: transactions(gained, 'generation'),
  };
}

export interface Upkeep {
  readonly resources: Resources;
  /** Σ units × upkeep_per_day × days. */
  readonly due: Resources;
  readonly charged: Resources;
  /** due − charged: what the nation could not pay. What that costs it is the nation actor's rule. */
  readonly shortfall: Resources;
  readonly transactions: readonly Transaction[];
}

/** Charges what the stock allows; a resource never goes below zero. */
export function chargeUpkeep(unitRules: Balance['units'], input: { readonly resources: Resources; readonly units: Units; readonly days: number }): Upkeep {
  const due = mapResources((type) =>
    UNITS.reduce((sum, unit) => sum + input.units[unit] * unitRules[unit].upkeep_per_day[type], 0) * Math.max(0, input.days),
  );
  const charged = mapResources((type) => Math.min(due[type], Math.max(0, input.resources[type])));
  return {
    resources: mapResources((type) => input.resources[type] - charged[type]),
    due,
    charged,
    shortfall: mapResources((type) => due[type] - charged[type]),
    transactions: transactions(mapResources((type) => -charged[type]), 'upkeep'),
  };
}

/**
 * principal × rate_per_day × elapsed days, rounded down, for the whole span.
 * Callers compute the total since the start and subtract what was already
 * counted, rather than adding per-run amounts, so rounding never drifts and a
 * missed run is caught up exactly.
 */
export function simpleInterest(principal: number, ratePerDay: number, fromMs: number, toMs: number): number {
  return floorAmount((principal * ratePerDay * Math.max(0, toMs - fromMs)) / DAY_MS);
}

export interface Loan {
  readonly principal: number;
  readonly takenAtMs: number;
  /** Interest added to the debt so far. */
  readonly interest: number;
}

/**
 * The loan's interest brought up to nowMs. Interest adds to the debt, not to
 * a resource, so it carries no resource transaction; repaying does.
 */
export function accrueLoanInterest(rules: Balance['economy'], loan: Loan, nowMs: number): { readonly loan: Loan; readonly accrued: number } {
  const total = simpleInterest(loan.principal, rules.loan_interest_per_day, loan.takenAtMs, nowMs);
  const accrued = Math.max(0, total - loan.interest);
  return { loan: { ...loan, interest: loan.interest + accrued }, accrued };
}

export interface Investment {
  readonly amount: number;
  readonly investedAtMs: number;
  /** Returns paid out so far. */
  readonly paid: number;
}

/** Returns due up to nowMs (paid hourly by the caller), in the currency. */
export function payInvestmentReturn(
  rules: Balance['economy'],
  investment: Investment,
  nowMs: number,
): { readonly investment: Investment; readonly transactions: readonly Transaction[] } {
  const total = simpleInterest(investment.amount, rules.investment_return_per_day, investment.investedAtMs, nowMs);
  const due = Math.max(0, total - investment.paid);
  return {
    investment: { ...investment, paid: investment.paid + due },
    transactions: due === 0 ? [] : [{ resource: rules.currency, delta: due, reason: 'investment_return' }],
  };
}

export interface MarketSale {
  /** Destroyed: the market's resource sink. */
  readonly fee: number;
  /** price − fee, paid to the seller. */
  readonly proceeds: number;
  /** Buyer pays price in the currency and gets the goods. */
  readonly buyer: readonly Transaction[];
  /** The goods left the seller at listing (escrow); the sale pays the proceeds. */
  readonly seller: readonly Transaction[];
}

/**
 * The fee is market_fee_fraction of the price rounded UP, so a small sale
 * cannot slip under the sink. Storage caps on the buyer's side are the market
 * actor's to apply (capTransfer), since it knows the buyer's stock.
 */
export function marketSale(rules: Balance['economy'], sale: { readonly resource: ResourceType; readonly quantity: number; readonly price: number }): MarketSale {
  if (sale.resource === rules.currency) throw new RangeError(`cannot sell ${sale.resource} for ${rules.currency}`);
  const fee = Math.min(sale.price, ceilAmount(sale.price * rules.market_fee_fraction));
  const proceeds = sale.price - fee;
  return {
    fee,
    proceeds,
    buyer: [
      { resource: rules.currency, delta: -sale.price, reason: 'market_purchase' },
      { resource: sale.resource, delta: sale.quantity, reason: 'market_purchase' },
    ],
    seller: proceeds === 0 ? [] : [{ resource: rules.currency, delta: proceeds, reason: 'market_sale' }],
  };
}
