import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRandom, deriveSeed } from '../../../../actors/rules/random.ts';

test('mulberry32: the published sequence for seed 1', () => {
  const random = createRandom(1);
  assert.is(random.next(), 0.6270739405881613);
  assert.is(random.next(), 0.002735721180215478);
  assert.is(random.next(), 0.5274470399599522);
});

test('same seed, same sequence; different seed, different sequence', () => {
  const draw = (seed: number) => {
    const random = createRandom(seed);
    return Array.from({ length: 20 }, () => random.next());
  };
  assert.equal(draw(7), draw(7));
  assert.not.equal(draw(7), draw(8));
  // Seeds that differ only above bit 32 (epoch-ms values) still differ.
  assert.not.equal(draw(1), draw(2 ** 32 + 1));
});

test('next() is roughly uniform in [0, 1)', () => {
  const random = createRandom(12345);
  const buckets = new Array<number>(10).fill(0);
  let sum = 0;
  const draws = 100_000;
  for (let i = 0; i < draws; i++) {
    const value = random.next();
    assert.ok(value >= 0 && value < 1);
    sum += value;
    buckets[Math.floor(value * 10)]! += 1;
  }
  for (const count of buckets) assert.ok(Math.abs(count - 10_000) < 300, `bucket holds ${count}`);
  assert.ok(Math.abs(sum / draws - 0.5) < 0.005);
});

test('int() covers both ends and nothing outside; between() stays in range', () => {
  const random = createRandom(3);
  const seen = new Set<number>();
  for (let i = 0; i < 1000; i++) {
    const value = random.int(1, 6);
    assert.ok(Number.isInteger(value) && value >= 1 && value <= 6);
    seen.add(value);
    const fraction = random.between(-0.15, 0.15);
    assert.ok(fraction >= -0.15 && fraction < 0.15);
  }
  assert.equal([...seen].sort(), [1, 2, 3, 4, 5, 6]);
  assert.is(random.int(4, 4), 4);
});

test('exact draws for seed 42', () => {
  const random = createRandom(42);
  assert.is(random.int(1, 6), 4);
  assert.is(random.int(1, 6), 3);
  assert.is(random.between(-0.15, 0.15), 0.10573973804712297);
  assert.is(random.pick(['a', 'b', 'c']), 'c');
});

test('pick() reaches every item; bad arguments throw RangeError', () => {
  const random = createRandom(9);
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) seen.add(random.pick(['x', 'y', 'z']));
  assert.is(seen.size, 3);
  assert.throws(() => random.pick([]), RangeError);
  assert.throws(() => random.int(2, 1), RangeError);
  assert.throws(() => random.int(0.5, 2), RangeError);
  assert.throws(() => random.between(1, 0), RangeError);
  assert.throws(() => createRandom(0.5), RangeError);
  assert.throws(() => createRandom(Number.NaN), RangeError);
});

test('deriveSeed: fixed per (seed, label), independent across labels and seeds', () => {
  assert.is(deriveSeed(1, 'terrain'), 1532795292);
  assert.is(deriveSeed(1, 'attacker'), 2146842047);
  assert.is(deriveSeed(2, 'terrain'), 2247015380);
  assert.is(deriveSeed(2 ** 32 + 1, 'terrain'), 336238159);
  const seeds = new Set<number>();
  for (let seed = 0; seed < 100; seed++) {
    for (const label of ['terrain', 'attacker', 'defender', 'discovery']) seeds.add(deriveSeed(seed, label));
  }
  assert.is(seeds.size, 400);
  // Derived streams do not start where the parent stream does.
  assert.is.not(createRandom(deriveSeed(1, 'x')).next(), createRandom(1).next());
});

test.run();
