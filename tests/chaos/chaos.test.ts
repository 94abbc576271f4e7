// Short versions of the chaos scenarios (`npm run chaos -- <scenario>` runs
// longer ones): real runtime processes on loopback, real Redis and PostgreSQL,
// continuous load over 5,000 actors, one fault each. 0 lost, 0 applied twice.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aof, clock, defaults, fairShare, join, kill, pgRestart, poison, redisRestart, stop, term, type ScenarioResult } from './scenarios.ts';
import { postgresAvailable, redisAvailable } from '../support/services.ts';

const options = { ...defaults, actors: 5_000, rate: 300, seconds: 3, leaseTtlMs: 3_000 };

function exactlyOnce(result: ScenarioResult): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  assert.ok(result.acked > 0, 'the load got replies');
  assert.is(result.unacked, 0, 'every request was acknowledged in the end');
  assert.is(result.lost, 0, 'no acknowledged message lost');
  assert.is(result.doubled, 0, 'no message applied twice');
}

if ((await redisAvailable()) && (await postgresAvailable())) {
  test('3 nodes, 64 shards: each owns 21 or 22 within 10 s of start', async () => {
    const result = await fairShare(options);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    assert.equal([...result.owned].sort(), [21, 21, 22]);
    assert.ok(result.settle_ms < 10_000, `settled in ${result.settle_ms} ms`);
  });

  test('kill -9 a node under load: its shards are owned again within lease TTL + 2 s; 0 lost, 0 twice', async () => {
    const result = await kill(options);
    exactlyOnce(result);
    assert.ok((result.failover_ms as number) <= options.leaseTtlMs + 2_000, `failover took ${result.failover_ms} ms`);
  });

  test('a 4th node joins under load: 16 shards each; 0 lost, 0 twice', async () => {
    const result = await join(options);
    exactlyOnce(result);
    assert.equal(result.owned, [16, 16, 16, 16]);
  });

  test('SIGSTOP past the lease, takeover, SIGCONT: the old owner steps down, no version goes backwards', async () => {
    const result = await stop(options);
    exactlyOnce(result);
    assert.is(result.stepped_down, true, 'the resumed node found its leases gone');
    assert.is(result.versions_backwards, 0);
  });

  test('SIGTERM a node under load: handoff without waiting for the lease; 0 lost, 0 twice', async () => {
    const result = await term(options);
    exactlyOnce(result);
    assert.is(result.exit_code, 0);
    assert.ok((result.exit_ms as number) < 10_000, `exited after ${result.exit_ms} ms`);
    assert.ok((result.pause_ms as number) < options.leaseTtlMs, `shards owned again ${result.pause_ms} ms after SIGTERM, before any lease could expire`);
  });

  test('a poison message that kills the nodes processing it is set aside; its shard’s other actors go on', async () => {
    const result = await poison(options);
    exactlyOnce(result);
    assert.is(result.dead_letter_code, 'RUNTIME_POISON_MESSAGE');
    assert.is(result.nodes_killed, 2, 'DEAD_LETTER_AFTER=2: two nodes died of it, the third set it aside');
    assert.is(result.dead_letters, 1, 'no message but the poison one was set aside');
  });

  test('Redis with AOF killed with kill -9 under load and restarted: 0 acknowledged messages lost', async () => {
    exactlyOnce(await aof(options));
  });

  test('Redis restarted empty under load: actors resume from PostgreSQL, losing at most write-behind interval × rate', async () => {
    const result = await redisRestart(options);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    assert.is(result.unacked, 0);
    assert.ok(result.acked > 0);
    assert.ok(result.lost <= (result.loss_bound as number), `lost ${result.lost}, bound ${result.loss_bound}`);
  });

  test('PostgreSQL stopped 10 s under load: the runtime serves on from Redis, lag shows in /metrics, 0 lost in PostgreSQL once caught up', async () => {
    const result = await pgRestart({ ...options, outageSeconds: 10 });
    exactlyOnce(result);
    assert.ok((result.served_during_outage as number) > 0, 'requests were served while PostgreSQL was down');
    assert.ok((result.lag_seconds_during_outage as number) > 1, `write-behind lag in /metrics: ${result.lag_seconds_during_outage} s`);
    assert.equal([result.pg_lost, result.pg_doubled], [0, 0]);
  });

  test('one node’s wall clock jumps ±10 minutes mid-run: no stale write, no early timer, 0 lost, 0 twice', async () => {
    const result = await clock(options);
    exactlyOnce(result);
    assert.is(result.versions_backwards, 0);
    assert.is(result.timers_fired, result.timers_armed, 'every timer fired');
    assert.is(result.timers_early, 0, 'none before its due time');
  });

  test.run();
}
