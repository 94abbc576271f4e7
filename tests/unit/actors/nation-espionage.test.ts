import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADDRESS, CITIZEN, HOUR, LEADER, MINUTE, Nation, rowsOf, statsOf, T0 } from './nation-harness.ts';

const ENEMY = 'nation:200';

function spymaster(): Nation {
  const nation = Nation.registered();
  nation.ok({ type: 'credit', ref: 'seed', resources: { gold: 10_000, food: 1000, materials: 1000 }, reason: 'refund' }, T0, 'market:global');
  return nation;
}

test('recruitSpies / trainCounterIntel: cost (sink recruit), limits, cooldown, role, flag', () => {
  const nation = spymaster();
  assert.is(nation.refused({ type: 'recruitSpies', by: CITIZEN, count: 1 }, T0), 'GAME_NOT_LEADER');
  assert.is(nation.refused({ type: 'recruitSpies', by: LEADER, count: 11 }, T0), 'GAME_LIMIT_REACHED');
  const result = nation.ok({ type: 'recruitSpies', by: LEADER, count: 3 }, T0);
  assert.is(nation.context.spies, 3);
  assert.equal(rowsOf(result, 'resource_transactions').map((row) => [row.resource, row.delta, row.reason]), [
    ['gold', -900, 'recruit'],
    ['food', -150, 'recruit'],
  ]);
  assert.is(nation.refused({ type: 'trainCounterIntel', by: LEADER, count: 1 }, T0 + 30_000), 'GAME_ON_COOLDOWN');
  nation.ok({ type: 'trainCounterIntel', by: LEADER, count: 2 }, T0 + MINUTE);
  assert.is(nation.context.counterIntel, 2);
  assert.is(nation.refused({ type: 'trainCounterIntel', by: LEADER, count: 4 }, T0 + 2 * MINUTE), 'GAME_LIMIT_REACHED');
  const poor = Nation.registered();
  assert.is(poor.refused({ type: 'recruitSpies', by: LEADER, count: 4 }, T0), 'GAME_INSUFFICIENT_RESOURCES');
  poor.ok({ type: 'setFlag', by: LEADER, flag: 'espionage', enabled: false }, T0);
  assert.is(poor.refused({ type: 'recruitSpies', by: LEADER, count: 1 }, T0), 'GAME_FEATURE_DISABLED');
});

test('launchMission pays, arms the timer, and the timer sends spyMission', () => {
  const nation = spymaster();
  assert.is(nation.refused({ type: 'launchMission', by: LEADER, target: ENEMY, mission: 'theft' }, T0), 'GAME_OUT_OF_RANGE');
  nation.ok({ type: 'recruitSpies', by: LEADER, count: 2 }, T0);
  assert.is(nation.refused({ type: 'launchMission', by: CITIZEN, target: ENEMY, mission: 'theft' }, T0), 'GAME_NOT_LEADER');
  assert.is(nation.refused({ type: 'launchMission', by: LEADER, target: ADDRESS, mission: 'theft' }, T0), 'GAME_SELF_TARGET');
  const launched = nation.ok({ type: 'launchMission', by: LEADER, target: ENEMY, mission: 'sabotage' }, T0);
  const mission = String(launched.reply.mission);
  assert.is(launched.reply.dueAt, T0 + HOUR);
  assert.equal(rowsOf(launched, 'resource_transactions').map((row) => [row.resource, row.delta, row.reason]), [
    ['gold', -250, 'mission_cost'],
    ['materials', -50, 'mission_cost'],
  ]);
  assert.equal(launched.arm.map((timer) => [timer.id, timer.due]), [[`mission:${mission}`, T0 + HOUR]]);
  assert.is(nation.refused({ type: 'launchMission', by: LEADER, target: ENEMY, mission: 'theft' }, T0 + 30 * MINUTE), 'GAME_ON_COOLDOWN');
  const fired = nation.fire(`mission:${mission}`);
  assert.is(fired.outcome, 'applied');
  assert.equal(fired.sends.map((entry) => [entry.to, entry.event]), [
    [ENEMY, { type: 'spyMission', mission, attacker: ADDRESS, kind: 'sabotage', spies: 2 }],
  ]);
  assert.ok(nation.context.missions[mission], 'in flight until the outcome arrives');
});

