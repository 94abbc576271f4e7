import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { claimOrder, excess, fairShare } from '../../../runtime/ownership.ts';

test('fair shares add up to every shard and differ by at most one', () => {
  for (const [shards, nodes] of [[64, 1], [64, 3], [64, 4], [64, 5], [7, 10], [1024, 7]] as const) {
    const shares = Array.from({ length: nodes }, (_, index) => fairShare(shards, nodes, index));
    assert.is(shares.reduce((a, b) => a + b, 0), shards, `${shards}/${nodes}`);
    assert.ok(Math.max(...shares) - Math.min(...shares) <= 1, `${shards}/${nodes}: ${shares}`);
  }
  assert.equal([0, 1, 2].map((i) => fairShare(64, 3, i)), [22, 21, 21]);
  assert.equal([0, 1, 2, 3].map((i) => fairShare(64, 4, i)), [16, 16, 16, 16]);
  assert.is(fairShare(64, 3, 3), 0, 'a node missing from the membership owns nothing');
});

test('excess gives back the highest shards beyond the target', () => {
  assert.equal(excess([5, 1, 9, 3], 2), [5, 9]);
  assert.equal(excess([1, 2], 4), []);
});

test('claim order starts at the node’s own stretch of the range', () => {
  const free = Array.from({ length: 64 }, (_, i) => i);
  assert.is(claimOrder(free, 64, 4, 0)[0], 0);
  assert.is(claimOrder(free, 64, 4, 2)[0], 32);
  assert.equal(claimOrder([3, 40, 20], 64, 2, 1), [40, 3, 20]);
});

test.run();
