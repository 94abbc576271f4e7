import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  allianceSupport,
  baseStrength,
  casualties,
  drawTerrain,
  resolveBattle,
  terrainBonus,
  territoryWon,
  type BattleRules,
  type Side,
} from '../../../../actors/rules/combat.ts';
import { UNITS, type Units } from '../../../../actors/rules/resources.ts';
import { battle, shippedBalance, territory, units } from './fixtures.ts';

const rules: BattleRules = { battle, units, territory };
const cap = { gold: 15_000, food: 15_000, materials: 15_000 };
const army = (infantry: number, armor: number, aircraft: number, naval: number): Units => ({ infantry, armor, aircraft, naval });

function side(overrides: Partial<Side> = {}): Side {
  return {
    units: army(100, 10, 5, 2),
    stance: 'balanced',
    allies: 0,
    resources: { gold: 1000, food: 1000, materials: 500 },
    storageCap: cap,
    territory: 100,
    ...overrides,
  };
}

test('base strength and the strength-weighted terrain bonus', () => {
  assert.is(baseStrength(army(100, 10, 0, 0), units), 1500);
  assert.is(baseStrength(army(50, 0, 5, 2), units), 1140);
  // forest: (100×10×0.1 + 10×50×−0.05) / 1500 = 75 / 1500
  assert.is(terrainBonus(army(100, 10, 0, 0), rules, 'forest'), 0.05);
  // forest: (500×0.1 − 400×0.05 − 240×0.1) / 1140 = 6 / 1140
  assert.is(terrainBonus(army(50, 0, 5, 2), rules, 'forest'), 6 / 1140);
  assert.is(terrainBonus(army(0, 0, 0, 0), rules, 'forest'), 0);
  assert.throws(() => terrainBonus(army(1, 0, 0, 0), rules, 'swamp'), (error: Error) => error instanceof RangeError && /plains, forest/.test(error.message));
});

test('alliance support is per ally, capped', () => {
  assert.is(allianceSupport(0, battle), 0);
  assert.is(allianceSupport(1, battle), 0.05);
  assert.is(allianceSupport(4, battle), 0.15);
});

test('a battle, number by number', () => {
  const attacker = side({ units: army(100, 10, 0, 0), stance: 'aggressive', allies: 1 });
  const defender = side({ units: army(50, 0, 5, 2), stance: 'defensive', allies: 4, resources: { gold: 14_900, food: 0, materials: 3 } });
  const result = resolveBattle({ attacker, defender, terrain: 'forest', rules, seed: 7 });
  assert.is(result.terrain, 'forest');
  assert.is(result.attacker.base, 1500);
  assert.equal(result.attacker.modifier, { terrain: 0.05, alliance: 0.05, stance: 0.1, total: 0.2 });
  assert.is(result.attacker.variance, 0.03930723974481226);
  assert.is(result.attacker.final, 1500 * (1 + 0.2) * (1 + 0.03930723974481226));
  assert.is(result.defender.modifier.alliance, 0.15);
  assert.is(result.defender.modifier.stance, 0.1);
  assert.is(result.defender.variance, -0.09147212184034287);
  assert.is(result.defender.final, 1140 * (1 + result.defender.modifier.total) * (1 - 0.09147212184034287));
  assert.is(result.winner, 'attacker');
  // Winner loses 10 % rounded down, loser 30 % rounded up (1.5 → 2, 0.6 → 1).
  assert.equal(result.attacker.casualties, army(10, 1, 0, 0));
  assert.equal(result.attacker.survivors, army(90, 9, 0, 0));
  assert.equal(result.defender.casualties, army(15, 0, 2, 1));
  assert.equal(result.defender.survivors, army(35, 0, 3, 1));
  // 20 % of the loser's resources, rounded down (3 × 0.2 = 0.6 → 0).
  assert.equal(result.spoilsTaken, { gold: 2980, food: 0, materials: 0 });
  assert.equal(result.spoilsReceived, { gold: 2980, food: 0, materials: 0 });
  assert.is(result.territory, 10);
});

