// The public event feed over the in-memory store: order per shard, only new
// events by default, bad entries skipped, a failing handler sees its batch again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pino from 'pino';
import { decodePublicEvent, runEventFeed, type PublicEvent } from '../../../runtime/event-feed.ts';
import { MemoryShardStore } from '../../../storage/memory-shard-store.ts';
import type { CommitStep } from '../../../storage/shard-store.ts';

const logger = pino({ level: 'silent' });
const SHARDS = 4;

const emitted = (room: string, type: string, version = 1) => JSON.stringify({ room, from: 'nation:1', at: 1000, version, event: { type } });

function emitting(messageId: string, events: string[]): CommitStep {
  return { streamId: '', messageId, address: '', expectedVersion: 0, version: 0, state: '', dedupValue: '', outbox: [], events, log: '', dead: '' };
}

async function collect(store: MemoryShardStore, from: 'new' | 'kept' | ReadonlyMap<number, string>, until: (seen: PublicEvent[]) => boolean, act: () => Promise<void>, onEvents?: (events: readonly PublicEvent[]) => void) {
  const seen: PublicEvent[] = [];
  const abort = new AbortController();
  const running = runEventFeed({ store, shards: SHARDS, logger, from, blockMs: 20 }, (events) => {
    onEvents?.(events);
    seen.push(...events);
    if (until(seen)) abort.abort();
  }, abort.signal);
  await act();
  const deadline = setTimeout(() => abort.abort(), 3_000);
  await running;
  clearTimeout(deadline);
  return seen;
}

test('decodePublicEvent takes a stored event apart and names what is wrong with a bad one', () => {
  const decoded = decodePublicEvent({ shard: 2, id: '5-0', body: emitted('war:w1', 'battleResolved', 7) });
  assert.equal(decoded, { ok: true, value: { room: 'war:w1', from: 'nation:1', at: 1000, version: 7, event: { type: 'battleResolved' }, shard: 2, position: '5-0' } });
  assert.equal(decodePublicEvent({ shard: 0, id: '1-0', body: '{' }), { ok: false, reason: 'not JSON' });
  assert.equal(decodePublicEvent({ shard: 0, id: '1-0', body: '{"room":"global","from":"a:b","at":1,"version":1,"event":{}}' }), { ok: false, reason: 'event without a type' });
});

test('from "kept" reads what the streams hold, in order per shard, skipping bad entries', async () => {
  const store = new MemoryShardStore();
  const one = await store.claim(1, 'n', 60_000);
  const three = await store.claim(3, 'n', 60_000);
  await store.commit(1, one, [emitting('m1', [emitted('global', 'a'), 'not json', emitted('global', 'b')])]);
  await store.commit(3, three, [emitting('m2', [emitted('war:x', 'c')])]);
  const seen = await collect(store, 'kept', (events) => events.length >= 3, async () => {});
  assert.equal(seen.filter((event) => event.shard === 1).map((event) => event.event.type), ['a', 'b']);
  assert.equal(seen.filter((event) => event.shard === 3).map((event) => event.event.type), ['c']);
  await store.close();
});

test('from "new" (the default) sees only events emitted after it started', async () => {
  const store = new MemoryShardStore();
  const epoch = await store.claim(2, 'n', 60_000);
  await store.commit(2, epoch, [emitting('old', [emitted('global', 'before')])]);
  const seen = await collect(store, 'new', (events) => events.length >= 1, async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.commit(2, epoch, [emitting('new', [emitted('global', 'after')])]);
  });
  assert.equal(seen.map((event) => event.event.type), ['after']);
  await store.close();
});

test('from a cursor map resumes after the listed ids; unlisted shards start at their newest event', async () => {
  const store = new MemoryShardStore();
  const one = await store.claim(1, 'n', 60_000);
  const two = await store.claim(2, 'n', 60_000);
  await store.commit(1, one, [emitting('m1', [emitted('global', 'seen'), emitted('global', 'missed')])]);
  await store.commit(2, two, [emitting('m2', [emitted('global', 'old')])]);
  const [first] = await store.readStream(1, 'events', 1);
  const seen = await collect(store, new Map([[1, first!.id]]), (events) => events.length >= 2, async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.commit(2, two, [emitting('m3', [emitted('global', 'new')])]);
  });
  assert.equal(seen.map((event) => event.event.type).sort(), ['missed', 'new']);
  await store.close();
});

test('a handler that throws gets the same batch again', async () => {
  const store = new MemoryShardStore();
  const epoch = await store.claim(0, 'n', 60_000);
  await store.commit(0, epoch, [emitting('m', [emitted('global', 'once')])]);
  let calls = 0;
  const seen = await collect(store, 'kept', (events) => events.length >= 1, async () => {}, () => {
    calls += 1;
    if (calls === 1) throw new Error('handler failed');
  });
  assert.is(calls, 2);
  assert.equal(seen.map((event) => event.event.type), ['once']);
  await store.close();
});

test.run();
