// The alerts that read the processes' metric samples, because only one node
// knows: "Shard leases lost" (runtime_leases_lost_total, on the node that lost
// them) fires on a loss and calms down after a quiet period; "Leaderboards
// behind the game" (projection_lag_seconds, on the node running the
// projection) fires while the lag is over its bound.
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

function telemetryCheck(telemetry: TelemetryReader, key: 'leases-lost' | 'projection-lag') {
  const deps = {
    store: new MemoryShardStore(),
    shards: 4,
    bounds: { writeBehindMs: 30_000, schedulerStallMs: 60_000, deadLetterQuietMs: QUIET_MS, leaseTtlMs: 5_000, leaseLossQuietMs: QUIET_MS, projectionLagMs: 60_000 },
    distributed: true,
    telemetry,
  } as unknown as AlertCheckDeps;
  const check = alertChecks(deps).find((candidate) => candidate.key === key);
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
  const check = telemetryCheck(telemetry, 'leases-lost');
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
  const check = telemetryCheck(telemetry, 'leases-lost');
  telemetry.add(sample('node-a', 1_000, 5));
  telemetry.add(sample('node-a', 6_000, 1));
  const finding = await check.evaluate(7_000);
  assert.equal([finding.firing, /^1 shard lease/.test(finding.detail)], [true, true]);
});

const projecting = (source: string, at: number, leading: 0 | 1, lagSeconds: number): TelemetrySample => ({
  source,
  roles: ['runtime'],
  at,
  values: { 'projection_leading{projection="leaderboards"}': leading, 'projection_lag_seconds{projection="leaderboards"}': lagSeconds },
});

test('leaderboards behind: fires while the running node reports a lag over the bound, naming it; a standby\'s figures do not count', async () => {
  const telemetry = new TelemetryReader(new MemoryShardStore(), 'sw:', quietLogger);
  const check = telemetryCheck(telemetry, 'projection-lag');
  telemetry.add(projecting('node-a', 1_000, 1, 2));
  telemetry.add(projecting('node-b', 1_000, 0, 500));
  let finding = await check.evaluate(2_000);
  assert.is(finding.firing, false);
  assert.match(finding.detail, /^leaderboards 2 s behind/);

  telemetry.add(projecting('node-a', 6_000, 1, 95));
  finding = await check.evaluate(7_000);
  assert.is(finding.firing, true);
  assert.match(finding.detail, /^leaderboards is 95 s behind the public events \(on node-a\)/);

  telemetry.add(projecting('node-a', 11_000, 1, 3));
  assert.is((await check.evaluate(12_000)).firing, false, 'caught up');
});

test('leaderboards behind: a node that stopped reporting (its last sample over a minute old) is not current', async () => {
  const telemetry = new TelemetryReader(new MemoryShardStore(), 'sw:', quietLogger);
  telemetry.add(projecting('node-a', 1_000, 1, 300));
  assert.equal(telemetry.projectionLags(30_000).map((lag) => [lag.source, lag.lagSeconds]), [['node-a', 300]]);
  assert.equal(telemetry.projectionLags(61_001), []);
  const check = telemetryCheck(telemetry, 'projection-lag');
  assert.is((await check.evaluate(61_001)).firing, false);
});

test.run();
