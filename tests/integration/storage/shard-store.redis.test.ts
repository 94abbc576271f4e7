// The shard store contract against a real Redis: JSON strings always, RedisJSON
// documents as well when the server has the module. Every store gets its own
// key prefix, removed afterwards.
import { Redis } from 'ioredis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRedisShardStore, hasJsonModule } from '../../../storage/redis-shard-store.ts';
import { shardStoreContract, type OpenedShardStore } from '../../contract/shard-store.ts';
import { step } from '../../contract/shard-store-support.ts';
import { dropKeys, redisAvailable, redisUrl, uniqueName } from '../../support/services.ts';


function opener(jsonModule: boolean): () => Promise<OpenedShardStore & { redis: Redis }> {
  return async () => {
    const prefix = `${uniqueName('ss')}:`;
    const store = await createRedisShardStore({ url: redisUrl, prefix, jsonModule });
    return {
      store,
      redis: store.redis,
      streamPrefix: prefix,
      async cleanup() {
        try {
          await dropKeys(store.redis, prefix);
        } finally {
          await store.close();
        }
      },
    };
  };
}

if (await redisAvailable()) {
  const probe = new Redis(redisUrl);
  const withJson = await hasJsonModule(probe).finally(() => probe.disconnect());

  shardStoreContract('Redis (JSON strings)', opener(false)).run();
  if (withJson) shardStoreContract('Redis (RedisJSON)', opener(true)).run();
  else process.stdout.write('RedisJSON run not possible: this server has no JSON module (JSON.SET unknown)\n');

  test('redis: publish with a TTL sets the stream to expire', async () => {
    const opened = await opener(false)();
    try {
      const stream = `${opened.streamPrefix}notifications`;
      await opened.store.publish(stream, ['n1'], 100, 60_000);
      const ttl = await opened.redis.pttl(stream);
      assert.ok(ttl > 0 && ttl <= 60_000, `PTTL ${ttl}`);
    } finally {
      await opened.cleanup();
    }
  });
  test('redis: a commit after the server forgot its scripts (SCRIPT FLUSH, as after a restart) sends the script in full', async () => {
    const opened = await opener(false)();
    try {
      const { store, redis } = opened;
      const epoch = await store.claim(1, 'n1', 30_000);
      await redis.script('FLUSH');
      const write = step('m1', { address: 'p:1', expectedVersion: 0, version: 1, state: '{"hp":10}', dedupValue: '{"ok":1}', log: 'l1' });
      assert.equal(await store.commit(1, epoch, [write]), [{ status: 'applied' }]);
      assert.equal(await store.load(1, ['p:1']), new Map([['p:1', { version: 1, state: '{"hp":10}' }]]));
      assert.equal(await store.commit(1, epoch, [write]), [{ status: 'duplicate', stored: '{"ok":1}' }], 'and by its digest again next time');
    } finally {
      await opened.cleanup();
    }
  });
  test.run();
}
