// market:global — conservation. A tiny ledger plays the nations (debit before
// sending escrow, apply `credit`, answer `collect` like the nation actor does)
// and checks after every step that what the market holds by the messages it
// received and sent equals escrowHeld (open trades' give + listed goods +
// invested principal), and that nations + escrow change only by recorded
// sources and sinks: the fee by the market, the others by the nation that
// receives or pays them (a credit's or collect's reason, as the nation actor does).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { escrowHeld } from '../../../actors/market/index.ts';
import { step, type StepResult } from '../../../runtime/step.ts';
import { DAY, A, B, C, res, market, type Amounts } from './market-harness.ts';
import { applied, rows } from './step-results.ts';

const KINDS = ['gold', 'food', 'materials'] as const;
const SOURCES_AND_SINKS = new Set(['generation', 'investment_return', 'loan_principal', 'upkeep', 'build', 'recruit', 'mission_cost', 'market_fee', 'spoils_lost', 'loan_repayment']);
const plus = (a: Amounts, b: Partial<Amounts>, sign = 1): Amounts => ({
  gold: a.gold + sign * (b.gold ?? 0),
  food: a.food + sign * (b.food ?? 0),
  materials: a.materials + sign * (b.materials ?? 0),
});

function world(balances: Record<string, Amounts>) {
  const m = market();
  const nations = { ...balances };
  let held = res(); // what the market holds, by the messages alone
  let flows = res(); // Σ source/sink rows
  let flight = res(); // paid by a nation, not yet delivered to the market
  const start = Object.values(balances).reduce((sum, each) => plus(sum, each), res());

  function check(label: string): void {
    assert.equal(escrowHeld(m.context, 'gold'), held, `${label}: escrow by messages = escrowHeld`);
    const now = Object.values(nations).reduce((sum, each) => plus(sum, each), plus(held, flight));
    assert.equal(now, plus(start, flows), `${label}: nations + escrow = start + sources − sinks`);
    for (const [nation, amounts] of Object.entries(nations)) {
      for (const kind of KINDS) assert.ok(amounts[kind] >= 0, `${label}: ${nation} ${kind} never negative`);
    }
  }

  function absorb(result: StepResult, label: string): StepResult {
    if (result.outcome !== 'applied') return result;
    for (const row of rows(result, 'resource_transactions')) {
      // The market records only what it destroys out of escrow (the fee).
      assert.ok(SOURCES_AND_SINKS.has(row.reason as string), `${label}: market row ${String(row.reason)}`);
      flows = plus(flows, { [row.resource as string]: row.delta as number });
      held = plus(held, { [row.resource as string]: row.delta as number });
    }
    const answers: [Record<string, unknown> & { type: string }, string, Amounts][] = [];
    for (const { to, event } of result.sends) {
      if (event.type === 'tradeSettled') continue; // moves nothing: each side's trust bookkeeping
      const amounts = event.resources as Amounts;
      // Like the nation actor, a nation records each credit and payment with its
      // reason; a source (loan_principal, investment_return) or sink
      // (loan_repayment) reason is where that source or sink is counted.
      const counted = SOURCES_AND_SINKS.has(event.reason as string);
      if (event.type === 'credit') {
        if (counted) flows = plus(flows, amounts);
        else held = plus(held, amounts, -1);
        nations[to] = plus(nations[to] ?? res(), amounts);
        continue;
      }
      // `collect`: the nation pays (all, or with partial what it has) or says it is short.
      const have = nations[to] ?? res();
      const enough = KINDS.every((kind) => have[kind] >= amounts[kind]);
      if (!enough && !event.partial) {
        answers.push([{ type: 'collectFailed', ref: event.ref, nation: to }, to, res()]);
        continue;
      }
      const taken = { gold: Math.min(have.gold, amounts.gold), food: Math.min(have.food, amounts.food), materials: Math.min(have.materials, amounts.materials) };
      nations[to] = plus(have, taken, -1);
      if (counted) flows = plus(flows, taken, -1);
      const carried = counted ? res() : taken; // a repayment is destroyed, never held
      flight = plus(flight, carried);
      answers.push([{ type: 'collected', ref: event.ref, resources: taken, nation: to }, to, carried]);
    }
    check(label);
    for (const [event, from, taken] of answers) {
      flight = plus(flight, taken, -1);
      held = plus(held, taken);
      const answered = absorb(m.send(event, from), `${label} → ${event.type}`);
      assert.is(answered.outcome, 'applied', `${label} → ${event.type} is applied`);
    }
    return result;
  }

  return {
    m,
    nations,
    check,
    /** A nation command: the nation debits the escrow it sends with it. */
    command(event: Record<string, unknown> & { type: string }, from: string, escrow: Partial<Amounts> = {}): StepResult {
      nations[from] = plus(nations[from] ?? res(), escrow, -1);
      held = plus(held, escrow);
      return absorb(m.send(event, from), event.type);
    },
    /** A sink outside the market (upkeep, building) recorded by the nation. */
    spend(nation: string, amounts: Partial<Amounts>): void {
      nations[nation] = plus(nations[nation] ?? res(), amounts, -1);
      flows = plus(flows, amounts, -1);
    },
    client: (event: Record<string, unknown> & { type: string }) => absorb(m.send(event), event.type),
    fire: (timer: string) => absorb(m.fire(timer), timer),
  };
}

