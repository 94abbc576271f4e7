// Who may send what to a war, schema bounds, and the muster deadline.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { A, accepted, D, emitsOfType, HOUR, mustered, mustering, opened, sendsOfType, T0, War } from './war-harness.ts';

const OPEN = { type: 'open', aggressor: A, defender: D, reason: 'because' };

test('open: only the aggressor nation itself, never a client or another kind, never against itself', () => {
  const war = new War();
  war.refused(OPEN, undefined, T0, 'GAME_FORBIDDEN_SENDER');
  war.refused(OPEN, 'market:global', T0, 'GAME_FORBIDDEN_SENDER');
  war.refused(OPEN, D, T0, 'GAME_FORBIDDEN_SENDER');
  war.refused({ ...OPEN, defender: A }, A, T0, 'GAME_SELF_TARGET');
  assert.is(war.record, null);
});

test('open: schema refuses bad addresses and long reasons; only open creates a war', () => {
  const war = new War();
  war.refused({ ...OPEN, defender: 'alliance:1' }, A, T0, 'RUNTIME_INVALID_EVENT');
  war.refused({ ...OPEN, reason: 'x'.repeat(201) }, A, T0, 'RUNTIME_INVALID_EVENT');
  war.refused({ ...OPEN, extra: 1 }, A, T0, 'RUNTIME_INVALID_EVENT');
  war.refused({ type: 'accept' }, D, T0, 'RUNTIME_UNKNOWN_ACTOR');
  war.refused({ type: 'resolveNow' }, D, T0, 'RUNTIME_UNKNOWN_EVENT');
});

test('a second open on an existing war is refused', () => {
  const war = opened();
  war.refused(OPEN, A, T0 + 1, 'GAME_WRONG_PHASE');
});

test('accept/decline: forged (client) sender, a non-participant and the aggressor are refused', () => {
  const war = opened();
  for (const type of ['accept', 'decline']) {
    war.refused({ type }, undefined, T0 + 1, 'GAME_FORBIDDEN_SENDER');
    war.refused({ type }, 'war:other', T0 + 1, 'GAME_FORBIDDEN_SENDER');
    war.refused({ type }, 'nation:999', T0 + 1, 'GAME_NOT_PARTICIPANT');
    war.refused({ type }, A, T0 + 1, 'GAME_FORBIDDEN_SENDER');
  }
  assert.is(war.state, 'proposed');
});

test('peace and surrender: forged sender and non-participant refused', () => {
  const war = accepted();
  for (const event of [{ type: 'offerPeace' }, { type: 'surrender' }, { type: 'respondPeace', accept: true }]) {
    war.refused(event, undefined, T0 + 2 * HOUR, 'GAME_FORBIDDEN_SENDER');
    war.refused(event, 'nation:999', T0 + 2 * HOUR, 'GAME_NOT_PARTICIPANT');
  }
  war.ok({ type: 'offerPeace' }, A, T0 + 2 * HOUR);
  war.refused({ type: 'respondPeace', accept: true }, 'nation:999', T0 + 2 * HOUR, 'GAME_NOT_PARTICIPANT');
  assert.is(war.state, 'preparation');
});

test('mustered: only each nation for itself, for this war, once', () => {
  const war = mustering();
  const at = T0 + 26 * HOUR;
  war.refused(mustered(A, {}), undefined, at, 'GAME_FORBIDDEN_SENDER');
  war.refused(mustered(A, {}), D, at, 'GAME_FORBIDDEN_SENDER');
  war.refused(mustered('nation:999', {}), 'nation:999', at, 'GAME_NOT_PARTICIPANT');
  war.refused({ ...mustered(A, {}), war: 'w2' }, A, at, 'GAME_UNKNOWN_TARGET');
  war.refused({ ...mustered(A, {}), side: { ...mustered(A, {}).side, stance: 'reckless' } }, A, at, 'RUNTIME_INVALID_EVENT');
  // The war counts a side's allies itself (its supporters); a nation cannot claim them.
  war.refused({ ...mustered(A, {}), side: { ...mustered(A, {}).side, allies: 3 } }, A, at, 'RUNTIME_INVALID_EVENT');
  war.ok(mustered(A, {}), A, at);
  war.refused(mustered(A, {}), A, at, 'GAME_WRONG_PHASE');
  assert.equal(war.state, { active: 'mustering' });
});

test('mustered before the battle is due is refused', () => {
  const war = accepted();
  war.refused(mustered(A, {}), A, T0 + 2 * HOUR, 'GAME_WRONG_PHASE');
});

test('collected: only the loser, from itself; forged senders refused', () => {
  const war = mustering();
  const at = T0 + 26 * HOUR;
  war.ok(mustered(A, { units: { armor: 100 } }), A, at);
  war.ok(mustered(D, { units: { infantry: 1 }, resources: { gold: 100 } }), D, at);
  const paid = { type: 'collected', ref: 'war:w1:tribute', resources: { gold: 20 }, nation: D };
  war.refused(paid, undefined, at, 'GAME_FORBIDDEN_SENDER');
  war.refused(paid, A, at, 'GAME_FORBIDDEN_SENDER');
  war.refused({ ...paid, nation: A }, A, at, 'GAME_NOT_PARTICIPANT');
  war.refused({ type: 'collectFailed', ref: 'war:w1:tribute', nation: D }, 'market:global', at, 'GAME_FORBIDDEN_SENDER');
  assert.equal(war.state, { active: 'collecting' });
});

