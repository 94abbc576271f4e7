// The console's admin actions through its API (embedded backends): an event
// based on a version the actor has left is refused and changes nothing; a
// pending timer fired now; a flag switched, refusing the game system at once
// and back; season start and end of phase behind a confirmation; a dead
// letter retried (delivered to its actor) and one discarded; each in the
// audit log with its outcome and before/after.
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

test('game metrics are exported on /metrics, command latency included', async () => {
  const text = await (await fetch(`${ops.base}/metrics`)).text();
  for (const name of ['game_active_nations', 'game_daily_active_players', 'game_wars_per_day', 'game_alliances_per_day', 'game_resources_generated_per_day', 'game_command_seconds_bucket', 'game_commands_total', 'game_cluster_command_error_ratio']) {
    assert.match(text, name);
  }
  assert.match(text, /game_active_nations \d+/);
});

test.run();
