// Ids that are the names of properties every object has (`constructor`,
// `__proto__`, `toString`…) index nothing in the actors' contexts. Before,
// `ctx.wars['constructor']` found the built-in: offering peace in war
// "constructor" started a real cooldown and replied "offered peace", breaking
// alliance "constructor" threw until the message was dead-lettered, and
// buying listing "constructor" left a junk entry in market:global. Found by
// a bad-input audit (2026-12-01).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMarketKind } from '../../../actors/market/index.ts';
import { step } from '../../../runtime/step.ts';
import { shippedRules } from '../../support/game-rules.ts';
import { LEADER, Nation, T0 } from './nation-harness.ts';

const BUILT_INS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

test('a command naming a war, alliance, mission or listing by a built-in name is refused and changes nothing', () => {
  const nation = Nation.registered();
  for (const id of BUILT_INS) {
    for (const event of [
      { type: 'offerPeace', by: LEADER, war: id },
      { type: 'respondPeace', by: LEADER, war: id, accept: true },
      { type: 'surrender', by: LEADER, war: id },
      { type: 'leaveAlliance', by: LEADER, alliance: id },
      { type: 'inviteToAlliance', by: LEADER, alliance: id, nation: 'nation:300' },
      { type: 'respondAlliance', by: LEADER, alliance: id, accept: true },
      { type: 'buy', by: LEADER, listing: id },
    ]) {
      assert.is(nation.refused(event, T0), 'RUNTIME_INVALID_EVENT', `${event.type} ${id}`);
    }
  }
  assert.equal(nation.context.cooldowns, {});
  assert.equal(nation.context.pendingAlliances, {});
});

test('a command whose own message id is a built-in name creates nothing by that name', () => {
  const nation = Nation.registered();
  for (const event of [
    { type: 'declareWar', by: LEADER, target: 'nation:200', reason: '' },
    { type: 'proposeAlliance', by: LEADER, partner: 'nation:200', name: 'Pact', treaty: 'defense' },
    { type: 'sell', by: LEADER, resource: 'food', quantity: 1, price: 1 },
  ]) {
    const result = nation.try(event, T0, undefined, 'constructor');
    assert.is(result.outcome, 'refused', event.type);
    if (result.outcome === 'refused') assert.is(result.reply.code, 'GAME_OUT_OF_RANGE');
  }
  assert.equal(nation.context.wars, {});
});

test('market:global refuses a built-in listing, trade, loan or investment id', () => {
  const kind = createMarketKind(shippedRules());
  for (const event of [
    { type: 'buy', listing: 'constructor' },
    { type: 'withdraw', listing: '__proto__' },
    { type: 'acceptTrade', trade: 'toString' },
    { type: 'repay', loan: 'valueOf' },
    { type: 'withdrawInvestment', investment: 'hasOwnProperty' },
  ]) {
    const result = step({ kind, id: 'global', version: 0, record: null, at: T0, envelope: { id: 'm1', to: 'market:global', event, from: 'nation:1' } });
    assert.is(result.outcome, 'refused', event.type);
    if (result.outcome === 'refused') assert.is(result.reply.code, 'RUNTIME_INVALID_EVENT', event.type);
  }
});

test.run();
