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

class CountingStore extends MemoryShardStore {
  appended = 0;

  override async append(shard: number, bodies: readonly string[]): Promise<void> {
    this.appended += bodies.length;
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

test('an event that cannot be encoded rejects its request (not a throw), and close leaves nothing unhandled', async () => {
  const client = new RuntimeClient({ store: new MemoryShardStore(), prefix: 't:', shards: 4, timeoutMs: 60_000 });
  const unhandled = await withUnhandledRejections(async () => {
    try {
      const request = (): Promise<unknown> => client.request('counter:a', { type: 'inc', by: 1n });
      let sent: Promise<unknown> | undefined;
      assert.not.throws(() => (sent = request()), 'request returns a promise');
      const error = await sent!.then(() => undefined, (caught: Error) => caught);
      assert.instance(error, TypeError, 'BigInt has no JSON form');
    } finally {
      // Also on failure: the client's reply loop would keep the test process alive.
      await client.close();
    }
  });
  assert.equal(unhandled, []);
});

test('a message the node would refuse on arrival (a NUL, too large) is refused at once, not sent to become a dead letter', async () => {
  const store = new CountingStore();
  const client = new RuntimeClient({ store, prefix: 't:', shards: 4, timeoutMs: 60_000 });
  try {
    const nul = await client.request('counter:a', { type: 'inc', note: 'a\u0000b' }).then(() => undefined, (caught: { code?: string }) => caught);
    assert.is((nul as { code?: string }).code, 'RUNTIME_MALFORMED_MESSAGE');
    const huge = await client.request('counter:a', { type: 'inc', note: 'x'.repeat(70_000) }).then(() => undefined, (caught: { code?: string }) => caught);
    assert.is((huge as { code?: string }).code, 'RUNTIME_MESSAGE_TOO_LARGE');
    const many = await client.sendMany([{ to: 'counter:b', id: 'm1', event: { type: 'inc', note: '\u0000' } }]).then(() => undefined, (caught: { code?: string }) => caught);
    assert.is((many as { code?: string }).code, 'RUNTIME_MALFORMED_MESSAGE');
    assert.is(store.appended, 0, 'nothing was sent');
  } finally {
    await client.close();
  }
});

test('each request times out on its own deadline, a shorter one after a longer one first', async () => {
  // Nothing processes the inbox: every request can only time out.
  const client = new RuntimeClient({ store: new MemoryShardStore(), prefix: 't:', shards: 4, timeoutMs: 60_000 });
  const settled: string[] = [];
  const outcome = (name: string, promise: Promise<unknown>) =>
    promise.then(
      () => settled.push(`${name} answered`),
      (error: { code?: string }) => settled.push(`${name} ${error.code}`),
    );
  const long = outcome('long', client.request('counter:a', { type: 'inc' }, { timeoutMs: 20_000 }));
  const started = performance.now();
  await outcome('short', client.request('counter:b', { type: 'inc' }, { timeoutMs: 30 }));
  const waited = performance.now() - started;
  assert.equal(settled, ['short RUNTIME_TIMEOUT']);
  // Deadlines, not performance: never before its own 30 ms, and not at the long one's 20 s.
  assert.ok(waited >= 30, `the short timeout was cut short: ${waited} ms`);
  assert.ok(waited < 10_000, `the short timeout waited for the long one: ${waited} ms`);
  await client.close();
  await long;
  assert.equal(settled, ['short RUNTIME_TIMEOUT', 'long RUNTIME_STOPPED']);
});

test('close rejects what is still waiting with RUNTIME_STOPPED, and later requests too', async () => {
  const client = new RuntimeClient({ store: new MemoryShardStore(), prefix: 't:', shards: 4, timeoutMs: 60_000 });
  const waiting = client.request('counter:a', { type: 'inc' }).then(() => undefined, (error: { code?: string }) => error.code);
  await client.close();
  assert.is(await waiting, 'RUNTIME_STOPPED');
  const after = await client.request('counter:a', { type: 'inc' }).then(() => undefined, (error: { code?: string }) => error.code);
  assert.is(after, 'RUNTIME_STOPPED');
});

test.run();
