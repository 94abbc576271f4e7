// Scenarios where runtime nodes come, go, die, freeze or are poisoned.
import { setTimeout as sleep } from 'node:timers/promises';
import { shardOf } from '../../runtime/address.ts';
import { RuntimeClient } from '../../runtime/client.ts';
import { ChaosCluster } from './cluster.ts';
import { shareOf, watchVersions, withCluster, type ScenarioOptions, type ScenarioResult } from './harness.ts';

/** 3 nodes come up and each owns its fair share (21 or 22 of 64). */
export async function fairShare(options: ScenarioOptions): Promise<ScenarioResult & { settle_ms: number; owned: number[] }> {
  const cluster = await new ChaosCluster({ shards: options.shards, leaseTtlMs: options.leaseTtlMs, label: 'share' }).open();
  try {
    const started = Date.now();
    await Promise.all([1, 2, 3].map((i) => cluster.startNode(`node-${i}`)));
    await cluster.waitFor(
      (view) => view.nodes.length === 3 && view.totals.unowned === 0 && view.nodes.every((node) => shareOf(options.shards, 3)(node.shards.length)),
      20_000,
      'fair shares of 3 nodes',
    );
    const owned = [...(await cluster.owned()).values()];
    return { scenario: 'share', settle_ms: Date.now() - started, owned, acked: 0, lost: 0, doubled: 0, unacked: 0, retries: 0 };
  } finally {
    await cluster.close();
  }
}

/** kill -9 one of 3 nodes under load: its shards are owned again within the lease TTL + 2 s. */
export function kill(options: ScenarioOptions): Promise<ScenarioResult> {
  return withCluster('kill', 3, options, async (cluster, _load, { seconds, log, leaseTtlMs }) => {
    await sleep(seconds * 1000);
    const victim = (await cluster.view()).nodes.find((node) => node.id === 'node-2')!;
    log(`kill: kill -9 node-2, owner of ${victim.shards.length} shards`);
    cluster.signal('node-2', 'SIGKILL');
    const failoverMs = await cluster.waitFor(
      (view) => view.totals.unowned === 0 && view.shards.every((shard) => shard.owner !== 'node-2'),
      leaseTtlMs + 10_000,
      'failover of node-2',
    );
    log(`kill: its shards were owned again after ${failoverMs} ms`);
    await sleep(seconds * 1000);
    return { failover_ms: failoverMs, lease_ttl_ms: leaseTtlMs, shards_moved: victim.shards.length };
  });
}

/** A 4th node joins under load: shards rebalance to 16 each. */
export function join(options: ScenarioOptions): Promise<ScenarioResult> {
  return withCluster('join', 3, options, async (cluster, _load, { seconds, log, shards }) => {
    await sleep(seconds * 1000);
    log('join: starting node-4');
    const started = Date.now();
    await cluster.startNode('node-4');
    await cluster.waitFor(
      (view) => view.nodes.length === 4 && view.totals.unowned === 0 && view.nodes.every((node) => shareOf(shards, 4)(node.shards.length)),
      20_000,
      'rebalance to 4 nodes',
    );
    const rebalanceMs = Date.now() - started;
    log(`join: rebalanced to ${[...(await cluster.owned()).values()].join('/')} in ${rebalanceMs} ms`);
    await sleep(seconds * 1000);
    return { rebalance_ms: rebalanceMs, owned: [...(await cluster.owned()).values()] };
  });
}

/** SIGTERM one node under load: it hands its shards over without a lease timeout. */
export function term(options: ScenarioOptions): Promise<ScenarioResult> {
  return withCluster('term', 3, options, async (cluster, load, { seconds, log, leaseTtlMs }) => {
    await sleep(seconds * 1000);
    log('term: SIGTERM node-3');
    load.longestGapMs = 0;
    const asked = Date.now();
    cluster.signal('node-3', 'SIGTERM');
    const code = await cluster.nodes.get('node-3')!.exited;
    const exitMs = Date.now() - asked;
    const handoffMs = await cluster.waitFor(
      (view) => view.totals.unowned === 0 && view.shards.every((shard) => shard.owner !== 'node-3'),
      leaseTtlMs + 10_000,
      'handoff of node-3',
    );
    const pauseMs = Date.now() - asked;
    log(`term: node-3 exited with ${code} after ${exitMs} ms; all its shards owned again ${pauseMs} ms after SIGTERM`);
    await sleep(seconds * 1000);
    return { exit_code: code, exit_ms: exitMs, pause_ms: pauseMs, handoff_after_exit_ms: handoffMs, longest_reply_gap_ms: load.longestGapMs, lease_ttl_ms: leaseTtlMs };
  });
}

