// Views are pure: what an overlay shows of a war before and after its battle,
// and of a nation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { battleLinkLabel, nationView, phaseOf, warView, type ActorState } from '../../../realtime/views.ts';
import { gameConfig } from '../../support/war-driver.ts';

const rules = gameConfig.balance;
const units = (infantry: number, armor = 0) => ({ infantry, armor, aircraft: 0, naval: 0 });
const nation = (name: string, army: ReturnType<typeof units>): ActorState => ({
  value: 'active',
  context: { registered: true, name, units: army, resources: { gold: 100, food: 0, materials: 0 }, territory: 50, citizens: { a: {} }, reputation: -5, warsWon: 2, warsLost: 1, wars: { w1: { role: 'aggressor', enemy: 'nation:2', phase: 'preparation' } }, alliances: {} },
});
const war = (value: unknown, extra: Record<string, unknown> = {}): ActorState => ({
  value,
  context: { aggressor: 'nation:1', defender: 'nation:2', aggressorName: 'Avalon', defenderName: 'Brigantia', reason: 'r', declaredAt: 1, proposalDue: 2, battleAt: 3, settlement: null, outcome: null, endedAt: null, ...extra },
});

test('phaseOf takes the top-level state of a nested value', () => {
  assert.is(phaseOf('preparation'), 'preparation');
  assert.is(phaseOf({ active: 'mustering' }), 'active');
  assert.is(phaseOf(null), 'unknown');
});

test('before the battle a side shows its military score, not its army', () => {
  const view = warView(rules, 'w1', war('preparation'), nation('Avalon', units(10, 2)), nation('Brigantia', units(5)));
  assert.is(view.phase, 'preparation');
  assert.is(view.battleAt, 3);
  assert.is(view.attacker.name, 'Avalon');
  assert.is(view.attacker.military, 10 * rules.units.infantry.strength + 2 * rules.units.armor.strength);
  assert.is(view.attacker.units, null);
  assert.is(view.result, null);
});

test('after the battle: armies, strengths, casualties, winner, territory and spoils', () => {
  const side = (strength: number) => ({ units: units(10), strength, casualties: units(2), survivors: units(8) });
  const settlement = { winner: 'defender', territory: 7, battle: { terrain: 'hills', attacker: side(90.4), defender: side(120) }, collected: null, received: { gold: 5, food: 1, materials: 0 } };
  const view = warView(rules, 'w1', war('concluded', { settlement, outcome: 'victory', winner: 'nation:2', endedAt: 9 }), null, null);
  assert.equal(view.result, { winner: 'nation:2', winnerRole: 'defender', terrain: 'hills', territory: 7, spoils: { gold: 5, food: 1, materials: 0 }, surrendered: false });
  assert.is(view.attacker.strength, 90);
  assert.equal(view.defender.casualties, units(2));
  assert.is(view.outcome, 'victory');
});

test('supporters: listed under their side, with their losses once fought; a stored war without them has none', () => {
  const supporters = [
    { nation: 'nation:3', name: 'Carthage', role: 'attacker', joinedAt: 1, side: null },
    { nation: 'nation:4', name: null, role: 'defender', joinedAt: 1, side: null },
  ];
  const before = warView(rules, 'w1', war('preparation', { supporters }), null, null);
  assert.equal(before.attacker.supporters, [{ nation: 'nation:3', name: 'Carthage', casualties: null }]);
  assert.equal(before.defender.supporters, [{ nation: 'nation:4', name: 'nation:4', casualties: null }], 'unnamed: its address');
  const side = (extra: unknown[]) => ({ units: units(10), strength: 1, casualties: units(2), survivors: units(8), supporters: extra });
  const battle = { terrain: 'hills', attacker: side([{ nation: 'nation:3', casualties: units(3) }]), defender: side([]) };
  const after = warView(rules, 'w1', war('concluded', { supporters, settlement: { winner: 'attacker', territory: 1, battle } }), null, null);
  assert.equal(after.attacker.supporters[0]!.casualties, units(3));
  assert.equal(warView(rules, 'w1', war('preparation'), null, null).attacker.supporters, []);
});

test('the links page names a supporter’s war by its enemy, or as asked while unanswered', () => {
  assert.is(battleLinkLabel({ war: 'w1', enemy: 'nation:2', enemyName: 'Brigantia', role: 'aggressor', phase: 'active' }), 'war with Brigantia (active)');
  assert.is(battleLinkLabel({ war: 'w1', enemy: 'nation:2', role: 'supporter', ally: 'nation:1', phase: 'preparation' }), 'ally’s war against nation:2 (preparation)');
  assert.is(battleLinkLabel({ war: 'w1', enemy: '', role: 'supporter', phase: 'joining' }), 'an ally’s war (asked to join)');
});

test('an unknown war and a nation card', () => {
  assert.is(warView(rules, 'nope', null, null, null).phase, 'unknown');
  const card = nationView(rules, 'nation:1', nation('Avalon', units(1)));
  assert.equal(
    { name: card.name, territory: card.territory, reputation: card.reputation, warsWon: card.warsWon, warsLost: card.warsLost, citizens: card.citizens, wars: card.wars },
    { name: 'Avalon', territory: 50, reputation: -5, warsWon: 2, warsLost: 1, citizens: 1, wars: [{ war: 'w1', enemy: 'nation:2', role: 'aggressor', phase: 'preparation' }] },
  );
  assert.is(nationView(rules, 'nation:9', null).registered, false);
});

test.run();
