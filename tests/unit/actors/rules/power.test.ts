import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LEADERBOARDS, leaderboardValues, powerScore } from '../../../../actors/rules/power.ts';
import { powerScore as weights, units } from './fixtures.ts';

test('power score: resources × 0.3 + military × 0.4 + territory × 0.2 + population × 0.1, rounded', () => {
  assert.is(powerScore(weights, { resources: 2500, militaryStrength: 0, territory: 100, population: 1 }), 770);
  assert.is(powerScore(weights, { resources: 0, militaryStrength: 1000, territory: 0, population: 0 }), 400);
  assert.is(powerScore(weights, { resources: 1, militaryStrength: 1, territory: 1, population: 1 }), 1);
  assert.is(powerScore(weights, { resources: 0, militaryStrength: 0, territory: 0, population: 0 }), 0);
  // Each weight is read from the balance, not hard-coded.
  assert.is(powerScore({ resources: 1, military_strength: 0, territory: 0, population: 0 }, { resources: 7, militaryStrength: 9, territory: 9, population: 9 }), 7);
});

test('the six leaderboard values from a nation summary', () => {
  const values = leaderboardValues(
    { power_score: weights, units },
    {
      resources: { gold: 1200, food: 800, materials: 500 },
      units: { infantry: 100, armor: 10, aircraft: 5, naval: 2 },
      territory: 110,
      population: 50,
      reputation: -15,
      warsWon: 3,
    },
  );
  // military = 100×10 + 10×50 + 5×80 + 2×120 = 2140
  // power = 2500×0.3 + 2140×0.4 + 110×0.2 + 50×0.1 = 750 + 856 + 22 + 5
  assert.equal(values, { power: 1633, military: 2140, resources: 2500, territory: 110, reputation: -15, wars_won: 3 });
  assert.equal(Object.keys(values).sort(), [...LEADERBOARDS].sort());
});

test.run();
