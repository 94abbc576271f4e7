// One suite for every ShardStore (STYLE.md 4): Redis with JSON strings, Redis
// with RedisJSON and the in-memory store must answer every call the same way.
// Each test opens its own empty store, so tests can reuse shard numbers.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CommitStep, ShardStore, ShardStream } from '../../storage/shard-store.ts';
import { shardStreamTests } from './shard-store-streams.ts';
import { BLOCK_MS, LEASE_MS, bodies, codeOf, deliver, delivered, step, timed, type ContractTest, type OpenedShardStore } from './shard-store-support.ts';

export type { OpenedShardStore };

export function shardStoreContract(name: string, open: () => Promise<OpenedShardStore>) {
  const test = suite(`shard store on ${name}`);
  const it: ContractTest = (title, body) => {
    test(title, async () => {
      const opened = await open();
      try {
        await body(opened.store, opened);
      } finally {
        await opened.cleanup();
      }
    });
  };

  it('read delivers new entries of several shards in order; pending is per consumer', async (store) => {
    await store.ensureGroups([1, 2]);
    await store.append(1, ['a1', 'a2']);
    await store.append(2, ['b1']);
    const first = await store.read([1, 2], 'n1', 10, BLOCK_MS);
    assert.equal(delivered(first), [{ shard: 1, body: 'a1' }, { shard: 1, body: 'a2' }, { shard: 2, body: 'b1' }]);
    assert.is.not(first[0]!.streamId, first[1]!.streamId);

    const again = await timed(() => store.read([1, 2], 'n1', 10, BLOCK_MS));
    assert.equal(again.value, []);
    assert.ok(again.ms >= BLOCK_MS * 0.7, `an empty read returned after ${again.ms} ms, before blocking`);

    await store.append(1, ['a3']);
    assert.equal(delivered(await store.read([1, 2], 'n2', 10, BLOCK_MS)), [{ shard: 1, body: 'a3' }]);
    assert.equal(await store.pending(1, 'n1', 10), first.slice(0, 2));
    assert.equal(await store.pending(2, 'n1', 10), first.slice(2));
    assert.equal(delivered(await store.pending(1, 'n2', 10)), [{ shard: 1, body: 'a3' }]);
    assert.equal(await store.pending(2, 'n2', 10), []);
    assert.equal(await store.pending(1, 'n3', 10), []);
  });

  it('takeOver moves every unacknowledged entry of a shard, whoever had it, to the new owner in stream order', async (store) => {
    await store.ensureGroups([1, 2]);
    await store.append(1, ['a1', 'a2']);
    const toOld = await store.read([1], 'old', 10, BLOCK_MS);
    await store.append(1, ['a3']);
    await store.append(2, ['b1']);
    const toOther = await store.read([1, 2], 'other', 10, BLOCK_MS);
    const taken = await store.takeOver(1, 'new', 100);
    assert.equal(
      taken,
      [...toOld, ...toOther.filter((entry) => entry.shard === 1)].map((entry) => ({ ...entry, deliveries: 2 })),
      'in stream order, each now delivered twice',
    );
    assert.equal(await store.pending(1, 'old', 10), []);
    assert.equal(await store.pending(1, 'other', 10), []);
    assert.equal(await store.pending(1, 'new', 10), taken.map(({ deliveries: _, ...entry }) => entry));
    assert.equal(delivered(await store.pending(2, 'other', 10)), [{ shard: 2, body: 'b1' }], 'other shards are untouched');
    assert.equal(
      (await store.takeOver(1, 'new', 100)).map((entry) => entry.deliveries),
      [4, 4, 4],
      'taking over again is harmless: it only counts deliveries (the pending() read above counted one too)',
    );
  });

  it('reclaimStale takes only entries other consumers held for minIdle, counting deliveries', async (store) => {
    await store.ensureGroups([1]);
    await store.append(1, ['a1', 'a2']);
    const mine = await store.read([1], 'me', 1, BLOCK_MS);
    const theirs = await store.read([1], 'dead-node', 1, BLOCK_MS);
    assert.equal(await store.reclaimStale(1, 'me', 60_000, 10), [], 'not idle long enough');
    await new Promise((resolve) => setTimeout(resolve, 60));
    const reclaimed = await store.reclaimStale(1, 'me', 50, 10);
    assert.equal(reclaimed, theirs.map((entry) => ({ ...entry, deliveries: 2 })), 'only the other consumer’s entry');
    assert.equal(await store.pending(1, 'me', 10), [...mine, ...theirs]);
    assert.equal(await store.pending(1, 'dead-node', 10), []);
  });

  it('recordAttempt counts attempts per entry', async (store) => {
    assert.equal([await store.recordAttempt(2, '1-0'), await store.recordAttempt(2, '1-0'), await store.recordAttempt(2, '2-0')], [1, 2, 1]);
    assert.is(await store.recordAttempt(3, '1-0'), 1, 'per shard');
  });

  it('membership: heartbeats on the store clock, ordered by node id; silent and departed nodes drop out', async (store) => {
    await store.heartbeat('node-b', 10_000);
    const membership = await store.heartbeat('node-a', 10_000);
    assert.equal(membership.members.map((member) => member.nodeId), ['node-a', 'node-b']);
    assert.ok(membership.members.every((member) => member.seenAt <= membership.now));
    await store.leave('node-b');
    assert.equal((await store.heartbeat(undefined, 10_000)).members.map((member) => member.nodeId), ['node-a']);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal((await store.heartbeat(undefined, 50)).members, [], 'silent for longer than the TTL');
  });

  it('leases report owner, epoch and time left', async (store) => {
    const epoch = await store.claim(3, 'node-a', 10_000);
    const [held, free] = await store.leases([3, 4]);
    assert.equal([held?.owner, held?.epoch, free?.owner, free?.ttlMs], ['node-a', epoch, null, 0]);
    assert.ok(held!.ttlMs > 9_000 && held!.ttlMs <= 10_000);
  });

  it('a blocked read wakes up for an append', async (store) => {
    await store.ensureGroups([1, 2]);
    const reading = timed(() => store.read([1, 2], 'n1', 10, 5_000));
    await store.append(2, ['late']);
    const { value, ms } = await reading;
    assert.equal(delivered(value), [{ shard: 2, body: 'late' }]);
    assert.ok(ms < 2_500, `the read waited ${ms} ms after the append`);
  });

  it('claim, renew and release hand the lease over with a growing epoch', async (store) => {
    const first = await store.claim(1, 'A', LEASE_MS);
    assert.ok(first > 0);
    assert.is(await store.claim(1, 'B', LEASE_MS), 0);
    assert.ok((await store.claim(2, 'B', LEASE_MS)) > 0, 'leases are per shard');
    const second = await store.claim(1, 'A', LEASE_MS);
    assert.ok(second > first, "the holder's re-claim moves the epoch on");
    assert.is(await store.renew(1, 'A', second, LEASE_MS), true);
    assert.is(await store.renew(1, 'A', first, LEASE_MS), false, 'stale epoch');
    assert.is(await store.renew(1, 'B', second, LEASE_MS), false, 'not the holder');
    await store.release(1, 'B', second);
    await store.release(1, 'A', first);
    assert.is(await store.claim(1, 'B', LEASE_MS), 0, 'a release by a non-holder or with a stale epoch frees nothing');
    await store.release(1, 'A', second);
    assert.is(await store.renew(1, 'A', second, LEASE_MS), false, 'a released lease cannot be renewed');
    assert.ok((await store.claim(1, 'B', LEASE_MS)) > second);
    assert.is(await store.claim(1, 'A', LEASE_MS), 0);
  });

  it('markLive says once, to one caller, that the store had no mark of the cluster; liveMark tells who and when', async (store) => {
    assert.is(await store.liveMark(), null);
    const before = Date.now();
    const calls = await Promise.all(['A', 'B', 'C'].map((node) => store.markLive(node, LEASE_MS)));
    assert.equal(calls.filter(Boolean).length, 1, 'exactly one of three concurrent callers sets it');
    assert.is(await store.markLive('A', LEASE_MS), false);
    const mark = await store.liveMark();
    assert.is(mark?.by, ['A', 'B', 'C'][calls.indexOf(true)], 'who set it');
    assert.ok(mark && mark.since >= before - 1_000 && mark.since <= Date.now() + 1_000, `since ${mark?.since}`);
  });

  it('the mark is a claim that lapses unless its node renews it or keeps it for good; nobody else can', async (store) => {
    assert.ok(await store.markLive('A', 150));
    assert.is(await store.keepLive('B', 150), false, 'not B’s to renew');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(await store.keepLive('A', 150), 'renewed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.is((await store.liveMark())?.by, 'A', 'still there 200 ms after it was set: the renewal counts');
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.is(await store.liveMark(), null, 'lapsed: A died before it was done, say');
    assert.is(await store.keepLive('A'), false, 'a lapsed claim cannot be kept');
    assert.ok(await store.markLive('B', 150), 'B takes it up');
    assert.is(await store.keepLive('A'), false);
    assert.ok(await store.keepLive('B'), 'kept for good');
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.is((await store.liveMark())?.by, 'B');
    assert.is(await store.markLive('C', 150), false);
  });

  it('epochs follow server time, so they keep growing even after the store lost its data', async (store) => {
    const before = await store.serverTime();
    const epoch = await store.claim(4, 'A', LEASE_MS);
    const after = await store.serverTime();
    assert.ok(epoch >= before && epoch <= after + 1, `epoch ${epoch} within the claim's server time [${before}, ${after}]`);
  });

  it('commit with an epoch that is not the shard\'s is fenced and writes nothing', async (store) => {
    const [entry] = await deliver(store, 'n1', 'm');
    const write = step('m1', { streamId: entry, address: 'p:1', version: 1, state: '{}', outbox: ['o'], log: 'l' });
    assert.is(await codeOf(() => store.commit(1, 0, [write])), 'STORAGE_FENCED', 'nobody claimed the shard');
    const epoch = await store.claim(1, 'n1', LEASE_MS);
    assert.is(await codeOf(() => store.commit(1, epoch + 1, [write])), 'STORAGE_FENCED');
    // Server time in ms, or one more than the last epoch: epoch + 1 only when claimed within the same ms.
    const next = await store.claim(1, 'n1', LEASE_MS);
    assert.ok(next > epoch, `re-claimed at epoch ${next}, after ${epoch}`);
    assert.is(await codeOf(() => store.commit(1, epoch, [write])), 'STORAGE_FENCED', 'stale epoch');

    assert.equal(await store.load(1, ['p:1']), new Map());
    assert.is((await store.pending(1, 'n1', 10)).length, 1, 'the entry stays unacknowledged');
    for (const stream of ['outbox', 'events', 'log', 'dead'] as const) assert.equal(await store.readStream(1, stream, 10), []);
    assert.equal(await store.dirty(1, 10), []);
    assert.equal(await store.commit(1, next, [write]), [{ status: 'applied' }], 'no de-duplication record was left');
  });

  it('commits of several shards at once stand or fall each on its own epoch', async (store) => {
    const [a, b] = [await store.claim(1, 'n1', LEASE_MS), await store.claim(2, 'n1', LEASE_MS)];
    const write = (id: string, address: string) => step(id, { address, version: 1, state: '{"n":1}', log: id });
    // Made in one turn, as a node's shard workers make them (one script call on Redis).
    const [fenced, first, second] = await Promise.allSettled([
      store.commit(1, a + 1, [write('m1', 'p:1')]),
      store.commit(2, b, [write('m2', 'p:2'), step('m2b', { address: 'p:2', expectedVersion: 1, version: 2, state: '{"n":2}' })]),
      store.commit(1, a, [write('m3', 'p:3')]),
    ]);
    assert.is(fenced.status === 'rejected' && (fenced.reason as { code?: string }).code, 'STORAGE_FENCED');
    assert.equal(first.status === 'fulfilled' && first.value, [{ status: 'applied' }, { status: 'applied' }]);
    assert.equal(second.status === 'fulfilled' && second.value, [{ status: 'applied' }]);
    assert.equal(await store.load(1, ['p:1', 'p:3']), new Map([['p:3', { version: 1, state: '{"n":1}' }]]));
    assert.equal(await store.load(2, ['p:2']), new Map([['p:2', { version: 2, state: '{"n":2}' }]]));
    assert.equal(bodies(await store.readStream(1, 'log', 10)), ['m3'], 'nothing of the fenced batch was written');
    assert.equal(await store.commit(1, a, [write('m1', 'p:1')]), [{ status: 'applied' }], 'the fenced message left no de-duplication record');
  });

  it('a step answers its requester as part of the commit: applied, duplicate, never a conflict or a fenced one', async (store, opened) => {
    const stream = `${opened.streamPrefix ?? ''}reply:r1`;
    const other = `${opened.streamPrefix ?? ''}reply:r2`;
    const epoch = await store.claim(1, 'n1', LEASE_MS);
    const asked = (id: string, corr: string, fields: Partial<CommitStep> = {}, to = stream) =>
      step(id, { dedupValue: `{"ok":"${id}"}`, reply: { stream: to, head: `{"corr":"${corr}","body":` }, ...fields });
    assert.equal(
      await store.commit(1, epoch, [
        asked('m1', 'c1', { address: 'p:1', version: 1, state: '{}' }),
        asked('m2', 'c2', { address: 'p:1', expectedVersion: 5, version: 6, state: '{}' }),
        asked('m3', 'c3', {}, other),
        step('m4', { dedupValue: '{"ok":"quiet"}' }),
        asked('m5', 'c5', { dedupValue: '' }),
      ]).then((results) => results.map((result) => result.status)),
      ['applied', 'conflict', 'applied', 'applied', 'applied'],
    );
    assert.is(await codeOf(() => store.commit(1, epoch + 1, [asked('m6', 'c6')])), 'STORAGE_FENCED');
    assert.equal(await store.commit(1, epoch, [asked('m5', 'c7')]), [{ status: 'duplicate', stored: '' }], 'an empty answer is never sent');
    assert.equal(await store.commit(1, epoch, [asked('m1', 'c8', { dedupValue: '{"ok":"again"}' })]), [{ status: 'duplicate', stored: '{"ok":"m1"}' }]);
    assert.equal(bodies(await store.subscribe(stream, '0', 10, BLOCK_MS)), ['{"corr":"c1","body":{"ok":"m1"}}', '{"corr":"c8","body":{"ok":"m1"}}']);
    assert.equal(bodies(await store.subscribe(other, '0', 10, BLOCK_MS)), ['{"corr":"c3","body":{"ok":"m3"}}']);
  });

  it('commit applies a step: state, acknowledgement, streams and dirty set', async (store) => {
    const [entry] = await deliver(store, 'n1', 'hello');
    const epoch = await store.claim(1, 'n1', LEASE_MS);
    const first = step('m1', {
      streamId: entry, address: 'p:1', expectedVersion: 0, version: 1, state: '{"hp":10}', dedupValue: '{"ok":1}',
      outbox: ['o1', 'o2'], events: ['e1'], log: 'l1', dead: 'd1',
    });
    assert.equal(await store.commit(1, epoch, [first]), [{ status: 'applied' }]);
    assert.equal(await store.load(1, ['p:1', 'p:2']), new Map([['p:1', { version: 1, state: '{"hp":10}' }]]));
    assert.equal(await store.pending(1, 'n1', 10), []);
    const expected: Record<ShardStream, string[]> = { outbox: ['o1', 'o2'], events: ['e1'], log: ['l1'], dead: ['d1'] };
    for (const [stream, want] of Object.entries(expected)) {
      assert.equal(bodies(await store.readStream(1, stream as ShardStream, 10)), want, stream);
    }
    assert.equal(await store.dirty(1, 10), [{ address: 'p:1', version: 1 }]);

    const second = step('m2', { address: 'p:1', expectedVersion: 1, version: 2, state: '{"hp":9}' });
    assert.equal(await store.commit(1, epoch, [second]), [{ status: 'applied' }], 'a step without an inbox entry');
    assert.equal(await store.load(1, ['p:1']), new Map([['p:1', { version: 2, state: '{"hp":9}' }]]));
    assert.equal(await store.dirty(1, 10), [{ address: 'p:1', version: 2 }]);
    assert.equal(bodies(await store.readStream(1, 'outbox', 10)), ['o1', 'o2']);
  });

  it('a version conflict changes nothing while the rest of the batch applies', async (store) => {
    const epoch = await store.claim(1, 'n1', LEASE_MS);
    await store.commit(1, epoch, [step('m0', { address: 'p:1', version: 1, state: '"v1"' })]);
    const [e1, e2, e3] = await deliver(store, 'n1', 'x', 'y', 'z');
    const results = await store.commit(1, epoch, [
      step('m1', { streamId: e1, address: 'p:1', expectedVersion: 0, version: 1, state: '"lost"', outbox: ['bad'], log: 'bad' }),
      step('m2', { streamId: e2, address: 'p:2', expectedVersion: 0, version: 1, state: '"p2"', outbox: ['good'] }),
      step('m3', { streamId: e3, address: 'p:3', expectedVersion: 4, version: 5, state: '"lost"', events: ['bad'] }),
    ]);
    assert.equal(results, [{ status: 'conflict', current: 1 }, { status: 'applied' }, { status: 'conflict', current: 0 }]);
    assert.equal(
      await store.load(1, ['p:1', 'p:2', 'p:3']),
      new Map([['p:1', { version: 1, state: '"v1"' }], ['p:2', { version: 1, state: '"p2"' }]]),
    );
    assert.equal(bodies(await store.readStream(1, 'outbox', 10)), ['good']);
    assert.equal(await store.readStream(1, 'log', 10), []);
    assert.equal(await store.readStream(1, 'events', 10), []);
    assert.equal((await store.pending(1, 'n1', 10)).map((entry) => entry.streamId), [e1, e3], 'conflicts are not acknowledged');
    const retried = step('m1', { streamId: e1, address: 'p:1', expectedVersion: 1, version: 2, state: '"v2"' });
    assert.equal(await store.commit(1, epoch, [retried]), [{ status: 'applied' }], 'a conflict records no de-duplication');
  });

  it('steps of one actor in one batch: each sees the version the one before wrote, and the last state stays', async (store) => {
    const epoch = await store.claim(1, 'n1', LEASE_MS);
    await store.commit(1, epoch, [step('m0', { address: 'p:1', version: 1, state: '"v1"' })]);
    const results = await store.commit(1, epoch, [
      step('m1', { address: 'p:1', expectedVersion: 1, version: 2, state: '"v2"' }),
      step('m2', { address: 'p:2', expectedVersion: 0, version: 1, state: '"q1"' }),
      step('m3', { address: 'p:1', expectedVersion: 2, version: 3, state: '"v3"' }),
      step('m4', { address: 'p:1', expectedVersion: 2, version: 3, state: '"stale"' }),
      step('m5', { address: 'p:2', expectedVersion: 1, version: 2, state: '"q2"' }),
    ]);
    assert.equal(results, [{ status: 'applied' }, { status: 'applied' }, { status: 'applied' }, { status: 'conflict', current: 3 }, { status: 'applied' }]);
    assert.equal(
      await store.load(1, ['p:1', 'p:2']),
      new Map([['p:1', { version: 3, state: '"v3"' }], ['p:2', { version: 2, state: '"q2"' }]]),
    );
    assert.equal(await store.dirty(1, 10), [{ address: 'p:2', version: 2 }, { address: 'p:1', version: 3 }]);
  });

  it('a duplicate message is answered with the first dedup value and writes nothing', async (store) => {
    const [e1, e2, e3] = await deliver(store, 'n1', 'first', 'again', 'same batch');
    const epoch = await store.claim(1, 'n1', LEASE_MS);
    const write = step('m1', { streamId: e1, address: 'p:1', version: 1, state: '"s1"', dedupValue: 'first', outbox: ['o1'] });
    assert.equal(await store.commit(1, epoch, [write]), [{ status: 'applied' }]);
    const redelivered = step('m1', {
      streamId: e2, address: 'p:1', expectedVersion: 1, version: 2, state: '"s2"', dedupValue: 'second',
      outbox: ['o2'], events: ['e'], log: 'l', dead: 'd',
    });
    assert.equal(await store.commit(1, epoch, [redelivered]), [{ status: 'duplicate', stored: 'first' }]);
    assert.equal(await store.load(1, ['p:1']), new Map([['p:1', { version: 1, state: '"s1"' }]]));
    assert.equal(bodies(await store.readStream(1, 'outbox', 10)), ['o1']);
    for (const stream of ['events', 'log', 'dead'] as const) assert.equal(await store.readStream(1, stream, 10), [], stream);
    assert.equal((await store.pending(1, 'n1', 10)).map((entry) => entry.streamId), [e3], 'the duplicate is acknowledged');
    assert.equal(await store.dirty(1, 10), [{ address: 'p:1', version: 1 }]);

    const twice = [step('m2', { streamId: e3, dedupValue: 'one' }), step('m2', { dedupValue: 'two', outbox: ['o3'] })];
    assert.equal(await store.commit(1, epoch, twice), [{ status: 'applied' }, { status: 'duplicate', stored: 'one' }]);
    assert.equal(await store.pending(1, 'n1', 10), []);
    assert.equal(bodies(await store.readStream(1, 'outbox', 10)), ['o1']);
  });

  // What cjson would break (MEASURED.md): [] read back as {}, rounded big
  // numbers, reordered keys. The text must come back exactly as written.
  const awkward = JSON.stringify({
    zeta: [], alpha: {}, nested: [[1, [2, []]], [{}], [[[]]]], text: 'Dominion ⚔️ — 日本語 «é» \u2028 "q" \\ \n',
    snowflake: '12345678901234567890', big: 12345678901234567000, float: 0.1, negative: -0, none: null, flag: false,
  });

  it('state JSON round-trips byte for byte through commit and hydrate', async (store) => {
    const epoch = await store.claim(1, 'n1', LEASE_MS);
    const write = step('m1', { address: 'p:1', version: 1, state: awkward, dedupValue: awkward, outbox: [awkward] });
    assert.equal(await store.commit(1, epoch, [write]), [{ status: 'applied' }]);
    assert.is((await store.load(1, ['p:1'])).get('p:1')?.state, awkward);
    assert.is(await store.hydrate(1, 'p:h', { version: 7, state: awkward }), true);
    assert.equal((await store.load(1, ['p:h'])).get('p:h'), { version: 7, state: awkward });
    assert.equal(bodies(await store.readStream(1, 'outbox', 10)), [awkward]);
    assert.equal(await store.commit(1, epoch, [write]), [{ status: 'duplicate', stored: awkward }]);
  });

  it('hydrate writes only an absent actor and sets the version commits check', async (store) => {
    assert.is(await store.hydrate(1, 'p:1', { version: 3, state: '"pg3"' }), true);
    assert.is(await store.hydrate(1, 'p:1', { version: 5, state: '"pg5"' }), false);
    assert.equal(await store.load(1, ['p:1']), new Map([['p:1', { version: 3, state: '"pg3"' }]]));

    const epoch = await store.claim(1, 'n1', LEASE_MS);
    const next = step('m1', { address: 'p:1', expectedVersion: 3, version: 4, state: '"live4"' });
    assert.equal(await store.commit(1, epoch, [next]), [{ status: 'applied' }]);
    assert.is(await store.hydrate(1, 'p:1', { version: 3, state: '"pg3"' }), false);
    assert.equal(await store.load(1, ['p:1']), new Map([['p:1', { version: 4, state: '"live4"' }]]));
    assert.equal(await store.dirty(1, 10), [{ address: 'p:1', version: 4 }], 'a hydrated state is not dirty');
  });

  it('cleanDirty removes an actor only when the flushed version reaches its dirty version', async (store) => {
    const epoch = await store.claim(1, 'n1', LEASE_MS);
    await store.commit(1, epoch, [
      step('m1', { address: 'p:1', version: 1, state: '1' }),
      step('m2', { address: 'p:2', version: 1, state: '1' }),
      step('m3', { address: 'p:1', expectedVersion: 1, version: 2, state: '2' }),
    ]);
    const dirty = await store.dirty(1, 10);
    // The port leaves the order of equal versions open.
    assert.equal([...dirty].sort((a, b) => a.address.localeCompare(b.address)), [
      { address: 'p:1', version: 2 }, { address: 'p:2', version: 1 },
    ]);
    assert.is(await store.cleanDirty(1, []), 0);
    assert.is(await store.cleanDirty(1, [{ address: 'p:1', version: 1 }, { address: 'p:2', version: 1 }]), 1);
    assert.equal(await store.dirty(1, 10), [{ address: 'p:1', version: 2 }]);
    assert.is(await store.cleanDirty(1, [{ address: 'p:1', version: 3 }, { address: 'p:9', version: 9 }]), 1);
    assert.equal(await store.dirty(1, 10), []);
  });

  shardStreamTests(it);

  return test;
}
