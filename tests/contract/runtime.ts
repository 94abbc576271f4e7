// The runtime's acceptance behaviour (issue "Step 1"), one suite run against
// the real Redis + PostgreSQL and against the embedded backends.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ulid } from 'ulid';
import { shardOf } from '../../runtime/address.ts';
import { encodeEnvelope } from '../../runtime/envelope.ts';
import { timerFireEnvelope } from '../../runtime/timers/timer-service.ts';
import { notificationsKey } from '../../storage/keys.ts';
import { startHarness, type Harness, type HarnessOptions } from '../support/runtime-harness.ts';

interface CounterState {
  version: number;
  count: number;
  alarms: number;
  value: unknown;
  timers: Record<string, unknown>;
}

export async function readCounter(h: Harness, address: string): Promise<CounterState | null> {
  const shard = shardOf(address, h.env.SHARDS);
  const stored = (await h.backends.store.load(shard, [address])).get(address);
  if (!stored) return null;
  const record = JSON.parse(stored.state) as { snapshot: { value: unknown; context: { count: number; alarms: number } }; timers: Record<string, unknown> };
  return { version: stored.version, count: record.snapshot.context.count, alarms: record.snapshot.context.alarms, value: record.snapshot.value, timers: record.timers };
}

/** An address of `kind` other than `address` that lives on the same shard. */
export function neighbourOf(h: Harness, address: string): string {
  const shard = shardOf(address, h.env.SHARDS);
  for (let i = 0; ; i++) if (shardOf(`counter:n${i}`, h.env.SHARDS) === shard && `counter:n${i}` !== address) return `counter:n${i}`;
}