/**
 * SIGSTOP one node past its lease, let the others take its shards, SIGCONT it:
 * its writes are refused, it steps down, and no actor's version goes backwards.
 */
export function stop(options: ScenarioOptions): Promise<ScenarioResult> {
  return withCluster('stop', 3, options, async (cluster, load, { seconds, log, leaseTtlMs, shards }) => {
    await sleep(seconds * 1000);
    const watcher = watchVersions(cluster, load.actors.slice(0, 500), shards);
    const frozen = (await cluster.view()).nodes.find((node) => node.id === 'node-1')!.shards;
    log(`stop: SIGSTOP node-1 (owner of ${frozen.length} shards) for ${leaseTtlMs + 2000} ms`);
    cluster.signal('node-1', 'SIGSTOP');
    const takeoverMs = await cluster.waitFor(
      (view) => frozen.every((shard) => view.shards[shard]!.owner !== null && view.shards[shard]!.owner !== 'node-1'),
      leaseTtlMs + 10_000,
      'takeover of the stopped node',
    );
    await sleep(Math.max(0, leaseTtlMs + 2000 - takeoverMs));
    log(`stop: others own its shards (after ${takeoverMs} ms); SIGCONT node-1`);
    cluster.signal('node-1', 'SIGCONT');
    await sleep(seconds * 1000);
    const backwards = await watcher.stop();
    const output = cluster.nodes.get('node-1')!.output();
    const steppedDown = /lease lost at epoch|STORAGE_FENCED/.test(output);
    return { takeover_ms: takeoverMs, stepped_down: steppedDown, versions_backwards: backwards, watched_actors: 500 };
  });
}

/**
 * A poison message — one that kills every node that processes it — in a busy
 * shard: after DEAD_LETTER_AFTER (here 2) nodes died of it, the next owner sets
 * it aside unprocessed, and that shard's other actors never stop being served.
 */
export function poison(options: ScenarioOptions): Promise<ScenarioResult> {
  return withCluster(
    'poison',
    3,
    options,
    async (cluster, _load, { seconds, log, leaseTtlMs, shards }) => {
      await sleep(seconds * 1000);
      const shard = shardOf('crasher:x', shards);
      log(`poison: sending the poison message to crasher:x (shard ${shard})`);
      const client = new RuntimeClient({ store: cluster.store, prefix: cluster.prefix, shards, timeoutMs: 1_000 });
      const sent = Date.now();
      await client.send('crasher:x', { type: 'crash' });
      let dead: { code: string; tries: number } | undefined;
      while (!dead) {
        if (Date.now() - sent > 4 * (leaseTtlMs + 3_000)) throw new Error('the poison message was never set aside');
        const entries = await cluster.store.readStream(shard, 'dead', 10);
        dead = entries.map((entry) => JSON.parse(entry.body) as { to: string; code: string; tries: number }).find((entry) => entry.to === 'crasher:x');
        await sleep(200);
      }
      const setAsideMs = Date.now() - sent;
      const killed = [...cluster.nodes.values()].filter((node) => node.child.exitCode !== null || node.child.signalCode !== null).length;
      log(`poison: set aside after ${setAsideMs} ms with ${dead.code}; it killed ${killed} node(s)`);
      await cluster.waitFor((view) => view.totals.unowned === 0, leaseTtlMs + 10_000, 'every shard owned after the crashes');
      await sleep(seconds * 1000);
      // Only the poison message: any other was set aside for crashes it did not cause.
      let deadLetters = 0;
      for (let s = 0; s < shards; s++) deadLetters += (await cluster.store.readStream(s, 'dead', 1_000)).length;
      return { set_aside_ms: setAsideMs, nodes_killed: killed, dead_letter_code: dead.code, tries: dead.tries, dead_letters: deadLetters };
    },
    { DEAD_LETTER_AFTER: '2' },
  );
}
