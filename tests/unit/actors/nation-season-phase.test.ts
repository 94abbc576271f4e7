// GAME.md "Seasons": pre-season is for registering and post-season for
// results; wars, espionage and the market are the active season's. The
// scheduler fans each phase of season:current out to every nation
// (actors/periodic.ts `season_phase`); the nation keeps the newest one it
// heard and refuses the season's play outside `active`, saying until when.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DAY, HOUR, LEADER, Nation, T0 } from './nation-harness.ts';

const PLAY = [
  { type: 'declareWar', by: LEADER, target: 'nation:400', reason: '' },
  { type: 'launchMission', by: LEADER, target: 'nation:200', mission: 'reconnaissance' },
  { type: 'proposeTrade', by: LEADER, partner: 'nation:200', give: { food: 1 }, want: {} },
  { type: 'sell', by: LEADER, resource: 'food', quantity: 1, price: 1 },
  { type: 'buy', by: LEADER, listing: 'l1' },
  { type: 'borrow', by: LEADER, amount: 100, days: 3 },
  { type: 'invest', by: LEADER, amount: 100 },
  { type: 'respondWar', by: LEADER, war: 'w1', accept: true },
  { type: 'respondTrade', by: LEADER, trade: 't1', accept: true },
];

const phase = (nation: Nation, season: number, name: 'pre' | 'active' | 'post', at: number, endsAt: number | null = at + DAY) =>
  nation.ok({ type: 'seasonPhase', season, phase: name, endsAt }, at);

function armed(): Nation {
  const nation = Nation.registered();
  nation.ok({ type: 'recruitSpies', by: LEADER, count: 1 }, T0);
  nation.ok({ type: 'warOpened', war: 'w1', aggressor: 'nation:200', defender: 'nation:100' }, T0, 'war:w1');
  return nation;
}

test('pre-season and post-season refuse wars, espionage and the market, saying when they open; active allows them', () => {
  const nation = armed();
  const pre = phase(nation, 1, 'pre', T0, T0 + 2 * DAY);
  assert.equal(pre.notifies.map((entry) => [entry.kind, entry.data.phase]), [['seasonPhase', 'pre']]);
  for (const event of PLAY) assert.is(nation.refused(event, T0 + HOUR), 'GAME_WRONG_PHASE', event.type);
  const refusal = nation.try(PLAY[0]!, T0 + HOUR);
  if (refusal.outcome !== 'refused') throw new Error('expected a refusal');
  assert.match(refusal.reply.message, 'Season 1 has not begun yet (it begins in 47 hours)');

  phase(nation, 1, 'active', T0 + 2 * DAY);
  for (const event of PLAY.slice(0, 4)) nation.ok(event, T0 + 2 * DAY + HOUR);

  phase(nation, 1, 'post', T0 + 3 * DAY, T0 + 6 * DAY);
  const post = nation.try({ type: 'declareWar', by: LEADER, target: 'nation:300', reason: '' }, T0 + 3 * DAY + 2 * HOUR);
  if (post.outcome !== 'refused') throw new Error('expected a refusal');
  assert.is(post.reply.code, 'GAME_WRONG_PHASE');
  assert.match(post.reply.message, 'Season 1 is over and its standings are final. Wars, espionage and the market open again with the next season, in 3 days.');
  // Letting go is always possible: withdrawing a listing, repaying a loan.
  nation.ok({ type: 'cancelListing', by: LEADER, listing: 'l1' }, T0 + 3 * DAY + 2 * HOUR);
  nation.ok({ type: 'repay', by: LEADER, loan: 'n1' }, T0 + 3 * DAY + 2 * HOUR);
});

test('an older phase arriving late changes nothing; with seasons switched off, the phase does not gate play', () => {
  const nation = armed();
  phase(nation, 2, 'active', T0);
  const late = phase(nation, 2, 'pre', T0 + HOUR);
  assert.is(late.reply.skipped, 'phase already known');
  assert.equal(late.notifies, []);
  phase(nation, 1, 'post', T0 + HOUR);
  assert.equal(nation.context.seasonPhase, { season: 2, phase: 'active', endsAt: T0 + DAY });
  nation.ok(PLAY[0]!, T0 + 2 * HOUR);

  const off = Nation.registered({ features: { seasons: false } });
  phase(off, 1, 'pre', T0);
  off.ok(PLAY[0]!, T0 + HOUR);
});

test('before any season has started, play is open', () => {
  const nation = armed();
  assert.is(nation.context.seasonPhase, null);
  nation.ok(PLAY[0]!, T0);
});

test.run();