test('launchMission: cost, flag and the in-flight limit', () => {
  const poor = Nation.registered();
  poor.ok({ type: 'recruitSpies', by: LEADER, count: 1 }, T0);
  poor.ok({ type: 'collect', ref: 'x', resources: { gold: 600 }, reason: 'trade_settled' }, T0, 'market:global');
  assert.is(poor.refused({ type: 'launchMission', by: LEADER, target: ENEMY, mission: 'sabotage' }, T0), 'GAME_INSUFFICIENT_RESOURCES');
  poor.ok({ type: 'setFlag', by: LEADER, flag: 'espionage', enabled: false }, T0);
  assert.is(poor.refused({ type: 'launchMission', by: LEADER, target: ENEMY, mission: 'reconnaissance' }, T0), 'GAME_FEATURE_DISABLED');
  const busy = spymaster();
  busy.ok({ type: 'recruitSpies', by: LEADER, count: 1 }, T0);
  for (let i = 0; i < 5; i++) busy.ok({ type: 'launchMission', by: LEADER, target: ENEMY, mission: 'reconnaissance' }, T0 + i * HOUR);
  assert.is(busy.refused({ type: 'launchMission', by: LEADER, target: ENEMY, mission: 'reconnaissance' }, T0 + 5 * HOUR), 'GAME_LIMIT_REACHED');
  // Missions nobody answered are dropped a day after they were due.
  busy.ok({ type: 'dailyCheck', period: 'd1' }, T0 + 28 * HOUR + 30 * MINUTE);
  assert.equal(Object.keys(busy.context.missions).length, 1);
});

/** The target's side of one mission, with the message id chosen to get a given roll. */
function target(kind: 'reconnaissance' | 'sabotage' | 'theft', want: (reply: Record<string, unknown>) => boolean) {
  for (let i = 0; i < 500; i++) {
    const nation = Nation.registered();
    nation.ok({ type: 'build', by: LEADER, unit: 'infantry', quantity: 10 }, T0);
    const result = nation.ok({ type: 'spyMission', mission: 'M1', attacker: ENEMY, kind, spies: 2 }, T0 + MINUTE, ENEMY, `s${i}`);
    if (want(result.reply)) return { nation, result };
  }
  throw new Error('no seed gave that roll');
}

test('spyMission: only from the attacker itself', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'spyMission', mission: 'M1', attacker: ENEMY, kind: 'theft', spies: 2 }, T0), 'GAME_FORBIDDEN_SENDER');
  assert.is(nation.refused({ type: 'spyMission', mission: 'M1', attacker: ENEMY, kind: 'theft', spies: 2 }, T0, 'nation:300'), 'GAME_FORBIDDEN_SENDER');
});

test('spyMission success: reconnaissance reveals, sabotage destroys the queue, theft takes resources', () => {
  const recon = target('reconnaissance', (reply) => reply.success === true);
  assert.equal(recon.result.sends[0]!.event, {
    type: 'missionOutcome',
    mission: 'M1',
    success: true,
    discovered: false,
    intel: { units: { infantry: 0, armor: 0, aircraft: 0, naval: 0 }, queue: [{ unitType: 'infantry', quantity: 10 }], territory: 100 },
  });
  const sabotage = target('sabotage', (reply) => reply.success === true);
  assert.is(sabotage.nation.context.buildQueue[0]!.quantity, 5);
  assert.ok(sabotage.result.notifies.some((entry) => entry.kind === 'sabotaged'));
  const theft = target('theft', (reply) => reply.success === true);
  // 10 % of gold 800, food 900, materials 450.
  assert.equal(theft.nation.context.resources, { gold: 720, food: 810, materials: 405 });
  assert.equal(theft.result.sends[0]!.event, {
    type: 'missionOutcome',
    mission: 'M1',
    success: true,
    discovered: false,
    stolen: { gold: 80, food: 90, materials: 45 },
  });
  assert.equal(rowsOf(theft.result, 'resource_transactions').map((row) => [row.delta, row.reason]), [
    [-80, 'theft'],
    [-90, 'theft'],
    [-45, 'theft'],
  ]);
  assert.ok(statsOf(theft.result));
});

test('spyMission failure: discovered or not', () => {
  const caught = target('theft', (reply) => reply.success === false && reply.discovered === true);
  assert.ok(caught.result.notifies.some((entry) => entry.kind === 'spyDiscovered'));
  assert.equal(caught.result.sends[0]!.event, { type: 'missionOutcome', mission: 'M1', success: false, discovered: true });
  const quiet = target('theft', (reply) => reply.success === false && reply.discovered === false);
  assert.equal(quiet.result.notifies, []);
});

