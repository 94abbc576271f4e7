import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADDRESS, CITIZEN, DAY, LEADER, MINUTE, Nation, rowsOf, T0 } from './nation-harness.ts';

const PARTNER = 'nation:200';
const MARKET = 'market:global';
const sent = (result: { sends: readonly { to: string; event: unknown }[] }) => result.sends.map((entry) => [entry.to, entry.event]);

test('proposeTrade escrows what is given and opens the trade at the market', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'proposeTrade', by: CITIZEN, partner: PARTNER, give: { gold: 1 }, want: {} }, T0), 'GAME_NOT_LEADER');
  assert.is(nation.refused({ type: 'proposeTrade', by: LEADER, partner: ADDRESS, give: { gold: 1 }, want: {} }, T0), 'GAME_SELF_TARGET');
  assert.is(nation.refused({ type: 'proposeTrade', by: LEADER, partner: PARTNER, give: {}, want: {} }, T0), 'GAME_OUT_OF_RANGE');
  assert.is(nation.refused({ type: 'proposeTrade', by: LEADER, partner: PARTNER, give: { gold: 5000 }, want: {} }, T0), 'GAME_INSUFFICIENT_RESOURCES');
  const result = nation.ok({ type: 'proposeTrade', by: LEADER, partner: PARTNER, give: { gold: 100 }, want: { food: 50 } }, T0);
  const trade = String(result.reply.trade);
  assert.equal(sent(result), [[MARKET, { type: 'openTrade', trade, partner: PARTNER, give: { gold: 100, food: 0, materials: 0 }, want: { gold: 0, food: 50, materials: 0 } }]]);
  assert.equal(rowsOf(result, 'resource_transactions'), [{ nation: ADDRESS, resource: 'gold', delta: -100, reason: 'trade_escrow', ref: trade }]);
  assert.is(nation.context.resources.gold, 900);
  assert.is(nation.refused({ type: 'proposeTrade', by: LEADER, partner: PARTNER, give: { gold: 1 }, want: {} }, T0 + MINUTE), 'GAME_ON_COOLDOWN');
  nation.ok({ type: 'setFlag', by: LEADER, flag: 'trade', enabled: false }, T0);
  assert.is(nation.refused({ type: 'proposeTrade', by: LEADER, partner: PARTNER, give: { gold: 1 }, want: {} }, T0 + DAY), 'GAME_FEATURE_DISABLED');
  assert.is(nation.refused({ type: 'respondTrade', by: LEADER, trade: 't1', accept: true }, T0), 'GAME_FEATURE_DISABLED');
  assert.equal(sent(nation.ok({ type: 'respondTrade', by: LEADER, trade: 't1', accept: false }, T0)), [[MARKET, { type: 'declineTrade', trade: 't1' }]]);
  nation.ok({ type: 'setFlag', by: LEADER, flag: 'trade', enabled: true }, T0);
  assert.equal(sent(nation.ok({ type: 'respondTrade', by: LEADER, trade: 't1', accept: true }, T0)), [[MARKET, { type: 'acceptTrade', trade: 't1' }]]);
  assert.is(nation.refused({ type: 'respondTrade', by: CITIZEN, trade: 't1', accept: true }, T0), 'GAME_NOT_LEADER');
});

test('sell escrows the goods and lists them; buy and cancelListing forward', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'sell', by: LEADER, resource: 'gold', quantity: 1, price: 1 }, T0), 'GAME_OUT_OF_RANGE');
  assert.is(nation.refused({ type: 'sell', by: LEADER, resource: 'food', quantity: 5000, price: 1 }, T0), 'GAME_INSUFFICIENT_RESOURCES');
  assert.is(nation.refused({ type: 'sell', by: CITIZEN, resource: 'food', quantity: 1, price: 1 }, T0), 'GAME_NOT_LEADER');
  const result = nation.ok({ type: 'sell', by: LEADER, resource: 'food', quantity: 100, price: 80 }, T0);
  const listing = String(result.reply.listing);
  assert.equal(sent(result), [[MARKET, { type: 'list', listing, resource: 'food', quantity: 100, price: 80 }]]);
  assert.equal(rowsOf(result, 'resource_transactions'), [{ nation: ADDRESS, resource: 'food', delta: -100, reason: 'market_escrow', ref: listing }]);
  assert.is(nation.refused({ type: 'sell', by: LEADER, resource: 'food', quantity: 1, price: 1 }, T0 + 30_000), 'GAME_ON_COOLDOWN');
  assert.equal(sent(nation.ok({ type: 'buy', by: LEADER, listing: 'L1' }, T0)), [[MARKET, { type: 'buy', listing: 'L1' }]]);
  assert.equal(sent(nation.ok({ type: 'cancelListing', by: LEADER, listing: 'L1' }, T0)), [[MARKET, { type: 'withdraw', listing: 'L1' }]]);
  assert.is(nation.refused({ type: 'buy', by: CITIZEN, listing: 'L1' }, T0), 'GAME_NOT_LEADER');
  assert.is(nation.refused({ type: 'cancelListing', by: CITIZEN, listing: 'L1' }, T0), 'GAME_NOT_LEADER');
  nation.ok({ type: 'setFlag', by: LEADER, flag: 'market', enabled: false }, T0);
  assert.is(nation.refused({ type: 'buy', by: LEADER, listing: 'L1' }, T0), 'GAME_FEATURE_DISABLED');
  assert.is(nation.refused({ type: 'sell', by: LEADER, resource: 'food', quantity: 1, price: 1 }, T0 + DAY), 'GAME_FEATURE_DISABLED');
});

