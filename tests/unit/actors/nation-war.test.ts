import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADDRESS, CITIZEN, DAY, HOUR, LEADER, MINUTE, Nation, rowsOf, statsOf, STRANGER, T0 } from './nation-harness.ts';
import { War } from './war-harness.ts';

const ENEMY = 'nation:200';

function declare(nation: Nation, at = T0, target = ENEMY) {
  return nation.ok({ type: 'declareWar', by: LEADER, target, reason: 'glory' }, at);
}

test('declareWar sends war open, books the war, costs war_initiated, starts the cooldown', () => {
  const nation = Nation.registered();
  const result = declare(nation);
  const war = String(result.reply.war);
  assert.equal(result.sends.map((entry) => [entry.to, entry.event]), [
    [`war:${war}`, { type: 'open', aggressor: ADDRESS, defender: ENEMY, reason: 'glory', aggressorName: 'Avalon', betrayal: false }],
  ]);
  assert.equal(nation.context.wars[war], { role: 'aggressor', enemy: ENEMY, phase: 'proposed' });
  assert.is(nation.context.reputation, -5);
  assert.equal(rowsOf(result, 'reputation_events'), [{ nation: ADDRESS, event: 'war_initiated', delta: -5, score: -5 }]);
  assert.is(statsOf(result)!.reputation, -5);
  assert.is(nation.refused({ type: 'declareWar', by: LEADER, target: 'nation:300', reason: '' }, T0 + HOUR), 'GAME_ON_COOLDOWN');
  nation.ok({ type: 'declareWar', by: LEADER, target: 'nation:300', reason: '' }, T0 + DAY);
});

test('declareWar guards: role, flag (global and per nation), self, ally, already at war', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'declareWar', by: STRANGER, target: ENEMY, reason: '' }, T0), 'GAME_NOT_CITIZEN');
  assert.is(nation.refused({ type: 'declareWar', by: CITIZEN, target: ENEMY, reason: '' }, T0), 'GAME_NOT_LEADER');
  assert.is(nation.refused({ type: 'declareWar', by: LEADER, target: ADDRESS, reason: '' }, T0), 'GAME_SELF_TARGET');
  nation.joinAlliance('a1', [ADDRESS, ENEMY], T0);
  assert.is(nation.refused({ type: 'declareWar', by: LEADER, target: ENEMY, reason: '' }, T0), 'GAME_ALLY_TARGET');
  nation.ok({ type: 'setFlag', by: LEADER, flag: 'wars', enabled: false }, T0);
  assert.is(nation.refused({ type: 'declareWar', by: LEADER, target: 'nation:300', reason: '' }, T0), 'GAME_FEATURE_DISABLED');
  nation.ok({ type: 'setFlag', by: LEADER, flag: 'wars', enabled: null }, T0);
  declare(nation, T0, 'nation:300');
  assert.is(nation.refused({ type: 'declareWar', by: LEADER, target: 'nation:300', reason: '' }, T0 + 2 * DAY), 'GAME_WRONG_PHASE');
  const off = Nation.registered({ features: { wars: false } });
  assert.is(off.refused({ type: 'declareWar', by: LEADER, target: ENEMY, reason: '' }, T0), 'GAME_FEATURE_DISABLED');
  off.ok({ type: 'setFlag', by: LEADER, flag: 'wars', enabled: true }, T0);
  declare(off);
});

test('wars limit', () => {
  const nation = Nation.registered({ timers: { cooldowns: cooldownsWithout() } });
  for (let i = 0; i < 20; i++) declare(nation, T0, `nation:${300 + i}`);
  assert.is(nation.refused({ type: 'declareWar', by: LEADER, target: 'nation:999', reason: '' }, T0), 'GAME_LIMIT_REACHED');
});

test('declaring war on a former ally within the betrayal window is betrayal; after it, plain', () => {
  const nation = Nation.registered();
  nation.joinAlliance('a1', [ADDRESS, ENEMY], T0);
  assert.is(nation.context.reputation, 10);
  const left = nation.ok({ type: 'leaveAlliance', by: LEADER, alliance: 'a1' }, T0);
  assert.is(nation.context.reputation, -15);
  assert.equal(left.sends[0]!.event, { type: 'leave' });
  const result = declare(nation, T0 + 71 * HOUR);
  assert.is(result.reply.betrayal, true);
  assert.is(result.sends.find((send) => send.event.type === 'open')?.event.betrayal, true, 'the war is told, and tells the world');
  assert.is(nation.context.betrayals, 1);
  assert.is(nation.context.reputation, -90);
  assert.equal(rowsOf(result, 'reputation_events').map((row) => row.event), ['betrayal']);

  const patient = Nation.registered();
  patient.joinAlliance('a1', [ADDRESS, ENEMY], T0);
  patient.ok({ type: 'leaveAlliance', by: LEADER, alliance: 'a1' }, T0);
  const later = declare(patient, T0 + 73 * HOUR);
  assert.is(later.reply.betrayal, false);
  assert.is(later.sends.find((send) => send.event.type === 'open')?.event.betrayal, false);
  assert.equal(rowsOf(later, 'reputation_events').map((row) => row.event), ['war_initiated']);
});