test('missionOutcome: credits stolen goods under the cap, stores intel, discovery costs spies and reputation', () => {
  const nation = spymaster();
  nation.ok({ type: 'recruitSpies', by: LEADER, count: 2 }, T0);
  const mission = String(nation.ok({ type: 'launchMission', by: LEADER, target: ENEMY, mission: 'theft' }, T0).reply.mission);
  assert.is(nation.refused({ type: 'missionOutcome', mission, success: true, discovered: false }, T0 + HOUR), 'GAME_FORBIDDEN_SENDER');
  assert.is(nation.refused({ type: 'missionOutcome', mission, success: true, discovered: false }, T0 + HOUR, 'nation:300'), 'GAME_FORBIDDEN_SENDER');
  assert.is(nation.refused({ type: 'missionOutcome', mission: 'nope', success: true, discovered: false }, T0 + HOUR, ENEMY), 'GAME_UNKNOWN_TARGET');
  // Gold 10,000 + 1,000 − 600 − 200 = 10,200; the cap is 15,000.
  const result = nation.ok({ type: 'missionOutcome', mission, success: true, discovered: false, stolen: { gold: 5000 } }, T0 + HOUR, ENEMY);
  assert.is(nation.context.resources.gold, 15_000);
  assert.equal(rowsOf(result, 'resource_transactions').map((row) => [row.delta, row.reason]), [
    [5000, 'theft'],
    [-200, 'spoils_lost'],
  ]);
  assert.equal(nation.context.missions, {});

  const spy = spymaster();
  spy.ok({ type: 'recruitSpies', by: LEADER, count: 2 }, T0);
  const recon = String(spy.ok({ type: 'launchMission', by: LEADER, target: ENEMY, mission: 'reconnaissance' }, T0).reply.mission);
  spy.ok({ type: 'missionOutcome', mission: recon, success: true, discovered: false, intel: { units: { infantry: 4 } } }, T0 + HOUR, ENEMY);
  assert.equal(spy.context.intel.map((report) => [report.target, report.type, report.data]), [[ENEMY, 'reconnaissance', { units: { infantry: 4 } }]]);
  const failed = String(spy.ok({ type: 'launchMission', by: LEADER, target: ENEMY, mission: 'reconnaissance' }, T0 + 2 * HOUR).reply.mission);
  const caught = spy.ok({ type: 'missionOutcome', mission: failed, success: false, discovered: true }, T0 + 3 * HOUR, ENEMY);
  assert.is(spy.context.spies, 1);
  assert.equal(rowsOf(caught, 'reputation_events'), [{ nation: ADDRESS, event: 'espionage_discovered', delta: -10, score: -10 }]);
  // A timer for a mission already answered does nothing.
  const late = spy.fire(`mission:${failed}`);
  assert.is(late.reply.ignored, 'mission gone');
  // Intel reports expire with the daily check.
  spy.ok({ type: 'dailyCheck', period: 'd1' }, T0 + 15 * 24 * HOUR);
  assert.equal(spy.context.intel, []);
});

test('missionOutcome: goods stolen for a mission the nation no longer runs go back to the target (found by the conservation property)', () => {
  // A theft in flight across a season reset: the reset clears the thief's
  // missions, the target is robbed after it. Refusing the outcome would keep
  // nothing of the step and destroy the goods the target already paid.
  const nation = spymaster();
  nation.ok({ type: 'recruitSpies', by: LEADER, count: 2 }, T0);
  const mission = String(nation.ok({ type: 'launchMission', by: LEADER, target: ENEMY, mission: 'theft' }, T0).reply.mission);
  nation.ok({ type: 'seasonReset', season: 2, theme: 'Age of Iron', startingBonus: 0 }, T0 + 30 * MINUTE);
  assert.equal(nation.context.missions, {});
  const before = nation.context.resources;
  const stolen = { gold: 120, food: 30, materials: 0 };
  const result = nation.ok({ type: 'missionOutcome', mission, success: true, discovered: false, stolen }, T0 + HOUR, ENEMY);
  assert.equal(result.sends.map((entry) => [entry.to, entry.event]), [
    [ENEMY, { type: 'credit', ref: `mission:${mission}`, resources: stolen, reason: 'refund' }],
  ]);
  assert.equal(nation.context.resources, before, 'the thief keeps nothing of a mission it no longer runs');
  assert.equal(rowsOf(result, 'resource_transactions'), [], 'the goods only pass through');
  // Without goods there is nothing to return, and an unknown mission is refused as before.
  assert.is(nation.refused({ type: 'missionOutcome', mission, success: true, discovered: false, stolen: {} }, T0 + HOUR, ENEMY), 'GAME_UNKNOWN_TARGET');
  // Only a nation's outcome carries goods.
  assert.is(nation.refused({ type: 'missionOutcome', mission, success: true, discovered: false, stolen }, T0 + HOUR), 'GAME_FORBIDDEN_SENDER');
});

test.run();
