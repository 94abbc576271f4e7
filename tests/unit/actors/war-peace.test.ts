// Peace offers and surrender, in preparation and while mustering.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { A, accepted, D, opened, emitsOfType, HOUR, mustered, mustering, rules, sendsOfType, T0 } from './war-harness.ts';

const PREP = T0 + 2 * HOUR;

test('offerPeace: offer stored, the other nation notified; a repeat while open is refused', () => {
  const war = accepted();
  const applied = war.ok({ type: 'offerPeace', by: '7' }, A, PREP);
  const until = PREP + rules.timers.war.peace_offer_hours * HOUR;
  assert.is(applied.reply.until, until);
  assert.equal(war.context.peaceOffer, { by: 'attacker', until });
  assert.equal(applied.notifies.map((n) => [n.target, n.kind]), [[D, 'peaceOffered']]);
  assert.equal(emitsOfType(applied, 'peaceOffered').map((emit) => emit.room), ['war:w1']);
  war.refused({ type: 'offerPeace' }, A, PREP + 1, 'GAME_LIMIT_REACHED');
  war.refused({ type: 'respondPeace', accept: true }, A, PREP + 1, 'GAME_FORBIDDEN_SENDER');
});

test('respondPeace accept: concluded in peace, no winner, timers cancelled, both told', () => {
  const war = accepted();
  war.ok({ type: 'offerPeace' }, A, PREP);
  const applied = war.ok({ type: 'respondPeace', accept: true }, D, PREP + HOUR);
  assert.is(war.state, 'concluded');
  assert.is(applied.reply.outcome, 'peace');
  assert.equal(war.timerIds(), []);
  assert.equal(sendsOfType(applied, 'warEnded').map((send) => [send.to, send.event]), [
    [A, { type: 'warEnded', war: 'w1', outcome: 'peace', winner: null }],
    [D, { type: 'warEnded', war: 'w1', outcome: 'peace', winner: null }],
  ]);
  const concluded = emitsOfType(applied, 'warConcluded');
  assert.equal(concluded.map((emit) => [emit.room, emit.event.outcome, emit.event.winner]), [
    ['war:w1', 'peace', null],
    ['global', 'peace', null],
  ]);
  assert.equal(applied.records.map((record) => [record.table, record.row.outcome]), [['wars', 'peace']]);
});

test('respondPeace refuse: the offer is gone, the offerer told, the war goes on', () => {
  const war = accepted();
  war.ok({ type: 'offerPeace' }, D, PREP);
  const applied = war.ok({ type: 'respondPeace', accept: false }, A, PREP + 1);
  assert.is(war.state, 'preparation');
  assert.is(war.context.peaceOffer, null);
  assert.equal(applied.notifies.map((n) => [n.target, n.kind]), [[D, 'peaceRefused']]);
  war.refused({ type: 'respondPeace', accept: true }, A, PREP + 2, 'GAME_WRONG_PHASE');
});

test('an offer lapses after war.peace_offer_hours; the offerer may then offer again', () => {
  const war = accepted();
  war.ok({ type: 'offerPeace' }, A, PREP);
  const lapsed = PREP + rules.timers.war.peace_offer_hours * HOUR;
  war.refused({ type: 'respondPeace', accept: true }, D, lapsed, 'GAME_WRONG_PHASE');
  war.ok({ type: 'offerPeace' }, A, lapsed);
  assert.is(war.context.peaceOffer!.until, lapsed + rules.timers.war.peace_offer_hours * HOUR);
});

test('offering peace while the other side has an offer open accepts it', () => {
  const war = accepted();
  war.ok({ type: 'offerPeace' }, A, PREP);
  const applied = war.ok({ type: 'offerPeace' }, D, PREP + 1);
  assert.is(war.state, 'concluded');
  assert.is(applied.reply.outcome, 'peace');
});

test('peace while mustering stops the battle; a late muster answer is refused', () => {
  const war = mustering();
  war.ok(mustered(A, { units: { infantry: 5 } }), A, T0 + 26 * HOUR);
  war.ok({ type: 'offerPeace' }, A, T0 + 26 * HOUR);
  war.ok({ type: 'respondPeace', accept: true }, D, T0 + 26 * HOUR);
  assert.is(war.state, 'concluded');
  assert.equal(war.timerIds(), []);
  war.refused(mustered(D, {}), D, T0 + 26 * HOUR, 'GAME_WRONG_PHASE');
});

