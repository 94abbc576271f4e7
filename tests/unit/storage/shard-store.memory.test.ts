// The shard store contract against the in-memory store of the embedded mode.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MemoryShardStore } from '../../../storage/memory-shard-store.ts';
import { shardStoreContract } from '../../contract/shard-store.ts';

shardStoreContract('memory', async () => {
  const store = new MemoryShardStore();
  return { store, cleanup: () => store.close() };
}).run();

// The contract cannot wait out a TTL; the injected clock can.
test('memory: a published stream expires after its TTL on the injected clock', async () => {
  let now = 1_000_000;
  const store = new MemoryShardStore({ now: () => now });
  await store.publish('reply:c1', ['r1'], 100, 5_000);
  now += 4_999;
  assert.equal((await store.subscribe('reply:c1', '0', 10, 0)).map((entry) => entry.body), ['r1']);
  now += 1;
  assert.equal(await store.subscribe('reply:c1', '0', 10, 0), []);
  await store.close();
});

test.run();
