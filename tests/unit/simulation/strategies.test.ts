// The scripted players are pure: a view and a seeded random source in,
// commands out. These pin what makes each strategy what it is, and the duel
// rules the equal-armies sample depends on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initialMarketContext } from '../../../actors/market/context.ts';
import { initialNationContext, type NationContext } from '../../../actors/nation/context.ts';
import { createRandom } from '../../../actors/rules/index.ts';
import { loadConfig } from '../../../config/index.ts';
import { electionTurn } from '../../../simulation/civics.ts';
import { DUEL_ARMY, duelTick } from '../../../simulation/duels.ts';
import type { SimNation } from '../../../simulation/roster.ts';
import { buildRoster } from '../../../simulation/roster.ts';
import { STRATEGY_PLAYS, type NationView, type OtherNation } from '../../../simulation/strategies.ts';

const balance = loadConfig({ env: {} }).balance;
const NOW = Date.UTC(2026, 5, 10);

function nation(strategy: SimNation['strategy'], id = '100'): SimNation {
  return { address: `nation:${id}`, guild: id, name: 'Testland A', founder: '1', citizens: ['1', '2', '3'], strategy, registersAt: 0, turnHour: 0 };
}

function context(id = '100', patch: Partial<NationContext> = {}): NationContext {
  return {
    ...initialNationContext(id),
    registered: true,
    name: 'Testland',
    leader: '1',
    citizens: { '1': { contribution: 0, joinedAt: 0 }, '2': { contribution: 0, joinedAt: 0 }, '3': { contribution: 0, joinedAt: 0 } },
    resources: { gold: 5_000, food: 5_000, materials: 5_000 },
    territory: 100,
    ...patch,
  };
}

function view(strategy: SimNation['strategy'], others: OtherNation[], patch: Partial<NationContext> = {}): NationView {
  return { nation: nation(strategy), ctx: context('100', patch), now: NOW, balance, others, market: initialMarketContext(), wars: [], alliesWars: [], invitations: [] };
}

const other = (id: string, military: number): OtherNation => ({ address: `nation:${id}`, power: 1_000, military, inactive: false });
const types = (commands: { event: { type: string } }[]) => commands.map((command) => command.event.type);

test('aggressive builds armor and infantry and declares only on a nation no stronger than itself', () => {
  const strong = view('aggressive', [other('200', 100_000)], { units: { infantry: 10, armor: 0, aircraft: 0, naval: 0 } });
  for (let seed = 0; seed < 20; seed++) {
    const commands = STRATEGY_PLAYS.aggressive.turn(strong, createRandom(seed));
    assert.ok(!types(commands).includes('declareWar'), 'never on a far stronger nation');
    assert.ok(types(commands).includes('build'));
  }
  const weak = view('aggressive', [other('200', 0)]);
  const declared = Array.from({ length: 20 }, (_, seed) => STRATEGY_PLAYS.aggressive.turn(weak, createRandom(seed))).filter((commands) =>
    types(commands).includes('declareWar'),
  );
  assert.ok(declared.length > 5, 'declares on most days');
  const onCooldown = view('aggressive', [other('200', 0)], { cooldowns: { war_declare_minutes: NOW + 1 } });
  assert.ok(!types(STRATEGY_PLAYS.aggressive.turn(onCooldown, createRandom(1))).includes('declareWar'), 'respects the cooldown');
});

test('an aggressive nation in an alliance walks out of it now and then, never out of one it is not in', () => {
  const allied = view('aggressive', [other('200', 0)], { alliances: { pact: ['nation:100', 'nation:200'] } });
  const leaves = Array.from({ length: 200 }, (_, seed) => STRATEGY_PLAYS.aggressive.turn(allied, createRandom(seed))).flat().filter((command) => command.event.type === 'leaveAlliance');
  assert.ok(leaves.length > 0 && leaves.length < 50, `left ${leaves.length} times in 200 days`);
  for (const command of leaves) assert.is(command.event.alliance, 'pact');
  const alone = Array.from({ length: 50 }, (_, seed) => STRATEGY_PLAYS.aggressive.turn(view('aggressive', [other('200', 0)]), createRandom(seed))).flat();
  assert.ok(!alone.some((command) => command.event.type === 'leaveAlliance'));
});

test('a defensive nation joins an ally’s war in preparation on some days, and never without one', () => {
  const alone = view('defensive', [other('200', 0)]);
  for (let seed = 0; seed < 20; seed++) assert.ok(!types(STRATEGY_PLAYS.defensive.turn(alone, createRandom(seed))).includes('joinWar'));
  const war = { id: 'w1', aggressor: 'nation:200', defender: 'nation:300', phase: 'preparation', peaceOffer: null };
  const called = { ...alone, alliesWars: [war] };
  const joins = Array.from({ length: 40 }, (_, seed) => STRATEGY_PLAYS.defensive.turn(called, createRandom(seed)))
    .flat()
    .filter((command) => command.event.type === 'joinWar');
  assert.ok(joins.length > 5 && joins.length < 35, `joins on some days, not all (${joins.length} of 40)`);
  assert.ok(joins.every((command) => command.event.war === 'w1' && command.event.by === '1'));
});

