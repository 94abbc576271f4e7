// GAME.md's war "participants": an ally of either side may join a war during
// its preparation and fight on that side. Played on every machine at once
// (game-world.ts): the supporter musters with the principals, adds alliance
// support to its side, loses its own casualties, shares the outcome's
// reputation, and stays out of tribute, territory, peace and surrender.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { NationContext } from '../../../actors/nation/index.ts';
import type { WarContext } from '../../../actors/war/index.ts';
import { MAX_SUPPORTERS_PER_SIDE, supportersIn } from '../../../actors/war/context.ts';
import { shippedRules } from '../../support/game-rules.ts';
import { GameWorld, type Delivery } from './game-world.ts';
import { A, accepted, D, HOUR, mustered, sendsOfType, T0, WAR_ID } from './war-harness.ts';

const DAY = 24 * HOUR;
const rules = shippedRules();
const NATIONS = ['1', '2', '3', '4', '5'] as const;
const leaderOf = (guild: string): string => `${guild}${guild}`;
const REPUTATION = rules.balance.reputation.events;

function world(deliveries: Delivery[] = []): GameWorld {
  const game = new GameWorld(rules, T0, (delivery) => deliveries.push(delivery));
  for (const guild of NATIONS) ok(game, `nation:${guild}`, { type: 'register', by: leaderOf(guild), name: `Nation ${guild}` });
  game.drain();
  return game;
}

function ok(game: GameWorld, to: string, event: { type: string } & Record<string, unknown>, id?: string) {
  const { result } = game.request(to, event, id);
  if (result.outcome !== 'applied') throw new Error(`${event.type} to ${to} was ${result.outcome}: ${JSON.stringify(result)}\n${game.trace()}`);
  return result;
}

const command = (game: GameWorld, guild: string, event: { type: string } & Record<string, unknown>, id?: string) =>
  ok(game, `nation:${guild}`, { ...event, by: leaderOf(guild) }, id);

function refusedCode(game: GameWorld, guild: string, event: { type: string } & Record<string, unknown>): string {
  const { result } = game.request(`nation:${guild}`, { ...event, by: leaderOf(guild) });
  return result.outcome === 'refused' ? String(result.reply.code) : `not refused: ${result.outcome}`;
}

function ally(game: GameWorld, proposer: string, partner: string, id: string): void {
  command(game, proposer, { type: 'proposeAlliance', partner: `nation:${partner}`, name: `Pact ${id}`, treaty: 'defense' }, id);
  game.drain();
  command(game, partner, { type: 'respondAlliance', alliance: id, accept: true });
  game.drain();
}

function infantry(game: GameWorld, guild: string, quantity: number): void {
  command(game, guild, { type: 'build', unit: 'infantry', quantity });
}

/** Nation 1 declares on nation 2 (war `war1`), which accepts an hour later: the war is in preparation. */
function warInPreparation(game: GameWorld): void {
  command(game, '1', { type: 'declareWar', target: 'nation:2', reason: 'glory' }, 'war1');
  game.drain();
  game.advance(HOUR, true);
  command(game, '2', { type: 'respondWar', war: 'war1', accept: true });
  game.drain();
}

const nation = (game: GameWorld, guild: string) => game.context<NationContext>(`nation:${guild}`)!;
const war = (game: GameWorld) => game.context<WarContext>('war:war1')!;
const notified = (deliveries: Delivery[], target: string, kind: string) =>
  deliveries.flatMap((d) => (d.result.outcome === 'applied' ? d.result.notifies : [])).filter((n) => n.target === target && n.kind === kind);

