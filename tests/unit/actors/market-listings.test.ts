// market:global — listings: escrowed goods, purchase by collection, the fee
// sink, withdrawal, expiry and the board query.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { escrowHeld } from '../../../actors/market/index.ts';
import type { GameRules } from '../../../actors/common/game-rules.ts';
import { shippedRules } from '../../support/game-rules.ts';
import { T0, DAY, A, B, C, res, market } from './market-harness.ts';
import { applied, refusedWith, sent, rows } from './step-results.ts';

const listing = { type: 'list', listing: 'l1', resource: 'food', quantity: 500, price: 101 };

function listed(rules?: GameRules) {
  const m = market(rules);
  applied(m.send(listing, A));
  return m;
}

function bought(m: ReturnType<typeof market>, buyer = B): string {
  return sent(applied(m.send({ type: 'buy', listing: 'l1' }, buyer)), 'collect')[0]?.event.ref as string;
}

test('list holds the goods in escrow and arms the expiry', () => {
  const m = market();
  const result = applied(m.send(listing, A));
  assert.equal(escrowHeld(m.context, 'gold'), res(0, 500));
  assert.is(m.context.listings.l1?.seller, A);
  assert.is(result.reply.expiresAt, T0 + 7 * DAY);
  assert.is(m.timers['listing:l1']?.due, T0 + 7 * DAY);
  assert.is(result.sends.length, 0);
});

test('a list the market turns down returns the goods', () => {
  const cases: [Record<string, unknown>, string, GameRules?][] = [
    [{ ...listing, resource: 'gold' }, 'GAME_OUT_OF_RANGE'],
    [listing, 'GAME_FEATURE_DISABLED', shippedRules({ features: { market: false } })],
  ];
  for (const [event, code, rules] of cases) {
    const m = market(rules);
    const result = applied(m.send(event as typeof listing, A));
    assert.is(result.reply.code, code);
    assert.equal(sent(result, 'credit').map((s) => [s.to, s.event.reason, s.event.quantity ?? s.event.resources]), [
      [A, 'refund', event.resource === 'gold' ? res(500) : res(0, 500)],
    ]);
    assert.equal(m.context.listings, {});
  }
  const m = listed();
  assert.is(applied(m.send(listing, A)).reply.code, 'GAME_OUT_OF_RANGE');
  for (let i = 2; i <= 20; i += 1) applied(m.send({ ...listing, listing: `l${i}` }, A));
  assert.is(applied(m.send({ ...listing, listing: 'l21' }, A)).reply.code, 'GAME_LIMIT_REACHED');
  refusedWith(m.send({ ...listing, listing: 'l22' }), 'GAME_FORBIDDEN_SENDER');
});

test('buy reserves the listing and collects the price in the currency', () => {
  const m = listed();
  const result = applied(m.send({ type: 'buy', listing: 'l1' }, B));
  const [collect] = sent(result, 'collect');
  assert.equal([collect?.to, collect?.event.resources, collect?.event.reason], [B, res(101), 'market_purchase']);
  assert.is(m.context.listings.l1?.buyer, B);
  refusedWith(m.send({ type: 'buy', listing: 'l1' }, C), 'GAME_WRONG_PHASE');
  refusedWith(m.send({ type: 'withdraw', listing: 'l1' }, A), 'GAME_WRONG_PHASE');
});

test('buy is refused for the seller, unknown listings, forged senders and a closed market', () => {
  const m = listed();
  refusedWith(m.send({ type: 'buy', listing: 'l1' }, A), 'GAME_SELF_TARGET');
  refusedWith(m.send({ type: 'buy', listing: 'l9' }, B), 'GAME_UNKNOWN_TARGET');
  refusedWith(m.send({ type: 'buy', listing: 'l1' }), 'GAME_FORBIDDEN_SENDER');
  refusedWith(m.send({ type: 'buy', listing: 'l1' }, 'election:1:1'), 'GAME_FORBIDDEN_SENDER');
  const closed = market(shippedRules({ features: { market: false } }));
  refusedWith(closed.send({ type: 'buy', listing: 'l1' }, B), 'GAME_FEATURE_DISABLED');
});

