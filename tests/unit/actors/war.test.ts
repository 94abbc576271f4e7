// The war's main flow: declared → declined | expired | preparation → battle →
// tribute and spoils → concluded.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeRecord, encodeRecord } from '../../../runtime/step.ts';
import { A, accepted, D, emitsOfType, HOUR, kind, mustered, mustering, opened, rules, sendsOfType, T0, War } from './war-harness.ts';

test('open: proposed, both nations told, declaration public and notified, expiry armed', () => {
  const war = new War();
  const applied = war.ok({ type: 'open', aggressor: A, defender: D, reason: 'border dispute', aggressorName: 'Attackland' }, A, T0);
  const proposalDue = T0 + rules.timers.war.proposal_hours * HOUR;
  assert.is(war.state, 'proposed');
  assert.equal(applied.reply, { ok: true, war: 'w1', proposalDue, version: 1, state: 'proposed' });
  assert.equal(
    sendsOfType(applied, 'warOpened').map((send) => [send.to, send.event]),
    [
      [A, { type: 'warOpened', war: 'w1', aggressor: A, defender: D }],
      [D, { type: 'warOpened', war: 'w1', aggressor: A, defender: D }],
    ],
  );
  const declared = emitsOfType(applied, 'warDeclared');
  assert.equal(declared.map((emit) => emit.room), ['war:w1', 'global']);
  assert.is(declared[0]!.event.aggressorName, 'Attackland');
  assert.is(declared[0]!.event.reason, 'border dispute');
  assert.is(declared[0]!.event.betrayal, false, 'a plain declaration');
  assert.equal(applied.notifies.map((n) => [n.target, n.kind]), [
    [A, 'warDeclared'],
    [D, 'warDeclared'],
  ]);
  assert.equal(applied.arm.map((timer) => timer.due), [proposalDue]);
});

test('a war opened as a betrayal says so in its public declaration (the ticker shows it)', () => {
  const war = new War();
  const applied = war.ok({ type: 'open', aggressor: A, defender: D, reason: '', betrayal: true }, A, T0);
  assert.equal(emitsOfType(applied, 'warDeclared').map((emit) => emit.event.betrayal), [true, true]);
});

test('decline: declined, warEnded to both, wars row, no winner', () => {
  const war = opened();
  const applied = war.ok({ type: 'decline', by: '42' }, D, T0 + HOUR);
  assert.is(war.state, 'declined');
  assert.is(applied.cancel.length, 1, 'the proposal timer is cancelled');
  assert.equal(emitsOfType(applied, 'warDeclined').map((emit) => emit.room), ['war:w1', 'global']);
  assert.equal(
    sendsOfType(applied, 'warEnded').map((send) => [send.to, send.event]),
    [
      [A, { type: 'warEnded', war: 'w1', outcome: 'declined', winner: null }],
      [D, { type: 'warEnded', war: 'w1', outcome: 'declined', winner: null }],
    ],
  );
  assert.equal(emitsOfType(applied, 'warConcluded')[0]!.event.outcome, 'declined');
  assert.equal(applied.records, [
    { table: 'wars', id: 'war:w1:war', row: { war: 'w1', aggressor: A, defender: D, outcome: 'declined', winner: null, supporters: [] } },
  ]);
  // Final: nothing more happens.
  war.refused({ type: 'accept' }, D, T0 + 2 * HOUR, 'GAME_WRONG_PHASE');
  war.refused({ type: 'offerPeace' }, A, T0 + 2 * HOUR, 'GAME_WRONG_PHASE');
});

test('silence: the proposal expires after war.proposal_hours', () => {
  const war = opened();
  const applied = war.fire('proposal');
  assert.is(war.state, 'expired');
  assert.is(applied.at, T0 + rules.timers.war.proposal_hours * HOUR);
  assert.is(war.context.outcome, 'expired');
  assert.equal(sendsOfType(applied, 'warEnded').length, 2);
  assert.is(emitsOfType(applied, 'warConcluded')[0]!.event.outcome, 'expired');
  assert.is(applied.records[0]!.row.outcome, 'expired');
  war.refused({ type: 'accept' }, D, T0 + 13 * HOUR, 'GAME_WRONG_PHASE');
});