test('spoils beyond the winner\'s storage cap are lost', () => {
  const attacker = side({ units: army(10, 0, 0, 0), resources: { gold: 2000, food: 500, materials: 100 } });
  const defender = side({ units: army(500, 0, 0, 0), resources: { gold: 14_900, food: 15_500, materials: 0 } });
  const result = resolveBattle({ attacker, defender, terrain: 'plains', rules, seed: 1 });
  assert.is(result.winner, 'defender');
  assert.equal(result.spoilsTaken, { gold: 400, food: 100, materials: 20 });
  assert.equal(result.spoilsReceived, { gold: 100, food: 0, materials: 20 });
  assert.equal(result.spoilsLost, { gold: 300, food: 100, materials: 0 });
  assert.is(result.territory, 10);
  assert.equal(result.attacker.casualties, army(3, 0, 0, 0));
  assert.equal(result.defender.casualties, army(50, 0, 0, 0));
});

test('tie rule: equal final strengths (two empty armies) go to the defender', () => {
  const empty = army(0, 0, 0, 0);
  const result = resolveBattle({ attacker: side({ units: empty }), defender: side({ units: empty }), terrain: 'urban', rules, seed: 3 });
  assert.is(result.attacker.final, 0);
  assert.is(result.defender.final, 0);
  assert.is(result.winner, 'defender');
  assert.equal(result.attacker.casualties, empty);
});

test('territory won: a fraction, at least the minimum, never below territory.minimum', () => {
  assert.is(territoryWon(100, rules), 10);
  assert.is(territoryWon(59, rules), 5);
  assert.is(territoryWon(25, rules), 2);
  assert.is(territoryWon(21, rules), 1);
  assert.is(territoryWon(20, rules), 0);
  assert.is(territoryWon(12, rules), 0);
});

test('casualties: float noise does not add a unit; never more than exist', () => {
  // 10 × 0.3 is 3.0000000000000004 in floating point.
  assert.equal(casualties(army(10, 0, 0, 0), false, battle), army(3, 0, 0, 0));
  assert.equal(casualties(army(1, 1, 1, 1), false, battle), army(1, 1, 1, 1));
  assert.equal(casualties(army(9, 0, 0, 0), true, battle), army(0, 0, 0, 0));
  const everything = { ...battle, casualties: { winner_fraction: 1, loser_fraction: 1 } };
  assert.equal(casualties(army(7, 3, 2, 1), false, everything), army(7, 3, 2, 1));
});

test('same seed, same battle; terrain drawn from the list', () => {
  const input = { attacker: side(), defender: side(), terrain: 'coastal', rules, seed: 99 };
  assert.equal(resolveBattle(input), resolveBattle(input));
  assert.is.not(resolveBattle(input).attacker.variance, resolveBattle({ ...input, seed: 100 }).attacker.variance);
  assert.is(drawTerrain(battle, 7), 'plains');
  const seen = new Set<string>();
  for (let seed = 0; seed < 200; seed++) seen.add(drawTerrain(battle, seed));
  assert.equal([...seen].sort(), Object.keys(battle.terrain).sort());
});

test('balance check (shipped balance): equal armies give the aggressor 45–55 % wins', () => {
  const shipped = shippedBalance();
  const shippedRules: BattleRules = { battle: shipped.battle, units: shipped.units, territory: shipped.territory };
  const armies = [army(100, 0, 0, 0), army(100, 10, 5, 2), army(0, 0, 0, 20), army(30, 20, 10, 0)];
  const pairings = [['balanced', 'balanced'], ['aggressive', 'defensive'], ['defensive', 'aggressive']] as const;
  for (const units of armies) {
    for (const [attackerStance, defenderStance] of pairings) {
      let wins = 0;
      const battles = 2000;
      for (let seed = 0; seed < battles; seed++) {
        const terrain = drawTerrain(shipped.battle, seed);
        const attacker = side({ units, stance: attackerStance });
        const defender = side({ units, stance: defenderStance });
        const result = resolveBattle({ attacker, defender, terrain, rules: shippedRules, seed });
        if (result.winner === 'attacker') wins++;
        for (const [who, outcome] of [[attacker, result.attacker], [defender, result.defender]] as const) {
          for (const type of UNITS) {
            assert.ok(outcome.casualties[type] >= 0 && outcome.casualties[type] <= who.units[type]);
          }
        }
      }
      const rate = wins / battles;
      assert.ok(rate >= 0.45 && rate <= 0.55, `${attackerStance} vs ${defenderStance} with ${JSON.stringify(units)}: ${rate}`);
    }
  }
});

test.run();
