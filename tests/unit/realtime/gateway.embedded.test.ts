// The gateway on the embedded backends with real sockets: rooms, live events,
// views, private rooms and tokens, catch-up by cursor, and a hostile socket
// (forged events, oversized packets, floods, foreign origins) that gets
// refused or disconnected while the game state stays as it was.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Socket } from 'socket.io-client';
import { RealtimeErrorCodes } from '../../../realtime/errors.ts';
import type { JoinAnswer, WireEvent } from '../../../realtime/protocol.ts';
import { signToken } from '../../../realtime/tokens.ts';
import { createOverlayRevocations, type OverlayRevocations } from '../../../storage/index.ts';
import { counterKind } from '../../support/counter.ts';
import { connected, disconnected, join, serveGateway, socketTo, TEST_SECRET, type ServedGateway } from '../../support/gateway-harness.ts';
import { startHarness, type Harness } from '../../support/runtime-harness.ts';
import { allGameKinds, ATTACKER } from '../../support/war-driver.ts';

let harness: Harness;
let served: ServedGateway;
let revocations: OverlayRevocations;
const sockets: Socket[] = [];

function open(options: Parameters<typeof socketTo>[1] = {}): Socket {
  const socket = socketTo(served.url, options);
  sockets.push(socket);
  return socket;
}

function nextEvent(socket: Socket, match: (event: WireEvent) => boolean, withinMs = 5_000): Promise<WireEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching event')), withinMs);
    const listener = (event: WireEvent) => {
      if (!match(event)) return;
      clearTimeout(timer);
      socket.off('event', listener);
      resolve(event);
    };
    socket.on('event', listener);
  });
}

const count = async (): Promise<number> => Number((await served.gateway.views.actor('counter:c'))?.context.count ?? 0);

test.before(async () => {
  harness = await startHarness({ backend: 'embedded', kinds: [counterKind, ...allGameKinds] });
  revocations = createOverlayRevocations(harness.backends.database.sql);
  served = await serveGateway(harness, { revocationSweepMs: 100 });
  await harness.client.request(ATTACKER.address, { type: 'register', by: ATTACKER.leader, name: ATTACKER.name });
});

test.after(async () => {
  for (const socket of sockets) socket.disconnect();
  await served.stop();
  await harness.close();
});

test('a socket joins global and gets the runtime public events live, with where each sits in the feed', async () => {
  const socket = open();
  await connected(socket);
  const answer = await join<JoinAnswer>(socket, { room: 'global' });
  assert.is(answer.ok, true);
  assert.equal(answer.view, { kind: 'global' });
  assert.equal(answer.missed, []);
  const arriving = nextEvent(socket, (event) => event.type === 'counted');
  await harness.client.request('counter:c', { type: 'inc', by: 1 });
  const event = await arriving;
  assert.is(event.room, 'global');
  assert.is(event.from, 'counter:c');
  assert.match(event.position, /^\d+-\d+$/);
  assert.is(typeof event.shard, 'number');
});

test('views: a nation card needs its token; a leaderboard and an unknown war answer with their state', async () => {
  const socket = open();
  await connected(socket);
  const refused = await join<{ ok: false; code: string }>(socket, { room: ATTACKER.address });
  assert.is(refused.code, RealtimeErrorCodes.FORBIDDEN);
  const other = signToken(TEST_SECRET, { nation: 'nation:999', expiresAt: harness.clock.now() + 60_000, issuedAt: harness.clock.now() });
  assert.is((await join<{ code: string }>(socket, { room: ATTACKER.address, token: other })).code, RealtimeErrorCodes.FORBIDDEN);
  const expired = signToken(TEST_SECRET, { nation: ATTACKER.address, expiresAt: harness.clock.now() - 1, issuedAt: harness.clock.now() });
  assert.is((await join<{ code: string }>(socket, { room: ATTACKER.address, token: expired })).code, RealtimeErrorCodes.TOKEN_EXPIRED);
  const token = signToken(TEST_SECRET, { nation: ATTACKER.address, expiresAt: harness.clock.now() + 60_000, issuedAt: harness.clock.now() });
  const card = await join<JoinAnswer>(socket, { room: ATTACKER.address, token });
  assert.is(card.ok, true);
  assert.equal((card.view as { name: string; registered: boolean }).name, ATTACKER.name);
  const stats = nextEvent(socket, (event) => event.type === 'nationStats');
  await harness.client.request(ATTACKER.address, { type: 'build', by: ATTACKER.leader, unit: 'infantry', quantity: 1 });
  assert.is((await stats).room, ATTACKER.address);

  await served.leaderboards.update([{ member: ATTACKER.address, name: ATTACKER.name, scores: { power: 10 }, hidden: false }]);
  const board = await join<JoinAnswer>(socket, { room: 'leaderboard:power', limit: 5 });
  assert.equal((board.view as { rows: unknown[] }).rows, [{ rank: 1, member: ATTACKER.address, name: ATTACKER.name, score: 10 }]);
  const war = await join<JoinAnswer>(socket, { room: 'war:nothing-yet' });
  assert.is((war.view as { phase: string }).phase, 'unknown');
});

