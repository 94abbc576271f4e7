#!/usr/bin/env node
// Runs every tests/**/*.test.ts file in its own Node process (with tsx), so one
// file's open sockets or timers can never hang or leak into another, then
// prints one closing line: "N passed, N failed".
// Usage: npm test [-- <path filter>...]   e.g. npm test -- unit/runtime
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { availableParallelism } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const jobs = Number(process.env.TEST_JOBS ?? Math.min(2, availableParallelism()));

function collect(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return collect(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = collect(join(root, 'tests'))
  .map((path) => relative(root, path))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();

const totals = { passed: 0, failed: 0, files: 0, crashed: [] };
const FILE_TIMEOUT_MS = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 10 * 60_000);

function runFile(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    // A file that hangs (a process it started keeps it alive) must not stall the run.
    const deadline = setTimeout(() => {
      out += `\n!!! killed after ${FILE_TIMEOUT_MS / 60_000} minutes: the file did not finish\n`;
      child.kill('SIGKILL');
    }, FILE_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => {
      clearTimeout(deadline);
      // uvu's summary is the last "Total:" / "Passed:" pair (a test's own output may say such words before it).
      const last = (pattern) => Number([...out.matchAll(pattern)].at(-1)?.[1] ?? 0);
      const total = last(/^\s*Total:\s+(\d+)/gm);
      const passed = last(/^\s*Passed:\s+(\d+)/gm);
      const failed = Math.max(total - passed, code === 0 ? 0 : 1);
      totals.passed += passed;
      totals.failed += failed;
      totals.files += 1;
      if (code !== 0 || failed > 0) totals.crashed.push(file);
      const mark = code === 0 && failed === 0 ? 'ok  ' : 'FAIL';
      process.stdout.write(`${mark} ${file} — ${passed}/${total} in ${Date.now() - started} ms\n`);
      if (mark === 'FAIL' || process.env.TEST_VERBOSE) process.stdout.write(out.replace(/^/gm, '     | ') + '\n');
      resolve();
    });
  });
}

// Chaos tests start clusters of runtime processes: they run last, one at a
// time and alone, so they neither starve nor are starved by other files.
const exclusive = (file) => file.startsWith('tests/chaos/');
const queue = files.filter((file) => !exclusive(file));
await Promise.all(
  Array.from({ length: Math.max(1, jobs) }, async () => {
    while (queue.length > 0) await runFile(queue.shift());
  }),
);
for (const file of files.filter(exclusive)) await runFile(file);

if (totals.crashed.length > 0) process.stdout.write(`failing files:\n  ${totals.crashed.join('\n  ')}\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`);
process.exit(totals.failed > 0 || files.length === 0 ? 1 : 0);
