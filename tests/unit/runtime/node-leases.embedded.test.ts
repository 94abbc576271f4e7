// A node keeps its leases while its other housekeeping is slow: under load the
// shared Redis connection answers slowly, and renewals that waited behind that
// work came after the leases had expired (bench/RESULTS.md, 2026-11-30).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nodeSettings } from '../../../runtime/backends.ts';
import { createRuntimeMetrics } from '../../../runtime/metrics.ts';
import { RuntimeNode } from '../../../runtime/node.ts';
import { KindRegistry } from '../../../runtime/kinds.ts';
import type { ShardStore } from '../../../storage/index.ts';
import { counterKind } from '../../support/counter.ts';
import { quietLogger, startHarness } from '../../support/runtime-harness.ts';

const LEASE_MS = 600;
const SLOW_MS = 4 * LEASE_MS;

test('renewals go on while reclaiming orphaned entries takes longer than a lease', async () => {
  const h = await startHarness({ backend: 'embedded', shards: 4 });
  await h.stopNode();
  let slowCalls = 0;
  // The same store, except that reclaimStale answers only after several lease lifetimes.
  const store = new Proxy(h.backends.store, {
    get(target, property, receiver) {
      if (property === 'reclaimStale') {
        return async (...args: Parameters<ShardStore['reclaimStale']>) => {
          slowCalls++;
          await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
          return target.reclaimStale(...args);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const node = new RuntimeNode({
    nodeId: 'slow-housekeeper',
    store,
    timers: h.backends.timers,
    repo: h.backends.repo,
    kinds: new KindRegistry([counterKind]),
    clock: h.clock,
    metrics: createRuntimeMetrics(),
    logger: quietLogger,
    ...nodeSettings(h.env, h.prefix),
    leaseTtlMs: LEASE_MS,
    blockMs: 100,
  });
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
  } finally {
    await node.stop();
    await h.close();
  }
});

test.run();
