// The shard store contract, part two: the streams besides the inbox — a
// shard's outbox and public events, streams outside the shards (replies), and
// the figures the console reads. Registered by shardStoreContract.
import * as assert from 'uvu/assert';
import { BLOCK_MS, LEASE_MS, bodies, deliver, step, timed, type ContractTest } from './shard-store-support.ts';

export function shardStreamTests(it: ContractTest): void {
  it('readStream pages after an id; deleteEntries removes entries', async (store) => {
    const epoch = await store.claim(1, 'n1', LEASE_MS);
    await store.commit(1, epoch, [step('m1', { outbox: ['o0', 'o1', 'o2', 'o3', 'o4'] })]);
    const pages: string[][] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await store.readStream(1, 'outbox', 2, afterId);
      if (page.length === 0) break;
      pages.push(bodies(page));
      afterId = page.at(-1)!.id;
    }
    assert.equal(pages, [['o0', 'o1'], ['o2', 'o3'], ['o4']]);
    const all = await store.readStream(1, 'outbox', 10);
    await store.deleteEntries(1, 'outbox', [all[1]!.id, all[3]!.id]);
    await store.deleteEntries(1, 'outbox', []);
    assert.equal(bodies(await store.readStream(1, 'outbox', 10)), ['o0', 'o2', 'o4']);
    assert.equal(bodies(await store.readStream(1, 'outbox', 10, all[1]!.id)), ['o2', 'o4']);
  });

  it('readEvents reads several shards\' public events after their cursors; eventTails gives where new ones start', async (store) => {
    const one = await store.claim(1, 'n1', LEASE_MS);
    const two = await store.claim(2, 'n1', LEASE_MS);
    assert.equal(await store.eventTails([1, 2]), new Map([[1, '0-0'], [2, '0-0']]), 'no events yet');
    await store.commit(1, one, [step('m1', { events: ['a1', 'a2'] })]);
    await store.commit(2, two, [step('m2', { events: ['b1'] })]);
    const all = await store.readEvents(new Map([[1, '0'], [2, '0']]), 10, BLOCK_MS);
    assert.equal(all.filter((entry) => entry.shard === 1).map((entry) => entry.body), ['a1', 'a2']);
    assert.equal(all.filter((entry) => entry.shard === 2).map((entry) => entry.body), ['b1']);
    const tails = await store.eventTails([1, 2]);
    assert.is(tails.get(1), all.find((entry) => entry.body === 'a2')!.id);
    assert.equal(await store.readEvents(new Map([[1, tails.get(1)!]]), 10, 0), [], 'nothing after the tail');
    const paged = await store.readEvents(new Map([[1, '0']]), 1, BLOCK_MS);
    assert.equal(paged.map((entry) => entry.body), ['a1'], 'count bounds each shard');
  });

  it('a blocked readEvents wakes up for an event committed meanwhile', async (store) => {
    const epoch = await store.claim(3, 'n1', LEASE_MS);
    const tails = await store.eventTails([3]);
    const reading = timed(() => store.readEvents(tails, 10, 5_000));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.commit(3, epoch, [step('m3', { events: ['late'] })]);
    const { value, ms } = await reading;
    assert.equal(value.map((entry) => [entry.shard, entry.body]), [[3, 'late']]);
    assert.ok(ms < 4_000, `woke after ${ms} ms`);
  });

  it('publish and subscribe on a stream outside the shards', async (store, opened) => {
    const stream = `${opened.streamPrefix ?? ''}reply:c1`;
    await store.publish(stream, ['p1', 'p2'], 1_000);
    const first = await store.subscribe(stream, '0', 10, BLOCK_MS);
    assert.equal(bodies(first), ['p1', 'p2']);
    assert.equal(bodies(await store.subscribe(stream, '0', 1, BLOCK_MS)), ['p1'], 'count limits the reply');

    const idle = await timed(() => store.subscribe(stream, first.at(-1)!.id, 10, BLOCK_MS));
    assert.equal(idle.value, []);
    assert.ok(idle.ms >= BLOCK_MS * 0.7, `an empty subscribe returned after ${idle.ms} ms, before blocking`);

    const waiting = timed(() => store.subscribe(stream, first.at(-1)!.id, 10, 5_000));
    await store.publish(stream, ['p3'], 1_000);
    const woken = await waiting;
    assert.equal(bodies(woken.value), ['p3']);
    assert.ok(woken.ms < 2_500, `the subscribe waited ${woken.ms} ms after the publish`);
    assert.equal(await store.subscribe(`${opened.streamPrefix ?? ''}reply:nobody`, '0', 10, BLOCK_MS), []);
  });

  it('publish with a TTL keeps the stream readable', async (store, opened) => {
    const stream = `${opened.streamPrefix ?? ''}notifications`;
    await store.publish(stream, ['n1'], 1_000, 60_000);
    await store.publish(stream, ['n2'], 1_000, 60_000);
    assert.equal(bodies(await store.subscribe(stream, '0', 10, BLOCK_MS)), ['n1', 'n2']);
  });

  it('publishes to several streams at once each land on their own stream, in order', async (store, opened) => {
    const [one, two] = [`${opened.streamPrefix ?? ''}reply:a`, `${opened.streamPrefix ?? ''}reply:b`];
    await Promise.all([
      store.publish(one, ['a1', 'a2'], 1_000, 60_000),
      store.publish(two, ['b1'], 1_000),
      store.publish(one, ['a3'], 1_000),
    ]);
    assert.equal(bodies(await store.subscribe(one, '0', 10, BLOCK_MS)), ['a1', 'a2', 'a3']);
    assert.equal(bodies(await store.subscribe(two, '0', 10, BLOCK_MS)), ['b1']);
  });

  it('stats count backlog, pending, outbox, dirty and dead entries', async (store) => {
    assert.equal(await store.stats(1), { backlog: 0, pending: 0, outbox: 0, dirty: 0, dead: 0 });
    await store.ensureGroups([1]);
    await store.append(1, ['a', 'b', 'c', 'd']);
    const [e1, e2, e3] = (await store.read([1], 'n1', 3, BLOCK_MS)).map((entry) => entry.streamId);
    assert.equal(await store.stats(1), { backlog: 1, pending: 3, outbox: 0, dirty: 0, dead: 0 });
    await store.read([1], 'n1', 10, BLOCK_MS);
    const epoch = await store.claim(1, 'n1', LEASE_MS);
    await store.commit(1, epoch, [
      step('m1', { streamId: e1, address: 'p:1', version: 1, state: '{}', outbox: ['o1', 'o2'] }),
      step('m2', { streamId: e2, address: 'p:2', expectedVersion: 5, version: 6, state: '{}' }),
      step('m3', { streamId: e3, dead: 'poison' }),
    ]);
    assert.equal(await store.stats(1), { backlog: 0, pending: 2, outbox: 2, dirty: 1, dead: 1 });
    assert.equal(await store.stats(2), { backlog: 0, pending: 0, outbox: 0, dirty: 0, dead: 0 });
  });

  // The step deletes what it acknowledges. With an unacknowledged entry still
  // ahead (a conflict, another consumer's work), entries appended behind the
  // deleted last delivered one must still count as backlog.
  it('stats still count the backlog after processed entries are deleted', async (store) => {
    const [e1, e2] = await deliver(store, 'n1', 'a', 'b');
    await store.append(1, ['c', 'd']);
    const epoch = await store.claim(1, 'n1', LEASE_MS);
    const results = await store.commit(1, epoch, [
      step('m1', { streamId: e1, address: 'p:1', expectedVersion: 1, version: 2, state: '{}' }),
      step('m2', { streamId: e2 }),
    ]);
    assert.equal(results, [{ status: 'conflict', current: 0 }, { status: 'applied' }]);
    assert.equal(await store.stats(1), { backlog: 2, pending: 1, outbox: 0, dirty: 0, dead: 0 });
    await store.read([1], 'n1', 1, BLOCK_MS);
    assert.equal(await store.stats(1), { backlog: 1, pending: 2, outbox: 0, dirty: 0, dead: 0 });
  });
}
