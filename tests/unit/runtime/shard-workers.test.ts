// The shard workers of a node (runtime/shard-workers.ts) on the in-memory
// store, with each commit held until the test lets it go: batches of a shard
// one after another, shards side by side, a fenced shard handed back, a
// failed batch retried ahead of what queued behind it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { shardOf } from '../../../runtime/address.ts';
import { systemClock } from '../../../runtime/clock.ts';
import { encodeEnvelope } from '../../../runtime/envelope.ts';
import { KindRegistry } from '../../../runtime/kinds.ts';
import { createRuntimeMetrics } from '../../../runtime/metrics.ts';
import { ShardWorkers } from '../../../runtime/shard-workers.ts';
import { StorageError, StorageErrorCodes, type CommitStep, type InboxEntry } from '../../../storage/index.ts';
import { MemoryShardStore } from '../../../storage/memory-shard-store.ts';
import { counterKind } from '../../support/counter.ts';
import { quietLogger } from '../../support/runtime-harness.ts';

const SHARDS = 4;
const NODE = 'node-a';

/** A counter actor whose address falls on `shard`. */
function counterOn(shard: number, nth = 0): string {
  for (let i = 0, found = 0; ; i++) {
    const address = `counter:${i}`;
    if (shardOf(address, SHARDS) === shard && found++ === nth) return address;
  }
}

/** The memory store, each commit logged and held until `letGo(shard)` lets the oldest one go. */
class HeldStore extends MemoryShardStore {
  readonly log: string[] = [];
  readonly #held = new Map<number, (() => void)[]>();
  failNext: Error | undefined;

  override async commit(shard: number, epoch: number, steps: readonly CommitStep[]) {
    this.log.push(`commit ${shard}: ${steps.map((step) => step.messageId).join(',')}`);
    await new Promise<void>((resolve) => this.#held.set(shard, [...(this.#held.get(shard) ?? []), resolve]));
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    return super.commit(shard, epoch, steps);
  }

  letGo(shard: number): void {
    const [next, ...rest] = this.#held.get(shard) ?? [];
    this.#held.set(shard, rest);
    next?.();
  }
}

async function setup(owned: readonly number[] = [1, 2]) {
  const store = new HeldStore();
  await store.ensureGroups(owned);
  const epochs = new Map<number, number>();
  for (const shard of owned) epochs.set(shard, await store.claim(shard, NODE, 60_000));
  const fenced: string[] = [];
  const workers = new ShardWorkers({
    batch: {
      store,
      kinds: new KindRegistry([counterKind]),
      clock: systemClock,
      shards: SHARDS,
      metrics: createRuntimeMetrics(),
      logger: quietLogger,
      deadLetterAfter: 3,
      timers: { arm: async () => {} },
    },
    readBatch: 100,
    epochOf: (shard) => epochs.get(shard),
    relay: () => {},
    fenced: (shard, reason) => fenced.push(`${shard}: ${reason}`),
  });
  /** Appends `inc` messages (ids as given) to the shard of `to` and reads them back as the node would. */
  const deliver = async (to: string, ids: readonly string[]): Promise<InboxEntry[]> => {
    const shard = shardOf(to, SHARDS);
    await store.append(shard, ids.map((id) => encodeEnvelope({ id, to, event: { type: 'inc', by: 1 } })));
    return store.read([shard], NODE, 100, 0);
  };
  return { store, workers, epochs, fenced, deliver };
}

const turns = async (n = 5): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

test("a shard's batches run one after another; different shards side by side", async () => {
  const { store, workers, deliver } = await setup();
  const [one, two] = [counterOn(1), counterOn(2)];
  workers.enqueue(1, await deliver(one, ['a1']));
  workers.enqueue(2, await deliver(two, ['b1']));
  await turns();
  assert.equal(store.log, ['commit 1: a1', 'commit 2: b1'], 'both shards commit at once');

  workers.enqueue(1, await deliver(one, ['a2', 'a3']));
  await turns();
  assert.equal(store.log.length, 2, "shard 1's next batch waits for its commit in flight");

  store.letGo(1);
  await turns();
  assert.equal(store.log[2], 'commit 1: a2,a3', 'then goes, as one batch');
  store.letGo(1);
  store.letGo(2);
  await workers.settled();
  assert.ok(workers.idle);
  const counts = await store.load(1, [one]);
  assert.equal(counts.get(one)?.version, 3);
});

test('finish(shard) waits for what arrives while the shard works', async () => {
  const { store, workers, deliver } = await setup();
  const one = counterOn(1);
  workers.enqueue(1, await deliver(one, ['a1']));
  await turns();
  let finished = false;
  const finishing = workers.finish(1).then(() => (finished = true));
  workers.enqueue(1, await deliver(one, ['a2']));
  store.letGo(1);
  await turns();
  assert.not.ok(finished, 'a2 arrived before the worker ran out');
  store.letGo(1);
  await finishing;
  assert.equal(store.log, ['commit 1: a1', 'commit 1: a2']);
});

test('a fenced commit hands the shard back to the node, and its worker stops', async () => {
  const { store, workers, fenced, epochs, deliver } = await setup();
  const one = counterOn(1);
  workers.enqueue(1, await deliver(one, ['a1']));
  await turns();
  store.failNext = new StorageError(StorageErrorCodes.FENCED, 'shard 1 is held at epoch 9');
  // What the node does when told: forget the shard.
  epochs.delete(1);
  store.letGo(1);
  await workers.settled();
  assert.equal(fenced, ['1: shard 1 is held at epoch 9']);
  assert.equal(workers.close(1), 0);
  assert.ok(workers.idle);
});

test('a failed batch is tried again ahead of what queued behind it', async () => {
  const { store, workers, deliver } = await setup();
  const one = counterOn(1);
  workers.enqueue(1, await deliver(one, ['a1']));
  await turns();
  workers.enqueue(1, await deliver(one, ['a2']));
  store.failNext = new Error('Redis went away');
  store.letGo(1);
  // The retry waits 100 ms, then takes a1 again, in front of a2.
  while (store.log.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(store.log, ['commit 1: a1', 'commit 1: a1,a2']);
  store.letGo(1);
  await workers.finish(1);
  assert.equal((await store.load(1, [one])).get(one)?.version, 2);
});

test('entries of a shard the node does not own are left in the stream for its owner', async () => {
  const { store, workers, deliver } = await setup([1]);
  const other = counterOn(3);
  await store.ensureGroups([3]);
  workers.enqueue(3, await deliver(other, ['c1']));
  await turns();
  assert.equal(store.log, []);
  assert.ok(workers.idle);
  assert.equal((await store.stats(3)).pending, 1, 'still pending, for the owner to take over');
});

test.run();
