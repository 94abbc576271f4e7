// The lookup in PostgreSQL of actors missing from Redis is bounded: one that
// never answers (PostgreSQL gone without the connection closing) no longer
// holds the shard for good; its messages wait and are tried again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withTimeout } from '../../../runtime/sleep.ts';
import type { ActorStateRepo } from '../../../storage/index.ts';
import { startHarness, type Harness } from '../../support/runtime-harness.ts';
import { capturedLogger, type LogLine } from '../../support/captured-log.ts';

let h: Harness;

test.before(async () => {
  h = await startHarness({ backend: 'embedded', shards: 2 });
  await h.stopNode();
});

test.after(() => h.close());

test('a lookup that never answers counts as PostgreSQL away after 5 s; the message waits and is then applied once', async () => {
  let lookups = 0;
  const repo: ActorStateRepo = {
    ...h.backends.repo,
    loadMany(addresses) {
      lookups++;
      return lookups === 1 ? new Promise(() => {}) : h.backends.repo.loadMany(addresses);
    },
  };
  const lines: LogLine[] = [];
  const node = h.nodeWith({
    nodeId: 'lookup-node',
    repo,
    logger: capturedLogger(lines),
  });
  await node.start();
  try {
    const reply = await h.client.request('counter:looked-up', { type: 'inc', by: 3 }, { timeoutMs: 20_000 });
    assert.ok(reply.ok, JSON.stringify(reply));
    assert.equal([reply.count, reply.version], [3, 1], 'applied once');
  } finally {
    // Bounded: a batch stuck on the lookup would hold the stop too.
    await withTimeout(node.stop(), 15_000, 'the node stopping');
  }
  assert.ok(lookups >= 2, `looked up again after the first hung (${lookups} lookups)`);
  const waits = lines.filter((line) => line.msg === 'actors not in Redis and PostgreSQL unreachable; their messages wait');
  assert.equal(waits.map((line) => line.err?.message), ['the lookup of actors missing from Redis did not answer within 5000 ms']);
});

test.run();
