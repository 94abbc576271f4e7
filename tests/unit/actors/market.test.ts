// market:global — direct trades, listings and the board queries, driven
// through runtime/step.ts the way the runtime drives them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMarketKind, escrowHeld } from '../../../actors/market/index.ts';
import type { GameRules } from '../../../actors/common/game-rules.ts';
import { decodeRecord, encodeRecord, step } from '../../../runtime/step.ts';
import { shippedRules } from '../../support/game-rules.ts';
import { T0, HOUR, A, B, C, res, market } from './market-harness.ts';
import { applied, refusedWith, sent, rows } from './step-results.ts';

const offer = { type: 'openTrade', trade: 't1', partner: B, give: { food: 300 }, want: { gold: 200 } };

function openedTrade() {
  const m = market();
  applied(m.send(offer, A));
  return m;
}

// ---- trades

test('openTrade holds the give in escrow, tells the partner and arms the expiry', () => {
  const m = market();
  const result = applied(m.send(offer, A));
  const trade = m.context.trades.t1;
  assert.equal(trade && { proposer: trade.proposer, partner: trade.partner, give: trade.give, want: trade.want }, {
    proposer: A,
    partner: B,
    give: res(0, 300),
    want: res(200),
  });
  assert.equal(escrowHeld(m.context, 'gold'), res(0, 300));
  assert.is(result.reply.expiresAt, T0 + 24 * HOUR);
  assert.equal(result.notifies.map((n) => [n.target, n.kind]), [[B, 'tradeProposed']]);
  assert.is(m.timers['trade:t1']?.due, T0 + 24 * HOUR);
  assert.is(result.sends.length, 0);
});

test('openTrade is refused from a client or a non-nation actor, keeping nothing', () => {
  const m = market();
  refusedWith(m.send(offer), 'GAME_FORBIDDEN_SENDER');
  refusedWith(m.send(offer, 'war:9'), 'GAME_FORBIDDEN_SENDER');
  refusedWith(m.send(offer, 'nationx:1'), 'GAME_FORBIDDEN_SENDER');
});

test('an openTrade the market turns down returns the escrow instead of destroying it', () => {
  const cases: [string, Record<string, unknown>, string, GameRules?][] = [
    ['self', { ...offer, partner: A }, 'GAME_SELF_TARGET'],
    ['empty', { ...offer, give: {}, want: {} }, 'GAME_OUT_OF_RANGE'],
    ['disabled', offer, 'GAME_FEATURE_DISABLED', shippedRules({ features: { trade: false } })],
  ];
  for (const [name, event, code, rules] of cases) {
    const m = market(rules);
    const result = applied(m.send({ ...event, type: 'openTrade' }, A));
    assert.is(result.reply.refunded, true, name);
    assert.is(result.reply.code, code, name);
    const give = (event.give as Record<string, number>).food ?? 0;
    assert.equal(sent(result, 'credit').map((s) => [s.to, s.event.reason, s.event.resources]), give ? [[A, 'refund', res(0, give)]] : [], name);
    assert.equal(result.notifies.map((n) => [n.target, n.kind, n.data.code]), [[A, 'marketRefused', code]], name);
    assert.equal(m.context.trades, {}, name);
    assert.equal(m.timers, {}, name);
  }
});

test('escrow-carrying ids are only bounded in length, so an odd message id cannot destroy the escrow', () => {
  const m = market();
  assert.not.ok(applied(m.send({ ...offer, trade: 'ops:retry/1 x' }, A)).reply.refunded);
  refusedWith(m.send({ ...offer, trade: 'x'.repeat(201) }, A), 'RUNTIME_INVALID_EVENT');
});

test('a reused trade id and the per-nation limit are refunded too', () => {
  const m = openedTrade();
  const again = applied(m.send(offer, A));
  assert.is(again.reply.code, 'GAME_OUT_OF_RANGE');
  assert.is(sent(again, 'credit')[0]?.event.reason, 'refund');
  for (let i = 2; i <= 10; i += 1) applied(m.send({ ...offer, trade: `t${i}` }, A));
  const over = applied(m.send({ ...offer, trade: 't11' }, A));
  assert.is(over.reply.code, 'GAME_LIMIT_REACHED');
  assert.is(Object.keys(m.context.trades).length, 10);
  // The limit is per proposer: another nation may still offer.
  assert.not.ok(applied(m.send({ ...offer, trade: 't12', partner: A }, C)).reply.refunded);
});

test('acceptTrade collects the want from the partner; settlement waits for the payment', () => {
  const m = openedTrade();
  const result = applied(m.send({ type: 'acceptTrade', trade: 't1' }, B));
  const [collect] = sent(result, 'collect');
  assert.is(collect?.to, B);
  assert.equal(collect?.event.resources, res(200));
  assert.is(collect?.event.reason, 'trade_escrow');
  assert.is(collect?.event.partial, undefined);
  assert.is(m.context.trades.t1?.collecting, collect?.event.ref);
  // Being collected is not held yet.
  assert.equal(escrowHeld(m.context, 'gold'), res(0, 300));
  refusedWith(m.send({ type: 'acceptTrade', trade: 't1' }, B), 'GAME_WRONG_PHASE');
  refusedWith(m.send({ type: 'declineTrade', trade: 't1' }, B), 'GAME_WRONG_PHASE');
});

