// Periodic work on real Redis (BullMQ job schedulers) and PostgreSQL: two
// nodes upserting the same schedules make one schedule, a schedule no longer
// configured is removed, ticks fall on the cadence's boundaries and each runs
// once, a tick fans out to every registered nation through the runtime (one
// founded a moment ago, not yet in PostgreSQL, too), and the owner of shard 0
// alone leads, handing over when it stops.
import { Redis } from 'ioredis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gameKinds, periodicJobs } from '../../../actors/index.ts';
import { shardOf } from '../../../runtime/address.ts';
import { nodeSettings } from '../../../runtime/backends.ts';
import { KindRegistry } from '../../../runtime/kinds.ts';
import { createRuntimeMetrics } from '../../../runtime/metrics.ts';
import { RuntimeNode } from '../../../runtime/node.ts';
import { BullmqScheduler, PeriodicWork, fanOut, unflushedActors } from '../../../runtime/scheduler/index.ts';
import { queuePrefix } from '../../../storage/keys.ts';
import { RedisSchedulerState } from '../../../storage/scheduler-state.ts';
import { shippedRules } from '../../support/game-rules.ts';
import { quietLogger, startHarness, type Harness } from '../../support/runtime-harness.ts';
import { dropKeys, postgresAvailable, redisAvailable, redisUrl } from '../../support/services.ts';

const rules = shippedRules();
const generation = periodicJobs(rules.timers).find((job) => job.name === 'resource_generation')!;
const NATIONS = Array.from({ length: 25 }, (_, i) => `nation:${3000 + i}`);

