// Chaos scenarios (issue "Step 2"): real runtime processes, real Redis and
// PostgreSQL, continuous load, one fault each. Each resolves to the figures it
// prints as one JSON line from `npm run chaos -- <scenario>`; the tests run
// short versions and assert on the same figures.
import { aof, clock, pgRestart, redisRestart } from './service-scenarios.ts';
import { fairShare, join, kill, poison, stop, term } from './node-scenarios.ts';

export { defaults, type ScenarioOptions, type ScenarioResult } from './harness.ts';
export { aof, clock, fairShare, join, kill, pgRestart, poison, redisRestart, stop, term };

export const scenarios = { clock, share: fairShare, kill, join, term, stop, poison, aof, 'redis-restart': redisRestart, 'pg-restart': pgRestart } as const;
export type ScenarioName = keyof typeof scenarios;
