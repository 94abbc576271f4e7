// The simulation's runtime keeps PGlite's files on disk, not in memory (a
// full season logged 6.8 GB there), and removes them when it closes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gameRules } from '../../../actors/index.ts';
import { loadConfig } from '../../../config/index.ts';
import { startRuntime } from '../../../simulation/runtime.ts';

test('the season database lives in a directory of its own while the simulation runs, and is gone after', async () => {
  const runtime = await startRuntime(gameRules(loadConfig({ env: {} })), Date.UTC(2025, 0, 1));
  let closed = false;
  try {
    assert.ok(existsSync(join(runtime.dataDir, 'PG_VERSION')), `PGlite's files are in ${runtime.dataDir}`);
    await runtime.backends.repo.upsertBatch([{ address: 'nation:1', kind: 'nation', version: 1, state: '{"n":1}' }]);
    assert.is((await runtime.backends.repo.load('nation:1'))?.version, 1);
    await runtime.close();
    closed = true;
    assert.not.ok(existsSync(runtime.dataDir), 'removed on close');
  } finally {
    if (!closed) await runtime.close();
  }
});

test('a new actor is not looked up in the season database: the run never waits on it for one', async () => {
  const runtime = await startRuntime(gameRules(loadConfig({ env: {} })), Date.UTC(2025, 0, 1));
  try {
    const repo = runtime.backends.repo;
    const lookups: string[] = [];
    const loadMany = repo.loadMany.bind(repo);
    repo.loadMany = (addresses) => {
      lookups.push(...addresses);
      return loadMany(addresses);
    };
    const reply = await runtime.client.request('nation:42', { type: 'register', by: '4200', name: 'Probe' });
    assert.ok(reply.ok, JSON.stringify(reply));
    await runtime.settle();
    assert.equal(lookups, []);
  } finally {
    await runtime.close();
  }
});

test.run();