test('collected completes the sale: goods to the buyer, price less the fee to the seller, fee destroyed', () => {
  const m = listed();
  const ref = bought(m);
  const result = applied(m.send({ type: 'collected', ref, resources: { gold: 101 }, nation: B }, B));
  // 5 % of 101 = 5.05, rounded up (actors/rules marketSale) so small sales cannot dodge the sink.
  assert.equal(
    sent(result, 'credit').map((s) => [s.to, s.event.resources, s.event.reason]),
    [
      [B, res(0, 500), 'market_purchase'],
      [A, res(95), 'market_sale'],
    ],
  );
  assert.equal(rows(result, 'resource_transactions'), [
    { nation: 'market:global', resource: 'gold', delta: -6, reason: 'market_fee', ref: 'listing:l1' },
  ]);
  assert.equal(rows(result, 'market_sales'), [{ listing: 'l1', seller: A, buyer: B, resource: 'food', quantity: 500, price: 101, fee: 6 }]);
  assert.equal(m.context.listings, {});
  assert.equal(m.timers, {});
  assert.equal(escrowHeld(m.context, 'gold'), res());
});

test('collectFailed frees the listing for other buyers', () => {
  const m = listed();
  const ref = bought(m);
  const result = applied(m.send({ type: 'collectFailed', ref, nation: B }, B));
  assert.equal(result.notifies.map((n) => [n.target, n.kind]), [[B, 'purchaseFailed']]);
  assert.is(m.context.listings.l1?.buyer, null);
  assert.ok(bought(m, C));
});

test('withdraw returns the goods to the seller only', () => {
  const m = listed();
  refusedWith(m.send({ type: 'withdraw', listing: 'l1' }, B), 'GAME_NOT_PARTICIPANT');
  refusedWith(m.send({ type: 'withdraw', listing: 'l2' }, A), 'GAME_UNKNOWN_TARGET');
  refusedWith(m.send({ type: 'withdraw', listing: 'l1' }), 'GAME_FORBIDDEN_SENDER');
  const result = applied(m.send({ type: 'withdraw', listing: 'l1' }, A));
  assert.equal(sent(result, 'credit').map((s) => [s.to, s.event.resources, s.event.reason]), [[A, res(0, 500), 'refund']]);
  assert.equal(result.cancel.map((c) => c.id), ['listing:l1']);
  assert.equal(m.context.listings, {});
});

test('an unsold listing expires after market.listing_days and returns the goods', () => {
  const m = listed();
  const result = applied(m.fire('listing:l1'));
  assert.is(result.at, T0 + 7 * DAY);
  assert.equal(sent(result, 'credit').map((s) => [s.to, s.event.resources, s.event.reason]), [[A, res(0, 500), 'refund']]);
  assert.equal(result.notifies.map((n) => n.kind), ['listingExpired']);
  assert.equal(m.context.listings, {});
});

test('expiry of a reserved listing waits for the payment: paid sells, short returns the goods', () => {
  const paid = listed();
  const ref = bought(paid);
  assert.equal(applied(paid.fire('listing:l1')).sends, []);
  assert.is(rows(applied(paid.send({ type: 'collected', ref, resources: { gold: 101 }, nation: B }, B)), 'market_sales').length, 1);

  const short = listed();
  const ref2 = bought(short);
  applied(short.fire('listing:l1'));
  const result = applied(short.send({ type: 'collectFailed', ref: ref2, nation: B }, B));
  assert.equal(sent(result, 'credit').map((s) => [s.to, s.event.reason]), [[A, 'refund']]);
  assert.equal(short.context.listings, {});
});

test('listings query: cheapest per unit first, filtered and limited, changing nothing', () => {
  const m = market();
  applied(m.send({ ...listing, listing: 'dear', price: 1000, quantity: 100 }, A));
  applied(m.send({ ...listing, listing: 'cheap', price: 100, quantity: 100 }, B));
  applied(m.send({ ...listing, listing: 'ore', resource: 'materials', price: 10, quantity: 100 }, C));
  const before = m.context;
  const all = applied(m.send({ type: 'listings', limit: 10 }));
  assert.equal((all.reply.listings as { id: string }[]).map((l) => l.id), ['ore', 'cheap', 'dear']);
  const food = applied(m.send({ type: 'listings', resource: 'food', limit: 1 }));
  assert.equal((food.reply.listings as { id: string }[]).map((l) => l.id), ['cheap']);
  assert.equal(m.context, before);
  refusedWith(m.send({ type: 'listings', limit: 1000 }), 'RUNTIME_INVALID_EVENT');
});

test.run();
