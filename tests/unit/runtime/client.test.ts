import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RuntimeClient } from '../../../runtime/client.ts';
import { MemoryShardStore } from '../../../storage/memory-shard-store.ts';

class SlowAppendStore extends MemoryShardStore {
  constructor(readonly appendMs: number, readonly failAppend: boolean) {
    super();
  }

  override async append(shard: number, bodies: readonly string[]): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.appendMs));
    if (this.failAppend) throw new Error('connection is closed');
    return super.append(shard, bodies);
  }
}

async function withUnhandledRejections(run: () => Promise<void>): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', record);
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off('unhandledRejection', record);
  }
  return unhandled;
}

test('an append that outlasts the timeout and then fails rejects with its own error, nothing unhandled', async () => {
  const store = new SlowAppendStore(60, true);
  const client = new RuntimeClient({ store, prefix: 't:', shards: 4, timeoutMs: 10 });
  const unhandled = await withUnhandledRejections(async () => {
    const error = await client.request('counter:a', { type: 'inc' }).then(() => undefined, (caught: Error) => caught);
    assert.match(String(error), /connection is closed/);
  });
  assert.equal(unhandled, []);
  await client.close();
});

test('an append that outlasts the timeout and then succeeds rejects with RUNTIME_TIMEOUT', async () => {
  const store = new SlowAppendStore(60, false);
  const client = new RuntimeClient({ store, prefix: 't:', shards: 4, timeoutMs: 10 });
  const unhandled = await withUnhandledRejections(async () => {
    const error = await client.request('counter:a', { type: 'inc' }).then(() => undefined, (caught: { code?: string }) => caught);
    assert.is((error as { code?: string }).code, 'RUNTIME_TIMEOUT');
  });
  assert.equal(unhandled, []);
  await client.close();
});

test.run();
