// actors/ may import nothing with I/O (DESIGN §2, STYLE.md 1): no Redis,
// PostgreSQL, Discord, network, file system, clock or Math.random.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;
const forbiddenImports = /from\s+['"](ioredis|bullmq|postgres|@electric-sql\/[^'"]+|discord\.js|socket\.io[^'"]*|pino|prom-client|node:[^'"]+|fs|net|http|https|child_process|\.\.\/(?:\.\.\/)?(?:storage|runtime\/(?!effects|kinds|scheduler\/schedule\.ts)[^'"]*|bot|realtime|ops)[^'"]*)['"]/;
const forbiddenCalls = /\bDate\.now\(|\bnew Date\(\s*\)|\bMath\.random\(|\bprocess\.env\b|\bperformance\.now\(|\bsetTimeout\(|\bfetch\(/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

test('actors/ imports nothing with I/O and reads no clock or randomness', () => {
  const files = sources(join(root, 'actors'));
  assert.ok(files.length > 0);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const name = relative(root, file);
    assert.not.match(text, forbiddenImports, `${name} imports something with I/O`);
    assert.not.match(text, forbiddenCalls, `${name} reads the clock, randomness or the environment`);
  }
});

test('the rule catches what it is meant to catch', () => {
  assert.match("import { Redis } from 'ioredis';", forbiddenImports);
  assert.match("import { readFileSync } from 'node:fs';", forbiddenImports);
  assert.match("import { x } from '../storage/keys.ts';", forbiddenImports);
  assert.match('const now = Date.now();', forbiddenCalls);
  assert.match('const roll = Math.random();', forbiddenCalls);
  assert.not.match("import type { ActorKind } from '../runtime/kinds.ts';", forbiddenImports);
  // The scheduler's shapes (types and pure helpers, no I/O) are allowed; the scheduler itself is not.
  assert.not.match("import type { ScheduledJob } from '../runtime/scheduler/schedule.ts';", forbiddenImports);
  assert.match("import { BullmqScheduler } from '../runtime/scheduler/bullmq-scheduler.ts';", forbiddenImports);
});

test.run();
