import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ShardQueue } from '../../../runtime/shard-queue.ts';
import type { InboxEntry } from '../../../storage/shard-store.ts';

const entry = (id: string, deliveries?: number): InboxEntry =>
  (deliveries === undefined ? { shard: 1, streamId: id, body: id } : { shard: 1, streamId: id, body: id, deliveries }) as InboxEntry;
const ids = (entries: readonly InboxEntry[]) => entries.map((item) => item.streamId);

test('batches keep stream order up to the limit and stop before a suspect entry, which goes alone', () => {
  const queue = new ShardQueue();
  queue.push([entry('1'), entry('2'), entry('3', 2), entry('4'), entry('5', 1), entry('6')]);
  assert.equal(ids(queue.take(10).batch), ['1', '2']);
  const suspect = queue.take(10);
  assert.equal([ids(suspect.batch), suspect.suspect], [['3'], true]);
  assert.equal(ids(queue.take(2).batch), ['4', '5'], 'delivered once is not suspect');
  assert.equal(ids(queue.take(2).batch), ['6']);
  assert.equal(queue.take(2).batch, []);
});

test('a failed batch goes back in front', () => {
  const queue = new ShardQueue();
  queue.push([entry('1'), entry('2'), entry('3')]);
  const { batch } = queue.take(2);
  queue.push([entry('4')]);
  queue.unshift(batch);
  assert.equal(ids(queue.take(10).batch), ['1', '2', '3', '4']);
});

test('put-off entries come back in front of everything queued since, once, and unblock their actors', async () => {
  const queue = new ShardQueue();
  let woken = 0;
  queue.blocked.add('counter:a');
  queue.putOff([entry('1')], 20, () => woken++);
  queue.putOff([entry('2')], 20, () => woken++);
  queue.push([entry('3')]);
  assert.equal([queue.length, queue.waiting], [1, 2]);
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.is(woken, 1, 'one retry for both');
  assert.equal(queue.blocked.size, 0);
  assert.equal(ids(queue.take(10).batch), ['1', '2', '3']);
});

test('clear drops queued and put-off entries and cancels the retry', async () => {
  const queue = new ShardQueue();
  let woken = 0;
  queue.push([entry('1')]);
  queue.putOff([entry('2')], 10, () => woken++);
  assert.is(queue.clear(), 2);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal([woken, queue.length, queue.waiting], [0, 0, 0]);
});

test.run();