test('accept: preparation, battle scheduled, nations told the phase, notified', () => {
  const war = opened();
  const applied = war.ok({ type: 'accept', by: '42', name: 'Defendia' }, D, T0 + HOUR);
  const battleAt = T0 + HOUR + rules.timers.war.preparation_hours * HOUR;
  assert.is(war.state, 'preparation');
  assert.is(applied.reply.battleAt, battleAt);
  assert.is(war.context.defenderName, 'Defendia');
  assert.equal(emitsOfType(applied, 'battleScheduled').map((emit) => [emit.room, emit.event.at]), [
    ['war:w1', battleAt],
    ['global', battleAt],
  ]);
  assert.equal(emitsOfType(applied, 'warAccepted').length, 2);
  assert.equal(sendsOfType(applied, 'warPhase').map((send) => [send.to, send.event]), [
    [A, { type: 'warPhase', war: 'w1', phase: 'preparation' }],
    [D, { type: 'warPhase', war: 'w1', phase: 'preparation' }],
  ]);
  assert.equal(applied.notifies.map((n) => [n.target, n.kind]), [
    [A, 'warAccepted'],
    [D, 'warAccepted'],
  ]);
  assert.equal(applied.arm.map((timer) => timer.due), [battleAt]);
});

test('battle due: both nations asked to muster, phase active', () => {
  const war = accepted();
  const applied = war.fire('preparation');
  assert.equal(war.state, { active: 'mustering' });
  assert.equal(sendsOfType(applied, 'muster').map((send) => [send.to, send.event]), [
    [A, { type: 'muster', war: 'w1', role: 'attacker' }],
    [D, { type: 'muster', war: 'w1', role: 'defender' }],
  ]);
  assert.equal(sendsOfType(applied, 'warPhase').map((send) => send.event.phase), ['active', 'active']);
});

test('victory: battle resolved, casualties and territory sent, tribute collected, spoils capped, excess spoils_lost', () => {
  const war = mustering();
  const at = war.context.battleAt!;
  const first = war.ok(mustered(A, { units: { armor: 1000 }, resources: { gold: 900, food: 0, materials: 0 }, storageCap: { gold: 1000, food: 5000, materials: 5000 } }), A, at);
  assert.equal(war.state, { active: 'mustering' });
  assert.is(first.sends.length, 0);
  const second = war.ok(mustered(D, { units: { infantry: 10 }, resources: { gold: 2000, food: 1000, materials: 0 }, territory: 100 }), D, at);
  assert.equal(war.state, { active: 'collecting' });

  const results = sendsOfType(second, 'battleResult');
  assert.equal(results.map((send) => [send.to, send.event.won, send.event.territory]), [
    [A, true, 10],
    [D, false, 10],
  ]);
  assert.equal(results[0]!.event.casualties, { infantry: 0, armor: 100, aircraft: 0, naval: 0 });
  assert.equal(results[1]!.event.casualties, { infantry: 3, armor: 0, aircraft: 0, naval: 0 });

  const collect = sendsOfType(second, 'collect');
  assert.equal(collect.map((send) => [send.to, send.event]), [
    [D, { type: 'collect', ref: 'war:w1:tribute', resources: { gold: 400, food: 200, materials: 0 }, reason: 'tribute', partial: true }],
  ]);

  const resolved = emitsOfType(second, 'battleResolved');
  assert.equal(resolved.map((emit) => emit.room), ['war:w1', 'global']);
  const event = resolved[0]!.event as Record<string, any>;
  assert.is(event.winner, A);
  assert.is(event.battleAt, at);
  assert.equal(event.sides.attacker.units, { infantry: 0, armor: 1000, aircraft: 0, naval: 0 });
  assert.equal(event.sides.defender.units, { infantry: 10, armor: 0, aircraft: 0, naval: 0 });
  assert.ok(event.sides.attacker.strength > event.sides.defender.strength);
  assert.ok(Object.keys(rules.balance.battle.terrain).includes(event.terrain));

  const battle = second.records.find((record) => record.table === 'battles')!;
  assert.is(battle.id, 'war:w1:battle');
  assert.equal(Object.keys(battle.row).sort(), ['attacker', 'attacker_strength', 'defender', 'defender_strength', 'details', 'terrain', 'war', 'winner']);
  assert.is(battle.row.winner, A);
  assert.equal(second.notifies.map((n) => [n.target, n.kind]), [
    [A, 'battleResult'],
    [D, 'battleResult'],
  ]);

  // The loser pays only part (partial collect); the winner's gold room is 100.
  war.refused({ type: 'collected', ref: 'war:w1:tribute', resources: { gold: 300 }, nation: A }, A, at, 'GAME_NOT_PARTICIPANT');
  war.refused({ type: 'collected', ref: 'other', resources: { gold: 300 }, nation: D }, D, at, 'GAME_UNKNOWN_TARGET');
  const paid = war.ok({ type: 'collected', ref: 'war:w1:tribute', resources: { gold: 300, food: 200 }, nation: D }, D, at + 1);
  assert.is(war.state, 'concluded');
  assert.equal(sendsOfType(paid, 'credit').map((send) => [send.to, send.event]), [
    [A, { type: 'credit', ref: 'war:w1:tribute', resources: { gold: 100, food: 200, materials: 0 }, reason: 'spoils' }],
  ]);
  const lost = paid.records.filter((record) => record.table === 'resource_transactions');
  assert.equal(lost, [
    {
      table: 'resource_transactions',
      id: 'war:w1:tribute:spoils_lost:gold',
      row: { nation: 'war:w1', resource: 'gold', delta: -200, reason: 'spoils_lost', ref: 'war:w1:tribute' },
    },
  ]);
  assert.equal(sendsOfType(paid, 'warEnded').map((send) => send.event), [
    { type: 'warEnded', war: 'w1', outcome: 'victory', winner: A },
    { type: 'warEnded', war: 'w1', outcome: 'victory', winner: A },
  ]);
  const concluded = emitsOfType(paid, 'warConcluded')[0]!.event as Record<string, any>;
  assert.equal(concluded.tribute, {
    demanded: { gold: 400, food: 200, materials: 0 },
    paid: { gold: 300, food: 200, materials: 0 },
    received: { gold: 100, food: 200, materials: 0 },
    lost: { gold: 200, food: 0, materials: 0 },
  });
  assert.equal(paid.records.find((record) => record.table === 'wars')!.row, { war: 'w1', aggressor: A, defender: D, outcome: 'victory', winner: A, supporters: [] });
  // Conservation: what was paid is exactly what was credited plus what was destroyed.
  const credited = sendsOfType(paid, 'credit')[0]!.event.resources as Record<string, number>;
  const destroyed = lost.reduce((sum, record) => sum - (record.row.delta as number), 0);
  assert.is(credited.gold! + credited.food! + credited.materials! + destroyed, 500);
  war.refused({ type: 'collected', ref: 'war:w1:tribute', resources: { gold: 1 }, nation: D }, D, at + 2, 'GAME_WRONG_PHASE');
});

