// market:global — loans, investments, the periodic jobs (idempotent per
// period) and conservation: nations + escrow change only by the recorded
// sources and sinks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { escrowHeld } from '../../../actors/market/index.ts';
import { type Applied } from '../../../runtime/step.ts';
import { shippedRules } from '../../support/game-rules.ts';
import { T0, HOUR, DAY, A, B, res, market } from './market-harness.ts';
import { applied, refusedWith, rows, sent } from './step-results.ts';

const borrow = { type: 'loan', loan: 'n1', amount: 5000, days: 7 };
const collectRef = (result: Applied) => sent(result, 'collect')[0]?.event.ref as string;

// ---- loans

test('loan creates the principal and credits it to the borrower (reason loan_principal: the borrower records the source)', () => {
  const m = market();
  const result = applied(m.send(borrow, A));
  assert.equal(sent(result, 'credit').map((s) => [s.to, s.event.resources, s.event.reason]), [[A, res(5000), 'loan_principal']]);
  assert.equal(result.records, []);
  assert.is(result.reply.dueAt, T0 + 7 * DAY);
  assert.is(m.context.loans.n1?.borrower, A);
});

test('loan limits: term, total principal, count, id, flag and sender', () => {
  const m = market();
  refusedWith(m.send({ ...borrow, days: 15 }, A), 'GAME_OUT_OF_RANGE');
  refusedWith(m.send({ ...borrow, amount: 10_001 }, A), 'GAME_LIMIT_REACHED');
  applied(m.send(borrow, A));
  refusedWith(m.send(borrow, B), 'GAME_OUT_OF_RANGE');
  refusedWith(m.send({ ...borrow, loan: 'n2', amount: 5001 }, A), 'GAME_LIMIT_REACHED');
  applied(m.send({ ...borrow, loan: 'n2', amount: 100 }, A));
  applied(m.send({ ...borrow, loan: 'n3', amount: 100 }, A));
  refusedWith(m.send({ ...borrow, loan: 'n4', amount: 100 }, A), 'GAME_LIMIT_REACHED');
  refusedWith(m.send({ ...borrow, loan: 'n5' }), 'GAME_FORBIDDEN_SENDER');
  refusedWith(market(shippedRules({ features: { loans: false } })).send(borrow, A), 'GAME_FEATURE_DISABLED');
  // Another nation's limit is its own.
  applied(m.send({ ...borrow, loan: 'b1', amount: 10_000 }, B));
});

test('repay collects principal plus simple interest (reason loan_repayment); collected closes the loan', () => {
  const m = market();
  applied(m.send(borrow, A));
  m.clock.at = T0 + DAY;
  refusedWith(m.send({ type: 'repay', loan: 'n1' }, B), 'GAME_NOT_PARTICIPANT');
  refusedWith(m.send({ type: 'repay', loan: 'n9' }, A), 'GAME_UNKNOWN_TARGET');
  refusedWith(m.send({ type: 'repay', loan: 'n1' }), 'GAME_FORBIDDEN_SENDER');
  const asked = applied(m.send({ type: 'repay', loan: 'n1' }, A));
  // 5000 × 0.02 per day × 1 day = 100.
  assert.equal(sent(asked, 'collect').map((s) => [s.to, s.event.resources, s.event.reason, s.event.partial]), [[A, res(5100), 'loan_repayment', undefined]]);
  refusedWith(m.send({ type: 'repay', loan: 'n1' }, A), 'GAME_WRONG_PHASE');
  m.clock.at += HOUR; // interest keeps no count while the payment is under way
  const done = applied(m.send({ type: 'collected', ref: collectRef(asked), resources: { gold: 5100 }, nation: A }, A));
  assert.equal(done.records, []);
  assert.is(done.reply.closed, true);
  assert.equal(m.context.loans, {});
});

test('a failed repayment leaves the loan open and tells the borrower', () => {
  const m = market();
  applied(m.send(borrow, A));
  const asked = applied(m.send({ type: 'repay', loan: 'n1' }, A));
  const failed = applied(m.send({ type: 'collectFailed', ref: collectRef(asked), nation: A }, A));
  assert.equal(failed.notifies.map((n) => [n.target, n.kind, n.data.owed]), [[A, 'loanRepayFailed', 5000]]);
  assert.is(m.context.loans.n1?.collecting, null);
});

test('collectLoans takes what overdue borrowers have, once per period', () => {
  const m = market();
  applied(m.send(borrow, A));
  applied(m.send({ ...borrow, loan: 'b1', days: 14 }, B));
  m.clock.at = T0 + 8 * DAY;
  refusedWith(m.send({ type: 'collectLoans', period: 'd8' }, A), 'GAME_FORBIDDEN_SENDER');
  const run = applied(m.send({ type: 'collectLoans', period: 'd8' }));
  // Only A's loan is overdue: 5000 + 5000 × 0.02 × 8 = 5800, taken partially.
  assert.equal(sent(run, 'collect').map((s) => [s.to, s.event.resources, s.event.partial]), [[A, res(5800), true]]);
  const again = applied(m.send({ type: 'collectLoans', period: 'd8' }));
  assert.is(again.reply.duplicate, true);
  assert.equal(again.sends, []);
  const part = applied(m.send({ type: 'collected', ref: collectRef(run), resources: { gold: 2000 }, nation: A }, A));
  assert.is(part.reply.remaining, 3800);
  assert.equal(m.context.loans.n1?.repaid, 2000);
  m.clock.at = T0 + 9 * DAY;
  const next = applied(m.send({ type: 'collectLoans', period: 'd9' }));
  // 5000 + 5000 × 0.02 × 9 − 2000 = 3900.
  assert.equal(sent(next, 'collect').map((s) => s.event.resources), [res(3900)]);
  // A loan still being collected is not asked twice.
  m.clock.at = T0 + 10 * DAY;
  assert.equal(sent(applied(m.send({ type: 'collectLoans', period: 'd10' })), 'collect'), []);
  applied(m.send({ type: 'collected', ref: collectRef(next), resources: { gold: 3900 }, nation: A }, A));
  assert.equal(Object.keys(m.context.loans), ['b1']);
});

