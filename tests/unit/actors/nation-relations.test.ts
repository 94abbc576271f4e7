// GAME.md: "Trust between two nations is derived from both scores and shared
// history". Each nation counts what it did with or to each other nation this
// season (actors/nation/relations.ts); trust combines both nations' records
// with their reputations (actors/rules trust); a settled trade is counted
// when the market tells both sides (`tradeSettled`). Before, trust was a pure
// function nothing called and no shared history was kept (rules audit,
// 2026-12-01).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LIMITS } from '../../../actors/nation/context.ts';
import { sharedHistory, trustBetween } from '../../../actors/nation/index.ts';
import { NO_HISTORY } from '../../../actors/rules/index.ts';
import { ADDRESS, DAY, HOUR, LEADER, Nation, T0 } from './nation-harness.ts';

const OTHER = 'nation:200';

test('allying, leaving and a betrayal are remembered per nation and move the trust between them', () => {
  const nation = Nation.registered();
  const other = Nation.registered();
  const strangers = trustBetween(nation.context, { ...other.context, id: '200' });
  assert.is(strangers, 50, 'two neutral strangers');

  nation.joinAlliance('a1', [ADDRESS, OTHER], T0);
  assert.equal(nation.context.relations[OTHER], { alliancesFormed: 1 });
  const allied = trustBetween(nation.context, { ...other.context, id: '200' });
  assert.ok(allied > strangers, `allies trust each other more (${allied})`);

  nation.ok({ type: 'leaveAlliance', by: LEADER, alliance: 'a1' }, T0 + HOUR);
  nation.ok({ type: 'declareWar', by: LEADER, target: OTHER, reason: 'betrayal' }, T0 + 2 * HOUR);
  assert.equal(nation.context.relations[OTHER], { alliancesFormed: 1, alliancesBroken: 1, betrayals: 1 });
  const betrayed = trustBetween(nation.context, { ...other.context, id: '200' });
  assert.ok(betrayed < strangers, `a betrayal leaves less trust than strangers have (${betrayed})`);
});

test('a settled trade is remembered with its partner (from the market only, and not one of the season just reset)', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'tradeSettled', trade: 't1', partner: OTHER }, T0, 'nation:200'), 'GAME_FORBIDDEN_SENDER');
  nation.ok({ type: 'tradeSettled', trade: 't1', partner: OTHER }, T0, 'market:global');
  nation.ok({ type: 'tradeSettled', trade: 't2', partner: OTHER }, T0, 'market:global');
  assert.equal(nation.context.relations[OTHER], { trades: 2 });
  assert.ok(trustBetween(nation.context, { ...Nation.registered().context, id: '200' }) > 50, 'trading partners trust each other a little more');
  // Between the reset and the market's seasonClosed, what the market sends is the old season's.
  nation.ok({ type: 'seasonReset', season: 2, theme: 'New', startingBonus: 0 }, T0 + DAY);
  nation.ok({ type: 'tradeSettled', trade: 't3', partner: OTHER }, T0 + DAY, 'market:global');
  assert.equal(nation.context.relations, {});
});

test('both records count: an event only one side saw still shows from either side', () => {
  const a = Nation.registered();
  a.joinAlliance('a1', [ADDRESS, OTHER], T0);
  const b = { ...Nation.registered().context, id: '200', relations: { [ADDRESS]: { betrayals: 1 } } };
  assert.equal(sharedHistory(a.context, b), { ...NO_HISTORY, alliancesFormed: 1, betrayals: 1 });
  assert.equal(sharedHistory(b, a.context), sharedHistory(a.context, b));
});

test('the history is kept for at most LIMITS.relations nations, dropping the least recently met, and cleared by a season reset', () => {
  const nation = Nation.registered();
  const members = Array.from({ length: LIMITS.relations + 5 }, (_, i) => `nation:${1000 + i}`);
  // One alliance report naming more nations than the cap would not fit the schema; join several instead.
  for (let start = 0; start < members.length; start += 40) {
    const at = T0 + (start / 40) * 2 * DAY; // past alliance_break_minutes each time
    nation.joinAlliance(`a${start}`, [ADDRESS, ...members.slice(start, start + 40)], at);
    nation.ok({ type: 'leaveAlliance', by: LEADER, alliance: `a${start}` }, at);
  }
  const kept = Object.keys(nation.context.relations);
  assert.is(kept.length, LIMITS.relations);
  assert.not.ok(kept.includes(members[0]!), 'the first met is dropped first');
  assert.ok(kept.includes(members.at(-1)!));
  nation.ok({ type: 'seasonReset', season: 2, theme: 'New', startingBonus: 0 }, T0 + 20 * DAY);
  assert.equal(nation.context.relations, {});
});

test.run();