test('an ally joins in preparation, fights on its side with alliance support, loses its own casualties and shares the win', () => {
  const deliveries: Delivery[] = [];
  const game = world(deliveries);
  ally(game, '1', '3', 'pact13');
  for (const guild of ['1', '3']) infantry(game, guild, 20);
  infantry(game, '2', 10);
  game.advance(HOUR, true);
  for (const guild of ['1', '2', '3']) ok(game, `nation:${guild}`, { type: 'completeBuilds' });
  game.drain();
  warInPreparation(game);
  const before = { three: nation(game, '3'), one: nation(game, '1'), two: nation(game, '2') };

  command(game, '3', { type: 'joinWar', war: 'war1' }, 'join3');
  const asked = game.now;
  assert.equal(nation(game, '3').wars.war1, { role: 'supporter', enemy: '', ally: '', phase: 'joining', ref: 'join3', until: asked + HOUR }, 'booked while the war answers');
  game.drain();
  assert.equal(nation(game, '3').wars.war1, { role: 'supporter', enemy: 'nation:2', ally: 'nation:1', phase: 'preparation', ref: 'join3' });
  assert.equal(
    supportersIn(war(game)).map(({ nation, role, side }) => ({ nation, role, side })),
    [{ nation: 'nation:3', role: 'attacker', side: null }],
  );
  for (const target of ['nation:1', 'nation:2', 'nation:3']) {
    const [notice] = notified(deliveries, target, 'warJoined');
    assert.ok(notice, `${target} is told who joined`);
    assert.is(notice!.data.supporter, 'nation:3');
    assert.is(notice!.data.side, 'attacker');
  }
  assert.is(notified(deliveries, 'nation:2', 'warJoined')[0]!.data.role, 'defender', 'each copy names its reader’s side');

  game.advance(2 * DAY, true);
  const fought = war(game);
  assert.is(fought.outcome, 'victory');
  assert.is(fought.winner, 'nation:1');
  const attacker = fought.settlement!.battle!.attacker;
  assert.is(attacker.allies, 1, 'one supporter mustered');
  assert.is(attacker.modifier.alliance, rules.balance.battle.alliance_support_per_ally);
  assert.is(attacker.base, 40 * rules.balance.units.infantry.strength, 'the side fights with both armies');
  assert.equal(attacker.units.infantry, 20, 'the principal’s own army');
  const [supporter] = attacker.supporters;
  assert.is(supporter!.nation, 'nation:3');
  assert.is(supporter!.units.infantry, 20);
  assert.is(supporter!.absent, false);

  const three = nation(game, '3');
  assert.is(three.units.infantry, 20 - supporter!.casualties.infantry, 'the supporter loses its own casualties');
  assert.is(three.units.infantry, nation(game, '1').units.infantry, 'equal armies on one side lose alike');
  assert.is(three.territory, before.three.territory, 'no land changes hands with a supporter');
  assert.is(three.warsWon, 1);
  assert.is(three.reputation, before.three.reputation + REPUTATION.war_won);
  assert.equal(three.wars, {});
  assert.equal(three.relations['nation:2']?.warsFought, 1, 'it fought nation 2');
  assert.is(three.relations['nation:1']?.foughtTogether, 1, 'beside nation 1');
  assert.is(nation(game, '1').relations['nation:3']?.foughtTogether, 1, 'the principal remembers it too');
  assert.is(nation(game, '2').relations['nation:3']?.foughtTogether, undefined, 'the enemy did not fight beside it');
  assert.ok(nation(game, '1').territory > before.one.territory, 'the principals move territory');
  assert.ok(nation(game, '2').territory < before.two.territory);
  assert.is(notified(deliveries, 'nation:3', 'battleResult').filter((n) => n.data.supporting === true).length, 1, 'its battle report');
  assert.is(notified(deliveries, 'nation:3', 'warEnded').filter((n) => n.data.supporting === true).length, 1);
});

test('a supporter that never musters fights with nothing and adds no support', () => {
  const game = world();
  ally(game, '2', '4', 'pact24');
  warInPreparation(game);
  command(game, '4', { type: 'joinWar', war: 'war1' });
  game.drain();
  assert.is(supportersIn(war(game))[0]!.role, 'defender');
  game.advance(DAY); // the battle is due; the muster deadline is not
  // The battle is due: deliver the musters of everyone but the supporter, then let the muster time out.
  for (let delivery = game.deliverable().find((e) => e.to !== 'nation:4'); delivery; delivery = game.deliverable().find((e) => e.to !== 'nation:4')) {
    game.deliver(game.deliverable().indexOf(delivery));
  }
  assert.equal(game.record('war:war1')!.snapshot.value, { active: 'mustering' }, 'still waiting for the supporter');
  game.advance(rules.timers.war.muster_timeout_minutes * 60_000);
  const defender = war(game).settlement!.battle!.defender;
  assert.is(defender.allies, 0);
  assert.is(defender.supporters[0]!.absent, true);
  game.drain();
  assert.equal(nation(game, '2').wars, {}, 'the war is over');
  assert.is(nation(game, '2').relations['nation:1']?.warsFought, 1);
  assert.is(nation(game, '2').relations['nation:4']?.foughtTogether, undefined, 'an ally that stayed away did not fight beside it');
  assert.is(nation(game, '4').relations['nation:2']?.foughtTogether, undefined);
});

