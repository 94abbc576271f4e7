import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { missionEffect, rollMission, successRate, type Target } from '../../../../actors/rules/espionage.ts';
import { espionage } from './fixtures.ts';

test('success rate: base + spies × 0.05 − counter-intel × 0.1, clamped to [0.05, 0.95]', () => {
  assert.is(successRate(espionage, 'reconnaissance', 0, 0), 0.6);
  assert.is(successRate(espionage, 'reconnaissance', 3, 1), 0.65);
  assert.is(successRate(espionage, 'theft', 2, 1), 0.3);
  assert.is(successRate(espionage, 'sabotage', 10, 5), 0.35);
  assert.is(successRate(espionage, 'reconnaissance', 10, 0), 0.95);
  assert.is(successRate(espionage, 'theft', 0, 5), 0.05);
});

test('rolls: success when the draw is below the rate; discovery only on failure', () => {
  const roll = (seed: number, spies = 2) => rollMission({ rules: espionage, mission: 'theft', spies, counterIntel: 1, seed });
  assert.equal(roll(5), { rate: 0.3, roll: 0.2685352948028594, success: true, discovered: false, spiesLost: 0 });
  assert.equal(roll(1), { rate: 0.3, roll: 0.656547230668366, success: false, discovered: false, spiesLost: 0 });
  assert.equal(roll(7), { rate: 0.3, roll: 0.4184819229412824, success: false, discovered: true, spiesLost: 1 });
  // No spy to lose: none lost.
  assert.is(roll(7, 0).spiesLost, 0);
  assert.equal(roll(7), roll(7));
});

test('over many seeds the success and discovery frequencies match the rates', () => {
  let successes = 0;
  let discovered = 0;
  const missions = 5000;
  for (let seed = 0; seed < missions; seed++) {
    const result = rollMission({ rules: espionage, mission: 'sabotage', spies: 3, counterIntel: 0, seed });
    if (result.success) successes++;
    if (result.discovered) {
      assert.not.ok(result.success);
      discovered++;
    }
  }
  assert.ok(Math.abs(successes / missions - 0.5) < 0.03, `success ${successes / missions}`);
  assert.ok(Math.abs(discovered / (missions - successes) - 0.5) < 0.03, `discovered ${discovered}`);
});

const target: Target = {
  units: { infantry: 100, armor: 19, aircraft: 40, naval: 3 },
  queue: [
    { unitType: 'infantry', quantity: 51 },
    { unitType: 'armor', quantity: 1 },
  ],
  resources: { gold: 4005, food: 999, materials: 0 },
};
const thief = { resources: { gold: 4900, food: 0, materials: 0 }, storageCap: { gold: 5000, food: 5000, materials: 5000 } };

test('reconnaissance reveals the military and the queue', () => {
  assert.equal(missionEffect({ rules: espionage, mission: 'reconnaissance', target, thief }), {
    mission: 'reconnaissance',
    revealed: { units: target.units, queue: target.queue },
  });
});

test('sabotage destroys half of each queued order, rounded down', () => {
  assert.equal(missionEffect({ rules: espionage, mission: 'sabotage', target, thief }), {
    mission: 'sabotage',
    queueDestroyed: [25, 0],
    unitsDestroyed: { infantry: 0, armor: 0, aircraft: 0, naval: 0 },
  });
});

test('sabotage with an empty queue destroys 5 % of standing units, rounded down', () => {
  const idle = { ...target, queue: [{ unitType: 'naval' as const, quantity: 0 }] };
  assert.equal(missionEffect({ rules: espionage, mission: 'sabotage', target: idle, thief }), {
    mission: 'sabotage',
    queueDestroyed: [0],
    unitsDestroyed: { infantry: 5, armor: 0, aircraft: 2, naval: 0 },
  });
});

test('theft takes 10 % of each resource; what does not fit in the thief\'s storage is lost', () => {
  assert.equal(missionEffect({ rules: espionage, mission: 'theft', target, thief }), {
    mission: 'theft',
    stolen: { gold: 400, food: 99, materials: 0 },
    received: { gold: 100, food: 99, materials: 0 },
    lost: { gold: 300, food: 0, materials: 0 },
  });
});

test.run();
