import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeRecord, encodeRecord, step } from '../../../runtime/step.ts';
import { LIMITS } from '../../../actors/nation/context.ts';
import { ADDRESS, CITIZEN, DAY, LEADER, MINUTE, Nation, rowsOf, statsOf, STRANGER, T0 } from './nation-harness.ts';

test('register creates the nation with starting resources, territory and a stats emit', () => {
  const nation = new Nation();
  const result = nation.ok({ type: 'register', by: LEADER, name: 'Avalon', channelId: '55' }, T0);
  assert.is(nation.state, 'active');
  assert.is(nation.context.leader, LEADER);
  assert.equal(Object.keys(nation.context.citizens), [LEADER]);
  assert.equal(nation.context.resources, { gold: 1000, food: 1000, materials: 500 });
  assert.is(nation.context.territory, 100);
  assert.is(nation.context.settings.channelId, '55');
  assert.equal(
    rowsOf(result, 'resource_transactions').map((row) => [row.resource, row.delta, row.reason]),
    [['gold', 1000, 'starting'], ['food', 1000, 'starting'], ['materials', 500, 'starting']],
  );
  const stats = statsOf(result)!;
  assert.is(stats.nation, ADDRESS);
  assert.is(stats.name, 'Avalon');
  assert.is(stats.resources, 2500);
  assert.is(stats.inactive, false);
  assert.is(result.reply.ok, true);
});

test('a second register is refused; any other event before register is refused', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'register', by: STRANGER, name: 'Other' }, T0), 'GAME_ALREADY_REGISTERED');
  const fresh = new Nation();
  const result = fresh.try({ type: 'generate', period: 'p1' }, T0);
  assert.is(result.outcome, 'refused');
  if (result.outcome === 'refused') assert.is(result.reply.code, 'RUNTIME_UNKNOWN_ACTOR');
});

test('join and leave: citizenship rules', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'join', by: CITIZEN }, T0), 'GAME_ALREADY_CITIZEN');
  assert.is(nation.refused({ type: 'leave', by: STRANGER }, T0), 'GAME_NOT_CITIZEN');
  assert.is(nation.refused({ type: 'leave', by: LEADER }, T0), 'GAME_WRONG_PHASE');
  nation.ok({ type: 'appoint', by: LEADER, user: CITIZEN, officer: true }, T0);
  const left = nation.ok({ type: 'leave', by: CITIZEN }, T0);
  assert.is(nation.context.citizens[CITIZEN], undefined);
  assert.is(left.reply.citizens, 1);
  assert.equal(nation.context.officers, []);
});

test('citizen limit: a nation at LIMITS.citizens takes no one more', () => {
  const nation = Nation.registered();
  const { citizens, ...rest } = nation.context;
  const full = { ...citizens };
  for (let i = Object.keys(full).length; i < LIMITS.citizens; i++) full[String(10_000 + i)] = { contribution: 0, joinedAt: T0 };
  // Restored at the limit, as the runtime restores any record.
  nation.record = { snapshot: nation.kind.machine.resolveState({ value: 'active', context: { ...rest, citizens: full } }), timers: {} };
  assert.is(nation.refused({ type: 'join', by: STRANGER }, T0), 'GAME_LIMIT_REACHED');
  nation.ok({ type: 'leave', by: CITIZEN }, T0);
  assert.is(nation.ok({ type: 'join', by: STRANGER }, T0).reply.citizens, LIMITS.citizens);
});

test('settings and appoint are the leader\'s', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'settings', by: CITIZEN, stance: 'aggressive' }, T0), 'GAME_NOT_LEADER');
  assert.is(nation.refused({ type: 'settings', by: STRANGER, dm: false }, T0), 'GAME_NOT_CITIZEN');
  nation.ok({ type: 'settings', by: LEADER, stance: 'aggressive', dm: false, channelId: '77' }, T0);
  assert.is(nation.context.stance, 'aggressive');
  assert.equal(nation.context.settings, { channelId: '77', dm: false });
  assert.is(nation.refused({ type: 'appoint', by: CITIZEN, user: CITIZEN, officer: true }, T0), 'GAME_NOT_LEADER');
  assert.is(nation.refused({ type: 'appoint', by: LEADER, user: LEADER, officer: true }, T0), 'GAME_SELF_TARGET');
  assert.is(nation.refused({ type: 'appoint', by: LEADER, user: STRANGER, officer: true }, T0), 'GAME_UNKNOWN_TARGET');
  nation.ok({ type: 'appoint', by: LEADER, user: CITIZEN, officer: true }, T0);
  assert.equal(nation.context.officers, [CITIZEN]);
  nation.ok({ type: 'appoint', by: LEADER, user: CITIZEN, officer: false }, T0);
  assert.equal(nation.context.officers, []);
});

test('officer limit', () => {
  const nation = Nation.registered();
  for (let i = 0; i < 25; i++) {
    nation.ok({ type: 'join', by: String(1000 + i) }, T0);
    nation.ok({ type: 'appoint', by: LEADER, user: String(1000 + i), officer: true }, T0);
  }
  assert.is(nation.refused({ type: 'appoint', by: LEADER, user: CITIZEN, officer: true }, T0), 'GAME_LIMIT_REACHED');
});

test('contribute counts as contribution, moves no resources', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'contribute', by: STRANGER, resources: { gold: 5 } }, T0), 'GAME_NOT_CITIZEN');
  const result = nation.ok({ type: 'contribute', by: CITIZEN, resources: { gold: 5, food: 2 } }, T0 + MINUTE);
  assert.is(result.reply.contribution, 7);
  assert.is(nation.context.citizens[CITIZEN]!.contribution, 7);
  assert.is(nation.context.lastActiveAt, T0 + MINUTE);
  assert.equal(rowsOf(result, 'resource_transactions'), []);
  assert.is(statsOf(result), undefined, 'no board value changed');
});

