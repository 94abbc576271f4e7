// The leaderboard projection played on a runtime node with the game's actors,
// run on the embedded backends (tests/unit/runtime) and on Redis + PostgreSQL
// (tests/integration/runtime): nations register and spend, the projection
// catches up and the boards hold each nation's last emitted stats; a restarted
// projection resumes after its saved cursor; when shard 0 moves to another
// node the projection moves with it; a stale owner's batch is refused.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import pino from 'pino';
import { Registry } from 'prom-client';
import { gameKinds, gameRules } from '../../actors/index.ts';
import { loadConfig } from '../../config/index.ts';
import { shardOf } from '../../runtime/address.ts';
import { decodePublicEvent, type PublicEvent } from '../../runtime/event-feed.ts';
import { leaderboardSink } from '../../runtime/leaderboard-role.ts';
import { compareStreamIds, ProjectionRunner, type ProjectionSink } from '../../runtime/projection.ts';
import { BOARDS, MemoryLeaderboards, RedisLeaderboards, type LeaderboardStore } from '../../storage/leaderboards.ts';
import { ATTACKER, DEFENDER, ok, registerNations } from './game-scenario.ts';
import { startHarness, type Harness } from './runtime-harness.ts';
import { redisUrl } from './services.ts';

const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const THIRD = { address: 'nation:100000000000000003', leader: '200000000000000003', name: 'Cockaigne' } as const;

export interface ProjectionSetup {
  readonly harness: Harness;
  readonly boards: LeaderboardStore;
  cleanup(): Promise<void>;
}

/** Opens a harness with the game's kinds on the given backend and a leaderboard store beside it. */
export async function openGameHarness(backend: 'embedded' | 'real'): Promise<Harness> {
  return startHarness({ backend, kinds: gameKinds(gameRules(loadConfig({ env: {} }))) });
}

/** A harness on `backend` and the board store `boardsFor` opens beside it; cleanup closes both. */
export async function openProjection(backend: 'embedded' | 'real', boardsFor: (harness: Harness) => LeaderboardStore): Promise<ProjectionSetup> {
  const harness = await openGameHarness(backend);
  const boards = boardsFor(harness);
  return {
    harness,
    boards,
    async cleanup() {
      await boards.close();
      await harness.close();
    },
  };
}

/** A sink that remembers every event it was handed, in order. */
function recording(sink: ProjectionSink): ProjectionSink & { readonly seen: PublicEvent[] } {
  const seen: PublicEvent[] = [];
  return {
    name: sink.name,
    seen,
    loadCursor: () => sink.loadCursor(),
    async apply(events, positions, epoch) {
      const applied = await sink.apply(events, positions, epoch);
      if (applied) seen.push(...events);
      return applied;
    },
  };
}

function runner(setup: ProjectionSetup, sink: ProjectionSink, registry = new Registry()): ProjectionRunner {
  const h = setup.harness;
  return new ProjectionRunner({
    store: h.backends.store,
    shards: h.env.SHARDS,
    sink,
    owner: () => h.node.epochOf(0),
    clock: h.clock,
    logger: silent,
    registry,
    checkMs: 50,
    lagEveryMs: 50,
    blockMs: 100,
  }).start();
}

/** Waits (polling, bounded) until the runner has applied every event in the feed. */
async function caughtUp(projection: ProjectionRunner, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await projection.caughtUp()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.unreachable(`projection not caught up within ${timeoutMs} ms: ${JSON.stringify(await projection.lag())}`);
}

/** The last nationStats a nation emitted, read straight from its shard's events stream: the oracle. */
async function lastStats(h: Harness, address: string): Promise<Record<string, unknown>> {
  const shard = shardOf(address, h.env.SHARDS);
  const entries = await h.backends.store.readStream(shard, 'events', 10_000);
  const stats = entries
    .map((entry) => decodePublicEvent({ ...entry, shard }))
    .flatMap((decoded) => (decoded.ok && decoded.value.from === address && decoded.value.event.type === 'nationStats' ? [decoded.value.event] : []));
  assert.ok(stats.length > 0, `${address} emitted nationStats`);
  return stats.at(-1)!;
}

async function assertBoardsMatchStats(setup: ProjectionSetup, nations: readonly string[]): Promise<void> {
  for (const address of nations) {
    const stats = await lastStats(setup.harness, address);
    for (const board of setup.boards.boards) {
      const row = await setup.boards.rank(board, address);
      assert.is(row?.score, stats[board], `${address} on ${board}`);
    }
  }
}

