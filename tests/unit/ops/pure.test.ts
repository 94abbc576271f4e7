// The console's pure pieces: diff, path matching, telemetry maths, dead-letter
// decoding, the alert webhook body.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiRoutes, matchRoute } from '../../../ops/api/routes.ts';
import { matchPath } from '../../../ops/http/paths.ts';
import { webhookBody, type Incident } from '../../../ops/services/alerts.ts';
import { decodeDeadLetter } from '../../../ops/services/dead-letters.ts';
import { diff } from '../../../ops/services/diff.ts';
import { quantile, sampleDelta, TelemetryReader } from '../../../ops/services/telemetry.ts';
import { flattenMetrics } from '../../../runtime/telemetry.ts';
import { quietLogger } from '../../support/runtime-harness.ts';

test('diff lists changed, added and removed paths, arrays by index', () => {
  const changes = diff({ a: 1, b: { c: [1, 2], d: 'x' }, gone: true }, { a: 2, b: { c: [1], d: 'x', e: null } });
  assert.equal(changes, [
    { path: 'a', kind: 'changed', before: 1, after: 2 },
    { path: 'b.c[1]', kind: 'removed', before: 2 },
    { path: 'b.e', kind: 'added', after: null },
    { path: 'gone', kind: 'removed', before: true },
  ]);
  assert.equal(diff({ x: 1 }, { x: 1 }), []);
  assert.is(diff({}, Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i])), 10).length, 10);
});

test('diff: a key named like a built-in property (constructor, toString) is added or removed like any other', () => {
  assert.equal(diff({}, { constructor: 1 }), [{ path: 'constructor', kind: 'added', after: 1 }]);
  assert.equal(diff({ toString: 'x' }, {}), [{ path: 'toString', kind: 'removed', before: 'x' }]);
});

test('routes match their paths with decoded parameters; a wrong method is told apart from no route', () => {
  assert.equal(matchPath('/actors/:address/timers/:timer/fire', '/actors/nation%3A1/timers/xstate.after.x/fire'), { address: 'nation:1', timer: 'xstate.after.x' });
  assert.is(matchPath('/actors/:address', '/actors/a/b'), null);
  const found = matchRoute('POST', '/flags/wars');
  assert.ok(found && 'route' in found && found.route.role === 'admin');
  assert.equal(matchRoute('DELETE', '/flags/wars'), { methodMismatch: true });
  assert.is(matchRoute('GET', '/nope'), null);
  assert.ok(apiRoutes.every((route) => route.method === 'GET' || route.role === 'admin'), 'every change needs the admin role');
});

test('telemetry: counter increases between samples (a restart counts from 0) and latency quantiles', () => {
  const before = { source: 'a', roles: [], at: 0, values: { 'runtime_messages_processed_total{outcome="applied"}': 100, 'game_command_seconds_count{outcome="ok"}': 10 } };
  const after = { source: 'a', roles: [], at: 2_000, values: { 'runtime_messages_processed_total{outcome="applied"}': 300, 'runtime_messages_processed_total{outcome="refused"}': 4, 'game_command_seconds_count{outcome="ok"}': 15, 'game_command_seconds_count{outcome="refused"}': 5 } };
  const delta = sampleDelta(before, after);
  assert.equal([delta.seconds, delta.messages, delta.commands, delta.errors], [2, 204, 10, 5]);
  assert.is(sampleDelta(after, { ...before, at: 4_000 }).messages, 100, 'a restarted process counts from zero');
  const buckets = new Map([[0.01, 50], [0.1, 90], [1, 100], [Number.POSITIVE_INFINITY, 100]]);
  assert.is(quantile(buckets, 0.5), 0.01);
  assert.ok(Math.abs(quantile(buckets, 0.95)! - 0.55) < 1e-9);
  assert.is(quantile(new Map(), 0.5), null);
});

test('the telemetry reader sums sources into cluster rates', () => {
  const reader = new TelemetryReader(undefined as never, 'p:', quietLogger);
  for (const source of ['n1', 'n2']) {
    reader.add({ source, roles: ['runtime'], at: 1_000, values: { 'runtime_messages_processed_total{outcome="applied"}': 0 } });
    reader.add({ source, roles: ['runtime'], at: 11_000, values: { 'runtime_messages_processed_total{outcome="applied"}': 500 } });
  }
  const [rates] = reader.series();
  assert.is(rates!.messagesPerSecond, 100, 'two nodes at 50/s');
  assert.is(rates!.sources, 2);
  assert.is(rates!.queueWaitP95, null, 'no inbox wait reported, none shown');

  const flat = flattenMetrics([
    { name: 'runtime_x', values: [{ value: 3, labels: { b: '1', a: 'z' } }] },
    { name: 'projection_lag_seconds', values: [{ value: 4, labels: { projection: 'leaderboards' } }] },
    { name: 'nodejs_heap', values: [{ value: 1, labels: {} }] },
    {
      name: 'nodejs_gc_duration_seconds',
      values: [
        { value: 7, labels: { kind: 'minor', le: 0.01 }, metricName: 'nodejs_gc_duration_seconds_bucket' },
        { value: 0.06, labels: { kind: 'minor' }, metricName: 'nodejs_gc_duration_seconds_sum' },
        { value: 9, labels: { kind: 'minor' }, metricName: 'nodejs_gc_duration_seconds_count' },
      ],
    },
    { name: 'nodejs_eventloop_lag_p99_seconds', values: [{ value: 0.012, labels: {} }] },
  ]);
  assert.equal(
    flat,
    {
      'runtime_x{a="z",b="1"}': 3,
      'projection_lag_seconds{projection="leaderboards"}': 4,
      'nodejs_gc_duration_seconds_sum{kind="minor"}': 0.06,
      'nodejs_gc_duration_seconds_count{kind="minor"}': 9,
      nodejs_eventloop_lag_p99_seconds: 0.012,
    },
    "runtime_, game_ and projection_ metrics and the process's GC and event-loop figures; not the rest (nor the GC buckets)",
  );
});