test('build: pays the cost, queues, completes on completeBuilds or any later command', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'build', by: STRANGER, unit: 'infantry', quantity: 1 }, T0), 'GAME_NOT_CITIZEN');
  assert.is(nation.refused({ type: 'build', by: CITIZEN, unit: 'infantry', quantity: 1 }, T0), 'GAME_NOT_LEADER');
  assert.is(nation.refused({ type: 'build', by: LEADER, unit: 'naval', quantity: 100 }, T0), 'GAME_INSUFFICIENT_RESOURCES');
  const built = nation.ok({ type: 'build', by: LEADER, unit: 'infantry', quantity: 10 }, T0);
  assert.equal(nation.context.resources, { gold: 800, food: 900, materials: 450 });
  assert.equal(
    rowsOf(built, 'resource_transactions').map((row) => [row.resource, row.delta, row.reason]),
    [['gold', -200, 'build'], ['food', -100, 'build'], ['materials', -50, 'build']],
  );
  assert.is(built.reply.readyAt, T0 + 30 * MINUTE);
  assert.is(nation.context.buildQueue.length, 1);
  nation.ok({ type: 'completeBuilds' }, T0 + 29 * MINUTE);
  assert.is(nation.context.units.infantry, 0);
  const done = nation.ok({ type: 'completeBuilds' }, T0 + 30 * MINUTE);
  assert.is(nation.context.units.infantry, 10);
  assert.equal(nation.context.buildQueue, []);
  assert.is(statsOf(done)!.military, 100);
  assert.ok(done.notifies.some((entry) => entry.kind === 'buildsCompleted'));
  // Any later command completes due orders too.
  nation.ok({ type: 'build', by: LEADER, unit: 'infantry', quantity: 1 }, T0 + DAY);
  nation.ok({ type: 'contribute', by: CITIZEN, resources: {} }, T0 + DAY + 31 * MINUTE);
  assert.is(nation.context.units.infantry, 11);
});

test('officers may build; the queue is bounded', () => {
  const nation = Nation.registered();
  nation.ok({ type: 'appoint', by: LEADER, user: CITIZEN, officer: true }, T0);
  for (let i = 0; i < 50; i++) nation.ok({ type: 'build', by: CITIZEN, unit: 'infantry', quantity: 1 }, T0);
  assert.is(nation.refused({ type: 'build', by: CITIZEN, unit: 'infantry', quantity: 1 }, T0), 'GAME_LIMIT_REACHED');
});

test('generate: hourly, capped, recorded, once per period, none when inactive', () => {
  const nation = Nation.registered();
  const result = nation.ok({ type: 'generate', period: '2025-01-01T01' }, T0 + 60 * MINUTE);
  // 2 citizens: gold 20, food 16, materials 12.
  assert.equal(nation.context.resources, { gold: 1020, food: 1016, materials: 512 });
  assert.equal(rowsOf(result, 'resource_transactions').map((row) => [row.delta, row.reason, row.ref]), [
    [20, 'generation', 'generate:2025-01-01T01'],
    [16, 'generation', 'generate:2025-01-01T01'],
    [12, 'generation', 'generate:2025-01-01T01'],
  ]);
  assert.ok(statsOf(result));
  const again = nation.ok({ type: 'generate', period: '2025-01-01T01' }, T0 + 61 * MINUTE);
  assert.is(again.reply.skipped, 'period already handled');
  assert.equal(again.records, []);
  const older = nation.ok({ type: 'generate', period: '2025-01-01T00' }, T0 + 61 * MINUTE);
  assert.is(older.reply.skipped, 'period already handled');
});

test('generate stops at the storage cap', () => {
  const nation = Nation.registered();
  // Cap is 5000 + 100 × 100 = 15000 per resource.
  nation.ok({ type: 'credit', ref: 'x', resources: { gold: 13_990 }, reason: 'refund' }, T0, 'market:global');
  const result = nation.ok({ type: 'generate', period: 'p1' }, T0 + 60 * MINUTE);
  assert.is(nation.context.resources.gold, 15_000);
  assert.equal(result.reply.wasted, { gold: 10, food: 0, materials: 0 });
});

test('an event reaching a nation that was never registered is refused with GAME_NOT_REGISTERED', () => {
  const nation = new Nation();
  // As if the runtime let it through (a kind without `creates`): the machine still refuses.
  const result = step({
    kind: { ...nation.kind, creates: undefined },
    id: '100',
    version: 0,
    record: null,
    at: T0,
    envelope: { id: 'x1', to: ADDRESS, event: { type: 'join', by: CITIZEN } },
  });
  assert.is(result.outcome, 'refused');
  if (result.outcome === 'refused') assert.is(result.reply.code, 'GAME_NOT_REGISTERED');
});

test('the record survives encode/decode (JSON context, state and timers)', () => {
  const nation = Nation.registered();
  nation.ok({ type: 'build', by: LEADER, unit: 'infantry', quantity: 2 }, T0);
  nation.ok({ type: 'dailyCheck', period: 'd1' }, T0 + 20 * DAY);
  assert.is(nation.state, 'inactive');
  nation.record = decodeRecord(nation.kind, encodeRecord(nation.kind, nation.record!));
  assert.is(nation.state, 'inactive');
  nation.ok({ type: 'contribute', by: LEADER, resources: {} }, T0 + 20 * DAY);
  assert.is(nation.state, 'active');
  assert.is(nation.context.units.infantry, 2);
});

test.run();