test('warOpened books the defender side; respondWar forwards accept/decline', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'warOpened', war: 'w1', aggressor: ENEMY, defender: ADDRESS }, T0), 'GAME_FORBIDDEN_SENDER');
  assert.is(nation.refused({ type: 'warOpened', war: 'w1', aggressor: ENEMY, defender: ADDRESS }, T0, 'war:w2'), 'GAME_FORBIDDEN_SENDER');
  assert.is(nation.refused({ type: 'warOpened', war: 'w1', aggressor: ENEMY, defender: 'nation:300' }, T0, 'war:w1'), 'GAME_NOT_PARTICIPANT');
  const opened = nation.ok({ type: 'warOpened', war: 'w1', aggressor: ENEMY, defender: ADDRESS }, T0, 'war:w1');
  assert.equal(nation.context.wars.w1, { role: 'defender', enemy: ENEMY, phase: 'proposed' });
  assert.ok(opened.notifies.some((entry) => entry.kind === 'warDeclaredOnYou'));
  assert.is(nation.refused({ type: 'respondWar', by: CITIZEN, war: 'w1', accept: true }, T0), 'GAME_NOT_LEADER');
  assert.is(nation.refused({ type: 'respondWar', by: LEADER, war: 'nope', accept: true }, T0), 'GAME_NOT_PARTICIPANT');
  nation.ok({ type: 'setFlag', by: LEADER, flag: 'wars', enabled: false }, T0);
  assert.is(nation.refused({ type: 'respondWar', by: LEADER, war: 'w1', accept: true }, T0), 'GAME_FEATURE_DISABLED');
  const declined = nation.ok({ type: 'respondWar', by: LEADER, war: 'w1', accept: false }, T0);
  assert.equal(declined.sends[0]!.event, { type: 'decline', by: LEADER });
  nation.ok({ type: 'setFlag', by: LEADER, flag: 'wars', enabled: true }, T0);
  const accepted = nation.ok({ type: 'respondWar', by: LEADER, war: 'w1', accept: true }, T0);
  assert.equal(accepted.sends.map((entry) => [entry.to, entry.event]), [['war:w1', { type: 'accept', by: LEADER, name: 'Avalon' }]]);
  // The aggressor cannot answer its own declaration.
  const aggressor = Nation.registered();
  const war = String(declare(aggressor).reply.war);
  assert.is(aggressor.refused({ type: 'respondWar', by: LEADER, war, accept: true }, T0), 'GAME_NOT_PARTICIPANT');
  // warOpened for a war already booked changes nothing.
  aggressor.ok({ type: 'warOpened', war, aggressor: ADDRESS, defender: ENEMY }, T0, `war:${war}`);
  assert.is(aggressor.context.wars[war]!.role, 'aggressor');
});

