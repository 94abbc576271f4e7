// The shard store contract against a real Redis: JSON strings always, RedisJSON
// documents as well when the server has the module. Every store gets its own
// key prefix, removed afterwards.
import { Redis } from 'ioredis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRedisShardStore, hasJsonModule } from '../../../storage/redis-shard-store.ts';
import { shardStoreContract, type OpenedShardStore } from '../../contract/shard-store.ts';
import { step } from '../../contract/shard-store-support.ts';
import { dedupKey, shardKeys } from '../../../storage/keys.ts';
import { dropKeys, redisAvailable, redisUrl, uniqueName } from '../../support/services.ts';


function opener(jsonModule: boolean, dedupTtlMs?: number): () => Promise<OpenedShardStore & { redis: Redis; prefix: string }> {
  return async () => {
    const prefix = `${uniqueName('ss')}:`;
    const store = await createRedisShardStore({ url: redisUrl, prefix, jsonModule, ...(dedupTtlMs ? { dedupTtlMs } : {}) });
    return {
      store,
      redis: store.redis,
      prefix,
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
  test('redis: de-duplication records are kept per time bucket: found across a bucket boundary, forgotten two buckets on', async () => {
    // Wide enough that a slow commit on a busy CI machine still lands in the bucket meant.
    const width = 2_000;
    const opened = await opener(false, width)();
    try {
      const { store, redis, prefix } = opened;
      const serverMs = async (): Promise<number> => {
        const [seconds, micros] = await redis.time();
        return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
      };
      const sleepUntil = async (ms: number): Promise<void> => {
        const left = ms - (await serverMs());
        if (left > 0) await new Promise((done) => setTimeout(done, left));
      };
      const epoch = await store.claim(1, 'n1', 30_000);
      const { tag } = shardKeys(prefix, 1);
      // Start early in a bucket, so the first commit lands in it.
      let now = await serverMs();
      if (now % width > width / 2) await sleepUntil((Math.floor(now / width) + 1) * width + 20);
      now = await serverMs();
      const bucket = Math.floor(now / width);
      const message = (answer: string) => step('m1', { dedupValue: answer });

      assert.equal(await store.commit(1, epoch, [message('first')]), [{ status: 'applied' }]);
      assert.equal(await redis.hget(dedupKey(tag, bucket), 'm1'), 'first');
      assert.ok((await redis.pexpiretime(dedupKey(tag, bucket))) >= (bucket + 2) * width, 'kept at least until two buckets on');

      await sleepUntil((bucket + 1) * width + 50);
      assert.equal(await store.commit(1, epoch, [message('second')]), [{ status: 'duplicate', stored: 'first' }], 'the next bucket still knows it');

      await sleepUntil((bucket + 2) * width + 50);
      assert.equal(await store.commit(1, epoch, [message('third')]), [{ status: 'applied' }], 'two buckets on it is forgotten');
      assert.is(await redis.exists(dedupKey(tag, bucket)), 0, 'the bucket two back is removed by the commit, not left to expire');
      assert.equal(await redis.hget(dedupKey(tag, bucket + 2), 'm1'), 'third');
    } finally {
      await opened.cleanup();
    }
  });
  test.run();
}
