// ops/services/alerts.ts: an incident is raised once to the webhook however
// many rounds it lasts, shown until resolved, resolved once; a webhook that
// is down gets the raise later; an alert explained by a firing cause is held
// back; a check that cannot look changes nothing; a second ops process that
// lost the claim does not notify; a raise sent with no claim to be had (Redis
// down) is resolved by its sender; a refused resolution is sent again.
import { createServer } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AlertMonitor, type AlertCheck, type AlertKey, type Finding, type IncidentClaims } from '../../../ops/services/alerts.ts';
import { quietLogger } from '../../support/runtime-harness.ts';

async function webhook(status = () => 204) {
  const received: { content: string }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const code = status();
      if (code < 300) received.push(JSON.parse(body));
      response.writeHead(code).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

function switchable(key: AlertKey, causes?: AlertKey[]) {
  let finding: Finding = { firing: false, detail: '' };
  const check: AlertCheck = { key, title: `${key} down`, ...(causes ? { causes } : {}), evaluate: async () => finding };
  return { check, set: (next: Finding) => (finding = next) };
}

test('raised once per incident, shown until resolved, resolved once', async () => {
  const hook = await webhook();
  const postgres = switchable('postgres');
  let now = 1_000;
  const monitor = new AlertMonitor({ checks: [postgres.check], webhook: hook.url, logger: quietLogger, now: () => now });
  try {
    await monitor.tick();
    assert.is(hook.received.length, 0);
    postgres.set({ firing: true, detail: 'ECONNREFUSED' });
    for (let i = 0; i < 5; i++) {
      now += 1_000;
      await monitor.tick();
    }
    assert.is(hook.received.length, 1, 'one message for the whole incident');
    assert.match(hook.received[0]!.content, /FIRING: postgres down/);
    assert.equal(monitor.incidents().open.map((incident) => [incident.key, incident.since]), [['postgres', 2_000]]);
    postgres.set(null);
    await monitor.tick();
    assert.is(monitor.incidents().open.length, 1, 'a check that cannot look changes nothing');
    postgres.set({ firing: false, detail: '' });
    await monitor.tick();
    await monitor.tick();
    assert.is(monitor.incidents().open.length, 0);
    assert.equal(monitor.incidents().resolved.map((incident) => incident.key), ['postgres']);
    assert.is(hook.received.length, 2);
    assert.match(hook.received[1]!.content, /RESOLVED/);
  } finally {
    await hook.close();
  }
});

test('a webhook that is down gets the raise on a later round, still once', async () => {
  let up = false;
  const hook = await webhook(() => (up ? 204 : 503));
  const redis = switchable('redis');
  const monitor = new AlertMonitor({ checks: [redis.check], webhook: hook.url, logger: quietLogger });
  try {
    redis.set({ firing: true, detail: 'x' });
    await monitor.tick();
    await monitor.tick();
    assert.is(hook.received.length, 0);
    up = true;
    await monitor.tick();
    await monitor.tick();
    assert.is(hook.received.length, 1);
  } finally {
    await hook.close();
  }
});

test('an alert whose cause is firing is held back: one incident, one message', async () => {
  const hook = await webhook();
  const postgres = switchable('postgres');
  const lag = switchable('write-behind', ['postgres']);
  const monitor = new AlertMonitor({ checks: [postgres.check, lag.check], webhook: hook.url, logger: quietLogger });
  try {
    postgres.set({ firing: true, detail: 'down' });
    lag.set({ firing: true, detail: 'behind' });
    await monitor.tick();
    assert.equal(monitor.incidents().open.map((incident) => incident.key), ['postgres']);
    postgres.set({ firing: false, detail: '' });
    await monitor.tick();
    assert.equal(monitor.incidents().open.map((incident) => incident.key), ['write-behind'], 'still behind once the cause is gone: its own incident');
    assert.is(hook.received.filter((body) => body.content.includes('FIRING')).length, 2);
  } finally {
    await hook.close();
  }
});

test('of two ops processes, only the one holding the claim notifies', async () => {
  const hook = await webhook();
  const held = new Set<AlertKey>();
  const claims: IncidentClaims = {
    claim: async (key) => (held.has(key) ? false : (held.add(key), true)),
    release: async (key) => held.delete(key),
  };
  const dead = switchable('dead-letters');
  const monitors = [1, 2].map(() => new AlertMonitor({ checks: [dead.check], webhook: hook.url, claims, logger: quietLogger }));
  try {
    dead.set({ firing: true, detail: 'growing' });
    for (const monitor of monitors) await monitor.tick();
    assert.is(hook.received.length, 1);
    assert.ok(monitors.every((monitor) => monitor.incidents().open.length === 1), 'both show it');
    dead.set({ firing: false, detail: '' });
    for (const monitor of monitors) await monitor.tick();
    assert.is(hook.received.length, 2, 'one resolution too');
  } finally {
    await hook.close();
  }
});

test('a raise sent while the claims could not be reached (Redis down) is resolved by the process that sent it', async () => {
  const hook = await webhook();
  let claimsUp = false;
  const held = new Set<AlertKey>();
  const claims: IncidentClaims = {
    claim: async (key) => {
      if (!claimsUp) throw new Error('ECONNREFUSED');
      return held.has(key) ? false : (held.add(key), true);
    },
    release: async (key) => held.delete(key),
  };
  const redis = switchable('redis');
  const monitor = new AlertMonitor({ checks: [redis.check], webhook: hook.url, claims, logger: quietLogger });
  try {
    redis.set({ firing: true, detail: 'ECONNREFUSED' });
    await monitor.tick();
    await monitor.tick();
    assert.equal(hook.received.map((body) => body.content), ['🔴 FIRING: redis down'], 'raised once, with no claim to be had');
    claimsUp = true; // Redis is back, without the claim that was never written
    redis.set({ firing: false, detail: '' });
    await monitor.tick();
    assert.equal(hook.received.map((body) => body.content), ['🔴 FIRING: redis down', '🟢 RESOLVED: redis down']);
  } finally {
    await hook.close();
  }
});

test('a resolution the webhook refused goes out on a later round, once', async () => {
  let up = true;
  const hook = await webhook(() => (up ? 204 : 503));
  const postgres = switchable('postgres');
  const monitor = new AlertMonitor({ checks: [postgres.check], webhook: hook.url, logger: quietLogger });
  try {
    postgres.set({ firing: true, detail: 'down' });
    await monitor.tick();
    up = false;
    postgres.set({ firing: false, detail: '' });
    await monitor.tick();
    assert.is(hook.received.length, 1, 'the resolution was refused');
    up = true;
    await monitor.tick();
    await monitor.tick();
    assert.equal(hook.received.map((body) => body.content), ['🔴 FIRING: postgres down', '🟢 RESOLVED: postgres down']);
  } finally {
    await hook.close();
  }
});

test.run();
