// The feed relay stops when asked, whatever its lease is doing at that moment.
// A stop that came while the relay was taking the lease once let it begin to
// lead after the stop: the lead never heard the stop, and the gateway's
// shutdown waited for ever (found with the adapter's Redis coming back from an
// outage, tests/integration/realtime/adapter-outage.real.test.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Registry } from 'prom-client';
import type { FeedLease } from '../../../realtime/feed-lease.ts';
import { FeedRelay } from '../../../realtime/feed-relay.ts';
import { createGatewayMetrics } from '../../../realtime/metrics.ts';
import { BOARDS } from '../../../realtime/rooms.ts';
import { ViewSource } from '../../../realtime/view-source.ts';
import { systemClock } from '../../../runtime/clock.ts';
import { withTimeout } from '../../../runtime/index.ts';
import { MemoryLeaderboards } from '../../../storage/leaderboards.ts';
import { MemoryShardStore } from '../../../storage/memory-shard-store.ts';
import { pollUntil } from '../../support/poll.ts';
import { quietLogger } from '../../support/runtime-harness.ts';
import { gameConfig } from '../../support/war-driver.ts';

/** A lease whose hold() answers only when the test says so, counting what the relay asked of it. */
function gatedLease(): FeedLease & { answer(held: boolean): void; readonly calls: string[] } {
  const calls: string[] = [];
  let pending: ((held: boolean) => void) | undefined;
  return {
    calls,
    answer(held) {
      pending?.(held);
      pending = undefined;
    },
    hold: () => {
      calls.push('hold');
      return new Promise<boolean>((resolve) => (pending = resolve));
    },
    release: async () => void calls.push('release'),
    loadCursor: async () => (calls.push('loadCursor'), undefined),
    saveCursor: async () => void calls.push('saveCursor'),
    close: async () => {},
  };
}

function relayOn(lease: FeedLease): FeedRelay {
  const store = new MemoryShardStore();
  return new FeedRelay({
    store,
    shards: 4,
    logger: quietLogger,
    clock: systemClock,
    lease,
    views: new ViewSource({ store, shards: 4, leaderboards: new MemoryLeaderboards(BOARDS), balance: gameConfig.balance }),
    metrics: createGatewayMetrics(new Registry(), () => 0),
    broadcast: () => {},
    renewMs: 50,
  });
}

const soon = { withinMs: 1_000, everyMs: 5 };

for (const held of [true, false]) {
  test(`stopped while taking the lease (which then answers ${held}): stop resolves and the relay never leads`, async () => {
    const lease = gatedLease();
    const relay = relayOn(lease);
    relay.start();
    await pollUntil('the relay asks for the lease', () => lease.calls.includes('hold'), soon);
    const stopping = relay.stop();
    lease.answer(held);
    await withTimeout(stopping, 2_000, 'the relay stopping');
    assert.is(relay.leading, false);
    assert.equal(lease.calls, ['hold', 'release'], 'no lead begun (no cursor loaded), the lease handed back');
  });
}

test('stopped while leading: stop resolves and the lease is handed back', async () => {
  const lease = gatedLease();
  const relay = relayOn(lease);
  relay.start();
  await pollUntil('the relay asks for the lease', () => lease.calls.includes('hold'), soon);
  lease.answer(true);
  await pollUntil('the relay leads', () => relay.leading, soon);
  await withTimeout(relay.stop(), 2_000, 'the relay stopping');
  assert.is(relay.leading, false);
  assert.is(lease.calls.at(-1), 'release');
});

test.run();