if ((await redisAvailable()) && (await postgresAvailable())) {
  let h: Harness;
  const schedulers: BullmqScheduler[] = [];
  const scheduler = (): BullmqScheduler => {
    const made = new BullmqScheduler({ connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix: queuePrefix(h.prefix), logger: quietLogger });
    schedulers.push(made);
    return made;
  };
  const waitUntil = async (check: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> => {
    for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (await check()) return;
    }
    assert.unreachable(`${what} within ${ms} ms`);
  };

  test.before(async () => {
    h = await startHarness({ backend: 'real', kinds: gameKinds(rules) });
    await Promise.all(
      NATIONS.map(async (nation, i) => {
        const reply = await h.client.request(nation, { type: 'register', by: `40000000000000${String(i).padStart(4, '0')}`, name: `N${i}` });
        assert.ok(reply.ok, JSON.stringify(reply));
      }),
    );
    await h.node.flush();
  });
  test.after(async () => {
    await Promise.all(schedulers.map((made) => made.close()));
    await h.close();
  });

  test('two nodes upserting the same schedules make one schedule each; an unconfigured one is removed', async () => {
    const [a, b] = [scheduler(), scheduler()];
    const table = [
      { name: 'alpha', everyMs: 60_000 },
      { name: 'beta', everyMs: 3_600_000 },
    ];
    await a.sync(table);
    const first = await a.status();
    await b.sync(table);
    await a.sync(table);
    const status = await b.status();
    assert.equal(status.map((entry) => [entry.name, entry.everyMs]).sort(), [['alpha', 60_000], ['beta', 3_600_000]]);
    assert.equal(status, first, 'upserting again changes no schedule');
    for (const entry of status) assert.is(entry.next! % entry.everyMs, 0, `${entry.name} ticks on a boundary`);
    assert.is(await a.queue.getJobSchedulersCount(), 2);
    await b.sync([table[0]!]);
    assert.equal((await a.status()).map((entry) => entry.name), ['alpha']);
    await a.sync([]);
  });

  test('a tick fans out to every registered nation through the runtime; ticks run once each, on boundaries', async () => {
    const state = new RedisSchedulerState(redisUrl, h.prefix);
    const work = new PeriodicWork({
      jobs: periodicJobs(rules.timers),
      scheduler: scheduler(),
      state,
      repo: h.backends.repo,
      client: h.client,
      logger: quietLogger,
      leader: () => false,
    });
    // The hourly job's schedule at a one-second cadence, so the test sees ticks
    // now; every tick within this hour is the same period.
    const [node1, node2] = [scheduler(), scheduler()];
    await node1.sync([{ name: 'resource_generation', everyMs: 1_000 }]);
    await node2.sync([{ name: 'resource_generation', everyMs: 1_000 }]);
    // A failed assertion must not leave the worker and the state connection running (the file would never exit).
    try {
      const ticks: number[] = [];
      await node1.work(async (name, at) => {
        ticks.push(at);
        await work.tick(name, at);
      });
      await waitUntil(() => ticks.length >= 3, 10_000, 'three ticks');
      await node1.rest();
      assert.equal(new Set(ticks).size, ticks.length, 'each scheduled time ran once');
      for (const at of ticks) assert.is(at % 1_000, 0, 'on a boundary');

      const period = generation.period(ticks[0]!);
      await h.settle();
      const generated = async (): Promise<number> => {
        let count = 0;
        for (const nation of NATIONS) {
          const stored = (await h.backends.store.load(shardOf(nation, h.env.SHARDS), [nation])).get(nation);
          const context = (JSON.parse(stored!.state) as { snapshot: { context: { periods: { generate: string } } } }).snapshot.context;
          if (context.periods.generate >= period) count++;
        }
        return count;
      };
      assert.is(await generated(), NATIONS.length);
      const run = (await state.runs()).get('resource_generation');
      assert.equal([run?.count, run?.period], [NATIONS.length, generation.period(ticks.at(-1)!)]);
      // Every tick of the hour sent the same message ids: each nation applied its generate once.
      await h.node.flush();
      const messages = await h.backends.repo.messages(NATIONS[0]!, { limit: 100 });
      const generates = messages.filter((row) => (JSON.parse(row.message) as { event: { type: string } }).event.type === 'generate');
      assert.is(generates.length, new Set(ticks.map((at) => generation.period(at))).size);
      await node1.sync([]);
    } finally {
      await node1.rest();
      await state.close();
    }
  });

  test('a nation founded a moment ago, not yet written behind to PostgreSQL, is in the fan-out too, once', async () => {
    for (let attempt = 0; ; attempt++) {
      const nation = `nation:${5000 + attempt}`;
      const reply = await h.client.request(nation, { type: 'register', by: `5000000000000000${attempt}`, name: `Late${attempt}` });
      assert.ok(reply.ok, JSON.stringify(reply));
      if ((await h.backends.repo.load(nation)) !== null) {
        // The write-behind (every 100 ms here) was quicker than this look: found another.
        assert.ok(attempt < 5, 'the write-behind kept flushing before the fan-out could run');
        continue;
      }
      const sent: string[] = [];
      const count = await fanOut(
        {
          repo: h.backends.repo,
          client: { sendMany: async (messages) => void sent.push(...messages.map((message) => message.to)) },
          unflushed: (kind) => unflushedActors(h.backends.store, h.env.SHARDS, kind),
        },
        { kind: 'nation' },
        { type: 'generate', period: 'late' },
        'test:late',
      );
      assert.ok(sent.includes(nation), 'the new nation');
      for (const listed of NATIONS) assert.ok(sent.includes(listed), listed);
      assert.is(new Set(sent).size, sent.length, 'each nation once');
      assert.is(count, sent.length);
      return;
    }
  });

  test('the leader stores again the schedules a Redis lost with its data, and their ticks come again', async () => {
    const state = new RedisSchedulerState(redisUrl, h.prefix);
    const fast = { name: 'fast-again', everyMinutes: 1 / 60, period: (at: number) => String(at), target: { address: NATIONS[0]! }, event: () => ({ type: 'info' }) };
    const stored = scheduler();
    const work = await new PeriodicWork({ jobs: [fast], scheduler: stored, state, repo: h.backends.repo, client: h.client, logger: quietLogger, leader: () => true }).start();
    const lastTick = async () => (await state.runs()).get('fast-again')?.at ?? 0;
    try {
      await waitUntil(async () => (await lastTick()) > 0, 10_000, 'a first tick');
      assert.equal(await work.restoreSchedules(), [], 'nothing missing, nothing stored again');
      // What a Redis restarted without persistence loses: every key of the queue.
      const redis = new Redis(redisUrl);
      await dropKeys(redis, queuePrefix(h.prefix));
      await redis.quit();
      assert.equal(await stored.status(), [], 'the schedule is gone');
      assert.equal(await work.restoreSchedules(), ['fast-again']);
      assert.equal((await stored.status()).map((schedule) => schedule.name), ['fast-again']);
      const restored = Date.now();
      await waitUntil(async () => (await lastTick()) > restored, 10_000, 'a tick after the schedule came back');
    } finally {
      await work.stop();
      await state.close();
    }
  });

  test('exactly one node leads (the owner of shard 0); when it stops, the other leads and the ticks go on there', async () => {
    const nodeB = new RuntimeNode({
      nodeId: 'node-b',
      store: h.backends.store,
      timers: h.backends.timers,
      repo: h.backends.repo,
      kinds: new KindRegistry(gameKinds(rules)),
      clock: h.clock,
      metrics: createRuntimeMetrics(),
      logger: quietLogger,
      ...nodeSettings(h.env, h.prefix),
      blockMs: 100,
    });
    await nodeB.start();
    const state = new RedisSchedulerState(redisUrl, h.prefix);
    // A one-second job, so ticks are seen at once; its period is the tick time.
    const fast = { name: 'fast', everyMinutes: 1 / 60, period: (at: number) => String(at), target: { address: NATIONS[0]! }, event: () => ({ type: 'info' }) };
    const leaderOf = (node: RuntimeNode) => () => node.ownedShards.includes(0);
    const works = await Promise.all(
      [h.node, nodeB].map((node) =>
        new PeriodicWork({ jobs: [fast], scheduler: scheduler(), state, repo: h.backends.repo, client: h.client, logger: quietLogger, leader: leaderOf(node), leaderCheckMs: 100 }).start(),
      ),
    );
    try {
      await waitUntil(() => h.node.ownedShards.length > 0 && nodeB.ownedShards.length > 0 && h.node.ownedShards.length + nodeB.ownedShards.length === h.env.SHARDS, 15_000, 'both nodes own shards');
      await waitUntil(async () => {
        await Promise.all(works.map((work) => work.checkLeadership()));
        return works.filter((work) => work.leading).length === 1;
      }, 5_000, 'one leader');
      const leaderIndex = works.findIndex((work) => work.leading);
      const leaderNode = [h.node, nodeB][leaderIndex]!;
      assert.ok(leaderNode.ownedShards.includes(0), 'the leader owns shard 0');
      await waitUntil(async () => (await state.runs()).get('fast') !== undefined, 10_000, 'a tick on the first leader');

      await leaderNode.stop();
      const other = works[1 - leaderIndex]!;
      await waitUntil(() => other.leading, 15_000, 'the other node leads');
      const handedOver = Date.now();
      await waitUntil(async () => ((await state.runs()).get('fast')?.at ?? 0) > handedOver, 10_000, 'a tick on the new leader');
      assert.is(works[leaderIndex]!.leading, false);
    } finally {
      await Promise.all(works.map((work) => work.stop()));
      await nodeB.stop();
      await state.close();
    }
  });

  test.run();
}
