// A write-behind round that never settles (a PostgreSQL connection wedged by a
// restart; the pg-restart chaos scenario once saw a node's flusher go silent for
// good) counts as failed after its limit: it is logged, and the next round
// writes what was dirty.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WriteBehindLoop } from '../../../runtime/write-behind-loop.ts';
import { createRuntimeMetrics } from '../../../runtime/metrics.ts';
import { withTimeout } from '../../../runtime/sleep.ts';
import type { ActorStateRepo } from '../../../storage/index.ts';
import { startHarness, type Harness } from '../../support/runtime-harness.ts';
import { capturedLogger, type LogLine } from '../../support/captured-log.ts';

const SHARDS = 2;

let h: Harness;

test.before(async () => {
  h = await startHarness({ backend: 'embedded', shards: SHARDS });
  await h.stopNode();
});

test.after(() => h.close());

test('a round past its limit is logged as failed and the next round writes what was dirty', async () => {
  // A node whose own flusher stays idle while the test's loop runs.
  const node = h.nodeWith({ nodeId: 'idle-flusher', writeBehindIntervalMs: 60_000 });
  await node.start();
  const actors = ['counter:wedged-1', 'counter:wedged-2', 'counter:wedged-3'];
  for (const actor of actors) await h.client.request(actor, { type: 'inc', by: 4 });
  assert.equal(await h.backends.repo.loadMany(actors), [], 'nothing written before the loop runs');

  let upserts = 0;
  const repo: ActorStateRepo = {
    ...h.backends.repo,
    upsertBatch(rows) {
      upserts++;
      // The first statement goes to a connection that never answers.
      return upserts === 1 ? new Promise<number>(() => {}) : h.backends.repo.upsertBatch(rows);
    },
  };
  const lines: LogLine[] = [];
  const loop = new WriteBehindLoop({
    store: h.backends.store,
    repo,
    batch: 100,
    intervalMs: 20,
    roundLimitMs: 200,
    shards: () => Array.from({ length: SHARDS }, (_, shard) => shard),
    metrics: createRuntimeMetrics({ defaults: false }),
    logger: capturedLogger(lines),
  });
  const stop = new AbortController();
  const running = loop.run(stop.signal);
  try {
    for (let tries = 0; tries < 200 && (await h.backends.repo.loadMany(actors)).length < actors.length; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    stop.abort();
    try {
      await withTimeout(running, 5_000, 'the loop, stopped,');
    } finally {
      await node.stop();
    }
  }
  const failures = lines.filter((line) => line.level === 50 && line.msg === 'write-behind flush failed');
  assert.equal(failures.map((line) => line.err?.message), ['a write-behind round did not answer within 200 ms']);
  assert.ok(lines.some((line) => line.msg === 'write-behind reaches PostgreSQL again; catching up'), 'the recovery is told');
  assert.equal(
    (await h.backends.repo.loadMany(actors)).map((row) => [row.address, row.version]),
    actors.map((actor) => [actor, 1]),
  );
  assert.is(loop.failing, false);
});

test.run();
