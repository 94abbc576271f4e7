// The scheduler's pieces without a runtime: the in-memory scheduler's
// schedules on a virtual clock, the fan-out's paging and message ids, and the
// tick time read from a BullMQ job scheduler's iteration id.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualClock } from '../../../runtime/clock.ts';
import { fanOut, MemoryScheduler, nextBoundary, onBoundary, scheduledAt, unflushedActors } from '../../../runtime/scheduler/index.ts';

const MINUTE = 60_000;

test('schedules start at the next boundary; an unchanged cadence keeps its next tick, a changed one restarts, a dropped one goes', async () => {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1, 10, 7));
  const scheduler = new MemoryScheduler({ clock, realtime: false });
  await scheduler.sync([{ name: 'hourly', everyMs: 60 * MINUTE }, { name: 'tenth', everyMs: 10 * MINUTE }]);
  assert.equal(await scheduler.status(), [
    { name: 'hourly', everyMs: 60 * MINUTE, next: Date.UTC(2026, 0, 1, 11) },
    { name: 'tenth', everyMs: 10 * MINUTE, next: Date.UTC(2026, 0, 1, 10, 10) },
  ]);
  clock.set(Date.UTC(2026, 0, 1, 10, 30));
  await scheduler.sync([{ name: 'hourly', everyMs: 60 * MINUTE }, { name: 'tenth', everyMs: 5 * MINUTE }]);
  assert.equal(await scheduler.status(), [
    { name: 'hourly', everyMs: 60 * MINUTE, next: Date.UTC(2026, 0, 1, 11) },
    { name: 'tenth', everyMs: 5 * MINUTE, next: Date.UTC(2026, 0, 1, 10, 35) },
  ]);
  await scheduler.sync([{ name: 'hourly', everyMs: 60 * MINUTE }]);
  assert.equal((await scheduler.status()).map((entry) => entry.name), ['hourly']);
  const refused = await scheduler.sync([{ name: 'bad', everyMs: 0 }]).then(() => null, (error: unknown) => error);
  assert.match(String(refused), /every must be whole ms/);
  assert.equal((await scheduler.status()).map((entry) => entry.name), ['hourly'], 'a refused table changes nothing');
});

test('fireNextDue runs the earliest due tick with its scheduled time, once, and only when due', async () => {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1, 0, 0));
  const scheduler = new MemoryScheduler({ clock, realtime: false });
  const ticks: [string, string][] = [];
  await scheduler.sync([{ name: 'hourly', everyMs: 60 * MINUTE }, { name: 'half', everyMs: 30 * MINUTE }]);
  await scheduler.work(async (name, at) => {
    ticks.push([name, new Date(at).toISOString().slice(11, 16)]);
  });
  assert.is(await scheduler.fireNextDue(Date.UTC(2026, 0, 1, 0, 29)), false);
  while (await scheduler.fireNextDue(Date.UTC(2026, 0, 1, 1, 45)));
  assert.equal(ticks, [['half', '00:30'], ['hourly', '01:00'], ['half', '01:00'], ['half', '01:30']]);
  await scheduler.rest();
  assert.is(await scheduler.fireNextDue(Date.UTC(2026, 0, 1, 3)), true, 'a tick passes unrun while resting');
  assert.is(ticks.length, 4);
});

test('fan-out pages through the kind and derives each message id from the key and the address', async () => {
  const all = ['nation:1', 'nation:2', 'nation:3', 'nation:4', 'nation:5'];
  const asked: [string, string, number][] = [];
  const batches: string[][] = [];
  const count = await fanOut(
    {
      repo: {
        addresses: async (kind, after, limit) => {
          asked.push([kind, after, limit]);
          return all.filter((address) => address > after).slice(0, limit);
        },
      },
      client: {
        sendMany: async (messages) => {
          batches.push(messages.map((message) => message.id));
          assert.ok(messages.every((message) => message.event.type === 'generate'));
        },
      },
      pageSize: 2,
    },
    { kind: 'nation' },
    { type: 'generate', period: 'P' },
    'periodic:job:P',
  );
  assert.is(count, 5);
  assert.equal(asked, [['nation', '', 2], ['nation', 'nation:2', 2], ['nation', 'nation:4', 2]]);
  assert.equal(batches, [
    ['periodic:job:P/nation:1', 'periodic:job:P/nation:2'],
    ['periodic:job:P/nation:3', 'periodic:job:P/nation:4'],
    ['periodic:job:P/nation:5'],
  ]);
  const one: string[] = [];
  assert.is(await fanOut({ repo: { addresses: async () => { assert.unreachable('no listing for one actor'); return []; } }, client: { sendMany: async (messages) => void one.push(...messages.map((m) => m.to)) } }, { address: 'market:global' }, { type: 'x' }, 'k'), 1);
  assert.equal(one, ['market:global']);
});

test('a fan-out also reaches actors not written behind yet (the dirty sets), each once', async () => {
  const listed = ['nation:1', 'nation:2', 'nation:3'];
  const sent: string[] = [];
  const count = await fanOut(
    {
      repo: { addresses: async (_kind, after, limit) => listed.filter((address) => address > after).slice(0, limit) },
      client: { sendMany: async (messages) => void sent.push(...messages.map((message) => message.to)) },
      // nation:2 changed since the last flush; nation:8 and nation:9 were founded since.
      unflushed: async (kind) => (kind === 'nation' ? ['nation:9', 'nation:2', 'nation:8'] : []),
      pageSize: 2,
    },
    { kind: 'nation' },
    { type: 'generate', period: 'P' },
    'k',
  );
  assert.is(count, 5);
  assert.equal(sent, ['nation:1', 'nation:2', 'nation:3', 'nation:9', 'nation:8']);
});

test('onBoundary: a BullMQ iteration a few ms past its boundary is that boundary\'s tick; without a known cadence, as it came', () => {
  assert.is(onBoundary(Date.UTC(2026, 0, 1, 12, 0, 0, 12), 60 * MINUTE), Date.UTC(2026, 0, 1, 12));
  assert.is(onBoundary(12_000, 1_000), 12_000);
  assert.is(onBoundary(12_999, 1_000), 12_000);
  assert.is(onBoundary(12_012, undefined), 12_012);
});

test('unflushedActors: the addresses of one kind across every shard\'s dirty set', async () => {
  const dirty: Record<number, string[]> = { 0: ['nation:1', 'war:1'], 1: [], 2: ['nationx:1', 'nation:2'] };
  const asked: number[] = [];
  const store = {
    dirty: async (shard: number, count: number) => {
      asked.push(shard);
      assert.ok(count >= 10_000, 'reads a whole interval\'s worth');
      return (dirty[shard] ?? []).map((address) => ({ address, version: 1 }));
    },
  };
  assert.equal(await unflushedActors(store, 3, 'nation'), ['nation:1', 'nation:2']);
  assert.equal(asked.sort(), [0, 1, 2]);
});

test('a BullMQ iteration id carries its scheduled time; boundaries are multiples of the cadence', () => {
  assert.is(scheduledAt({ id: 'repeat:resource_generation:1795989600000', timestamp: 5 }), 1795989600000);
  assert.is(scheduledAt({ id: 'custom', timestamp: 5 }), 5);
  assert.is(nextBoundary(Date.UTC(2026, 0, 1, 10, 0), 60 * MINUTE), Date.UTC(2026, 0, 1, 11, 0), 'strictly after a boundary');
  assert.is(nextBoundary(Date.UTC(2026, 0, 1, 10, 59), 60 * MINUTE), Date.UTC(2026, 0, 1, 11, 0));
});

test.run();