const build = (client: Harness['client'], nation: { address: string; leader: string }, quantity: number) =>
  ok(client, nation.address, { type: 'build', by: nation.leader, unit: 'infantry', quantity });

export function projectionSuite(label: string, open: () => Promise<ProjectionSetup>) {
  const it = suite<{ setup?: ProjectionSetup }>(`leaderboard projection: ${label}`);
  it.before.each(async (context) => {
    context.setup = await open();
  });
  it.after.each(async (context) => {
    await context.setup?.cleanup();
  });

  it('registered nations reach every board; spending moves the resources board; top and rank follow', async ({ setup }) => {
    const { harness: h, boards } = setup!;
    const projection = runner(setup!, leaderboardSink(boards, silent));
    try {
      await registerNations(h.client);
      await ok(h.client, THIRD.address, { type: 'register', by: THIRD.leader, name: THIRD.name });
      await caughtUp(projection);
      assert.is(await boards.size('power'), 3);
      assert.equal((await boards.top('resources', 10)).map((row) => row.name).sort(), ['Avalon', 'Brigadoon', 'Cockaigne']);
      const before = (await boards.rank('resources', ATTACKER.address))!.score;

      await build(h.client, ATTACKER, 10);
      await caughtUp(projection);
      const after = (await boards.rank('resources', ATTACKER.address))!;
      assert.ok(after.score < before, `resources fell from ${before} to ${after.score}`);
      assert.is(after.rank, 3, 'the nation that spent is last on resources');
      assert.equal((await boards.top('resources', 1, 2)).map((row) => row.member), [ATTACKER.address]);
      await assertBoardsMatchStats(setup!, [ATTACKER.address, DEFENDER.address, THIRD.address]);
      assert.ok(projection.leading);
      assert.equal(await projection.lag(), { events: 0, seconds: 0 });
    } finally {
      await projection.stop();
    }
  });

  it('a restarted projection resumes after its saved cursor: nothing applied twice, nothing missed', async ({ setup }) => {
    const { harness: h, boards } = setup!;
    const first = recording(leaderboardSink(boards, silent));
    let projection = runner(setup!, first);
    await registerNations(h.client);
    await caughtUp(projection);
    await projection.stop();
    const saved = await boards.loadCursor();
    assert.ok(saved.size > 0, 'a cursor was saved');

    // While nobody projects, both nations spend (on their own shards).
    await build(h.client, ATTACKER, 5);
    await build(h.client, DEFENDER, 7);
    const behind = await projection.lag();
    assert.ok(behind.events >= 2, `the stopped projection counts what it missed: ${JSON.stringify(behind)}`);
    const second = recording(leaderboardSink(boards, silent));
    projection = runner(setup!, second);
    try {
      await caughtUp(projection);
      assert.ok(second.seen.length > 0, 'the new runner applied what happened while it was down');
      for (const event of second.seen) {
        const before = saved.get(event.shard);
        assert.ok(before === undefined || compareStreamIds(event.position, before) > 0, `event ${event.shard}/${event.position} was already applied before the restart`);
      }
      const firstPositions = new Set(first.seen.map((event) => `${event.shard}/${event.position}`));
      assert.ok(second.seen.every((event) => !firstPositions.has(`${event.shard}/${event.position}`)), 'no event handed to both runners');
      assert.is(second.seen.filter((event) => event.event.type === 'nationStats').length, 2, 'one stats event per build');
      assert.is(second.seen.length, behind.events, 'the lag counted exactly the events then applied');
      await assertBoardsMatchStats(setup!, [ATTACKER.address, DEFENDER.address]);
    } finally {
      await projection.stop();
    }
  });

  it('when shard 0 moves to another node the projection follows it; the old epoch is refused', async ({ setup }) => {
    const { harness: h, boards } = setup!;
    const sink = leaderboardSink(boards, silent);
    const projection = runner(setup!, sink);
    try {
      await registerNations(h.client);
      await caughtUp(projection);
      const oldEpoch = h.node.epochOf(0)!;
      await h.restartNode('node-b');
      const newEpoch = h.node.epochOf(0);
      assert.ok(newEpoch !== undefined && newEpoch > oldEpoch, 'the new node owns shard 0 under a newer epoch');
      await build(h.client, DEFENDER, 3);
      await caughtUp(projection);
      await assertBoardsMatchStats(setup!, [ATTACKER.address, DEFENDER.address]);

      // A batch from the old owner, arriving late, changes nothing.
      const cursor = await boards.loadCursor();
      const stale: PublicEvent = {
        room: DEFENDER.address, from: DEFENDER.address, at: 0, version: 1, shard: 0, position: '1-0',
        event: { type: 'nationStats', nation: DEFENDER.address, name: 'Stale', power: 1e9, military: 0, resources: 0, territory: 0, reputation: 0, wars_won: 0, inactive: false },
      };
      assert.is(await sink.apply([stale], new Map([[0, '1-0']]), oldEpoch), false);
      assert.equal(await boards.loadCursor(), cursor);
      assert.is.not((await boards.rank('power', DEFENDER.address))!.score, 1e9);
    } finally {
      await projection.stop();
    }
  });

  return it;
}