test('a handshake with a bad token is refused with its code', async () => {
  const socket = open({ token: 'not-a-token' });
  const error = await connected(socket).then(
    () => null,
    (caught: Error & { data?: { code?: string } }) => caught,
  );
  assert.is(error?.data?.code, RealtimeErrorCodes.BAD_TOKEN);
});

test('catch-up: rejoining with the cursor returns exactly the events missed meanwhile', async () => {
  const first = open();
  await connected(first);
  const answer = await join<JoinAnswer>(first, { room: 'global' });
  const seen = nextEvent(first, (event) => event.type === 'counted');
  await harness.client.request('counter:c', { type: 'inc', by: 1 });
  const last = await seen;
  first.disconnect();
  const before = await count();
  for (let i = 0; i < 3; i++) await harness.client.request('counter:c', { type: 'inc', by: 1 });
  const cursor = { since: answer.cursor.since, shards: { ...answer.cursor.shards, [String(last.shard)]: last.position } };
  const second = open();
  await connected(second);
  const rejoined = await join<JoinAnswer>(second, { room: 'global', cursor });
  assert.equal(rejoined.missed.filter((event) => event.type === 'counted').map((event) => Number(event.event.count)), [before + 1, before + 2, before + 3]);
  assert.is(rejoined.gap, false);
  assert.ok(rejoined.cursor.shards[String(last.shard)]! > last.position);
});

test('hostile sockets: forged events, oversized packets, floods and foreign origins are refused or disconnected; state unchanged', async () => {
  await harness.client.request('counter:c', { type: 'inc', by: 1 });
  const before = await count();
  const nationBefore = await served.gateway.views.actor(ATTACKER.address);

  const forger = open();
  await connected(forger);
  const gone = disconnected(forger);
  forger.emit('inc', { to: 'counter:c', by: 1000 });
  assert.is(await gone, 'io server disconnect');

  const bigMouth = open();
  await connected(bigMouth);
  const dropped = disconnected(bigMouth);
  bigMouth.emit('join', { room: 'x'.repeat(100_000) });
  assert.ok(['transport close', 'transport error', 'io server disconnect'].includes(await dropped));

  const flooder = open();
  await connected(flooder);
  const flooded = disconnected(flooder);
  for (let i = 0; i < 200; i++) flooder.emit('join', { room: 'global' });
  assert.is(await flooded, 'io server disconnect');

  const badRequest = open();
  await connected(badRequest);
  assert.is((await join<{ code: string }>(badRequest, { room: 'global', extra: 'field' })).code, RealtimeErrorCodes.BAD_REQUEST);
  assert.is((await join<{ code: string }>(badRequest, { room: 'market:global' })).code, RealtimeErrorCodes.BAD_ROOM);

  const foreign = open({ extraHeaders: { origin: 'https://evil.example' } });
  const refused = await connected(foreign).then(() => null, (error: Error) => error);
  assert.ok(refused, 'a page on another site cannot open a socket');

  await harness.settle();
  assert.is(await count(), before);
  assert.equal(await served.gateway.views.actor(ATTACKER.address), nationBefore);
  const metrics = await served.registry.metrics();
  for (const reason of ['forged', 'flood', 'origin', 'token', 'bad_request']) assert.match(metrics, new RegExp(`gateway_refused_total\\{reason="${reason}"\\} [1-9]`));
});

test('leave checks its room as join does (REALTIME_BAD_ROOM), and never takes a socket out of its own id\'s room', async () => {
  const socket = open();
  await connected(socket);
  const leave = (request: unknown) => socket.timeout(5_000).emitWithAck('leave', request) as Promise<{ ok: boolean; code?: string; message?: string }>;
  for (const room of ['', 'no-such-room', socket.id!, 'market:global']) {
    const refused = await leave({ room });
    assert.equal([refused.ok, refused.code], [false, RealtimeErrorCodes.BAD_ROOM], JSON.stringify(room));
  }
  assert.ok((await served.gateway.io.in(socket.id!).fetchSockets()).length === 1, 'still reachable by its own id');
  const malformed = await leave({ room: 'global', extra: 1 });
  assert.equal([malformed.ok, malformed.code], [false, RealtimeErrorCodes.BAD_REQUEST]);
  assert.equal(await leave({ room: 'global' }), { ok: true, room: 'global' }, 'a room it may join, joined or not');
});