test('acceptTrade is only for the partner of an open trade', () => {
  const m = openedTrade();
  refusedWith(m.send({ type: 'acceptTrade', trade: 't1' }, A), 'GAME_NOT_PARTICIPANT');
  refusedWith(m.send({ type: 'acceptTrade', trade: 't1' }, C), 'GAME_NOT_PARTICIPANT');
  refusedWith(m.send({ type: 'acceptTrade', trade: 'nope' }, B), 'GAME_UNKNOWN_TARGET');
  refusedWith(m.send({ type: 'acceptTrade', trade: 't1' }), 'GAME_FORBIDDEN_SENDER');
  refusedWith(m.send({ type: 'acceptTrade', trade: 't1' }, 'alliance:x'), 'GAME_FORBIDDEN_SENDER');
});

test('collected settles the trade: both sides paid, trade recorded, timer cancelled', () => {
  const m = openedTrade();
  const ref = sent(applied(m.send({ type: 'acceptTrade', trade: 't1' }, B)), 'collect')[0]?.event.ref as string;
  const result = applied(m.send({ type: 'collected', ref, resources: { gold: 200 }, nation: B }, B));
  assert.equal(
    sent(result, 'credit').map((s) => [s.to, s.event.resources, s.event.reason]),
    [
      [B, res(0, 300), 'trade_settled'],
      [A, res(200), 'trade_settled'],
    ],
  );
  assert.equal(sent(result, 'tradeSettled').map((s) => [s.to, s.event.partner]), [[A, B], [B, A]], 'each side counts the trade with the other');
  assert.equal(rows(result, 'trades'), [{ trade: 't1', proposer: A, partner: B, give: res(0, 300), want: res(200), status: 'completed' }]);
  assert.equal(result.cancel.map((c) => c.id), ['trade:t1']);
  assert.equal(m.context.trades, {});
  assert.equal(m.context.collecting, {});
  assert.equal(m.timers, {});
  assert.equal(escrowHeld(m.context, 'gold'), res());
});

test('answers to a collection must come from the nation asked, naming itself', () => {
  const m = openedTrade();
  const ref = sent(applied(m.send({ type: 'acceptTrade', trade: 't1' }, B)), 'collect')[0]?.event.ref as string;
  refusedWith(m.send({ type: 'collected', ref, resources: { gold: 200 }, nation: A }, A), 'GAME_FORBIDDEN_SENDER');
  refusedWith(m.send({ type: 'collected', ref, resources: { gold: 200 }, nation: B }, A), 'GAME_FORBIDDEN_SENDER');
  refusedWith(m.send({ type: 'collected', ref, resources: { gold: 200 }, nation: B }), 'GAME_FORBIDDEN_SENDER');
  refusedWith(m.send({ type: 'collectFailed', ref, nation: B }, 'war:1'), 'GAME_FORBIDDEN_SENDER');
  refusedWith(m.send({ type: 'collectFailed', ref, nation: A }, A), 'GAME_FORBIDDEN_SENDER');
  refusedWith(m.send({ type: 'collectFailed', ref: 'nope', nation: B }, B), 'GAME_UNKNOWN_TARGET');
  assert.ok(m.context.collecting[ref]);
});

test('collectFailed leaves the trade open and tells the partner; it can be accepted again', () => {
  const m = openedTrade();
  const ref = sent(applied(m.send({ type: 'acceptTrade', trade: 't1' }, B)), 'collect')[0]?.event.ref as string;
  const result = applied(m.send({ type: 'collectFailed', ref, nation: B }, B));
  assert.is(result.sends.length, 0);
  assert.ok(result.notifies.some((n) => n.target === B && n.kind === 'tradePaymentFailed'));
  assert.is(m.context.trades.t1?.collecting, null);
  assert.equal(m.context.collecting, {});
  assert.is(sent(applied(m.send({ type: 'acceptTrade', trade: 't1' }, B)), 'collect').length, 1);
});

test('a payment that does not match what was asked is returned and the trade stays open', () => {
  const m = openedTrade();
  const ref = sent(applied(m.send({ type: 'acceptTrade', trade: 't1' }, B)), 'collect')[0]?.event.ref as string;
  const result = applied(m.send({ type: 'collected', ref, resources: { gold: 150 }, nation: B }, B));
  assert.equal(sent(result, 'credit').map((s) => [s.to, s.event.resources, s.event.reason]), [[B, res(150), 'refund']]);
  assert.ok(m.context.trades.t1);
  assert.is(m.context.trades.t1?.collecting, null);
});

