// "Redis lost its data": Redis holds no mark of the cluster (the nodes set
// one, runtime/node.ts) while PostgreSQL has its actors from before. Quiet at
// a cluster's first start; fires from the loss until an hour after a node
// marked Redis again, naming when and which node; distributed mode only.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alertChecks, type AlertCheckDeps } from '../../../ops/services/alert-checks.ts';
import { MemoryShardStore } from '../../../storage/index.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function setup(distributed = true) {
  let now = Date.UTC(2026, 10, 30, 9, 0);
  /** When PostgreSQL last got an actor's first write (undefined: no actor yet). */
  let firstWrite: number | undefined;
  const store = new MemoryShardStore({ now: () => now });
  const deps = {
    store,
    actors: { storedBefore: async (before: number) => firstWrite !== undefined && firstWrite < before },
    shards: 4,
    bounds: { writeBehindMs: 30_000, schedulerStallMs: 60_000, deadLetterQuietMs: 10 * MINUTE, leaseTtlMs: 5_000, leaseLossQuietMs: 10 * MINUTE, projectionLagMs: 60_000, liveStateLostMs: HOUR },
    distributed,
  } as unknown as AlertCheckDeps;
  const check = alertChecks(deps).find((candidate) => candidate.key === 'live-state-lost');
  return {
    store,
    check,
    at: (time: number) => (now = time),
    get now() {
      return now;
    },
    written: () => (firstWrite ??= now),
    async look() {
      const finding = await check!.evaluate(now);
      assert.ok(finding, 'the check could look');
      return finding;
    },
  };
}

test('quiet at the first start; fires from a loss until an hour after a node marked Redis again', async () => {
  const s = setup();
  assert.ok(s.check, 'the check exists');
  assert.equal(s.check.causes, ['redis', 'postgres'], 'held back while either is unreachable');
  assert.equal(await s.look(), { firing: false, detail: 'no mark yet: no runtime node has started' });
  await s.store.markLive('node-a', 60_000);
  s.written();
  s.at(s.now + 2 * HOUR);
  assert.is((await s.look()).firing, false, 'a cluster that began with this Redis');

  // Redis restarts empty: actors written two hours ago, no mark.
  s.store.flushAll();
  const lostAt = s.now;
  const unnoticed = await s.look();
  assert.is(unnoticed.firing, true);
  assert.match(unnoticed.detail, /no runtime node has noticed yet/);

  s.at(lostAt + 2_000);
  await s.store.markLive('node-b', 60_000);
  const noticed = await s.look();
  assert.is(noticed.firing, true);
  assert.match(noticed.detail, new RegExp(`^Redis held none of this cluster's state at ${new Date(lostAt + 2_000).toISOString()}.*node-b armed the pending timers again`));

  s.at(lostAt + 2_000 + HOUR - 1);
  assert.is((await s.look()).firing, true, 'still within the hour');
  s.at(lostAt + 2_000 + HOUR + 1);
  const later = await s.look();
  assert.is(later.firing, false);
  assert.match(later.detail, /^Redis has held this cluster since .* \(marked by node-b\)$/);
});

test('only where Redis can lose its data: not on the embedded backends', () => {
  assert.is(setup(false).check, undefined);
});

test.run();