test('joining is refused outside preparation, without an ally on exactly one side, twice, and past the side’s limit', () => {
  const deliveries: Delivery[] = [];
  const game = world(deliveries);
  ally(game, '1', '3', 'pact13');
  ally(game, '5', '1', 'pact51');
  ally(game, '2', '5', 'pact25');

  assert.is(refusedCode(game, '4', { type: 'joinWar', war: 'war1' }), 'GAME_NOT_PARTICIPANT', 'nation 4 has no allies');
  command(game, '1', { type: 'declareWar', target: 'nation:2', reason: 'glory' }, 'war1');
  game.drain();
  // Proposed, not yet accepted: the war refuses, the nation drops its booking and hears why.
  command(game, '3', { type: 'joinWar', war: 'war1' });
  game.drain();
  assert.equal(nation(game, '3').wars, {});
  const [refusal] = notified(deliveries, 'nation:3', 'warJoinRefused');
  assert.is(refusal!.data.code, 'GAME_WRONG_PHASE');
  assert.match(String(refusal!.data.message), /preparation/);

  game.advance(HOUR, true);
  command(game, '2', { type: 'respondWar', war: 'war1', accept: true });
  game.drain();
  // Nation 5 is allied with both sides.
  command(game, '5', { type: 'joinWar', war: 'war1' });
  game.drain();
  assert.equal(nation(game, '5').wars, {});
  assert.is(notified(deliveries, 'nation:5', 'warJoinRefused')[0]!.data.code, 'GAME_ALLY_TARGET');
  assert.equal(supportersIn(war(game)), []);

  command(game, '3', { type: 'joinWar', war: 'war1' });
  assert.is(refusedCode(game, '3', { type: 'joinWar', war: 'war1' }), 'GAME_WRONG_PHASE', 'already asked');
  game.drain();
  assert.is(refusedCode(game, '3', { type: 'joinWar', war: 'war1' }), 'GAME_WRONG_PHASE', 'already in');
  assert.is(refusedCode(game, '1', { type: 'joinWar', war: 'war1' }), 'GAME_WRONG_PHASE', 'a principal is already in');
  // Peace and surrender stay the principals'.
  assert.is(refusedCode(game, '3', { type: 'offerPeace', war: 'war1' }), 'GAME_NOT_PARTICIPANT');
  assert.is(refusedCode(game, '3', { type: 'surrender', war: 'war1' }), 'GAME_NOT_PARTICIPANT');
  assert.is(supportersIn(war(game)).length, 1);
});

test('the war refuses a join sent for another nation, and a full side', () => {
  const war = accepted();
  const at = T0 + 2 * HOUR;
  const join = (nation: string) => ({ type: 'join', by: '33', nation, ref: `j-${nation}`, allies: [A] });
  war.refused(join('nation:3'), undefined, at, 'GAME_FORBIDDEN_SENDER');
  const forged = war.send(join('nation:3'), 'nation:4', at);
  assert.is(forged.outcome, 'refused', 'a nation cannot join for another');
  war.refused({ ...join('nation:3'), allies: [] }, 'nation:3', at, 'RUNTIME_INVALID_EVENT');
  for (let i = 0; i < MAX_SUPPORTERS_PER_SIDE; i++) war.ok(join(`nation:9${i}`), `nation:9${i}`, at);
  // A refusal the machine answers itself: the joiner is told why (`joinRefused`), and nothing else changes.
  const full = war.ok(join('nation:3'), 'nation:3', at);
  assert.equal([full.reply.joined, full.reply.code], [false, 'GAME_LIMIT_REACHED']);
  assert.equal(sendsOfType(full, 'joinRefused').map((send) => [send.to, send.event.code, send.event.ref]), [['nation:3', 'GAME_LIMIT_REACHED', 'j-nation:3']]);
  assert.is(supportersIn(war.context).length, MAX_SUPPORTERS_PER_SIDE);
  // The other side still has room.
  const defending = war.ok({ ...join('nation:3'), allies: [D] }, 'nation:3', at);
  assert.equal([defending.reply.ok, defending.reply.war, defending.reply.side], [true, WAR_ID, 'defender']);
});