test('peace, surrender and phases', () => {
  const nation = Nation.registered();
  nation.ok({ type: 'warOpened', war: 'w1', aggressor: ENEMY, defender: ADDRESS }, T0, 'war:w1');
  assert.is(nation.refused({ type: 'offerPeace', by: LEADER, war: 'w9' }, T0), 'GAME_NOT_PARTICIPANT');
  assert.is(nation.refused({ type: 'offerPeace', by: CITIZEN, war: 'w1' }, T0), 'GAME_NOT_LEADER');
  const offer = nation.ok({ type: 'offerPeace', by: LEADER, war: 'w1' }, T0);
  assert.equal(offer.sends[0]!.event, { type: 'offerPeace', by: LEADER });
  assert.is(nation.refused({ type: 'offerPeace', by: LEADER, war: 'w1' }, T0 + 59 * MINUTE), 'GAME_ON_COOLDOWN');
  nation.ok({ type: 'offerPeace', by: LEADER, war: 'w1' }, T0 + 60 * MINUTE);
  assert.is(nation.refused({ type: 'respondPeace', by: LEADER, war: 'w9', accept: true }, T0), 'GAME_NOT_PARTICIPANT');
  assert.is(nation.refused({ type: 'respondPeace', by: STRANGER, war: 'w1', accept: true }, T0), 'GAME_NOT_CITIZEN');
  const respond = nation.ok({ type: 'respondPeace', by: LEADER, war: 'w1', accept: false }, T0);
  assert.equal(respond.sends[0]!.event, { type: 'respondPeace', by: LEADER, accept: false });
  assert.is(nation.refused({ type: 'surrender', by: LEADER, war: 'w9' }, T0), 'GAME_NOT_PARTICIPANT');
  assert.is(nation.refused({ type: 'surrender', by: CITIZEN, war: 'w1' }, T0), 'GAME_NOT_LEADER');
  const surrender = nation.ok({ type: 'surrender', by: LEADER, war: 'w1' }, T0);
  assert.equal(surrender.sends[0]!.event, { type: 'surrender', by: LEADER });
  assert.is(nation.refused({ type: 'warPhase', war: 'w1', phase: 'active' }, T0), 'GAME_FORBIDDEN_SENDER');
  nation.ok({ type: 'warPhase', war: 'w1', phase: 'preparation' }, T0, 'war:w1');
  assert.is(nation.context.wars.w1!.phase, 'preparation');
  nation.ok({ type: 'warPhase', war: 'zz', phase: 'preparation' }, T0, 'war:zz');
  assert.is(nation.context.wars.zz, undefined);
});

test('muster answers mustered with the side; battleResult applies casualties and territory', () => {
  const nation = Nation.registered();
  nation.ok({ type: 'build', by: LEADER, unit: 'infantry', quantity: 10 }, T0);
  nation.joinAlliance('a1', [ADDRESS, 'nation:7', 'nation:8'], T0);
  nation.joinAlliance('a2', [ADDRESS, 'nation:8'], T0);
  nation.ok({ type: 'warOpened', war: 'w1', aggressor: ENEMY, defender: ADDRESS }, T0, 'war:w1');
  assert.is(nation.refused({ type: 'muster', war: 'w1', role: 'defender' }, T0), 'GAME_FORBIDDEN_SENDER');
  assert.is(nation.refused({ type: 'muster', war: 'w1', role: 'defender' }, T0, 'war:w2'), 'GAME_FORBIDDEN_SENDER');
  const mustered = nation.ok({ type: 'muster', war: 'w1', role: 'defender' }, T0 + HOUR, 'war:w1');
  assert.equal(mustered.sends.map((entry) => [entry.to, entry.event]), [
    [
      'war:w1',
      {
        type: 'mustered',
        war: 'w1',
        nation: ADDRESS,
        side: {
          units: { infantry: 10, armor: 0, aircraft: 0, naval: 0 },
          stance: 'balanced',
          resources: { gold: 800, food: 900, materials: 450 },
          storageCap: { gold: 15_000, food: 15_000, materials: 15_000 },
          territory: 100,
        },
      },
    ],
  ]);
  assert.is(nation.refused({ type: 'battleResult', war: 'w1', casualties: {}, won: true, territory: 1 }, T0, 'market:global'), 'GAME_FORBIDDEN_SENDER');
  const lost = nation.ok({ type: 'battleResult', war: 'w1', casualties: { infantry: 3 }, won: false, territory: 10 }, T0 + HOUR, 'war:w1');
  assert.is(nation.context.units.infantry, 7);
  assert.is(nation.context.territory, 90);
  assert.is(statsOf(lost)!.territory, 90);
  nation.ok({ type: 'battleResult', war: 'w1', casualties: { infantry: 99 }, won: true, territory: 5 }, T0 + HOUR, 'war:w1');
  assert.is(nation.context.units.infantry, 0);
  assert.is(nation.context.territory, 95);
  // A war this nation is not in (one a season reset called off): its result takes nothing.
  const stale = nation.ok({ type: 'battleResult', war: 'w2', casualties: { infantry: 1 }, won: false, territory: 50 }, T0 + HOUR, 'war:w2');
  assert.is(stale.reply.ignored, 'unknown war');
  assert.is(nation.context.territory, 95);
});