test('muster deadline: a silent side fights as an empty army with nothing to pay and no room', () => {
  const war = mustering();
  war.ok(mustered(A, { units: { infantry: 10 }, resources: { gold: 50 } }), A, T0 + 25 * HOUR);
  const applied = war.fire('musterTimeout');
  assert.is(war.state, 'concluded', 'the silent defender has nothing, so no tribute to collect');
  const event = emitsOfType(applied, 'battleResolved')[0]!.event as Record<string, any>;
  assert.is(event.winner, A);
  assert.is(event.sides.defender.absent, true);
  assert.is(event.sides.attacker.absent, false);
  assert.equal(event.sides.defender.units, { infantry: 0, armor: 0, aircraft: 0, naval: 0 });
  assert.equal(sendsOfType(applied, 'battleResult').map((send) => [send.to, send.event.won, send.event.territory]), [
    [A, true, 0],
    [D, false, 0],
  ]);
  assert.equal(sendsOfType(applied, 'warEnded')[0]!.event, { type: 'warEnded', war: 'w1', outcome: 'victory', winner: A });
  war.refused(mustered(D, {}), D, T0 + 27 * HOUR, 'GAME_WRONG_PHASE');
});

test('muster deadline: a silent winner has no storage, so the whole tribute is spoils_lost', () => {
  const war = mustering();
  // Only the defender answers, with an empty army: neither side has strength and the tie goes to the defender.
  war.ok(mustered(D, { resources: { gold: 10 } }), D, T0 + 25 * HOUR);
  let applied = war.fire('musterTimeout');
  assert.is(war.context.settlement!.winner, 'defender');
  assert.is(war.state, 'concluded', 'the silent attacker lost and had nothing to pay');
  assert.is(sendsOfType(applied, 'collect').length, 0);

  const other = mustering();
  other.ok(mustered(A, { resources: { gold: 1000 } }), A, T0 + 25 * HOUR);
  applied = other.fire('musterTimeout');
  assert.equal(sendsOfType(applied, 'collect').map((send) => [send.to, send.event.resources]), [[A, { gold: 200, food: 0, materials: 0 }]]);
  const paid = other.ok({ type: 'collected', ref: 'war:w1:tribute', resources: { gold: 200 }, nation: A }, A, T0 + 28 * HOUR);
  assert.is(sendsOfType(paid, 'credit').length, 0);
  assert.equal(paid.records.filter((record) => record.table === 'resource_transactions').map((record) => record.row), [
    { nation: 'war:w1', resource: 'gold', delta: -200, reason: 'spoils_lost', ref: 'war:w1:tribute' },
  ]);
});

test('nobody musters: the defender wins an empty battle and the war concludes', () => {
  const war = mustering();
  const applied = war.fire('musterTimeout');
  assert.is(war.state, 'concluded');
  assert.is(war.context.winner, D);
  assert.equal(applied.records.map((record) => record.table), ['battles', 'wars']);
});

test('seasonEnded: a participant calls the war off before its battle; forged and outside senders refused; later it changes nothing', () => {
  for (const [name, make] of [['proposed', opened], ['preparation', accepted], ['mustering', mustering]] as const) {
    const war = make();
    war.refused({ type: 'seasonEnded' }, undefined, T0 + 2 * HOUR, 'GAME_FORBIDDEN_SENDER');
    war.refused({ type: 'seasonEnded' }, 'market:global', T0 + 2 * HOUR, 'GAME_FORBIDDEN_SENDER');
    war.refused({ type: 'seasonEnded' }, 'nation:999', T0 + 2 * HOUR, 'GAME_NOT_PARTICIPANT');
    const called = war.ok({ type: 'seasonEnded' }, name === 'proposed' ? D : A, T0 + 26 * HOUR);
    assert.is(war.state, 'concluded', name);
    assert.equal(
      sendsOfType(called, 'warEnded').map((send) => [send.to, send.event.outcome, send.event.winner]),
      [
        [A, 'season_ended', null],
        [D, 'season_ended', null],
      ],
      name,
    );
    const again = war.ok({ type: 'seasonEnded' }, D, T0 + 27 * HOUR);
    assert.equal([again.sends, again.reply.ignored], [[], 'the war is over (season_ended)']);
  }
  // After the battle the tribute is already asked for: the reset leaves it to the loser's answer.
  const war = mustering();
  const at = T0 + 26 * HOUR;
  war.ok(mustered(A, { units: { armor: 100 } }), A, at);
  war.ok(mustered(D, { units: { infantry: 1 }, resources: { gold: 100 } }), D, at);
  const late = war.ok({ type: 'seasonEnded' }, D, at);
  assert.equal(war.state, { active: 'collecting' });
  assert.is(late.reply.ignored, 'the war is settling its tribute');
});

test.run();