test('peace and surrender are refused before the defender accepts', () => {
  const war = opened();
  war.refused({ type: 'offerPeace' }, A, T0 + 1, 'GAME_WRONG_PHASE');
  war.refused({ type: 'respondPeace', accept: true }, D, T0 + 1, 'GAME_WRONG_PHASE');
  war.refused({ type: 'surrender' }, D, T0 + 1, 'GAME_WRONG_PHASE');
  assert.is(war.state, 'proposed');
});

test('surrender in preparation: battle brought forward, the other side wins tribute and territory, no casualties', () => {
  const war = accepted();
  const applied = war.ok({ type: 'surrender', by: '42' }, D, PREP);
  assert.equal(war.state, { active: 'mustering' });
  assert.is(applied.reply.winner, A);
  assert.equal(sendsOfType(applied, 'muster').map((send) => send.to), [A, D]);
  war.refused({ type: 'surrender' }, A, PREP, 'GAME_WRONG_PHASE');

  war.ok(mustered(D, { units: { armor: 500 }, resources: { gold: 1000 }, territory: 50 }), D, PREP);
  const resolved = war.ok(mustered(A, { units: { infantry: 1 }, resources: { gold: 0 }, storageCap: { gold: 10_000 } }), A, PREP);
  assert.equal(war.state, { active: 'collecting' });
  assert.equal(sendsOfType(resolved, 'battleResult').map((send) => [send.to, send.event.won, send.event.territory, send.event.casualties]), [
    [A, true, 5, { infantry: 0, armor: 0, aircraft: 0, naval: 0 }],
    [D, false, 5, { infantry: 0, armor: 0, aircraft: 0, naval: 0 }],
  ]);
  assert.is(emitsOfType(resolved, 'battleResolved').length, 0, 'no battle was fought');
  assert.equal(resolved.records.filter((record) => record.table === 'battles'), []);
  assert.equal(resolved.notifies.map((n) => n.kind), ['warSurrendered', 'warSurrendered']);
  assert.equal(sendsOfType(resolved, 'collect')[0]!.event.resources, { gold: 200, food: 0, materials: 0 });

  const paid = war.ok({ type: 'collected', ref: 'war:w1:tribute', resources: { gold: 200 }, nation: D }, D, PREP + 1);
  assert.is(war.state, 'concluded');
  assert.equal(sendsOfType(paid, 'credit')[0]!.event, { type: 'credit', ref: 'war:w1:tribute', resources: { gold: 200, food: 0, materials: 0 }, reason: 'spoils' });
  assert.equal(sendsOfType(paid, 'warEnded')[0]!.event, { type: 'warEnded', war: 'w1', outcome: 'surrender', winner: A });
  assert.equal(paid.records.map((record) => [record.table, record.row.outcome]), [['wars', 'surrender']]);
});

test('surrender while mustering: settled as soon as both sides are in', () => {
  const war = mustering();
  war.ok(mustered(A, { units: { armor: 100 }, resources: { gold: 500 } }), A, T0 + 26 * HOUR);
  war.ok({ type: 'surrender' }, A, T0 + 26 * HOUR);
  const applied = war.ok(mustered(D, { units: { infantry: 1 } }), D, T0 + 26 * HOUR);
  assert.is(war.context.settlement!.winner, 'defender');
  assert.equal(sendsOfType(applied, 'collect').map((send) => [send.to, send.event.resources]), [[A, { gold: 100, food: 0, materials: 0 }]]);
});

test('peace and surrender are refused once the battle is resolved', () => {
  const war = mustering();
  war.ok(mustered(A, { units: { armor: 100 } }), A, T0 + 26 * HOUR);
  war.ok(mustered(D, { units: { infantry: 1 }, resources: { gold: 500 } }), D, T0 + 26 * HOUR);
  assert.equal(war.state, { active: 'collecting' });
  war.refused({ type: 'offerPeace' }, D, T0 + 26 * HOUR, 'GAME_WRONG_PHASE');
  war.refused({ type: 'surrender' }, D, T0 + 26 * HOUR, 'GAME_WRONG_PHASE');
});

test.run();