test('a refused join names the field at fault', async () => {
  const socket = open();
  await connected(socket);
  const refused = await join<{ code: string; message: string }>(socket, { room: 'global', history: 999 });
  assert.is(refused.code, RealtimeErrorCodes.BAD_REQUEST);
  assert.match(refused.message, /^join takes \{ room, token\?, cursor\?, history\?, limit\? \}; history: .*50/);
  const cursor = await join<{ code: string; message: string }>(socket, { room: 'global', cursor: { since: 0, shards: { x: '1-0' } } });
  assert.match(cursor.message, /cursor\.shards\.x: /);
});

test('the links page: every link with a good token, the public ones and why without; a bad nation id is a 400', async () => {
  const token = signToken(TEST_SECRET, { nation: ATTACKER.address, expiresAt: harness.clock.now() + 3_600_000, issuedAt: harness.clock.now() });
  const id = ATTACKER.address.slice('nation:'.length);
  const page = await (await fetch(`${served.url}/overlay?nation=${id}&token=${token}`)).text();
  assert.match(page, `Overlays for ${ATTACKER.name}`);
  assert.match(page, `/overlay/nation?nation=${id}&amp;token=`);
  const publicPage = await (await fetch(`${served.url}/overlay?nation=${id}&token=forged.x`)).text();
  assert.match(publicPage, 'public links still work');
  assert.not.match(publicPage, '/overlay/nation?');
  assert.is((await fetch(`${served.url}/overlay?nation=abc`)).status, 400);
  assert.is((await fetch(`${served.url}/overlay/battle`, { method: 'POST' })).status, 405);
  const overlay = await fetch(`${served.url}/overlay/ticker`);
  assert.match(overlay.headers.get('content-security-policy') ?? '', "script-src 'self'");
  assert.is((await fetch(`${served.url}/overlay/assets/../../pages.ts`)).status, 404);
});

test('a nation revokes its links: a socket in on an older link is taken out within a sweep; an older link joins nothing and opens no links page; a newer one works', async () => {
  const now = harness.clock.now();
  const id = ATTACKER.address.slice('nation:'.length);
  const token = (issuedAt: number) => signToken(TEST_SECRET, { nation: ATTACKER.address, expiresAt: now + 3_600_000, issuedAt });
  const old = token(now - 1_000);
  const socket = open();
  await connected(socket);
  assert.is((await join<JoinAnswer>(socket, { room: ATTACKER.address, token: old })).ok, true);
  const notice = new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no expired notice within 5 s')), 5_000);
    socket.once('expired', (payload: unknown) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
  await revocations.revoke(ATTACKER.address, now);
  assert.equal(await notice, { room: ATTACKER.address, code: RealtimeErrorCodes.TOKEN_REVOKED });
  assert.is((await served.gateway.io.in(ATTACKER.address).fetchSockets()).length, 0, 'out of the private room');
  assert.is((await join<{ code: string }>(socket, { room: ATTACKER.address, token: old })).code, RealtimeErrorCodes.TOKEN_REVOKED);
  const page = await (await fetch(`${served.url}/overlay?nation=${id}&token=${old}`)).text();
  assert.match(page, 'revoked by its nation');
  assert.not.match(page, '/overlay/nation?', 'no fresh links minted from a revoked token');
  assert.is((await join<JoinAnswer>(socket, { room: ATTACKER.address, token: token(now) })).ok, true, 'a link issued from the revocation on');
  await revocations.revoke(ATTACKER.address, now - 5_000);
  assert.equal((await revocations.revokedBefore([ATTACKER.address, 'nation:0'])), new Map([[ATTACKER.address, now]]), 'an earlier revocation does not bring older links back');
});

test('metrics: sockets, rooms, emitted events and delivery lag', async () => {
  const metrics = await served.registry.metrics();
  assert.match(metrics, /gateway_connected_sockets \d+/);
  assert.match(metrics, /gateway_rooms [1-9]/);
  assert.match(metrics, /gateway_events_emitted_total\{room_kind="global"\} [1-9]/);
  assert.match(metrics, /gateway_delivery_lag_seconds_count [1-9]/);
  assert.match(metrics, /gateway_feed_leader 1/);
});

test.run();
