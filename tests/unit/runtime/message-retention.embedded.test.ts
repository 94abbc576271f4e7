// actor_messages keeps processed messages for MESSAGE_RETENTION_DAYS (DESIGN §5
// "retention configurable"): the node owning shard 0 deletes older ones,
// counts them on /metrics, and leaves newer ones alone. Virtual time ages the
// messages; the pruning rounds run on real time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRuntimeMetrics } from '../../../runtime/metrics.ts';
import { startHarness } from '../../support/runtime-harness.ts';

const DAY = 86_400_000;

test('messages older than the retention are deleted from the log; newer ones stay', async () => {
  const h = await startHarness({ backend: 'embedded', virtualTime: true, shards: 2 });
  await h.stopNode();
  const metrics = createRuntimeMetrics();
  const node = h.nodeWith({ nodeId: 'pruning-node', metrics, messageRetentionMs: DAY, pruneEveryMs: 100 });
  const logged = async (address: string) => (await h.backends.repo.messages(address)).map((row) => row.version).sort();
  try {
    await node.start();
    for (let i = 0; i < 3; i++) await h.client.request('counter:old', { type: 'inc', by: 1 });
    await node.flush();
    assert.equal(await logged('counter:old'), [1, 2, 3], 'written behind, and not yet past retention');

    await h.advance(2 * DAY);
    await h.client.request('counter:new', { type: 'inc', by: 1 });
    await h.client.request('counter:old', { type: 'inc', by: 1 });
    await node.flush();
    for (let wait = 0; wait < 100 && (await logged('counter:old')).length > 1; wait++) await new Promise((resolve) => setTimeout(resolve, 100));

    assert.equal(await logged('counter:old'), [4], "the old actor's messages of two days ago are gone, today's stays");
    assert.equal(await logged('counter:new'), [1]);
    assert.is((await metrics.messagesPruned.get()).values[0]?.value, 3);
  } finally {
    await node.stop();
    await h.close();
  }
});

test.run();
