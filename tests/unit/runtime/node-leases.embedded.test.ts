// A node keeps its leases while its other housekeeping is slow: under load the
// shared Redis connection answers slowly, and renewals that waited behind that
// work came after the leases had expired (bench/RESULTS.md, 2026-11-30).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRuntimeMetrics, type RuntimeMetrics } from '../../../runtime/metrics.ts';
import type { RuntimeNode } from '../../../runtime/node.ts';
import type { ShardStore } from '../../../storage/index.ts';
import { startHarness, type Harness } from '../../support/runtime-harness.ts';

const LEASE_MS = 600;
const SLOW_MS = 4 * LEASE_MS;

/** The harness's store with one method replaced. */
function replacing<K extends keyof ShardStore>(store: ShardStore, name: K, replacement: (target: ShardStore) => ShardStore[K]): ShardStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === name) return replacement(target);
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function nodeOn(h: Harness, store: ShardStore, metrics: RuntimeMetrics): RuntimeNode {
  return h.nodeWith({ nodeId: 'node-under-test', store, metrics, leaseTtlMs: LEASE_MS });
}

test('renewals go on while reclaiming orphaned entries takes longer than a lease', async () => {
  const h = await startHarness({ backend: 'embedded', shards: 4 });
  await h.stopNode();
  let slowCalls = 0;
  // reclaimStale answers only after several lease lifetimes.
  const store = replacing(h.backends.store, 'reclaimStale', (target) => async (...args) => {
    slowCalls++;
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
    return target.reclaimStale(...args);
  });
  const metrics = createRuntimeMetrics();
  const node = nodeOn(h, store, metrics);
  try {
    await node.start();
    const epochs = node.ownedShards.map((shard) => node.epochOf(shard));
    assert.is(epochs.length, 4);
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS + LEASE_MS));
    assert.ok(slowCalls >= 1, 'a slow reclaim ran meanwhile');
    assert.equal(
      node.ownedShards.map((shard) => node.epochOf(shard)),
      epochs,
      'every shard still held under the epoch it was claimed with (a lost lease is claimed again under a new one)',
    );
    assert.is((await metrics.leasesLost.get()).values[0]?.value, 0);
  } finally {
    await node.stop();
    await h.close();
  }
});

test('a lease that cannot be renewed is counted as lost, unlike a hand-over', async () => {
  const h = await startHarness({ backend: 'embedded', shards: 4 });
  await h.stopNode();
  const metrics = createRuntimeMetrics();
  const node = nodeOn(h, replacing(h.backends.store, 'renew', () => async () => false), metrics);
  try {
    await node.start();
    assert.is(node.ownedShards.length, 4);
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS));
    const lost = (await metrics.leasesLost.get()).values[0]?.value ?? 0;
    assert.ok(lost >= 4, `${lost} leases counted as lost after every renewal was refused`);
    assert.match((await metrics.registry.metrics()), /runtime_leases_lost_total \d+/);
  } finally {
    await node.stop();
    await h.close();
  }
});

test.run();
