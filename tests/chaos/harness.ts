// What every chaos scenario shares: options and result shape, a started
// cluster under load whose every acknowledged message is checked at the end,
// and a watcher for versions going backwards.
import { setTimeout as sleep } from 'node:timers/promises';
import { shardOf } from '../../runtime/address.ts';
import { ChaosCluster } from './cluster.ts';
import { Load } from './load.ts';

export interface ScenarioOptions {
  /** Actors the load is spread over. */
  readonly actors: number;
  /** Requests per second. */
  readonly rate: number;
  /** Seconds of load before and after the fault. */
  readonly seconds: number;
  readonly shards: number;
  readonly leaseTtlMs: number;
  readonly log: (line: string) => void;
}

export interface ScenarioResult {
  readonly scenario: string;
  readonly acked: number;
  readonly lost: number;
  readonly doubled: number;
  readonly unacked: number;
  readonly retries: number;
  readonly [figure: string]: unknown;
}

export const defaults: ScenarioOptions = {
  actors: 5_000,
  rate: 400,
  seconds: 4,
  shards: 64,
  leaseTtlMs: 3_000,
  log: () => {},
};

export type Body = (cluster: ChaosCluster, load: Load, options: ScenarioOptions) => Promise<Record<string, unknown>>;
/** Runs once the load has stopped and every request was acknowledged. */
export type After = (cluster: ChaosCluster, load: Load) => Promise<Record<string, unknown>>;

/** Runs `body` with a started cluster of `nodes` under load, then checks every acknowledged message. */
export async function withCluster(
  scenario: string,
  nodes: number,
  options: ScenarioOptions,
  body: Body,
  env: Record<string, string> = {},
  redisUrl?: string,
  after?: After,
): Promise<ScenarioResult> {
  const cluster = await new ChaosCluster({
    shards: options.shards,
    leaseTtlMs: options.leaseTtlMs,
    label: scenario.replace(/[^a-z0-9]/g, ''),
    env,
    ...(redisUrl ? { redisUrl } : {}),
  }).open();
  try {
    options.log(`${scenario}: starting ${nodes} runtime nodes`);
    await Promise.all(Array.from({ length: nodes }, (_, i) => cluster.startNode(`node-${i + 1}`)));
    await cluster.waitFor((view) => view.totals.unowned === 0 && view.nodes.every((node) => node.shards.length >= Math.floor(options.shards / nodes)), 15_000, 'initial fair shares');
    const load = new Load(cluster.store, cluster.prefix, cluster.shards, { actors: options.actors, rate: options.rate });
    options.log(`${scenario}: load of ${options.rate} req/s over ${options.actors} actors`);
    load.start();
    const figures = await body(cluster, load, options);
    options.log(`${scenario}: stopping the load, waiting for every request to be acknowledged`);
    const report = await load.stop();
    const verdict = await load.verify(cluster.store, cluster.shards, cluster.repo);
    const more = after ? await after(cluster, load) : {};
    return { scenario, ...figures, ...more, acked: report.acked, lost: verdict.lost, doubled: verdict.doubled, unacked: report.unacked, retries: report.retries, ...(report.unacked > 0 ? { unacked_errors: report.unackedErrors } : {}) };
  } catch (error) {
    throw new Error(`${scenario} failed: ${error instanceof Error ? error.message : String(error)}\n${cluster.logs()}`);
  } finally {
    await cluster.close();
  }
}

export const shareOf = (shards: number, nodes: number) => (count: number) =>
  count === Math.floor(shards / nodes) || count === Math.ceil(shards / nodes);

/** Samples actors' versions every 200 ms until stopped; resolves to how many readings went backwards. */
export function watchVersions(cluster: ChaosCluster, actors: readonly string[], shards: number): { stop(): Promise<number> } {
  const highest = new Map<string, number>();
  const byShard = new Map<number, string[]>();
  for (const actor of actors) byShard.set(shardOf(actor, shards), [...(byShard.get(shardOf(actor, shards)) ?? []), actor]);
  let backwards = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const [shard, group] of byShard) {
        for (const [actor, state] of await cluster.store.load(shard, group)) {
          if (state.version < (highest.get(actor) ?? 0)) backwards++;
          highest.set(actor, Math.max(state.version, highest.get(actor) ?? 0));
        }
      }
      await sleep(200);
    }
  })();
  return {
    async stop() {
      sampling = false;
      await sampler;
      return backwards;
    },
  };
}