test('a payment for a collection the market does not know is returned', () => {
  const m = market();
  const result = applied(m.send({ type: 'collected', ref: 'trade:x:y', resources: { food: 5 }, nation: B }, B));
  assert.equal(sent(result, 'credit').map((s) => [s.to, s.event.resources, s.event.reason]), [[B, res(0, 5), 'refund']]);
});

test('declineTrade by the partner, or cancel by the proposer, returns the give', () => {
  for (const [from, status] of [
    [B, 'declined'],
    [A, 'cancelled'],
  ] as const) {
    const m = openedTrade();
    const result = applied(m.send({ type: 'declineTrade', trade: 't1' }, from));
    assert.equal(sent(result, 'credit').map((s) => [s.to, s.event.resources, s.event.reason]), [[A, res(0, 300), 'refund']]);
    assert.is(rows(result, 'trades')[0]?.status, status);
    assert.equal(m.context.trades, {});
    assert.equal(m.timers, {});
  }
  const m = openedTrade();
  refusedWith(m.send({ type: 'declineTrade', trade: 't1' }, C), 'GAME_NOT_PARTICIPANT');
  refusedWith(m.send({ type: 'declineTrade', trade: 't2' }, B), 'GAME_UNKNOWN_TARGET');
  refusedWith(m.send({ type: 'declineTrade', trade: 't1' }), 'GAME_FORBIDDEN_SENDER');
});

test('an unanswered trade expires after trade.proposal_hours and returns the give', () => {
  const m = openedTrade();
  const result = applied(m.fire('trade:t1'));
  assert.is(result.at, T0 + 24 * HOUR);
  assert.equal(sent(result, 'credit').map((s) => [s.to, s.event.resources, s.event.reason]), [[A, res(0, 300), 'refund']]);
  assert.is(rows(result, 'trades')[0]?.status, 'expired');
  assert.equal(m.context.trades, {});
});

test('expiry during a collection waits for the answer: paid settles, short expires', () => {
  const paid = openedTrade();
  const ref = sent(applied(paid.send({ type: 'acceptTrade', trade: 't1' }, B)), 'collect')[0]?.event.ref as string;
  const fired = applied(paid.fire('trade:t1'));
  assert.is(fired.sends.length, 0);
  assert.ok(paid.context.trades.t1);
  assert.is(rows(applied(paid.send({ type: 'collected', ref, resources: { gold: 200 }, nation: B }, B)), 'trades')[0]?.status, 'completed');

  const short = openedTrade();
  const ref2 = sent(applied(short.send({ type: 'acceptTrade', trade: 't1' }, B)), 'collect')[0]?.event.ref as string;
  applied(short.fire('trade:t1'));
  const failed = applied(short.send({ type: 'collectFailed', ref: ref2, nation: B }, B));
  assert.is(rows(failed, 'trades')[0]?.status, 'expired');
  assert.equal(sent(failed, 'credit').map((s) => [s.to, s.event.reason]), [[A, 'refund']]);
  assert.equal(short.context.trades, {});
});

test('a gift (nothing wanted) settles as soon as it is accepted', () => {
  const m = market();
  applied(m.send({ ...offer, want: {} }, A));
  const result = applied(m.send({ type: 'acceptTrade', trade: 't1' }, B));
  assert.equal(sent(result, 'collect'), []);
  assert.equal(sent(result, 'credit').map((s) => [s.to, s.event.resources]), [[B, res(0, 300)]]);
  assert.is(rows(result, 'trades')[0]?.status, 'completed');
});

test('trades query lists a nation\'s open trades and changes nothing', () => {
  const m = openedTrade();
  applied(m.send({ ...offer, trade: 't2', partner: C }, B));
  applied(m.send({ ...offer, trade: 't3', partner: C }, A));
  const before = m.context;
  const result = applied(m.send({ type: 'trades', nation: B }));
  assert.equal((result.reply.trades as { id: string }[]).map((t) => t.id), ['t1', 't2']);
  assert.equal(m.context, before);
  assert.is(result.sends.length + result.records.length + result.notifies.length, 0);
});

test('the market survives a save and restore with its escrow and timers', () => {
  const rules = shippedRules();
  const kind = createMarketKind(rules);
  const first = applied(step({ kind, id: 'global', version: 0, record: null, at: T0, envelope: { id: 'a', to: 'market:global', event: offer, from: A } }));
  const restored = decodeRecord(kind, encodeRecord(kind, first.record));
  const timer = restored.timers['trade:t1'];
  assert.ok(timer);
  const envelope = { id: 'b', to: 'market:global', event: { type: 'xstate.timer' }, timer: { id: 'trade:t1', seq: timer?.seq ?? 0 } };
  const expired = applied(step({ kind, id: 'global', version: 1, record: restored, at: T0 + 25 * HOUR, envelope }));
  assert.equal(sent(expired, 'credit').map((s) => [s.to, s.event.reason]), [[A, 'refund']]);
});

test.run();