test('warEnded: win, loss, peace treaty (honoured or violated), declined', () => {
  const won = Nation.registered();
  const w = String(declare(won).reply.war);
  assert.is(won.refused({ type: 'warEnded', war: w, outcome: 'victory', winner: ADDRESS }, T0), 'GAME_FORBIDDEN_SENDER');
  const result = won.ok({ type: 'warEnded', war: w, outcome: 'victory', winner: ADDRESS }, T0, `war:${w}`);
  assert.is(won.context.warsWon, 1);
  assert.is(won.context.reputation, 5);
  assert.equal(won.context.wars, {});
  assert.is(statsOf(result)!.wars_won, 1);
  const unknown = won.ok({ type: 'warEnded', war: w, outcome: 'victory', winner: ADDRESS }, T0, `war:${w}`);
  assert.is(unknown.reply.ignored, 'unknown war');

  const lost = Nation.registered();
  lost.ok({ type: 'warOpened', war: 'w1', aggressor: ENEMY, defender: ADDRESS }, T0, 'war:w1');
  lost.ok({ type: 'warEnded', war: 'w1', outcome: 'surrender', winner: ENEMY }, T0, 'war:w1');
  assert.is(lost.context.warsLost, 1);
  assert.is(lost.context.reputation, -5);

  const declined = Nation.registered();
  declined.ok({ type: 'warOpened', war: 'w1', aggressor: ENEMY, defender: ADDRESS }, T0, 'war:w1');
  declined.ok({ type: 'warEnded', war: 'w1', outcome: 'declined', winner: null }, T0, 'war:w1');
  assert.is(declined.context.reputation, 0);
  assert.equal(declined.context.wars, {});

  const peace = Nation.registered();
  peace.ok({ type: 'warOpened', war: 'w1', aggressor: ENEMY, defender: ADDRESS }, T0, 'war:w1');
  peace.ok({ type: 'warEnded', war: 'w1', outcome: 'peace' }, T0, 'war:w1');
  assert.equal(peace.context.treaties, { [ENEMY]: T0 + 14 * DAY });
  const violated = declare(peace, T0 + DAY);
  assert.is(violated.reply.treatyViolated, true);
  assert.equal(rowsOf(violated, 'reputation_events').map((row) => row.event), ['treaty_violated']);
  assert.equal(peace.context.treaties, {});

  const honoured = Nation.registered({ timers: { war: { proposal_hours: 12, preparation_hours: 24, peace_offer_hours: 12, peace_treaty_days: 2 } as never } });
  honoured.ok({ type: 'warOpened', war: 'w1', aggressor: ENEMY, defender: ADDRESS }, T0, 'war:w1');
  honoured.ok({ type: 'warEnded', war: 'w1', outcome: 'peace' }, T0, 'war:w1');
  assert.equal(honoured.context.treaties, { [ENEMY]: T0 + 2 * DAY });
  honoured.ok({ type: 'dailyCheck', period: 'd1' }, T0 + DAY);
  assert.is(honoured.context.reputation, 0);
  const check = honoured.ok({ type: 'dailyCheck', period: 'd2' }, T0 + 2 * DAY);
  assert.equal(check.reply.treatiesHonoured, [ENEMY]);
  assert.is(honoured.context.reputation, 15);
  assert.equal(rowsOf(check, 'reputation_events').map((row) => row.event), ['peace_treaty_honoured']);
});

function cooldownsWithout() {
  return {
    war_declare_minutes: 0,
    war_peace_minutes: 0,
    alliance_propose_minutes: 0,
    alliance_break_minutes: 0,
    spy_recruit_minutes: 0,
    spy_mission_minutes: 0,
    trade_propose_minutes: 0,
    market_list_minutes: 0,
    loan_minutes: 0,
    invest_minutes: 0,
  };
}

test('muster sends at most what the war\'s schema takes: a richer nation still fights, with its stock counted up to the cap', () => {
  const nation = Nation.registered();
  nation.ok({ type: 'warOpened', war: 'w1', aggressor: ENEMY, defender: ADDRESS }, T0, 'war:w1');
  for (const ref of ['c1', 'c2']) nation.ok({ type: 'credit', ref, resources: { gold: 1_000_000_000 }, reason: 'refund' }, T0, 'market:global');
  assert.ok(nation.context.resources.gold > 1_000_000_000);
  const mustered = nation.ok({ type: 'muster', war: 'w1', role: 'defender' }, T0 + HOUR, 'war:w1');
  const side = mustered.sends[0]!.event.side as { resources: { gold: number } };
  assert.is(side.resources.gold, 1_000_000_000);
  const war = new War();
  war.ok({ type: 'open', aggressor: ENEMY, defender: ADDRESS, reason: '' }, ENEMY, T0);
  war.ok({ type: 'accept' }, ADDRESS, T0);
  war.fire('preparation');
  war.ok(mustered.sends[0]!.event as { type: string }, ADDRESS, T0 + 25 * HOUR);
});

test.run();