test("the telemetry reader gives each process's share of time paused in GC, its mean scavenge and its event-loop p99", () => {
  const reader = new TelemetryReader(undefined as never, 'p:', quietLogger);
  const gc = (minorSeconds: number, minorCount: number, majorSeconds: number) => ({
    'nodejs_gc_duration_seconds_sum{kind="minor"}': minorSeconds,
    'nodejs_gc_duration_seconds_count{kind="minor"}': minorCount,
    'nodejs_gc_duration_seconds_sum{kind="major"}': majorSeconds,
    'nodejs_gc_duration_seconds_count{kind="major"}': majorSeconds > 0 ? 1 : 0,
  });
  reader.add({ source: 'n1', roles: ['runtime'], at: 1_000, values: gc(1, 100, 0) });
  // Over 2 s: 4 scavenges of 10 ms and one 40 ms full collection, 80 ms in all.
  reader.add({ source: 'n1', roles: ['runtime'], at: 3_000, values: { ...gc(1.04, 104, 0.04), nodejs_eventloop_lag_p99_seconds: 0.025 } });
  reader.add({ source: 'n2', roles: ['runtime'], at: 1_000, values: gc(0, 0, 0) });
  reader.add({ source: 'n2', roles: ['runtime'], at: 3_000, values: gc(0, 0, 0) });
  const health = new Map(reader.processHealth(4_000).map((entry) => [entry.source, entry]));
  const n1 = health.get('n1')!;
  assert.ok(Math.abs(n1.gcShare - 0.04) < 1e-9, `4 % of the time paused, got ${n1.gcShare}`);
  assert.ok(Math.abs(n1.scavengeMeanMs! - 10) < 1e-9, `10 ms a scavenge, got ${n1.scavengeMeanMs}`);
  assert.ok(Math.abs(n1.eventLoopP99Ms! - 25) < 1e-9);
  assert.equal([health.get('n2')!.gcShare, health.get('n2')!.scavengeMeanMs, health.get('n2')!.eventLoopP99Ms], [0, null, null], 'no collection, no loop figure: none shown');
  assert.equal(reader.processHealth(3_000 + 61_000), [], 'a process silent for a minute is no longer shown');
});

test('the telemetry reader gives the inbox wait quantiles of all nodes together, from their bucket increases', () => {
  const reader = new TelemetryReader(undefined as never, 'p:', quietLogger);
  const waits = (fast: number, slow: number) => ({
    'runtime_queue_wait_seconds_bucket{le="0.01"}': fast,
    'runtime_queue_wait_seconds_bucket{le="1"}': fast + slow,
    'runtime_queue_wait_seconds_bucket{le="+Inf"}': fast + slow,
  });
  // n1 had 50 batches taken up within 10 ms before the window; in it, 90 more fast ones. n2: 10 slow ones.
  reader.add({ source: 'n1', roles: ['runtime'], at: 1_000, values: waits(50, 0) });
  reader.add({ source: 'n1', roles: ['runtime'], at: 9_000, values: waits(140, 0) });
  reader.add({ source: 'n2', roles: ['runtime'], at: 1_000, values: waits(0, 0) });
  reader.add({ source: 'n2', roles: ['runtime'], at: 9_000, values: waits(0, 10) });
  const [rates] = reader.series();
  assert.ok(rates!.queueWaitP50! <= 0.01, `p50 among the 90 fast batches, got ${rates!.queueWaitP50}`);
  // 100 batches: the 95th is the 5th of the 10 slow ones, halfway up the 10 ms–1 s bucket.
  assert.ok(Math.abs(rates!.queueWaitP95! - 0.505) < 1e-9, `p95 in the slow bucket, got ${rates!.queueWaitP95}`);
});

test('a dead-letter entry decodes; an unreadable one is still listed', () => {
  const letter = decodeDeadLetter(3, { id: '5-0', body: JSON.stringify({ id: 'm', to: 'nation:1', body: '{}', code: 'RUNTIME_TRANSITION_FAILED', error: 'boom', tries: 3, at: 7 }) });
  assert.equal([letter.shard, letter.entry, letter.to, letter.code, letter.tries], [3, '5-0', 'nation:1', 'RUNTIME_TRANSITION_FAILED', 3]);
  assert.is(decodeDeadLetter(0, { id: '1-0', body: 'not json' }).code, 'UNREADABLE');
});

test('the webhook body speaks Discord: content plus an embed, firing or resolved', () => {
  const incident: Incident = { key: 'postgres', title: 'PostgreSQL unreachable', detail: 'connect ECONNREFUSED', since: 0, resolvedAt: 5_000, notified: true };
  const firing = webhookBody(incident, 'firing') as { content: string; embeds: { title: string; color: number }[] };
  assert.match(firing.content, /FIRING: PostgreSQL unreachable/);
  assert.is(firing.embeds[0]!.title, 'PostgreSQL unreachable');
  assert.match((webhookBody(incident, 'resolved') as { content: string }).content, /RESOLVED/);
});

test.run();
