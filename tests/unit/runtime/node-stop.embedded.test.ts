// A graceful stop bounds its final flush: once the time is up no further
// write-behind round starts, what is left stays dirty for the next owner, and
// the round under way ending with the shutdown's closed connection is no error
// (the bench's node logged "final flush failed" at every busy stop).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RuntimeNode, RuntimeNodeOptions } from '../../../runtime/node.ts';
import type { ActorStateRepo } from '../../../storage/index.ts';
import { startHarness, type Harness } from '../../support/runtime-harness.ts';
import { capturedLogger, type LogLine } from '../../support/captured-log.ts';

const ACTORS = 8;

/** A node on the harness's backends that logs into `lines` and writes behind only when stopped. */
function stoppingNode(h: Harness, lines: LogLine[], overrides: Partial<RuntimeNodeOptions>): RuntimeNode {
  return h.nodeWith({
    nodeId: 'stopping-node',
    logger: capturedLogger(lines),
    // No round of its own while the test runs.
    writeBehindIntervalMs: 60_000,
    ...overrides,
  });
}

let h: Harness;

test.before(async () => {
  h = await startHarness({ backend: 'embedded', shards: 2 });
  await h.stopNode();
});

test.after(() => h.close());

test('a stop whose flush finishes in time says what it wrote', async () => {
  const lines: LogLine[] = [];
  const node = stoppingNode(h, lines, {});
  await node.start();
  await h.client.request('counter:in-time', { type: 'inc', by: 2 });
  await node.stop();
  assert.equal(lines.find((line) => line.msg === 'final flush done')?.states, 1);
  assert.is((await h.backends.repo.load('counter:in-time'))?.version, 1);
});

test('a stop whose flush outlasts its limit starts no further round, logs no error, and leaves the rest for the next owner', async () => {
  const lines: LogLine[] = [];
  // The first statement goes through; the second hangs until the "process"
  // closes its PostgreSQL connection after the stop, and then fails the way
  // postgres.js fails it.
  let upserts = 0;
  let closeConnection!: () => void;
  const closed = new Promise<never>((_, reject) => {
    closeConnection = () => reject(Object.assign(new Error('write CONNECTION_ENDED 127.0.0.1:5432'), { code: 'CONNECTION_ENDED' }));
  });
  closed.catch(() => undefined);
  const repo: ActorStateRepo = {
    ...h.backends.repo,
    async upsertBatch(rows) {
      upserts++;
      if (upserts >= 2) await closed;
      return h.backends.repo.upsertBatch(rows);
    },
  };
  // One state per statement, so the flush needs a statement per actor.
  const node = stoppingNode(h, lines, { repo, writeBehindBatch: 1, finalFlushMs: 300 });
  const actors = Array.from({ length: ACTORS }, (_, i) => `counter:stop-${i}`);
  await node.start();
  for (const actor of actors) await h.client.request(actor, { type: 'inc', by: 1 });
  await node.stop();
  assert.is(upserts, 2, 'the flush was cut during its second statement');
  assert.ok(lines.some((line) => line.level === 40 && line.msg.startsWith('final flush cut short')), 'the cut is a warning');
  closeConnection();
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.is(upserts, 2, 'no statement or round started after the cut');
  assert.equal(
    lines.filter((line) => line.level >= 50).map((line) => line.msg),
    [],
    'nothing logged as an error',
  );
  assert.ok(lines.some((line) => line.level === 30 && line.msg.startsWith('the write-behind round under way at the cut')), 'the unfinished round is told');

  // The next owner writes what was left.
  await h.restartNode();
  await h.node.flush();
  const rows = await h.backends.repo.loadMany(actors);
  assert.equal(
    rows.map((row) => [row.address, row.version]).sort(),
    actors.map((actor) => [actor, 1]).sort(),
  );
  await h.stopNode();
});

test.run();
