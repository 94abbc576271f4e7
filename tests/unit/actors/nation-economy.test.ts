import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADDRESS, CITIZEN, DAY, LEADER, MINUTE, Nation, rowsOf, statsOf, T0 } from './nation-harness.ts';

/** 100 infantry ready, food at `food`. */
function army(food: number): Nation {
  const nation = Nation.registered();
  nation.ok({ type: 'credit', ref: 'seed', resources: { gold: 5000 }, reason: 'refund' }, T0, 'market:global');
  nation.ok({ type: 'build', by: LEADER, unit: 'infantry', quantity: 100 }, T0);
  assert.is(nation.context.resources.food, 0);
  if (food > 0) nation.ok({ type: 'credit', ref: 'food', resources: { food }, reason: 'refund' }, T0, 'market:global');
  nation.ok({ type: 'completeBuilds' }, T0 + 30 * MINUTE);
  assert.is(nation.context.units.infantry, 100);
  return nation;
}

test('upkeep charges a day of upkeep, once per period', () => {
  const nation = army(1000);
  const result = nation.ok({ type: 'upkeep', period: '2025-01-01' }, T0 + DAY);
  assert.is(nation.context.resources.food, 800);
  assert.equal(rowsOf(result, 'resource_transactions').map((row) => [row.resource, row.delta, row.reason]), [['food', -200, 'upkeep']]);
  assert.is(nation.context.units.infantry, 100);
  assert.equal(result.notifies.filter((entry) => entry.kind === 'unitsDisbanded'), []);
  const again = nation.ok({ type: 'upkeep', period: '2025-01-01' }, T0 + DAY);
  assert.is(again.reply.skipped, 'period already handled');
  assert.is(nation.context.resources.food, 800);
});

test('an upkeep shortfall disbands units in proportion to what could not be paid', () => {
  const nation = army(100);
  const result = nation.ok({ type: 'upkeep', period: '2025-01-01' }, T0 + DAY);
  assert.is(nation.context.resources.food, 0);
  assert.equal(result.reply.shortfall, { gold: 0, food: 100, materials: 0 });
  assert.is(nation.context.units.infantry, 50);
  assert.ok(result.notifies.some((entry) => entry.kind === 'unitsDisbanded'));
  assert.is(statsOf(result)!.military, 500);
});

test('credit: from market, war or nation only; not capped', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'credit', ref: 'r', resources: { gold: 1 }, reason: 'spoils' }, T0), 'GAME_FORBIDDEN_SENDER');
  assert.is(nation.refused({ type: 'credit', ref: 'r', resources: { gold: 1 }, reason: 'spoils' }, T0, 'election:1:1'), 'GAME_FORBIDDEN_SENDER');
  const result = nation.ok({ type: 'credit', ref: 'w1', resources: { gold: 50_000 }, reason: 'spoils' }, T0, 'war:w1');
  assert.is(nation.context.resources.gold, 51_000);
  assert.equal(rowsOf(result, 'resource_transactions'), [{ nation: ADDRESS, resource: 'gold', delta: 50_000, reason: 'spoils', ref: 'w1' }]);
  nation.ok({ type: 'credit', ref: 't', resources: { food: 1 }, reason: 'tribute' }, T0, 'nation:200');
  assert.is(nation.context.resources.food, 1001);
});

test('collect: debits and answers collected; short → collectFailed; partial takes what there is', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'collect', ref: 'r', resources: { gold: 1 }, reason: 'x' }, T0), 'GAME_FORBIDDEN_SENDER');
  assert.is(nation.refused({ type: 'collect', ref: 'r', resources: { gold: 1 }, reason: 'x' }, T0, 'nation:5'), 'GAME_FORBIDDEN_SENDER');
  const paid = nation.ok({ type: 'collect', ref: 'trade:1', resources: { gold: 300 }, reason: 'trade_settled' }, T0, 'market:global');
  assert.is(nation.context.resources.gold, 700);
  assert.equal(paid.sends.map((entry) => [entry.to, entry.event]), [
    ['market:global', { type: 'collected', ref: 'trade:1', resources: { gold: 300, food: 0, materials: 0 }, nation: ADDRESS }],
  ]);
  assert.equal(rowsOf(paid, 'resource_transactions'), [{ nation: ADDRESS, resource: 'gold', delta: -300, reason: 'trade_settled', ref: 'trade:1' }]);
  const failed = nation.ok({ type: 'collect', ref: 'trade:2', resources: { gold: 5000 }, reason: 'trade_settled' }, T0, 'market:global');
  assert.is(nation.context.resources.gold, 700);
  assert.equal(failed.sends[0]!.event, { type: 'collectFailed', ref: 'trade:2', nation: ADDRESS });
  const partial = nation.ok({ type: 'collect', ref: 'w:tribute', resources: { gold: 5000, food: 10 }, reason: 'tribute', partial: true }, T0, 'war:w');
  assert.equal(nation.context.resources, { gold: 0, food: 990, materials: 500 });
  assert.equal(partial.sends[0], {
    id: partial.sends[0]!.id,
    to: 'war:w',
    from: ADDRESS,
    event: { type: 'collected', ref: 'w:tribute', resources: { gold: 700, food: 10, materials: 0 }, nation: ADDRESS },
  });
});

test('dailyCheck marks a silent nation inactive; a citizen command wakes it; inactive nations generate nothing', () => {
  const nation = Nation.registered();
  const early = nation.ok({ type: 'dailyCheck', period: 'd1' }, T0 + 13 * DAY);
  assert.is(early.reply.inactive, false);
  assert.is(nation.state, 'active');
  const late = nation.ok({ type: 'dailyCheck', period: 'd2' }, T0 + 14 * DAY);
  assert.is(nation.state, 'inactive');
  assert.is(statsOf(late)!.inactive, true);
  assert.ok(late.notifies.some((entry) => entry.kind === 'nationInactive'));
  const skipped = nation.ok({ type: 'dailyCheck', period: 'd2' }, T0 + 15 * DAY);
  assert.is(skipped.reply.skipped, 'period already handled');
  const generated = nation.ok({ type: 'generate', period: 'h1' }, T0 + 14 * DAY);
  assert.is(generated.reply.skipped, 'inactive');
  assert.equal(nation.context.resources.gold, 1000);
  // A stranger's refused command does not wake it; a citizen's does.
  nation.refused({ type: 'leave', by: '999' }, T0 + 15 * DAY);
  assert.is(nation.state, 'inactive');
  const woken = nation.ok({ type: 'contribute', by: CITIZEN, resources: { gold: 1 } }, T0 + 15 * DAY);
  assert.is(nation.state, 'active');
  assert.is(statsOf(woken)!.inactive, false);
  nation.ok({ type: 'generate', period: 'h2' }, T0 + 15 * DAY);
  assert.is(nation.context.resources.gold, 1020);
});

test('dailyCheck prunes expired cooldowns and old betrayal memories', () => {
  const nation = Nation.registered();
  nation.context.cooldowns.war_declare_minutes = T0 + MINUTE;
  nation.context.brokenAlliances['nation:7'] = T0;
  nation.ok({ type: 'dailyCheck', period: 'd1' }, T0 + 4 * DAY);
  assert.equal(nation.context.cooldowns, {});
  assert.equal(nation.context.brokenAlliances, {});
});

test.run();
