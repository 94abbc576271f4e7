// Periodic work on the embedded backends with a virtual clock: the in-memory
// scheduler ticks as advanceTime moves the clock (interleaved with actor
// timers), each tick fans out to every nation listed from actor_state, and a
// repeated tick is harmless (same message ids). Time is moved, never slept for.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gameKinds, periodicJobs, seasonReactions } from '../../../actors/index.ts';
import { shardOf } from '../../../runtime/address.ts';
import { VirtualClock } from '../../../runtime/clock.ts';
import { MemoryScheduler, PeriodicWork, unflushedActors } from '../../../runtime/scheduler/index.ts';
import { advanceTime } from '../../../runtime/virtual-time.ts';
import { MemoryLeaderboards } from '../../../storage/leaderboards.ts';
import { MemorySchedulerState } from '../../../storage/scheduler-state.ts';
import { shippedRules } from '../../support/game-rules.ts';
import { quietLogger, startHarness, type Harness } from '../../support/runtime-harness.ts';

const HOUR = 3_600_000;
const NATIONS = ['nation:1001', 'nation:1002', 'nation:1003', 'nation:1004', 'nation:1005'];
const rules = shippedRules();

let h: Harness;
let scheduler: MemoryScheduler;
let work: PeriodicWork;
const state = new MemorySchedulerState();
const boards = new MemoryLeaderboards(['power']);

const advance = (ms: number) => advanceTime(h.clock as VirtualClock, [h.backends.memoryTimers!, scheduler], [h.node], ms);

async function context(address: string): Promise<{ periods: { generate: string }; resources: { gold: number } }> {
  const stored = (await h.backends.store.load(shardOf(address, h.env.SHARDS), [address])).get(address);
  if (!stored) throw new Error(`${address} has no state`);
  return (JSON.parse(stored.state) as { snapshot: { context: { periods: { generate: string }; resources: { gold: number } } } }).snapshot.context;
}

/** Periods of the `generate` messages the nation processed, from its message log. */
async function generatePeriods(address: string): Promise<string[]> {
  await h.node.flush();
  const messages = await h.backends.repo.messages(address, { limit: 1000 });
  return messages
    .map((row) => (JSON.parse(row.message) as { event: { type: string; period?: string } }).event)
    .filter((event) => event.type === 'generate')
    .map((event) => event.period!)
    .sort();
}

test.before(async () => {
  h = await startHarness({ backend: 'embedded', virtualTime: true, kinds: gameKinds(rules) });
  for (const [i, nation] of NATIONS.entries()) {
    const reply = await h.client.request(nation, { type: 'register', by: `20000000000000000${i}`, name: `Nation ${i}` });
    assert.ok(reply.ok, JSON.stringify(reply));
  }
  scheduler = new MemoryScheduler({ clock: h.clock, realtime: false });
  work = await new PeriodicWork({
    jobs: periodicJobs(rules.timers),
    reactions: seasonReactions(),
    scheduler,
    state,
    repo: h.backends.repo,
    client: h.client,
    leaderboards: boards,
    // On a virtual clock the test reads the feed itself (catchUp), between settles.
    feed: { store: h.backends.store, shards: h.env.SHARDS, follow: false },
    logger: quietLogger,
    leader: () => true,
    unflushed: (kind) => unflushedActors(h.backends.store, h.env.SHARDS, kind),
  }).start();
});
test.after(async () => {
  await work.stop();
  await h.close();
});

test('the schedules start at the next boundary of each cadence', async () => {
  const now = h.clock.now();
  const status = await work.status();
  const generation = status.find((job) => job.name === 'resource_generation')!;
  assert.is(generation.everyMs, HOUR);
  assert.is(generation.next, Math.floor(now / HOUR) * HOUR + HOUR);
  assert.is(status.find((job) => job.name === 'build_queues')!.next! % (10 * 60_000), 0);
});