test('remembered periods are bounded', () => {
  const m = market();
  for (let i = 0; i < 70; i += 1) applied(m.send({ type: 'payInvestments', period: `h${i}` }));
  assert.is(m.context.periods.payInvestments.length, 60);
  assert.is(m.context.periods.payInvestments[0], 'h10');
});

// ---- investments

test('deposit holds the currency; limits and a disabled flag return it', () => {
  const m = market();
  const result = applied(m.send({ type: 'deposit', investment: 'i1', amount: 10_000 }, A));
  assert.equal(result.sends, []);
  assert.equal(escrowHeld(m.context, 'gold'), res(10_000));
  const over = applied(m.send({ type: 'deposit', investment: 'i2', amount: 10_001 }, A));
  assert.is(over.reply.code, 'GAME_LIMIT_REACHED');
  assert.equal(sent(over, 'credit').map((s) => [s.to, s.event.resources, s.event.reason]), [[A, res(10_001), 'refund']]);
  assert.is(applied(m.send({ type: 'deposit', investment: 'i1', amount: 1 }, B)).reply.code, 'GAME_OUT_OF_RANGE');
  const off = market(shippedRules({ features: { investments: false } }));
  assert.is(applied(off.send({ type: 'deposit', investment: 'i1', amount: 5 }, A)).reply.code, 'GAME_FEATURE_DISABLED');
  refusedWith(m.send({ type: 'deposit', investment: 'i3', amount: 5 }), 'GAME_FORBIDDEN_SENDER');
  for (let i = 3; i <= 6; i += 1) applied(m.send({ type: 'deposit', investment: `i${i}`, amount: 1 }, A));
  assert.is(applied(m.send({ type: 'deposit', investment: 'i7', amount: 1 }, A)).reply.code, 'GAME_LIMIT_REACHED');
});

test('payInvestments pays the return accrued since the last run, once per period', () => {
  const m = market();
  applied(m.send({ type: 'deposit', investment: 'i1', amount: 10_000 }, A));
  m.clock.at = T0 + DAY;
  refusedWith(m.send({ type: 'payInvestments', period: 'h24' }, A), 'GAME_FORBIDDEN_SENDER');
  const paid = applied(m.send({ type: 'payInvestments', period: 'h24' }));
  assert.equal(sent(paid, 'credit').map((s) => [s.to, s.event.resources, s.event.reason]), [[A, res(100), 'investment_return']]);
  assert.equal(paid.records, []);
  assert.equal(applied(m.send({ type: 'payInvestments', period: 'h24' })).sends, []);
  m.clock.at = T0 + DAY + HOUR;
  // 10,000 × 0.01 × 25/24 = 104.17 → 104 in all, 4 now.
  assert.equal(sent(applied(m.send({ type: 'payInvestments', period: 'h25' })), 'credit').map((s) => s.event.resources), [res(4)]);
});

test('withdrawInvestment returns the principal and any return still due, to the investor only', () => {
  const m = market();
  applied(m.send({ type: 'deposit', investment: 'i1', amount: 2400 }, A));
  m.clock.at = T0 + HOUR;
  refusedWith(m.send({ type: 'withdrawInvestment', investment: 'i1' }, B), 'GAME_NOT_PARTICIPANT');
  refusedWith(m.send({ type: 'withdrawInvestment', investment: 'i2' }, A), 'GAME_UNKNOWN_TARGET');
  refusedWith(m.send({ type: 'withdrawInvestment', investment: 'i1' }), 'GAME_FORBIDDEN_SENDER');
  const result = applied(m.send({ type: 'withdrawInvestment', investment: 'i1' }, A));
  assert.equal(
    sent(result, 'credit').map((s) => [s.to, s.event.resources, s.event.reason]),
    [
      [A, res(1), 'investment_return'],
      [A, res(2400), 'investment'],
    ],
  );
  assert.equal(m.context.investments, {});
});

// ---- a nation's season reset

test('seasonEnded: only a nation; its investment is destroyed, its loan forgiven, others untouched; answered with seasonClosed', () => {
  const m = market();
  applied(m.send({ type: 'deposit', investment: 'i1', amount: 1_000 }, A));
  applied(m.send({ type: 'deposit', investment: 'i2', amount: 700 }, B));
  applied(m.send(borrow, A));
  applied(m.send({ ...borrow, loan: 'n2' }, B));
  refusedWith(m.send({ type: 'seasonEnded', season: 1 }), 'GAME_FORBIDDEN_SENDER');
  refusedWith(m.send({ type: 'seasonEnded', season: 1 }, 'war:w1'), 'GAME_FORBIDDEN_SENDER');
  const ended = applied(m.send({ type: 'seasonEnded', season: 1 }, A));
  assert.equal(rows(ended, 'resource_transactions'), [{ nation: 'market:global', resource: 'gold', delta: -1_000, reason: 'season_reset', ref: 'investment:i1' }]);
  assert.equal(sent(ended, 'seasonClosed').map((s) => [s.to, s.event.season]), [[A, 1]]);
  assert.equal(sent(ended, 'credit'), []);
  assert.equal(Object.keys(m.context.investments), ['i2']);
  assert.equal(Object.keys(m.context.loans), ['n2']);
  assert.equal(escrowHeld(m.context, 'gold'), res(700));
});

test.run();