test('a war stored before supporters existed still takes a join, musters and fights', () => {
  const war = accepted();
  // As stored by the code before this change: no supporters field at all.
  delete (war.record!.snapshot.context as { supporters?: unknown }).supporters;
  war.ok({ type: 'join', by: '33', nation: 'nation:3', ref: 'j1', allies: [A] }, 'nation:3', T0 + 2 * HOUR);
  assert.is(supportersIn(war.context).length, 1);
  const old = accepted();
  delete (old.record!.snapshot.context as { supporters?: unknown }).supporters;
  const called = old.fire('preparation');
  assert.equal(sendsOfType(called, 'muster').map((send) => send.to), [A, D]);
  old.ok(mustered(A, { units: { infantry: 5 } }), A, T0 + 26 * HOUR);
  old.ok(mustered(D, { units: { infantry: 1 } }), D, T0 + 26 * HOUR);
  assert.is(old.context.outcome, 'victory', 'the battle was fought');
  assert.is(old.context.settlement!.battle!.attacker.allies, 0);
});

test('a join to a war that does not exist stops holding a place after an hour (found by an audit: it held it for ever)', () => {
  const game = world();
  ally(game, '1', '3', 'pact13');
  for (let i = 0; i < 20; i++) command(game, '3', { type: 'joinWar', war: `ghost${i}` });
  game.drain(); // each join is refused by the runtime (no such war): nobody answers
  assert.is(Object.keys(nation(game, '3').wars).length, 20);
  assert.is(refusedCode(game, '3', { type: 'declareWar', target: 'nation:2', reason: 'x' }), 'GAME_LIMIT_REACHED', 'within the hour they count');
  game.advance(HOUR + 1);
  command(game, '3', { type: 'declareWar', target: 'nation:2', reason: 'x' }, 'war2');
  assert.equal(Object.keys(nation(game, '3').wars), ['war2'], 'the unanswered joins are gone');
});

test('an answer to a join from before a season reset does not touch a new join of the same war (found by an audit)', () => {
  const game = world();
  ally(game, '1', '3', 'pact13');
  command(game, '1', { type: 'declareWar', target: 'nation:2', reason: 'glory' }, 'war1');
  game.drain();
  command(game, '3', { type: 'joinWar', war: 'war1' }, 'oldJoin'); // refused: not accepted yet
  game.deliver(game.deliverable().findIndex((e) => e.to === 'war:war1' && e.event.type === 'join'));
  const held = (e: { to: string; event: { type: string } }) => e.to === 'nation:3' && e.event.type === 'joinRefused';
  const settle = () => {
    for (let i = game.deliverable().findIndex((e) => !held(e)); i >= 0; i = game.deliverable().findIndex((e) => !held(e))) game.deliver(i);
  };
  ok(game, 'nation:3', { type: 'seasonReset', season: 2, theme: 'Silicon Frontier', startingBonus: 0 });
  settle();
  command(game, '3', { type: 'proposeAlliance', partner: 'nation:1', name: 'Pact again', treaty: 'defense' }, 'pact31');
  settle();
  command(game, '1', { type: 'respondAlliance', alliance: 'pact31', accept: true });
  command(game, '2', { type: 'respondWar', war: 'war1', accept: true });
  settle();
  command(game, '3', { type: 'joinWar', war: 'war1' }, 'newJoin');
  game.drain(); // the old joinRefused arrives first, then the new warJoined
  assert.equal(supportersIn(war(game)).map((s) => s.nation), ['nation:3']);
  assert.equal(nation(game, '3').wars.war1?.phase, 'preparation', 'the nation knows the war it fights in');
});

test('a season reset while a join is on its way calls the war off for everyone', () => {
  const game = world();
  ally(game, '1', '3', 'pact13');
  warInPreparation(game);
  command(game, '3', { type: 'joinWar', war: 'war1' });
  game.drain();
  ok(game, 'nation:3', { type: 'seasonReset', season: 2, theme: 'Silicon Frontier', startingBonus: 0 });
  game.drain();
  assert.is(war(game).outcome, 'season_ended');
  for (const guild of ['1', '2', '3']) assert.equal(nation(game, guild).wars, {}, `nation ${guild} no longer lists the war`);
});

test.run();