test('advancing 3 hours brings each nation 3 generate periods, in order, once each', async () => {
  const start = h.clock.now();
  const hourly = (n: number) => new Date(Math.floor(start / HOUR) * HOUR + n * HOUR).toISOString().slice(0, 13);
  await advance(3 * HOUR);
  for (const nation of NATIONS) {
    assert.equal(await generatePeriods(nation), [hourly(1), hourly(2), hourly(3)], nation);
    assert.is((await context(nation)).periods.generate, hourly(3));
  }
  const last = (await state.runs()).get('resource_generation');
  assert.equal([last?.period, last?.count], [hourly(3), NATIONS.length]);
});

test('ticking a period again sends the same message ids: nothing is applied twice', async () => {
  const at = Math.floor(h.clock.now() / HOUR) * HOUR;
  const before = await Promise.all(NATIONS.map(async (nation) => [await generatePeriods(nation), (await context(nation)).resources.gold]));
  assert.is(await work.tick('resource_generation', at), NATIONS.length);
  assert.is(await work.tick('resource_generation', at + 1), NATIONS.length, 'any time in the period is the same tick');
  await h.settle();
  const after = await Promise.all(NATIONS.map(async (nation) => [await generatePeriods(nation), (await context(nation)).resources.gold]));
  assert.equal(after, before);
});

test('advanceTime fires several due sources in one time order (timers first on a tie)', async () => {
  const fired: string[] = [];
  const source = (name: string, dues: number[]) => ({
    next: () => (dues.length > 0 ? { due: dues[0]! } : undefined),
    async fireNextDue(time: number) {
      if (dues.length === 0 || dues[0]! > time) return false;
      fired.push(`${name}@${dues.shift()}`);
      return true;
    },
  });
  const clock = new VirtualClock(1_000);
  const count = await advanceTime(clock, [source('timer', [1_500, 3_000, 9_000]), source('tick', [1_200, 3_000, 4_000])], [], 5_000);
  assert.equal(fired, ['tick@1200', 'timer@1500', 'timer@3000', 'tick@3000', 'tick@4000']);
  assert.equal([count, clock.now()], [5, 6_000]);
  // One source on its own, as existing callers pass it.
  assert.is(await advanceTime(clock, source('timer', [7_000]), [], 1_000), 1);
});

test('a tick of a job that is not configured sends nothing', async () => {
  assert.is(await work.tick('no_such_job', h.clock.now()), 0);
});

test('post-season standings come from the power board; a season reset reaches every nation (feed read with catchUp)', async () => {
  await boards.update([
    { member: NATIONS[0]!, name: 'A', scores: { power: 50 }, hidden: false },
    { member: NATIONS[1]!, name: 'B', scores: { power: 80 }, hidden: false },
  ]);
  const admin = { by: '300000000000000001' };
  assert.ok((await h.client.request('season:current', { type: 'start', ...admin })).ok);
  for (const phase of ['active', 'post']) {
    assert.ok((await h.client.request('season:current', { type: 'advance', ...admin })).ok, phase);
    await h.settle();
    assert.ok((await work.catchUp()) > 0);
    await h.settle();
  }
  const info = (await h.client.request('season:current', { type: 'info' })) as unknown as { standings: { nation: string; rank: number }[] };
  assert.equal(info.standings.map((row) => [row.nation, row.rank]), [[NATIONS[1], 1], [NATIONS[0], 2]]);

  assert.ok((await h.client.request('season:current', { type: 'advance', ...admin })).ok, 'post → season 2');
  await h.settle();
  await work.catchUp();
  await h.settle();
  for (const nation of NATIONS) {
    const stored = (await h.backends.store.load(shardOf(nation, h.env.SHARDS), [nation])).get(nation)!;
    assert.is((JSON.parse(stored.state) as { snapshot: { context: { season: number } } }).snapshot.context.season, 2, nation);
  }
  assert.is(await work.catchUp(), 0, 'the cursor moved past everything handled');
  assert.equal((await state.runs()).get('season_reset')?.count, NATIONS.length);
});

test.run();
