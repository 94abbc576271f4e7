import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  accrueLoanInterest,
  chargeUpkeep,
  generateResources,
  marketSale,
  payInvestmentReturn,
  simpleInterest,
  storageCap,
} from '../../../../actors/rules/economy.ts';
import { economy, resources, units } from './fixtures.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = 1_750_000_000_000;

test('storage cap: base + per territory', () => {
  assert.equal(storageCap(resources, 100), { gold: 15_000, food: 15_000, materials: 15_000 });
  assert.equal(storageCap(resources, 20), { gold: 7000, food: 7000, materials: 7000 });
});

test('hourly generation: citizens × rate, with transactions', () => {
  const result = generateResources(resources, { resources: { gold: 1000, food: 1000, materials: 500 }, citizens: 50, territory: 100, hours: 1 });
  assert.equal(result.produced, { gold: 500, food: 400, materials: 300 });
  assert.equal(result.resources, { gold: 1500, food: 1400, materials: 800 });
  assert.equal(result.wasted, { gold: 0, food: 0, materials: 0 });
  assert.equal(result.transactions, [
    { resource: 'gold', delta: 500, reason: 'generation' },
    { resource: 'food', delta: 400, reason: 'generation' },
    { resource: 'materials', delta: 300, reason: 'generation' },
  ]);
});

test('generation stops at the cap and never lowers a stock above it', () => {
  const result = generateResources(resources, { resources: { gold: 14_800, food: 16_000, materials: 0 }, citizens: 50, territory: 100, hours: 3 });
  assert.equal(result.produced, { gold: 1500, food: 1200, materials: 900 });
  assert.equal(result.resources, { gold: 15_000, food: 16_000, materials: 900 });
  assert.equal(result.wasted, { gold: 1300, food: 1200, materials: 0 });
  assert.equal(result.transactions, [
    { resource: 'gold', delta: 200, reason: 'generation' },
    { resource: 'materials', delta: 900, reason: 'generation' },
  ]);
});

test('daily upkeep: charged per unit, never below zero, shortfall reported', () => {
  const army = { infantry: 100, armor: 10, aircraft: 5, naval: 2 };
  // gold 10×4 + 5×8 + 2×10 = 100; food 100×2 + 10×2 + 2×4 = 228; materials 10×2 + 5×4 + 2×6 = 52
  const paid = chargeUpkeep(units, { resources: { gold: 1000, food: 1000, materials: 1000 }, units: army, days: 1 });
  assert.equal(paid.due, { gold: 100, food: 228, materials: 52 });
  assert.equal(paid.resources, { gold: 900, food: 772, materials: 948 });
  assert.equal(paid.shortfall, { gold: 0, food: 0, materials: 0 });
  assert.equal(paid.transactions, [
    { resource: 'gold', delta: -100, reason: 'upkeep' },
    { resource: 'food', delta: -228, reason: 'upkeep' },
    { resource: 'materials', delta: -52, reason: 'upkeep' },
  ]);
  const short = chargeUpkeep(units, { resources: { gold: 150, food: 200, materials: 0 }, units: army, days: 2 });
  assert.equal(short.resources, { gold: 0, food: 0, materials: 0 });
  assert.equal(short.charged, { gold: 150, food: 200, materials: 0 });
  assert.equal(short.shortfall, { gold: 50, food: 256, materials: 104 });
  assert.equal(short.transactions, [
    { resource: 'gold', delta: -150, reason: 'upkeep' },
    { resource: 'food', delta: -200, reason: 'upkeep' },
  ]);
});

test('loan interest: simple, per day, accrued without drift', () => {
  assert.is(simpleInterest(10_000, 0.02, T0, T0 + DAY), 200);
  assert.is(simpleInterest(10_000, 0.02, T0, T0 + 12 * HOUR), 100);
  assert.is(simpleInterest(10_000, 0.02, T0 + DAY, T0), 0);
  let loan = { principal: 1000, takenAtMs: T0, interest: 0 };
  // 1000 × 0.02 / 24 = 0.83 per hour: hourly rounding would never charge anything.
  const accrued: number[] = [];
  for (let hour = 1; hour <= 24; hour++) {
    const step = accrueLoanInterest(economy, loan, T0 + hour * HOUR);
    accrued.push(step.accrued);
    loan = step.loan;
  }
  assert.is(loan.interest, 20);
  assert.is(accrued[0], 0);
  assert.is(accrued[1], 1);
  assert.is(accrueLoanInterest(economy, loan, T0 + 3 * DAY).loan.interest, 60);
});

test('investment returns: paid from the total due, in the currency', () => {
  const start = { amount: 20_000, investedAtMs: T0, paid: 0 };
  const first = payInvestmentReturn(economy, start, T0 + HOUR);
  // 20000 × 0.01 / 24 = 8.33 → 8
  assert.equal(first.transactions, [{ resource: 'gold', delta: 8, reason: 'investment_return' }]);
  const day = payInvestmentReturn(economy, first.investment, T0 + DAY);
  assert.equal(day.transactions, [{ resource: 'gold', delta: 192, reason: 'investment_return' }]);
  assert.equal(payInvestmentReturn(economy, day.investment, T0 + DAY).transactions, []);
});

test('market sale: the fee (5 %, rounded up) is destroyed, the rest paid to the seller', () => {
  const sale = marketSale(economy, { resource: 'food', quantity: 300, price: 450 });
  assert.is(sale.fee, 23);
  assert.is(sale.proceeds, 427);
  assert.equal(sale.buyer, [
    { resource: 'gold', delta: -450, reason: 'market_purchase' },
    { resource: 'food', delta: 300, reason: 'market_purchase' },
  ]);
  assert.equal(sale.seller, [{ resource: 'gold', delta: 427, reason: 'market_sale' }]);
  assert.is(marketSale(economy, { resource: 'materials', quantity: 1, price: 1 }).fee, 1);
  assert.is(marketSale(economy, { resource: 'materials', quantity: 10, price: 100 }).fee, 5);
  assert.throws(() => marketSale(economy, { resource: 'gold', quantity: 1, price: 1 }), RangeError);
});

test.run();
