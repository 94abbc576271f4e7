// Stopping PostgreSQL raises exactly one alert to the operators' webhook (a
// local test server here) and the console shows it; starting it again
// resolves it. The PostgreSQL stopped is a private cluster this test creates
// (initdb + pg_ctl on its own port): the machine's own is shared and is never
// touched. Redis is the machine's, under a fresh key prefix. Then the same
// for Redis, a private server this test kills and starts again: one raise,
// one resolution, and the process (runtime node and ops role) rides the
// outage out with nothing unhandled and nothing printed outside its JSON log.
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { launchChromium } from '../support/browser.ts';
import { ADMIN_TOKEN, dropKeys, dropRealServices, startOpsProcess, type OpsProcess } from '../support/ops-process.ts';
import { PrivateRedis } from '../support/private-redis.ts';
import { createPrivatePostgres, privatePostgresAvailable, type PrivatePostgres } from '../support/private-postgres.ts';
import { redisAvailable, redisUrl, underCI, uniqueName } from '../support/services.ts';

const OUT = new URL('../../test-output/ops/', import.meta.url).pathname;

interface Hook {
  readonly url: string;
  readonly received: { content: string }[];
  close(): Promise<void>;
}

async function webhook(): Promise<Hook> {
  const received: { content: string }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push(JSON.parse(body));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/discord-webhook`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) assert.unreachable(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
}

if (!privatePostgresAvailable()) {
  if (underCI) throw new Error('initdb and pg_ctl (PostgreSQL 15) are required under CI for the alert test');
  process.stdout.write('\n!!! SKIPPING the PostgreSQL alert test: no /usr/lib/postgresql/15/bin/initdb !!!\n\n');
} else if (await redisAvailable()) {
  test('stopping PostgreSQL raises exactly one alert to the webhook and the console shows it; starting it resolves it', async () => {
    mkdirSync(OUT, { recursive: true });
    const hook = await webhook();
    let pg: PrivatePostgres | undefined;
    let ops: OpsProcess | undefined;
    const schema = uniqueName('opsalert');
    try {
      pg = await createPrivatePostgres();
      ops = await startOpsProcess({
        backend: 'real',
        schema,
        prefix: `${schema}:`,
        env: { REDIS_URL: redisUrl, DATABASE_URL: pg.url, DATABASE_SCHEMA: schema, OPS_ALERT_WEBHOOK: hook.url },
        ops_options: { alertIntervalMs: 250 },
      });
      const api = async () => (await (await fetch(`${ops!.base}/ops/api/alerts`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as { open: { key: string; title: string }[]; resolved: { key: string }[] };
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal((await api()).open, [], 'all clear before');
      assert.is(hook.received.length, 0);

      pg.stop();
      const raisedIn = await until('the alert reaches the webhook', () => hook.received.length > 0);
      assert.match(hook.received[0]!.content, /FIRING: PostgreSQL unreachable/);
      // Many more rounds of the checks while it stays down: still one message.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      assert.is(hook.received.length, 1, `exactly one alert (got: ${hook.received.map((body) => body.content).join(' | ')})`);
      assert.equal((await api()).open.map((alert) => alert.key), ['postgres'], 'one open incident: the write-behind lag it causes is not a second one');

      const chromium = await launchChromium();
      try {
        const page = await chromium.browser.newPage({ viewport: { width: 1440, height: 900 } });
        await page.goto(`${ops.base}/ops/login`);
        await page.fill('#token', ADMIN_TOKEN);
        await Promise.all([page.waitForURL(`${ops.base}/ops`), page.click('button[type=submit]')]);
        await page.goto(`${ops.base}/ops/alerts`);
        assert.match(await page.locator('#alerts [data-alert="postgres"]').textContent() ?? '', /PostgreSQL unreachable/, 'the banner on every page');
        assert.match(await page.locator('#open-alerts').textContent() ?? '', /firing.*PostgreSQL unreachable/s);
        await page.screenshot({ path: `${OUT}alert-postgres-down.png`, fullPage: true });

        pg.start();
        const resolvedIn = await until('the alert resolves', async () => (await api()).open.length === 0);
        // The console shows the resolution first; its webhook message follows it out.
        await until('the resolution reaches the webhook', () => /RESOLVED/.test(hook.received.at(-1)?.content ?? ''), 10_000);
        assert.match(hook.received.at(-1)!.content, /RESOLVED: PostgreSQL unreachable/);
        assert.is(hook.received.filter((body) => body.content.includes('FIRING')).length, 1);
        await until('the page drops the banner', async () => (await page.locator('#alerts [data-alert="postgres"]').count()) === 0, 10_000);
        await page.screenshot({ path: `${OUT}alert-postgres-resolved.png`, fullPage: true });
        process.stdout.write(`alert raised ${raisedIn} ms after the stop, resolved ${resolvedIn} ms after the start\n`);
      } finally {
        await chromium.close();
      }
    } finally {
      await ops?.stop();
      pg?.remove();
      await hook.close();
      // The schema went with the private cluster; the keys are on the shared Redis.
      if (ops) await dropKeys(ops.prefix);
    }
  });
}

if (await redisAvailable()) {
  test('stopping Redis raises exactly one alert to the webhook while the process rides it out; starting it resolves it', async () => {
    const hook = await webhook();
    // A Redis of the test's own, with AOF so that a restart keeps its data (as a
    // persistent Redis would); PostgreSQL is the machine's, under a fresh schema.
    const redis = new PrivateRedis({ aof: true });
    let ops: OpsProcess | undefined;
    const schema = uniqueName('opsredis');
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    // The process logs JSON through pino; a library printing to the console instead is noise in an operator's log.
    const printed: string[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
    try {
      await redis.start();
      ops = await startOpsProcess({
        backend: 'real',
        schema,
        prefix: `${schema}:`,
        env: { REDIS_URL: redis.url, OPS_ALERT_WEBHOOK: hook.url },
        ops_options: { alertIntervalMs: 250 },
      });
      const api = async () => (await (await fetch(`${ops!.base}/ops/api/alerts`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as { open: { key: string }[] };
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal((await api()).open, [], 'all clear before');

      await redis.kill();
      const raisedIn = await until('the alert reaches the webhook', () => hook.received.length > 0);
      assert.match(hook.received[0]!.content, /FIRING: Redis unreachable/);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      assert.is(hook.received.length, 1, `exactly one alert (got: ${hook.received.map((body) => body.content).join(' | ')})`);
      assert.ok((await api()).open.some((alert) => alert.key === 'redis'), 'the console lists it');

      await redis.start();
      const resolvedIn = await until('the alert resolves', async () => !(await api()).open.some((alert) => alert.key === 'redis'), 30_000);
      await until('the resolution reaches the webhook', () => /RESOLVED: Redis unreachable/.test(hook.received.map((body) => body.content).join('\n')), 10_000);
      assert.is(hook.received.filter((body) => body.content.includes('FIRING')).length, 1, `one incident (got: ${hook.received.map((body) => body.content).join(' | ')})`);
      assert.equal(unhandled.map(String), [], 'nothing in the process went unhandled through the outage');
      assert.equal(printed, [], 'nothing printed outside the JSON log');
      process.stdout.write(`Redis alert raised ${raisedIn} ms after the kill, resolved ${resolvedIn} ms after the start\n`);
    } finally {
      console.error = consoleError;
      process.off('unhandledRejection', onUnhandled);
      await ops?.stop();
      await hook.close();
      await redis.stop();
      if (ops) await dropRealServices(ops.prefix, schema);
    }
  });
}

test.run();
