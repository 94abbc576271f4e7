// The "Shard leases lost" alert: only the node that lost a lease knows it
// (runtime_leases_lost_total), so the check reads the processes' metric
// samples. It fires on a loss and calms down after a quiet period.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alertChecks, type AlertCheckDeps } from '../../../ops/services/alert-checks.ts';
import { TelemetryReader } from '../../../ops/services/telemetry.ts';
import { MemoryShardStore } from '../../../storage/index.ts';
import type { TelemetrySample } from '../../../runtime/index.ts';
import { quietLogger } from '../../support/runtime-harness.ts';

const QUIET_MS = 10 * 60_000;

const sample = (source: string, at: number, lost: number): TelemetrySample => ({
  source,
  roles: ['runtime'],
  at,
  values: { runtime_leases_lost_total: lost, 'runtime_messages_processed_total{outcome="applied"}': at / 10 },
});

function leaseCheck(telemetry: TelemetryReader) {
  const deps = {
    store: new MemoryShardStore(),
    shards: 4,
    bounds: { writeBehindMs: 30_000, schedulerStallMs: 60_000, deadLetterQuietMs: QUIET_MS, leaseTtlMs: 5_000, leaseLossQuietMs: QUIET_MS },
    distributed: true,
    telemetry,
  } as unknown as AlertCheckDeps;
  const check = alertChecks(deps).find((candidate) => candidate.key === 'leases-lost');
  assert.ok(check, 'the check exists');
  assert.equal(check.causes, ['redis'], 'held back while Redis itself is unreachable');
  return {
    async evaluate(now: number) {
      const finding = await check.evaluate(now);
      assert.ok(finding, 'the check could look');
      return finding;
    },
  };
}

test('quiet while no node loses a lease; fires on a loss, naming the node; calms down after the quiet period', async () => {
  const telemetry = new TelemetryReader(new MemoryShardStore(), 'sw:', quietLogger);
  const check = leaseCheck(telemetry);
  telemetry.add(sample('node-a', 1_000, 0));
  telemetry.add(sample('node-b', 1_000, 2));
  telemetry.add(sample('node-a', 6_000, 0));
  telemetry.add(sample('node-b', 6_000, 2));
  assert.is((await check.evaluate(7_000)).firing, false, 'a count carried from before the first sample is not a new loss');

  telemetry.add(sample('node-a', 11_000, 3));
  const finding = await check.evaluate(12_000);
  assert.is(finding.firing, true);
  assert.match(finding.detail, /^3 shard lease\(s\) lost .* on node-a:/);

  telemetry.add(sample('node-a', 16_000, 3));
  assert.is((await check.evaluate(11_000 + QUIET_MS - 1)).firing, true, 'still within the quiet period');
  assert.is((await check.evaluate(11_000 + QUIET_MS + 1)).firing, false, 'no new loss for the whole quiet period');
});

test('a node that restarts (its counter back at 0) and loses leases again is counted from its new start', async () => {
  const telemetry = new TelemetryReader(new MemoryShardStore(), 'sw:', quietLogger);
  const check = leaseCheck(telemetry);
  telemetry.add(sample('node-a', 1_000, 5));
  telemetry.add(sample('node-a', 6_000, 1));
  const finding = await check.evaluate(7_000);
  assert.equal([finding.firing, /^1 shard lease/.test(finding.detail)], [true, true]);
});

test.run();
