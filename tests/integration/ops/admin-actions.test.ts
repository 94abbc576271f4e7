// The console's admin actions through its API (embedded backends): an event
// based on a version the actor has left is refused and changes nothing; a
// pending timer fired now; a flag switched, refusing the game system at once
// and back; season start and end of phase behind a confirmation; a dead
// letter retried (delivered to its actor) and one discarded; each in the
// audit log with its outcome and before/after. Bad input (a timer named like a
// built-in property, a body that is not an object, control characters, an
// address the game never uses) gets a 4xx naming the problem and changes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeEnvelope } from '../../../runtime/envelope.ts';
import { shardOf } from '../../../runtime/address.ts';
import { ATTACKER, DEFENDER, declareWar, registerNations } from '../../support/game-scenario.ts';
import { ADMIN_TOKEN, startOpsProcess, type OpsProcess } from '../../support/ops-process.ts';

let ops: OpsProcess;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${ops.base}/ops/api${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const actor = async (address: string) => (await api('GET', `/actors/${encodeURIComponent(address)}`)).body as { version: number; value: unknown; context: Record<string, unknown>; timers: { id: string; due: number }[] };
const lastAudit = async () => ((await api('GET', '/audit?limit=1')).body.entries as { action: string; target: string; outcome: string; detail?: string; before?: unknown; after?: unknown }[])[0]!;

test.before(async () => {
  ops = await startOpsProcess({ backend: 'embedded' });
  await registerNations(ops.running.context.client);
});

test.after(async () => {
  await ops.stop();
});

test('an event based on a version the actor has left is refused with RUNTIME_VERSION_MOVED and changes nothing', async () => {
  const now = await actor(ATTACKER.address);
  const stale = await api('POST', `/actors/${ATTACKER.address}/events`, { event: { type: 'settings', by: ATTACKER.leader, stance: 'aggressive' }, expect: now.version - 1 });
  assert.equal([stale.status, stale.body.code, stale.body.reason], [422, 'OPS_REFUSED', 'RUNTIME_VERSION_MOVED']);
  const after = await actor(ATTACKER.address);
  assert.equal([after.version, after.context.stance], [now.version, now.context.stance]);
  const audit = await lastAudit();
  assert.equal([audit.action, audit.target, audit.outcome], ['actor.event', ATTACKER.address, 'refused']);
  assert.match(audit.detail ?? '', /RUNTIME_VERSION_MOVED/);
  const fresh = await api('POST', `/actors/${ATTACKER.address}/events`, { event: { type: 'settings', by: ATTACKER.leader, stance: 'aggressive' }, expect: now.version });
  assert.is(fresh.status, 200);
  assert.is((await actor(ATTACKER.address)).context.stance, 'aggressive');
});

test('a preview of a command that creates something (a war) shows what it would do, and sends nothing', async () => {
  const before = await actor(ATTACKER.address);
  const preview = await api('POST', `/actors/${ATTACKER.address}/preview`, { event: { type: 'declareWar', by: ATTACKER.leader, target: DEFENDER.address, reason: 'a look' } });
  assert.is(preview.status, 200, JSON.stringify(preview.body));
  assert.is(preview.body.ok, true, JSON.stringify(preview.body.refusal));
  assert.is((await actor(ATTACKER.address)).version, before.version, 'nothing applied');
});

test('a pending timer fired now: the war\'s proposal runs out at once', async () => {
  const war = await declareWar(ops.running.context.client);
  // The war is created by the nation's message to it: a moment later.
  let proposed = await actor(war);
  for (let i = 0; i < 100 && !proposed.timers?.length; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    proposed = await actor(war);
  }
  assert.is(proposed.value, 'proposed');
  const [timer] = proposed.timers;
  assert.ok(timer && timer.due > Date.now() + 3_600_000, 'due hours from now');
  const fired = await api('POST', `/actors/${encodeURIComponent(war)}/timers/${encodeURIComponent(timer.id)}/fire`, { expect: proposed.version });
  assert.is(fired.status, 200);
  assert.is((await actor(war)).value, 'expired');
  assert.equal([(await lastAudit()).action, (await lastAudit()).outcome], ['timer.fire', 'ok']);
  const again = await api('POST', `/actors/${encodeURIComponent(war)}/timers/${encodeURIComponent(timer.id)}/fire`, {});
  assert.equal([again.status, again.body.code], [404, 'OPS_NOT_FOUND'], 'no longer pending');
});

test('a flag switched from the console refuses its system on the next command, and switched back allows it', async () => {
  const off = await api('POST', '/flags/alliances', { value: false });
  assert.is(off.status, 200);
  assert.is(off.body.settled, true, 'every node applies it before the answer');
  const refused = await ops.running.context.client.request(ATTACKER.address, { type: 'proposeAlliance', by: ATTACKER.leader, partner: DEFENDER.address, name: 'Pact', treaty: 'defense' });
  assert.is(!refused.ok && refused.code, 'GAME_FEATURE_DISABLED');
  const flags = (await api('GET', '/flags')).body.flags as { name: string; override: boolean | null; effective: boolean }[];
  assert.equal(flags.find((flag) => flag.name === 'alliances'), { name: 'alliances', configured: true, override: false, effective: false });
  assert.equal([(await lastAudit()).action, (await lastAudit()).target], ['flag.set', 'flag:alliances']);
  assert.is((await api('POST', '/flags/alliances', { value: null })).status, 200);
  const allowed = await ops.running.context.client.request(ATTACKER.address, { type: 'proposeAlliance', by: ATTACKER.leader, partner: DEFENDER.address, name: 'Pact', treaty: 'defense' });
  assert.ok(allowed.ok, JSON.stringify(allowed));
  assert.equal([(await api('POST', '/flags/nope', { value: true })).status, (await api('POST', '/flags/wars', { value: 'maybe' })).status], [404, 400]);
});

test('season: start and end of phase ask for their confirmation, then go through the season actor', async () => {
  const unconfirmed = await api('POST', '/season/start', {});
  assert.equal([unconfirmed.status, unconfirmed.body.code], [400, 'OPS_CONFIRMATION_REQUIRED']);
  assert.is((await api('GET', '/season')).body.exists, false, 'nothing started');
  assert.is((await api('POST', '/season/start', { confirm: 'start' })).status, 200);
  const started = (await api('GET', '/season')).body;
  assert.equal([started.phase, started.number], ['pre', 1]);
  assert.ok(Number(started.phaseEndsAt) > Date.now());
  assert.is((await api('POST', '/season/advance', { confirm: 'advance', expect: started.version })).status, 200);
  assert.is((await api('GET', '/season')).body.phase, 'active');
  assert.equal([(await lastAudit()).action, (await lastAudit()).outcome], ['season.advance', 'ok']);
  // The season's own message log names the operator, as the audit log does.
  const logged = ((await api('GET', `/actors/${encodeURIComponent('season:current')}/messages`)).body.messages as { message: unknown }[]).map(
    (entry) => (typeof entry.message === 'string' ? JSON.parse(entry.message) : entry.message) as { event: { type: string; by?: string } },
  );
  assert.equal(
    logged.filter((entry) => entry.event.by !== undefined).map((entry) => [entry.event.type, entry.event.by]).sort(),
    [['advance', 'ops:ann'], ['start', 'ops:ann']],
  );
});

test('dead letters: one retried reaches its actor, one discarded is gone; both audited', async () => {
  const store = ops.running.backends.store;
  const to = DEFENDER.address;
  const wrongShard = (shardOf(to, 8) + 1) % 8;
  // A valid message on the wrong shard is dead-lettered; retried, it goes where it belongs.
  await store.append(wrongShard, [encodeEnvelope({ id: 'misrouted-1', to, event: { type: 'settings', by: DEFENDER.leader, stance: 'defensive' } })]);
  await store.append(0, ['{"broken"']);
  let letters: { shard: number; entry: string; to?: string; code: string }[] = [];
  for (let i = 0; i < 100 && letters.length < 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    letters = (await api('GET', '/dead-letters')).body.letters as typeof letters;
  }
  const misrouted = letters.find((letter) => letter.to === to)!;
  const broken = letters.find((letter) => letter.to === undefined)!;
  assert.ok(misrouted && broken);
  const retried = await api('POST', `/dead-letters/${misrouted.shard}/${misrouted.entry}/retry`);
  assert.is(retried.status, 200);
  for (let i = 0; i < 100 && (await actor(to)).context.stance !== 'defensive'; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.is((await actor(to)).context.stance, 'defensive');
  const noRetry = await api('POST', `/dead-letters/${broken.shard}/${broken.entry}/retry`);
  assert.equal([noRetry.status, noRetry.body.reason], [422, 'RUNTIME_MALFORMED_MESSAGE'], 'an unreadable message cannot be sent again');
  assert.is((await api('POST', `/dead-letters/${broken.shard}/${broken.entry}/discard`, {})).body.code, 'OPS_CONFIRMATION_REQUIRED');
  assert.is((await api('POST', `/dead-letters/${broken.shard}/${broken.entry}/discard`, { confirm: 'discard' })).status, 200);
  assert.equal((await api('GET', '/dead-letters')).body.letters, []);
  const actions = ((await api('GET', '/audit?limit=3')).body.entries as { action: string; outcome: string }[]).map((entry) => `${entry.action}:${entry.outcome}`);
  assert.equal(actions, ['dead_letter.discard:ok', 'dead_letter.retry:refused', 'dead_letter.retry:ok']);
});

test('a name of a built-in property (__proto__, constructor, toString, hasOwnProperty) is no pending timer and no page region: 404, nothing sent', async () => {
  const before = await actor(ATTACKER.address);
  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    const fired = await api('POST', `/actors/${ATTACKER.address}/timers/${name}/fire`, {});
    assert.equal([fired.status, fired.body.code, fired.body.message], [404, 'OPS_NOT_FOUND', `${ATTACKER.address} has no pending timer "${name}"`], name);
    const region = await fetch(`${ops.base}/ops/actors/${ATTACKER.address}?fragment=${name}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    assert.equal([region.status, ((await region.json()) as { code: string }).code], [404, 'OPS_NOT_FOUND'], `region ${name}`);
  }
  assert.is((await actor(ATTACKER.address)).version, before.version);
  assert.equal((await api('GET', '/dead-letters')).body.letters, [], 'nothing was sent to be dead-lettered');
});

test('a body of JSON null, an array or a number is a 400 OPS_BAD_REQUEST, and changes nothing', async () => {
  const before = await actor(ATTACKER.address);
  for (const body of [null, [1], 5]) {
    for (const path of [`/actors/${ATTACKER.address}/events`, `/actors/${ATTACKER.address}/preview`, `/actors/${ATTACKER.address}/timers/t/fire`, '/flags/wars', '/season/advance']) {
      const answer = await api('POST', path, body);
      assert.equal([answer.status, answer.body.code], [400, 'OPS_BAD_REQUEST'], `${JSON.stringify(body)} to ${path}`);
      assert.match(String(answer.body.message), 'the request body must be a JSON object');
    }
  }
  assert.is((await actor(ATTACKER.address)).version, before.version);
  assert.is(((await api('GET', '/flags')).body.flags as { name: string; override: unknown }[]).find((flag) => flag.name === 'wars')?.override, null);
});

test('a control character in an address, a query or an event is a 400 naming it, and changes nothing', async () => {
  const before = await actor(ATTACKER.address);
  const address = await api('GET', '/actors/nation:%00');
  assert.equal([address.status, address.body.code], [400, 'OPS_BAD_REQUEST']);
  assert.match(String(address.body.message), 'contains a control character');
  for (const [path, name] of [['/actors?q=%00', 'q'], ['/audit?target=nation:%00', 'target']] as const) {
    const query = await api('GET', path);
    assert.equal([query.status, query.body.code, query.body.message], [400, 'OPS_BAD_REQUEST', `"${name}" contains a control character`], path);
  }
  const event = { type: 'declareWar', by: ATTACKER.leader, target: DEFENDER.address, reason: 'a\u0000b' };
  for (const route of ['events', 'preview']) {
    const refused = await api('POST', `/actors/${ATTACKER.address}/${route}`, { event });
    assert.equal([refused.status, refused.body.code], [400, 'OPS_BAD_REQUEST'], route);
    assert.match(String(refused.body.message), 'NUL character');
  }
  assert.is((await actor(ATTACKER.address)).version, before.version);
  assert.equal((await api('GET', '/dead-letters')).body.letters, []);
});

test('a change to an address the game never uses (season:bogus, market:bogus, nation:abc) is a 400 and creates nothing', async () => {
  const cases: [string, Record<string, unknown>][] = [
    ['season:bogus', { type: 'start', by: 'ops:ann' }],
    ['market:bogus', { type: 'seasonEnded', season: 1 }],
    ['nation:abc', { type: 'register', by: ATTACKER.leader, name: 'Nowhere' }],
  ];
  for (const [address, event] of cases) {
    for (const route of ['events', 'preview']) {
      const refused = await api('POST', `/actors/${address}/${route}`, { event });
      assert.equal([refused.status, refused.body.code], [400, 'OPS_BAD_REQUEST'], `${route} ${address}`);
      assert.match(String(refused.body.message), `"${address}" is not an address the game uses`);
    }
    assert.is((await api('GET', `/actors/${address}`)).status, 404, `${address} was not created`);
  }
  assert.is((await api('GET', '/season')).status, 200, 'season:current is still the season');
});

test('game metrics are exported on /metrics, command latency included', async () => {
  const text = await (await fetch(`${ops.base}/metrics`)).text();
  for (const name of ['game_active_nations', 'game_daily_active_players', 'game_wars_per_day', 'game_alliances_per_day', 'game_resources_generated_per_day', 'game_command_seconds_bucket', 'game_commands_total', 'game_cluster_command_error_ratio']) {
    assert.match(text, name);
  }
  assert.match(text, /game_active_nations \d+/);
});

test.run();
