// market:global's global caps (MARKET_LIMITS): however many nations play, the
// market holds at most so many trades, listings, loans and investments, so its
// one JSON document stays small. Past a cap a command is turned down with
// GAME_LIMIT_REACHED — and a command that carried escrow gets it back as a
// refund rather than losing it. The market is restored at the cap (as the
// runtime restores any record) and driven through runtime/step.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMarketKind, MARKET_LIMITS, type MarketContext } from '../../../actors/market/index.ts';
import { step, type StepResult } from '../../../runtime/step.ts';
import { shippedRules } from '../../support/game-rules.ts';

const rules = shippedRules();
const kind = createMarketKind(rules);
const T0 = Date.UTC(2025, 0, 1);
const DAY = 24 * 3_600_000;
const NEWCOMER = 'nation:999';
const resources = (gold = 0, food = 0, materials = 0) => ({ gold, food, materials });
/** Owner of the i-th item: a different nation every few items, so no per-nation cap is reached first. */
const owner = (i: number) => `nation:${1000 + Math.floor(i / 2)}`;

function fill<T>(count: number, item: (id: string, i: number) => T): Record<string, T> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`x${i}`, item(`x${i}`, i)]));
}

/** A market restored with `context`, sent one event from NEWCOMER. */
function atCapacity(context: Partial<MarketContext>, event: { type: string } & Record<string, unknown>): StepResult {
  const empty = kind.machine.resolveState({ value: 'open', context: { trades: {}, listings: {}, loans: {}, investments: {}, collecting: {}, periods: { payInvestments: [], collectLoans: [] } } });
  const snapshot = kind.machine.resolveState({ value: 'open', context: { ...empty.context, ...context } });
  return step({ kind, id: 'global', version: 1, record: { snapshot, timers: {} }, at: T0, envelope: { id: 'm1', to: 'market:global', event, from: NEWCOMER } });
}

function refunded(result: StepResult, escrow: ReturnType<typeof resources>): void {
  assert.is(result.outcome, 'applied', 'applied as a refund, not refused (a refusal would destroy the escrow)');
  if (result.outcome !== 'applied') return;
  assert.is(result.reply.code, 'GAME_LIMIT_REACHED');
  assert.equal(
    result.sends.map((send) => [send.to, send.event.type, send.event.reason, send.event.resources]),
    [[NEWCOMER, 'credit', 'refund', escrow]],
  );
}

test(`at ${MARKET_LIMITS.trades} open trades a new offer is turned down and its give returned`, () => {
  const trades = fill(MARKET_LIMITS.trades, (id, i) => ({
    id, proposer: owner(i), partner: 'nation:1', give: resources(1), want: resources(0, 1), openedAt: T0, expiresAt: T0 + DAY, collecting: null,
  }));
  refunded(atCapacity({ trades }, { type: 'openTrade', trade: 'new', partner: 'nation:1', give: { food: 5 }, want: { gold: 1 } }), resources(0, 5));
});

test(`at ${MARKET_LIMITS.listings} listings a new one is turned down and the goods returned`, () => {
  const listings = fill(MARKET_LIMITS.listings, (id, i) => ({
    id, seller: owner(i), resource: 'food' as const, quantity: 1, price: 1, listedAt: T0, expiresAt: T0 + DAY, buyer: null, collecting: null,
  }));
  refunded(atCapacity({ listings }, { type: 'list', listing: 'new', resource: 'materials', quantity: 7, price: 10 }), resources(0, 0, 7));
});

test(`at ${MARKET_LIMITS.investments} investments a new deposit is turned down and returned`, () => {
  const investments = fill(MARKET_LIMITS.investments, (id, i) => ({ id, investor: owner(i), amount: 1, investedAt: T0, paid: 0 }));
  refunded(atCapacity({ investments }, { type: 'deposit', investment: 'new', amount: 30 }), resources(30));
});

test(`at ${MARKET_LIMITS.loans} loans the market lends no more (nothing was carried, so a plain refusal)`, () => {
  const loans = fill(MARKET_LIMITS.loans, (id, i) => ({ id, borrower: owner(i), principal: 1, takenAt: T0, dueAt: T0 + DAY, interest: 0, repaid: 0, collecting: null }));
  const result = atCapacity({ loans }, { type: 'loan', loan: 'new', amount: 100, days: 3 });
  assert.is(result.outcome, 'refused');
  if (result.outcome === 'refused') assert.is(result.reply.code, 'GAME_LIMIT_REACHED');
  // One below the cap it lends.
  const { x0: _freed, ...fewer } = loans;
  assert.is(atCapacity({ loans: fewer }, { type: 'loan', loan: 'new', amount: 100, days: 3 }).outcome, 'applied');
});

test.run();
