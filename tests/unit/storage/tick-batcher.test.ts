import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TickBatcher } from '../../../storage/tick-batcher.ts';

interface Item {
  readonly name: string;
  readonly weight: number;
}

/** A batcher that records each call and answers each item with its name, or an Error for names starting with "!". */
function recording(maxItems = 10, maxWeight = 100) {
  const calls: string[][] = [];
  const batcher = new TickBatcher<Item, string>({
    send: async (items) => {
      calls.push(items.map((item) => item.name));
      return items.map((item) => (item.name.startsWith('!') ? new Error(`refused ${item.name}`) : item.name.toUpperCase()));
    },
    maxItems,
    maxWeight,
    weight: (item) => item.weight,
  });
  return { calls, batcher };
}

const item = (name: string, weight = 1): Item => ({ name, weight });

test('calls made in one turn go together, in order; the next turn makes a new call', async () => {
  const { calls, batcher } = recording();
  const answers = await Promise.all([batcher.add(item('a')), batcher.add(item('b')), batcher.add(item('c'))]);
  assert.equal(answers, ['A', 'B', 'C']);
  assert.equal(await batcher.add(item('d')), 'D');
  assert.equal(calls, [['a', 'b', 'c'], ['d']]);
});

test('a call holds at most maxItems items and maxWeight weight; a heavier item goes alone', async () => {
  const { calls, batcher } = recording(2, 10);
  await Promise.all([item('a', 4), item('b', 4), item('c', 4), item('d', 20), item('e', 1), item('f', 1), item('g', 1)].map((entry) => batcher.add(entry)));
  assert.equal(calls, [['a', 'b'], ['c'], ['d'], ['e', 'f'], ['g']]);
});

test('an item refused on its own rejects alone; a failed call rejects all of its items', async () => {
  const { batcher } = recording();
  const settled = await Promise.allSettled([batcher.add(item('a')), batcher.add(item('!b')), batcher.add(item('c'))]);
  assert.equal(settled.map((result) => result.status), ['fulfilled', 'rejected', 'fulfilled']);

  const failing = new TickBatcher<Item, string>({
    send: async () => {
      throw new Error('connection lost');
    },
    maxItems: 10,
    maxWeight: 100,
    weight: () => 1,
  });
  const failed = await Promise.allSettled([failing.add(item('x')), failing.add(item('y'))]);
  assert.equal(failed.map((result) => result.status === 'rejected' && (result.reason as Error).message), ['connection lost', 'connection lost']);
});

test('a call answered with fewer outcomes than items rejects the unanswered ones', async () => {
  const short = new TickBatcher<Item, string>({ send: async () => ['only one'], maxItems: 10, maxWeight: 100, weight: () => 1 });
  const settled = await Promise.allSettled([short.add(item('x')), short.add(item('y'))]);
  assert.equal(settled.map((result) => result.status), ['fulfilled', 'rejected']);
});

test.run();
