import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { capTransfer, ceilAmount, floorAmount, totalResources, totalUnits } from '../../../../actors/rules/resources.ts';

test('rounding ignores float noise and never goes negative', () => {
  assert.is(floorAmount(100 * 0.1), 10);
  assert.is(ceilAmount(10 * 0.3), 3);
  assert.is(ceilAmount(5 * 0.3), 2);
  assert.is(floorAmount(5 * 0.3), 1);
  assert.is(floorAmount(-2), 0);
  assert.is(ceilAmount(-2), 0);
});

test('capTransfer keeps what fits, loses the rest, takes nothing from a receiver over its cap', () => {
  const result = capTransfer({ gold: 500, food: 500, materials: 500 }, { gold: 4800, food: 5200, materials: 0 }, { gold: 5000, food: 5000, materials: 5000 });
  assert.equal(result.received, { gold: 200, food: 0, materials: 500 });
  assert.equal(result.lost, { gold: 300, food: 500, materials: 0 });
});

test('totals', () => {
  assert.is(totalResources({ gold: 1, food: 20, materials: 300 }), 321);
  assert.is(totalUnits({ infantry: 1, armor: 2, aircraft: 3, naval: 4 }), 10);
});

test.run();
