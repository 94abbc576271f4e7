// `npm start` as an operator meets it: a real process on the embedded
// backends serving /, /healthz, /readyz and /metrics, stopping cleanly on
// SIGTERM, refusing to start on a bad config file, and ending with a fatal
// JSON log line on an error nothing handles.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/services.ts';
import { jsonLines } from '../support/captured-log.ts';

const root = new URL('../../', import.meta.url).pathname;


function start(env: Record<string, string>, preload: readonly string[] = []): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const clean = { ...process.env };
  delete clean.REDIS_URL;
  delete clean.DATABASE_URL;
  const imports = ['tsx', ...preload].flatMap((module) => ['--import', module]);
  const child = spawn(process.execPath, [...imports, 'bin/start.ts'], { cwd: root, env: { ...clean, LOG_LEVEL: 'info', ...env } });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

test('npm start serves the status page, health, readiness, metrics and the cluster view, and stops within 10 s on SIGTERM', async () => {
  const port = await freePort();
  const run = start({ PORT: String(port) });
  try {
    await servesEveryRoleAndStops(run, `http://127.0.0.1:${port}`);
  } finally {
    // A failed assertion must not leave the process running (it would keep this test alive).
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  }
});

async function servesEveryRoleAndStops(run: ReturnType<typeof start>, base: string): Promise<void> {
  let ready = false;
  for (let i = 0; i < 120 && !ready; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    ready = await fetch(`${base}/readyz`).then((response) => response.ok, () => false);
  }
  assert.ok(ready, `ready within 30 s; output:\n${run.output()}`);
  assert.equal(await (await fetch(`${base}/healthz`)).json(), { status: 'ok' });
  const page = await (await fetch(`${base}/`)).text();
  assert.match(page, 'embedded');
  assert.match(page, '64 of 64 owned');
  const metrics = await (await fetch(`${base}/metrics`)).text();
  assert.match(metrics, 'runtime_messages_processed_total');
  assert.match(metrics, 'runtime_write_behind_lag_actors');
  // The gateway role: its metrics, its section of /, the overlays and the Socket.IO browser client.
  assert.match(metrics, 'gateway_connected_sockets');
  assert.match(page, 'Gateway');
  assert.match(await (await fetch(`${base}/overlay/battle?war=w1`)).text(), 'battle overlay');
  assert.is((await fetch(`${base}/socket.io/socket.io.min.js`)).status, 200);
  // The scheduler role: its section of /, its metrics, and the schedules as JSON, led by the one node.
  assert.match(page, 'Periodic work');
  assert.match(metrics, 'runtime_scheduler_fanout_messages_total');
  const schedules = (await (await fetch(`${base}/schedules`)).json()) as { leading: boolean; jobs: { name: string; next: number | null }[] };
  assert.is(schedules.leading, true);
  assert.ok(schedules.jobs.some((job) => job.name === 'resource_generation' && typeof job.next === 'number'));
  assert.is((await fetch(`${base}/nope`)).status, 404);
  const cluster = (await (await fetch(`${base}/cluster`)).json()) as { nodes: { id: string; shards: number[] }[]; shards: { owner: string }[]; totals: { unowned: number } };
  assert.is(cluster.shards.length, 64);
  assert.is(cluster.nodes.length, 1);
  assert.is(cluster.nodes[0]!.shards.length, 64);
  assert.is(cluster.totals.unowned, 0);

  const stopAsked = Date.now();
  run.child.kill('SIGTERM');
  const code = await run.exited;
  assert.is(code, 0);
  assert.ok(Date.now() - stopAsked < 10_000, 'exits within 10 s');
  assert.match(run.output(), 'runtime node stopped');
}

test('a bad config file stops start-up with a message naming the file and the field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-config-'));
  try {
    cpSync(join(root, 'config'), dir, { recursive: true, filter: (path) => !path.endsWith('.ts') });
    const timers = join(dir, 'timers.yaml');
    writeFileSync(timers, readFileSync(timers, 'utf8').replace(/proposal_hours: \d+/, 'proposal_hours: soon'));
    const run = start({ CONFIG_DIR: dir, PORT: String(await freePort()) });
    const code = await run.exited;
    assert.is(code, 2);
    assert.match(run.output(), 'timers.yaml');
    assert.match(run.output(), 'proposal_hours');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an error nothing handles ends the process with a fatal JSON log line and exit code 1', async () => {
  // Preloaded: a rejection nothing handles, 1 s after the process serves.
  const run = start({ PORT: String(await freePort()), REJECT_AFTER_MS: '1000' }, ['./tests/support/reject-later.mjs']);
  try {
    const code = await run.exited;
    assert.is(code, 1, run.output());
    const fatal = jsonLines(run.output()).find((line) => line.level === 60);
    assert.ok(fatal, `a fatal log line in:\n${run.output()}`);
    assert.is(fatal.msg, 'unhandled rejection; exiting');
    assert.is(fatal.err?.message, 'a rejection nothing handles');
    assert.match(run.output(), 'serving', 'it had started');
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  }
});

test('a port already in use ends start-up with a fatal JSON line naming HOST and PORT, exit code 1', async () => {
  const port = await freePort();
  const holder = createServer().listen(port, '127.0.0.1');
  await once(holder, 'listening');
  const run = start({ PORT: String(port) });
  try {
    assert.is(await run.exited, 1, run.output());
    const fatal = jsonLines(run.output()).find((line) => line.level === 60);
    assert.ok(fatal, `a fatal log line in:\n${run.output()}`);
    assert.match(String(fatal.err?.message), `cannot listen on 127.0.0.1:${port} (HOST, PORT)`);
    assert.match(String(fatal.err?.message), 'EADDRINUSE');
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
    holder.close();
  }
});

test.run();
