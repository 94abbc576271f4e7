// The scheduler's reactions read season:current's public events from the real
// event feed (embedded backends): post-season standings from the power board,
// each phase and the reset fanned out to every nation. The feed cursor is saved, so a leader
// that stops and a new one that starts neither miss an event emitted in
// between nor handle an old one again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gameKinds, periodicJobs, seasonReactions } from '../../../actors/index.ts';
import { shardOf } from '../../../runtime/address.ts';
import { MemoryScheduler, PeriodicWork, unflushedActors } from '../../../runtime/scheduler/index.ts';
import type { RuntimeEvent } from '../../../runtime/envelope.ts';
import { MemoryLeaderboards } from '../../../storage/leaderboards.ts';
import { MemorySchedulerState } from '../../../storage/scheduler-state.ts';
import { shippedRules } from '../../support/game-rules.ts';
import { quietLogger, startHarness, type Harness } from '../../support/runtime-harness.ts';

const rules = shippedRules();
const NATIONS = ['nation:2001', 'nation:2002', 'nation:2003'];
const ADMIN = '300000000000000009';

let h: Harness;
const state = new MemorySchedulerState();
const boards = new MemoryLeaderboards(['power']);
const sent: { to: string; id: string; event: RuntimeEvent }[] = [];

function leader(): PeriodicWork {
  return new PeriodicWork({
    jobs: periodicJobs(rules.timers),
    reactions: seasonReactions(),
    scheduler: new MemoryScheduler({ clock: h.clock, realtime: false }),
    state,
    repo: h.backends.repo,
    client: {
      sendMany: async (messages) => {
        sent.push(...messages);
        await h.client.sendMany(messages);
      },
    },
    feed: { store: h.backends.store, shards: h.env.SHARDS, blockMs: 50 },
    leaderboards: boards,
    logger: quietLogger,
    leader: () => true,
    unflushed: (kind) => unflushedActors(h.backends.store, h.env.SHARDS, kind),
  });
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 400; tries++) {
    await h.settle();
    if (await check()) return;
  }
  assert.unreachable(`${what} never happened`);
}

const season = async () => (await h.client.request('season:current', { type: 'info' })) as unknown as { phase: string; number: number; standings: { nation: string }[] | null };
const advance = async () => assert.ok((await h.client.request('season:current', { type: 'advance', by: ADMIN })).ok);
async function nationSeason(address: string): Promise<number> {
  const stored = (await h.backends.store.load(shardOf(address, h.env.SHARDS), [address])).get(address)!;
  return (JSON.parse(stored.state) as { snapshot: { context: { season: number } } }).snapshot.context.season;
}

test.before(async () => {
  h = await startHarness({ backend: 'embedded', kinds: gameKinds(rules) });
  for (const [i, nation] of NATIONS.entries()) {
    assert.ok((await h.client.request(nation, { type: 'register', by: `20000000000000010${i}`, name: `R${i}` })).ok);
  }
  await boards.update(NATIONS.map((member, i) => ({ member, name: member, scores: { power: 10 * (i + 1) }, hidden: false })));
});
test.after(async () => {
  await h.close();
});

test('standings when the season enters post; a reset emitted while no leader ran reaches every nation once', async () => {
  const first = await leader().start();
  assert.ok((await h.client.request('season:current', { type: 'start', by: ADMIN })).ok);
  await advance(); // pre → active
  await advance(); // active → post: the leader sends the standings
  await until(async () => (await season()).standings !== null, 'standings');
  assert.equal((await season()).standings!.map((row) => row.nation), [...NATIONS].reverse(), 'ranked by power, highest first');
  await first.stop();

  await advance(); // post → season 2: seasonReset emitted while nobody reads the feed
  assert.is((await season()).number, 2);
  const second = await leader().start();
  await until(async () => (await Promise.all(NATIONS.map(nationSeason))).every((number) => number === 2), 'every nation reset');
  await second.stop();

  const ids = sent.map((message) => message.id);
  assert.equal(new Set(ids).size, ids.length, 'no message sent twice across the two leaders');
  assert.equal(
    sent.map((message) => [message.to, message.event.type]).sort(),
    [
      ['season:current', 'standings'],
      // Season 1's pre, active and post, then season 2's pre: each phase to every nation once.
      ...NATIONS.flatMap((nation) => [...Array.from({ length: 4 }, () => [nation, 'seasonPhase']), [nation, 'seasonReset']]),
    ].sort(),
  );
});

test.run();