/**
 * Two runtime nodes of one cluster (Redis + PostgreSQL), each with its own
 * projection runner and store connection: exactly one projects — the owner of
 * shard 0 — and when that node stops the other takes shard 0 and the projection.
 */
export async function twoNodesOneProjection(): Promise<void> {
  const a = await openGameHarness('real');
  const b = await startHarness({ backend: 'real', prefix: a.prefix, schema: a.schema, nodeId: 'node-b', kinds: gameKinds(gameRules(loadConfig({ env: {} }))) });
  const boardsA = new RedisLeaderboards(redisUrl, a.prefix, BOARDS);
  const boardsB = new RedisLeaderboards(redisUrl, a.prefix, BOARDS);
  const setupA: ProjectionSetup = { harness: a, boards: boardsA, cleanup: async () => {} };
  const setupB: ProjectionSetup = { harness: b, boards: boardsB, cleanup: async () => {} };
  const runnerA = runner(setupA, leaderboardSink(boardsA, silent));
  const runnerB = runner(setupB, leaderboardSink(boardsB, silent));
  try {
    // Both nodes hold a fair share before anything is asserted.
    for (let i = 0; i < 200 && (a.node.ownedShards.length !== 4 || b.node.ownedShards.length !== 4); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal([a.node.ownedShards.length, b.node.ownedShards.length], [4, 4], 'the two nodes share the 8 shards');
    const [owner, other] = a.node.epochOf(0) !== undefined ? [runnerA, runnerB] : [runnerB, runnerA];
    const [ownerHarness, otherHarness] = owner === runnerA ? [a, b] : [b, a];

    await registerNations(a.client);
    await caughtUp(owner);
    assert.ok(owner.leading && !other.leading, 'only the owner of shard 0 projects');
    assert.is(await boardsA.size('power'), 2);

    await ownerHarness.stopNode();
    for (let i = 0; i < 200 && !other.leading; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(other.leading, 'the node that took shard 0 took the projection');
    assert.ok(!owner.leading);
    await build(otherHarness.client, DEFENDER, 4);
    await caughtUp(other);
    await assertBoardsMatchStats({ ...setupA, harness: otherHarness }, [ATTACKER.address, DEFENDER.address]);
  } finally {
    await runnerA.stop();
    await runnerB.stop();
    await boardsA.close();
    await boardsB.close();
    await b.close();
    await a.close();
  }
}

/**
 * Embedded with a virtual clock: a nation nobody plays for longer than
 * `nation.inactive_after_days` turns inactive on its daily check and leaves
 * every board (the game has no other way for a nation to leave); a citizen's
 * command brings it back.
 */
export async function inactiveNationLeavesTheBoards(): Promise<void> {
  const h = await startHarness({ backend: 'embedded', virtualTime: true, kinds: gameKinds(gameRules(loadConfig({ env: {} }))) });
  const boards = new MemoryLeaderboards(BOARDS);
  const projection = runner({ harness: h, boards, cleanup: async () => {} }, leaderboardSink(boards, silent));
  try {
    await registerNations(h.client);
    await caughtUp(projection);
    assert.is(await boards.size('power'), 2);
    const days = loadConfig({ env: {} }).timers.nation.inactive_after_days;
    await h.advance((days + 1) * 24 * 3_600_000);
    await ok(h.client, ATTACKER.address, { type: 'dailyCheck', period: 'day-after' });
    await caughtUp(projection);
    for (const board of boards.boards) assert.is(await boards.rank(board, ATTACKER.address), null, `inactive: off ${board}`);
    assert.ok(await boards.rank('power', DEFENDER.address), 'the other nation, not yet checked, stays');
    assert.ok((await boards.members()).includes(ATTACKER.address), 'still in the directory');

    await build(h.client, ATTACKER, 1);
    await caughtUp(projection);
    await assertBoardsMatchStats({ harness: h, boards, cleanup: async () => {} }, [ATTACKER.address]);
  } finally {
    await projection.stop();
    await h.close();
  }
}
