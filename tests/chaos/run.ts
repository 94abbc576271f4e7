// `npm run chaos -- <scenario> [--actors N] [--rate R] [--seconds S] [--lease-ttl MS]`
// runs one chaos scenario against the real Redis and PostgreSQL, showing
// progress on stderr and ending with one JSON line of its figures on stdout.
import { parseArgs } from 'node:util';
import { defaults, scenarios, type ScenarioName } from './scenarios.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    actors: { type: 'string' },
    rate: { type: 'string' },
    seconds: { type: 'string' },
    'lease-ttl': { type: 'string' },
  },
});
const name = positionals[0] as ScenarioName | undefined;
if (!name || !(name in scenarios)) {
  process.stderr.write(`usage: npm run chaos -- <scenario> [--actors N] [--rate R] [--seconds S] [--lease-ttl MS]\nscenarios: ${Object.keys(scenarios).join(', ')}\n`);
  process.exit(1);
}
const started = Date.now();
const result = await scenarios[name]({
  ...defaults,
  actors: Number(values.actors ?? 10_000),
  rate: Number(values.rate ?? 500),
  seconds: Number(values.seconds ?? 10),
  leaseTtlMs: Number(values['lease-ttl'] ?? 5_000),
  log: (line) => process.stderr.write(`[chaos ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`),
});
process.stdout.write(`${JSON.stringify({ ...result, date: new Date().toISOString() })}\n`);
process.exit(result.lost === 0 && result.doubled === 0 && result.unacked === 0 ? 0 : 1);