test('collectFailed: the war concludes with no spoils', () => {
  const war = mustering();
  war.ok(mustered(A, { units: { armor: 1000 } }), A, T0 + 30 * HOUR);
  war.ok(mustered(D, { units: { infantry: 1 }, resources: { gold: 100 } }), D, T0 + 30 * HOUR);
  const failed = war.ok({ type: 'collectFailed', ref: 'war:w1:tribute', nation: D }, D, T0 + 30 * HOUR);
  assert.is(war.state, 'concluded');
  assert.is(sendsOfType(failed, 'credit').length, 0);
  assert.is(failed.records.filter((record) => record.table === 'resource_transactions').length, 0);
  assert.is(war.context.winner, A);
});

test('a loser with nothing to take: no collect, concluded at once; the defender wins a tie of empty armies', () => {
  const war = mustering();
  war.ok(mustered(A, {}), A, T0 + 30 * HOUR);
  const applied = war.ok(mustered(D, { resources: {} }), D, T0 + 30 * HOUR);
  assert.is(war.state, 'concluded');
  assert.is(sendsOfType(applied, 'collect').length, 0);
  assert.is(war.context.winner, D);
  assert.equal(sendsOfType(applied, 'warEnded')[0]!.event, { type: 'warEnded', war: 'w1', outcome: 'victory', winner: D });
  assert.equal(applied.records.map((record) => record.table), ['battles', 'wars']);
});

test('the battle is deterministic: the same message seed gives the same result', () => {
  const run = () => {
    const war = mustering();
    war.ok(mustered(A, { units: { infantry: 50, armor: 5 } }), A, T0 + 30 * HOUR);
    const applied = war.ok(mustered(D, { units: { infantry: 60 }, stance: 'defensive' }), D, T0 + 30 * HOUR);
    return applied.records.find((record) => record.table === 'battles');
  };
  assert.equal(run(), run());
});

test('a war survives being stored and restored mid-battle', () => {
  const war = mustering();
  war.ok(mustered(A, { units: { armor: 10 } }), A, T0 + 26 * HOUR);
  war.record = decodeRecord(kind, encodeRecord(kind, war.record!));
  war.ok(mustered(D, { units: { infantry: 1 }, resources: { gold: 100 } }), D, T0 + 26 * HOUR);
  war.record = decodeRecord(kind, encodeRecord(kind, war.record!));
  assert.equal(war.state, { active: 'collecting' });
  war.ok({ type: 'collected', ref: 'war:w1:tribute', resources: { gold: 20 }, nation: D }, D, T0 + 27 * HOUR);
  assert.is(war.context.outcome, 'victory');
});

test.run();