test('every command a strategy makes is sent by its leader (or a citizen for contributions)', () => {
  for (const strategy of ['aggressive', 'defensive', 'trader', 'spy'] as const) {
    const commands = STRATEGY_PLAYS[strategy].turn(view(strategy, [other('200', 0)], { spies: 1 }), createRandom(3));
    assert.ok(commands.length > 0, strategy);
    for (const command of commands) assert.ok(['1', '2', '3'].includes(String(command.event.by)), `${strategy} ${command.event.type}`);
  }
});

test('idle does nothing at all', () => {
  assert.equal(STRATEGY_PLAYS.idle.turn(view('idle', [other('200', 0)]), createRandom(1)), []);
});

test('a duelist rebuilds to the duel army, and declares only on its turn with both armies whole and no war open', () => {
  const twin = nation('duel', '100');
  const a: SimNation = { ...twin, name: 'Duelist 1A', twin: 'nation:101' };
  const whole = context('100', { units: DUEL_ARMY });
  const twinWhole = context('101', { units: DUEL_ARMY });
  assert.equal(types(duelTick(a, whole, twinWhole, NOW)), ['declareWar'], 'A opens with both armies whole');
  const b: SimNation = { ...a, name: 'Duelist 1B', twin: 'nation:100' };
  assert.equal(duelTick(b, twinWhole, whole, NOW), [], 'B waits for its turn');
  const afterOneBattle = { warsWon: 1 };
  assert.equal(types(duelTick(b, context('101', { units: DUEL_ARMY, ...afterOneBattle }), context('100', { units: DUEL_ARMY, warsLost: 1 }), NOW)), ['declareWar']);
  const beaten = context('100', { units: { ...DUEL_ARMY, infantry: 21, armor: 2 } });
  const rebuild = duelTick(a, beaten, twinWhole, NOW);
  assert.equal(
    rebuild.map((command) => [command.event.type, command.event.unit, command.event.quantity]),
    [
      ['build', 'infantry', 9],
      ['build', 'armor', 2],
    ],
    'rebuilds exactly the losses and does not declare with a broken army',
  );
  const proposed = context('100', { units: DUEL_ARMY, wars: { w1: { role: 'defender', enemy: 'nation:101', phase: 'proposed' } } });
  assert.equal(duelTick(a, proposed, twinWhole, NOW).map((command) => command.event), [{ type: 'respondWar', by: '1', war: 'w1', accept: true }]);
});

test('voters decide once per election: the same votes on every look, and nominations stop once in', () => {
  const election = {
    id: '100:1', guild: '100', n: 1, nation: 'nation:100', phase: 'voting' as const,
    weights: { '1': 5, '2': 0, '3': 9, '4': 1, '5': 2, '6': 3 },
    candidates: [{ user: '1', nominatedAt: 0 }, { user: '2', nominatedAt: 0 }],
    votes: {}, openedAt: 0, nominationEndsAt: 0, votingEndsAt: 0, endedAt: null, winner: null,
  };
  const first = electionTurn('election:100:1', 'voting', election, '1', 42);
  assert.equal(electionTurn('election:100:1', 'voting', election, '1', 42), first);
  assert.ok(first.length > 0 && first.length <= 6);
  const nominating = { ...election, phase: 'nominating' as const, candidates: [] };
  assert.equal(types(electionTurn('election:100:1', 'nominating', nominating, '1', 42)), ['nominate', 'nominate']);
  assert.equal(electionTurn('election:100:1', 'nominating', election, '1', 42), [], 'leader and challenger already in');
});

test('the roster gives every strategy its share, late registrants, and duel twins with equal citizens', () => {
  const roster = buildRoster({ nations: 100, duelPairs: 5, days: 60, seed: 1 });
  const count = (strategy: string) => roster.filter((entry) => entry.strategy === strategy).length;
  assert.equal([count('aggressive'), count('defensive'), count('trader'), count('spy'), count('idle'), count('duel')], [25, 25, 20, 15, 15, 10]);
  assert.ok(roster.some((entry) => entry.registersAt >= 2 * 86_400_000), 'some nations register late');
  const [a, b] = roster.filter((entry) => entry.strategy === 'duel');
  assert.is(a!.twin, b!.address);
  assert.is(a!.citizens.length, b!.citizens.length);
  assert.equal(buildRoster({ nations: 100, duelPairs: 5, days: 60, seed: 1 }), roster, 'the same seed, the same roster');
});

test.run();