export function runtimeContract(name: string, options: HarnessOptions) {
  const test = suite<{ h: Harness }>(name, {} as { h: Harness });
  test.before.each(async (context) => {
    context.h = await startHarness(options);
  });
  test.after.each(async (context) => {
    await context.h.close();
  });

  test('1,000 actors × 20 concurrent requests: every reply arrives, final states exact in the store and in PostgreSQL', async ({ h }) => {
    const actors = Array.from({ length: 1000 }, (_, i) => `counter:load${i}`);
    const replies = await Promise.all(
      actors.flatMap((address) => Array.from({ length: 20 }, () => h.client.request(address, { type: 'inc', by: 1 }))),
    );
    assert.is(replies.length, 20_000);
    assert.ok(replies.every((reply) => reply.ok), 'every reply is ok');
    for (const address of actors) {
      const state = await readCounter(h, address);
      assert.equal([state?.version, state?.count], [20, 20], address);
    }
    await h.settle();
    await h.node.flush();
    const rows = await h.backends.repo.loadMany(actors);
    assert.is(rows.length, 1000);
    for (const row of rows) {
      const record = JSON.parse(row.state) as { snapshot: { context: { count: number } } };
      assert.equal([row.version, record.snapshot.context.count], [20, 20], row.address);
    }
    const history = await h.backends.repo.messages('counter:load7', { limit: 100 });
    assert.is(history.length, 20, 'every processed message is in the replay log');
  });

  test('the same message id delivered twice changes state once and both get the same reply', async ({ h }) => {
    const id = ulid();
    const first = await h.client.request('counter:dup', { type: 'inc', by: 5 }, { id });
    const second = await h.client.request('counter:dup', { type: 'inc', by: 5 }, { id });
    assert.equal(second, first);
    const state = await readCounter(h, 'counter:dup');
    assert.equal([state?.version, state?.count], [1, 5]);
  });

  test('a throwing transition is dead-lettered after N tries with its error; its shard goes on', async ({ h }) => {
    const victim = 'counter:victim';
    const neighbour = neighbourOf(h, victim);
    const [boom, ...others] = await Promise.all([
      h.client.request(victim, { type: 'boom' }),
      ...Array.from({ length: 5 }, () => h.client.request(neighbour, { type: 'inc', by: 1 })),
    ]);
    assert.is(boom?.ok, false);
    assert.is(!boom?.ok && boom?.code, 'RUNTIME_TRANSITION_FAILED');
    assert.ok(others.every((reply) => reply.ok));
    assert.is((await readCounter(h, neighbour))?.count, 5);
    assert.is(await readCounter(h, victim), null, 'the failed message changed nothing');
    const dead = await h.backends.store.readStream(shardOf(victim, h.env.SHARDS), 'dead', 10);
    assert.is(dead.length, 1);
    const entry = JSON.parse(dead[0]!.body) as { to: string; tries: number; error: string; code: string };
    assert.equal([entry.to, entry.tries, entry.code], [victim, h.env.DEAD_LETTER_AFTER, 'RUNTIME_TRANSITION_FAILED']);
    assert.match(entry.error, 'exploded on purpose');
    assert.is((await h.client.request(victim, { type: 'inc', by: 2 })).ok, true, 'the actor still takes messages');
  });

  test('bad input gets a coded error and changes nothing', async ({ h }) => {
    await h.client.request('counter:bad', { type: 'inc', by: 1 });
    const cases: [string, Record<string, unknown> & { type: string }, string][] = [
      ['counter:bad', { type: 'explode-everything' }, 'RUNTIME_UNKNOWN_EVENT'],
      ['counter:bad', { type: 'inc', by: 'ten' }, 'RUNTIME_INVALID_EVENT'],
      ['counter:bad', { type: 'inc', by: 1_000_000 }, 'RUNTIME_INVALID_EVENT'],
      ['counter:bad', { type: 'inc', by: 1, extra: true }, 'RUNTIME_INVALID_EVENT'],
      ['widget:bad', { type: 'inc', by: 1 }, 'RUNTIME_UNKNOWN_KIND'],
    ];
    for (const [to, event, code] of cases) {
      const reply = await h.client.request(to, event);
      assert.is(reply.ok, false, `${to} ${event.type}`);
      assert.is(!reply.ok && reply.code, code, `${to} ${JSON.stringify(event)}`);
    }
    const badAddress = await h.client.request('not an address', { type: 'inc', by: 1 }).catch((error: { code?: string }) => error.code);
    assert.is(badAddress, 'RUNTIME_BAD_ADDRESS');
    // A raw entry that is not a message at all is dead-lettered; the shard goes on.
    const shard = shardOf('counter:bad', h.env.SHARDS);
    await h.backends.store.append(shard, ['{"this is": "not an envelope"']);
    const after = await h.client.request('counter:bad', { type: 'inc', by: 1 });
    assert.is(after.ok && after.version, 2, 'only the two good increments were applied');
    const state = await readCounter(h, 'counter:bad');
    assert.equal([state?.version, state?.count], [2, 2]);
  });

  test('effects: send reaches another actor, emit lands in the events stream, notify in the notifications stream', async ({ h }) => {
    await h.client.request('counter:from', { type: 'forward', to: 'counter:to', by: 7 });
    await h.settle();
    assert.is((await readCounter(h, 'counter:to'))?.count, 7);
    const events = await h.backends.store.readStream(shardOf('counter:to', h.env.SHARDS), 'events', 10);
    const counted = events.map((entry) => JSON.parse(entry.body) as { room: string; from: string; event: { count: number } });
    assert.ok(counted.some((event) => event.room === 'global' && event.from === 'counter:to' && event.event.count === 7));
    await h.client.request('counter:note', { type: 'startTimer', ms: 50 });
    for (let i = 0; i < 200 && (await readCounter(h, 'counter:note'))?.alarms !== 1; i++) {
      if (h.virtual) await h.advance(50);
      else await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await h.settle();
    const notes = await h.backends.store.subscribe(notificationsKey(h.prefix), '0', 10, 10);
    assert.ok(notes.some((entry) => (JSON.parse(entry.body) as { from: string; kind: string }).kind === 'alarm'));
  });

  test('a stale timer fire is dropped', async ({ h }) => {
    await h.client.request('counter:stale', { type: 'startTimer', ms: 3_600_000 });
    const before = await readCounter(h, 'counter:stale');
    const [timerId] = Object.keys(before?.timers ?? {});
    assert.ok(timerId, 'the pending timer is kept beside the snapshot');
    const shard = shardOf('counter:stale', h.env.SHARDS);
    await h.backends.store.append(shard, [encodeEnvelope(timerFireEnvelope('counter:stale', timerId!, 999))]);
    await h.settle();
    const after = await readCounter(h, 'counter:stale');
    assert.equal([after?.version, after?.alarms, after?.value], [before?.version, 0, 'ticking']);
  });

  test('a node started under a new id finishes the messages its predecessor read and never acknowledged', async ({ h }) => {
    await h.client.request('counter:orphan', { type: 'inc', by: 1 });
    await h.stopNode();
    const shard = shardOf('counter:orphan', h.env.SHARDS);
    const envelopes = [1, 2, 3].map((n) => encodeEnvelope({ id: `orphan-${n}`, to: 'counter:orphan', event: { type: 'inc', by: 10 } }));
    await h.backends.store.append(shard, envelopes);
    const stolen = await h.backends.store.read([shard], 'crashed-node', 10, 100);
    assert.is(stolen.length, 3, 'the crashed node had read them');
    await h.restartNode('node-b');
    await h.settle();
    const state = await readCounter(h, 'counter:orphan');
    assert.equal([state?.version, state?.count], [4, 31]);
    assert.equal(await h.backends.store.pending(shard, 'crashed-node', 10), []);
  });

  test('entries on their last chance are tried one at a time across the node, each charged only its own attempt', async ({ h }) => {
    await h.stopNode();
    // Two actors on different shards: their workers run side by side.
    const first = 'counter:suspect-0';
    let second = 'counter:suspect-1';
    for (let i = 2; shardOf(second, h.env.SHARDS) === shardOf(first, h.env.SHARDS); i++) second = `counter:suspect-${i}`;
    const appended = new Set<string>();
    for (const address of [first, second]) {
      const shard = shardOf(address, h.env.SHARDS);
      await h.backends.store.append(shard, [encodeEnvelope({ id: ulid(), to: address, event: { type: 'inc', by: 1 } })]);
      const stolen = await h.backends.store.read([shard], 'crashed-node', 10, 100);
      assert.is(stolen.length, 1, 'the crashed node had read it');
      // Then the next owner took it over and crashed too: one more failed
      // try of the harness's three (DEAD_LETTER_AFTER) would set it aside.
      assert.is((await h.backends.store.takeOver(shard, 'crashed-node-2', 10)).length, 1);
      appended.add(stolen[0]!.streamId);
    }
    // What the next node does with them, in order: an attempt is counted when a
    // suspect is taken up, and it is finished when its commit returns.
    const store = h.backends.store;
    const seen: string[] = [];
    const recordAttempt = store.recordAttempt.bind(store);
    const commit = store.commit.bind(store);
    store.recordAttempt = async (shard, streamId) => {
      if (appended.has(streamId)) seen.push('attempt');
      return recordAttempt(shard, streamId);
    };
    let failOnce = true;
    store.commit = async (shard, epoch, steps) => {
      const suspect = steps.some((step) => appended.has(step.streamId));
      // The second one's first commit fails.
      if (suspect && failOnce && seen.includes('finished')) {
        failOnce = false;
        seen.push('failed');
        throw new Error('Redis away for a moment');
      }
      const results = await commit(shard, epoch, steps);
      if (suspect) seen.push('finished');
      return results;
    };
    try {
      await h.restartNode('node-b');
      await h.settle();
    } finally {
      store.recordAttempt = recordAttempt;
      store.commit = commit;
    }
    assert.equal([(await readCounter(h, first))?.count, (await readCounter(h, second))?.count], [1, 1]);
    // Two in flight at once would both be charged if one of them killed the node;
    // the batch retried after its failed commit is the same attempt, not another.
    assert.equal(seen, ['attempt', 'finished', 'attempt', 'failed', 'finished']);
  });

  test('how long messages waited in their inbox is on /metrics, from their stream entry time', async ({ h }) => {
    await h.stopNode();
    const shard = shardOf('counter:waiting', h.env.SHARDS);
    await h.backends.store.append(shard, [encodeEnvelope({ id: ulid(), to: 'counter:waiting', event: { type: 'inc', by: 1 } })]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await h.restartNode();
    await h.settle();
    assert.is((await readCounter(h, 'counter:waiting'))?.count, 1);
    const text = await h.node.options.metrics.registry.getSingleMetricAsString('runtime_queue_wait_seconds');
    const value = (series: string): number => Number(text.match(new RegExp(`^runtime_queue_wait_seconds_${series} (\\S+)$`, 'm'))?.[1]);
    assert.ok(value('count') >= 1, text);
    // Appended while no node ran, then picked up: it waited at least the pause.
    assert.ok(value('sum') >= 0.39 && value('sum') < 30, text);
    assert.ok(/runtime_queue_wait_seconds_bucket\{le="0.25"\} 0$/m.test(text), 'the wait lands above the 250 ms bucket');
  });

  test('how long each write-behind round takes is on /metrics', async ({ h }) => {
    await h.client.request('counter:flushed', { type: 'inc', by: 1 });
    const text = (): Promise<string> => h.node.options.metrics.registry.getSingleMetricAsString('runtime_write_behind_round_seconds');
    const rounds = async (): Promise<number> => Number(/^runtime_write_behind_round_seconds_count (\S+)$/m.exec(await text())?.[1]);
    // The loop runs on the machine's time, every WRITE_BEHIND_INTERVAL_MS.
    for (let i = 0; i < 100 && (await rounds()) < 2; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok((await rounds()) >= 2, await text());
    assert.ok(/^runtime_write_behind_round_seconds_bucket\{le="10"\} [1-9]/m.test(await text()), 'rounds fall in the buckets');
  });

  test('after a flush, losing the live state: the next message continues from PostgreSQL', async ({ h }) => {
    for (let i = 0; i < 3; i++) await h.client.request('counter:durable', { type: 'inc', by: 10 });
    await h.settle();
    await h.node.flush();
    await h.loseLiveState();
    assert.is(await readCounter(h, 'counter:durable'), null, 'live state is gone');
    const reply = await h.client.request('counter:durable', { type: 'inc', by: 1 }, { timeoutMs: 20_000 });
    assert.is(reply.ok && reply.count, 31);
    assert.is(reply.ok && reply.version, 4);
  });

  test('after losing the live state, an actor that gets no message still has its pending timer fire, once', async ({ h }) => {
    await h.client.request('counter:sleeper', { type: 'startTimer', ms: 1_500 });
    await h.settle();
    await h.node.flush();
    await h.loseLiveState();
    assert.is(await readCounter(h, 'counter:sleeper'), null, 'live state and timer jobs are gone');
    // Nothing is sent to the actor: the node finds Redis without its mark and arms
    // again the timers PostgreSQL has; the fire restores the actor from there.
    for (let i = 0; i < 300 && (await readCounter(h, 'counter:sleeper'))?.alarms !== 1; i++) {
      if (h.virtual) await h.advance(100);
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await h.settle();
    const woken = await readCounter(h, 'counter:sleeper');
    assert.equal([woken?.alarms, woken?.version, woken?.timers], [1, 2, {}], 'fired once, from the restored state');
  });

  for (const [how, firstPage, sleeper] of [
    ['failed', () => Promise.reject(new Error('PostgreSQL went away')), 'counter:sleeper2'],
    // A page that never answers (a hung connection) counts as failed once it outlasts the claim.
    ['hung', () => new Promise<never>(() => {}), 'counter:sleeper3'],
  ] as const) {
    test(`after losing the live state, a re-arming that ${how} is taken up again once its claim on the mark lapses`, async ({ h }) => {
      await h.client.request(sleeper, { type: 'startTimer', ms: 1_500 });
      await h.settle();
      await h.node.flush();
      await h.stopNode();
      await h.loseLiveState();
      const repo = h.backends.repo;
      const pendingTimers = repo.pendingTimers.bind(repo);
      let sweeps = 0;
      repo.pendingTimers = (after, limit) => {
        // The first sweep goes wrong on its first page, as if its node died there.
        if (++sweeps === 1) return firstPage();
        return pendingTimers(after, limit);
      };
      try {
        h.node = h.nodeWith({ liveClaimMs: 300 });
        await h.node.start();
        for (let i = 0; i < 300 && (await readCounter(h, sleeper))?.alarms !== 1; i++) {
          if (h.virtual) await h.advance(100);
          // The claim lapses, and housekeeping comes round, on the machine's time.
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        repo.pendingTimers = pendingTimers;
      }
      await h.settle();
      const woken = await readCounter(h, sleeper);
      assert.equal([woken?.alarms, woken?.version, woken?.timers], [1, 2, {}], 'fired once, from the restored state');
      assert.is(sweeps, 2, 'swept again after the first, and only then');
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.is((await h.backends.store.liveMark())?.by, h.node.options.nodeId, 'the mark is kept for good once the sweep is done');
    });
  }

  test('after losing the live state, a batch of actors is restored from PostgreSQL in one lookup, each exactly', async ({ h }) => {
    const shard = shardOf('counter:lost0', h.env.SHARDS);
    const actors = ['counter:lost0'];
    for (let i = 0; actors.length < 12; i++) if (shardOf(`counter:lost-n${i}`, h.env.SHARDS) === shard) actors.push(`counter:lost-n${i}`);
    await Promise.all(actors.map((address, i) => h.client.request(address, { type: 'inc', by: i + 1 })));
    await h.settle();
    await h.node.flush();
    await h.stopNode();
    await h.loseLiveState();
    // Queued while no node runs, so that one read takes them all.
    await h.backends.store.append(
      shard,
      actors.map((address) => encodeEnvelope({ id: ulid(), to: address, event: { type: 'inc', by: 100 } })),
    );
    // The next node holds this very repository: count its lookups.
    const repo = h.backends.repo;
    const lookups: string[][] = [];
    const loadMany = repo.loadMany.bind(repo);
    repo.loadMany = (addresses) => {
      lookups.push([...addresses]);
      return loadMany(addresses);
    };
    try {
      await h.restartNode();
      await h.settle();
    } finally {
      repo.loadMany = loadMany;
    }
    const states = await Promise.all(actors.map((address) => readCounter(h, address)));
    assert.equal(
      states.map((state) => [state?.version, state?.count]),
      actors.map((_, i) => [2, i + 101]),
    );
    assert.equal(lookups.flat().sort(), [...actors].sort(), 'each lost actor looked up in PostgreSQL once');
    assert.is(lookups.length, 1, 'in one query');
  });

  return test;
}
