// `npm run bench -- scale`: throughput of 1, 2 and 3 runtime node processes
// on this machine (real Redis + PostgreSQL, 64 shards), each run draining the
// same backlog of `inc` messages, against the raw stream ceiling measured in
// the same run. On 2 cores more nodes cannot add throughput; the point is
// that adding nodes never costs more than 15 % of the 1-node figure.
// Flags: --messages N --actors A --nodes 1,2,3
import { availableParallelism, release, type } from 'node:os';
import { parseArgs } from 'node:util';
import { ChaosCluster } from '../tests/chaos/cluster.ts';
import { preload, rawCeiling } from './support/streams.ts';

const log = (line: string): void => {
  process.stderr.write(`[bench scale] ${line}\n`);
};

async function drainWith(nodes: number, messages: number, actors: number): Promise<number> {
  const cluster = await new ChaosCluster({ shards: 64, leaseTtlMs: 5_000, label: `scale${nodes}` }).open();
  try {
    await Promise.all(Array.from({ length: nodes }, (_, i) => cluster.startNode(`node-${i + 1}`)));
    await cluster.waitFor(
      (view) => view.nodes.length === nodes && view.totals.unowned === 0 && view.nodes.every((node) => node.shards.length >= Math.floor(64 / nodes)),
      30_000,
      `fair shares of ${nodes} node(s)`,
    );
    log(`${nodes} node(s) up with fair shares; sending ${messages} messages`);
    const started = performance.now();
    await preload(cluster.store, messages, actors, 64);
    await cluster.waitFor((view) => view.totals.backlog + view.totals.pending + view.totals.outbox === 0, 600_000, 'draining');
    const seconds = (performance.now() - started) / 1000;
    const rate = messages / seconds;
    const logs = cluster.logs();
    const count = (pattern: RegExp): number => logs.match(pattern)?.length ?? 0;
    log(
      `${nodes} node(s): ${messages} messages in ${seconds.toFixed(2)} s = ${Math.round(rate)} msgs/s ` +
        `(leases lost ${count(/lease lost/g)}, hand-offs ${count(/handed off/g)}, takeovers of unfinished work ${count(/took over entries/g)})`,
    );
    return rate;
  } finally {
    await cluster.close();
  }
}

export async function main(argv: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      messages: { type: 'string', default: '150000' },
      actors: { type: 'string', default: '10000' },
      nodes: { type: 'string', default: '1,2,3' },
    },
  });
  const messages = Number(values.messages);
  const actors = Number(values.actors);
  const counts = values.nodes.split(',').map(Number);
  const raw = await rawCeiling(`bench-scale-raw-${process.pid}`, 300_000, 100, JSON.stringify({ id: 'x'.repeat(26), to: 'counter:1', event: { type: 'inc', by: 1 } }));
  log(`raw ceiling: ${Math.round(raw)} msgs/s`);
  const rates: Record<string, number> = {};
  for (const nodes of counts) rates[`nodes_${nodes}_msgs_per_s`] = Math.round(await drainWith(nodes, messages, actors));
  const one = rates.nodes_1_msgs_per_s ?? NaN;
  const ratios = Object.fromEntries(counts.filter((n) => n > 1).map((n) => [`ratio_${n}_vs_1`, Number((rates[`nodes_${n}_msgs_per_s`]! / one).toFixed(3))]));
  return {
    bench: 'scale',
    date: new Date().toISOString(),
    machine: `${availableParallelism()} cores, ${type()} ${release()}`,
    messages,
    actors,
    shards: 64,
    raw_msgs_per_s: Math.round(raw),
    ...rates,
    ...ratios,
    ratio_1_vs_raw: Number((one / raw).toFixed(3)),
  };
}