test('borrow and repay', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'borrow', by: LEADER, amount: 100, days: 15 }, T0), 'GAME_OUT_OF_RANGE');
  assert.is(nation.refused({ type: 'borrow', by: LEADER, amount: 10_001, days: 7 }, T0), 'GAME_OUT_OF_RANGE');
  assert.is(nation.refused({ type: 'borrow', by: CITIZEN, amount: 100, days: 7 }, T0), 'GAME_NOT_LEADER');
  const result = nation.ok({ type: 'borrow', by: LEADER, amount: 1000, days: 7 }, T0);
  assert.equal(sent(result), [[MARKET, { type: 'loan', loan: String(result.reply.loan), amount: 1000, days: 7 }]]);
  assert.equal(result.records, [], 'the principal arrives as the market\'s credit');
  assert.is(nation.refused({ type: 'borrow', by: LEADER, amount: 100, days: 7 }, T0 + MINUTE), 'GAME_ON_COOLDOWN');
  nation.ok({ type: 'setFlag', by: LEADER, flag: 'loans', enabled: false }, T0);
  assert.is(nation.refused({ type: 'borrow', by: LEADER, amount: 100, days: 7 }, T0 + DAY), 'GAME_FEATURE_DISABLED');
  assert.equal(sent(nation.ok({ type: 'repay', by: LEADER, loan: 'L1' }, T0)), [[MARKET, { type: 'repay', loan: 'L1' }]]);
  assert.is(nation.refused({ type: 'repay', by: CITIZEN, loan: 'L1' }, T0), 'GAME_NOT_LEADER');
});

test('invest debits currency and deposits; withdrawInvestment forwards', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'invest', by: LEADER, amount: 20_001 }, T0), 'GAME_OUT_OF_RANGE');
  assert.is(nation.refused({ type: 'invest', by: LEADER, amount: 1001 }, T0), 'GAME_INSUFFICIENT_RESOURCES');
  assert.is(nation.refused({ type: 'invest', by: CITIZEN, amount: 1 }, T0), 'GAME_NOT_LEADER');
  const result = nation.ok({ type: 'invest', by: LEADER, amount: 400 }, T0);
  const investment = String(result.reply.investment);
  assert.equal(sent(result), [[MARKET, { type: 'deposit', investment, amount: 400 }]]);
  assert.equal(rowsOf(result, 'resource_transactions'), [{ nation: ADDRESS, resource: 'gold', delta: -400, reason: 'investment', ref: investment }]);
  assert.is(nation.refused({ type: 'invest', by: LEADER, amount: 1 }, T0 + MINUTE), 'GAME_ON_COOLDOWN');
  nation.ok({ type: 'setFlag', by: LEADER, flag: 'investments', enabled: false }, T0);
  assert.is(nation.refused({ type: 'invest', by: LEADER, amount: 1 }, T0 + DAY), 'GAME_FEATURE_DISABLED');
  assert.equal(sent(nation.ok({ type: 'withdrawInvestment', by: LEADER, investment: 'I1' }, T0)), [[MARKET, { type: 'withdrawInvestment', investment: 'I1' }]]);
  assert.is(nation.refused({ type: 'withdrawInvestment', by: CITIZEN, investment: 'I1' }, T0), 'GAME_NOT_LEADER');
});

test('notifications flag off: no notify effects', () => {
  const nation = Nation.registered({ features: { notifications: false } });
  nation.ok({ type: 'build', by: LEADER, unit: 'infantry', quantity: 1 }, T0);
  const done = nation.ok({ type: 'completeBuilds' }, T0 + DAY);
  assert.equal(done.notifies, []);
  assert.is(nation.context.units.infantry, 1);
});

test('unknown and malformed events are refused by the schema', () => {
  const nation = Nation.registered();
  const unknown = nation.try({ type: 'missionDue', mission: 'x' }, T0);
  assert.is(unknown.outcome, 'refused');
  const bad = nation.try({ type: 'build', by: LEADER, unit: 'infantry', quantity: 0 }, T0);
  assert.is(bad.outcome, 'refused');
  const forged = nation.try({ type: 'join', by: '5', from: 'war:x' }, T0);
  assert.is(forged.outcome, 'refused', 'meta fields are not the sender\'s to set (strict schema)');
});

test('an escrow command whose message id the market could not take is refused before anything is paid', () => {
  const nation = Nation.registered();
  const long = 'x'.repeat(201);
  for (const event of [
    { type: 'proposeTrade', by: LEADER, partner: PARTNER, give: { gold: 10 }, want: {} },
    { type: 'sell', by: LEADER, resource: 'food', quantity: 10, price: 5 },
    { type: 'invest', by: LEADER, amount: 10 },
    { type: 'borrow', by: LEADER, amount: 10, days: 1 },
  ]) {
    const result = nation.try(event, T0, undefined, long);
    assert.is(result.outcome, 'refused', event.type);
    if (result.outcome === 'refused') assert.is(result.reply.code, 'GAME_OUT_OF_RANGE', event.type);
  }
  assert.is(nation.context.resources.gold, 1000);
  // At the market's limit it goes through.
  assert.is(nation.try({ type: 'sell', by: LEADER, resource: 'food', quantity: 10, price: 5 }, T0, undefined, 'x'.repeat(200)).outcome, 'applied');
});

test.run();