test('every flow conserves resources: escrow matches the messages, totals move only by sources and sinks', () => {
  const w = world({ [A]: res(20_000, 5000, 5000), [B]: res(40_000, 5000, 5000), [C]: res(0, 100, 0) });
  // trades: settled, refused (refund), failed then expired, declined
  w.command({ type: 'openTrade', trade: 't1', partner: B, give: { food: 300 }, want: { gold: 200 } }, A, { food: 300 });
  w.command({ type: 'openTrade', trade: 'tx', partner: A, give: { food: 50 }, want: {} }, A, { food: 50 });
  w.command({ type: 'acceptTrade', trade: 't1' }, B);
  w.command({ type: 'openTrade', trade: 't2', partner: C, give: { materials: 40 }, want: { gold: 500 } }, A, { materials: 40 });
  w.command({ type: 'acceptTrade', trade: 't2' }, C);
  w.fire('trade:t2');
  w.command({ type: 'openTrade', trade: 't3', partner: B, give: { gold: 10 }, want: { food: 1 } }, A, { gold: 10 });
  w.command({ type: 'declineTrade', trade: 't3' }, B);
  // listings: failed purchase, sale with fee, withdrawal, expiry
  w.command({ type: 'list', listing: 'l1', resource: 'food', quantity: 500, price: 333 }, A, { food: 500 });
  w.command({ type: 'buy', listing: 'l1' }, C);
  w.command({ type: 'buy', listing: 'l1' }, B);
  w.command({ type: 'list', listing: 'l2', resource: 'materials', quantity: 20, price: 1 }, B, { materials: 20 });
  w.command({ type: 'withdraw', listing: 'l2' }, B);
  w.command({ type: 'list', listing: 'l3', resource: 'food', quantity: 7, price: 9 }, B, { food: 7 });
  w.fire('listing:l3');
  w.command({ type: 'list', listing: 'lg', resource: 'gold', quantity: 7, price: 9 }, B, { gold: 7 });
  // loans and investments
  w.command({ type: 'loan', loan: 'c1', amount: 1000, days: 2 }, C);
  w.command({ type: 'deposit', investment: 'i1', amount: 5000 }, A, { gold: 5000 });
  w.command({ type: 'deposit', investment: 'i2', amount: 20_001 }, B, { gold: 20_001 }); // over max_investment: refunded
  w.m.clock.at += DAY;
  w.client({ type: 'payInvestments', period: 'd1' });
  w.client({ type: 'payInvestments', period: 'd1' });
  w.command({ type: 'loan', loan: 'b1', amount: 3000, days: 1 }, B);
  w.m.clock.at += 2 * DAY;
  w.spend(C, { gold: (w.nations[C]?.gold ?? 0) - 500 }); // C spent most of its loan
  w.command({ type: 'repay', loan: 'c1' }, C); // 1060 owed, 500 held: fails
  w.client({ type: 'collectLoans', period: 'd3' }); // partial: takes C's 500, B's loan is not overdue
  w.client({ type: 'collectLoans', period: 'd3' });
  w.command({ type: 'repay', loan: 'b1' }, B);
  w.command({ type: 'withdrawInvestment', investment: 'i1' }, A);
  // forged and misdirected answers change nothing
  w.command({ type: 'collected', ref: 'loan:c1:x', resources: {}, nation: B }, A);
  w.client({ type: 'openTrade', trade: 'f', partner: B, give: {}, want: {} });
  assert.equal(Object.keys(w.m.context.loans), ['c1']);
  assert.is(w.m.context.loans.c1?.repaid, 500);
  assert.equal(Object.keys(w.m.context.investments), []);
  assert.equal(w.m.context.trades, {});
  assert.equal(w.m.context.listings, {});
  assert.equal(w.m.context.collecting, {});
});

test.run();
