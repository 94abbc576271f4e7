// The gateway's pure pieces: room names, tokens, the rate bucket, the origin
// rule, stream-id order and the catch-up cursor.
import { createHmac } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { advanceCursor, beforeMs, compareIds, SINCE_MARGIN_MS } from '../../../realtime/catch-up.ts';
import { RealtimeError, RealtimeErrorCodes } from '../../../realtime/errors.ts';
import { nationLinks } from '../../../realtime/links.ts';
import { gatewaySecret, overlayBaseUrl } from '../../../realtime/secret.ts';
import { originAllowed } from '../../../realtime/origins.ts';
import { TokenBucket } from '../../../realtime/rate-limit.ts';
import { emitterOf, isPrivate, parseRoom } from '../../../realtime/rooms.ts';
import { signToken, verifyToken } from '../../../realtime/tokens.ts';
import type { PublicEvent } from '../../../runtime/event-feed.ts';

const SECRET = 's'.repeat(40);

function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof RealtimeError) return error.code;
    throw error;
  }
  throw new Error('expected a RealtimeError');
}

test('rooms: the four kinds parse; anything else is REALTIME_BAD_ROOM; only nation rooms are private', () => {
  assert.equal(parseRoom('global'), { kind: 'global', name: 'global' });
  assert.equal(parseRoom('war:01ABC'), { kind: 'war', name: 'war:01ABC', id: '01ABC' });
  assert.equal(parseRoom('nation:123'), { kind: 'nation', name: 'nation:123', id: '123' });
  assert.equal(parseRoom('leaderboard:wars_won'), { kind: 'leaderboard', name: 'leaderboard:wars_won', board: 'wars_won' });
  for (const bad of ['', 'war:', 'war:a b', 'nation:abc', 'leaderboard:gold', 'market:global', 'x'.repeat(200), 42, null]) {
    assert.is(code(() => parseRoom(bad)), RealtimeErrorCodes.BAD_ROOM, String(bad));
  }
  assert.ok(isPrivate(parseRoom('nation:1')));
  assert.not.ok(isPrivate(parseRoom('war:w')) || isPrivate(parseRoom('global')) || isPrivate(parseRoom('leaderboard:power')));
  assert.is(emitterOf(parseRoom('war:w')), 'war:w');
  assert.is(emitterOf(parseRoom('nation:1')), null, 'elections also emit to a nation room');
});

test('tokens: a signed token grants its nation until it expires; forged, altered or expired ones are refused', () => {
  const token = signToken(SECRET, { nation: 'nation:1', expiresAt: 2_000, issuedAt: 500 });
  assert.equal(verifyToken(SECRET, token, 1_000), { nation: 'nation:1', expiresAt: 2_000, issuedAt: 500 });
  const older = `${Buffer.from(JSON.stringify({ n: 'nation:1', exp: 2_000 })).toString('base64url')}`;
  const olderToken = `${older}.${createHmac('sha256', SECRET).update(older).digest('base64url')}`;
  assert.equal(verifyToken(SECRET, olderToken, 1_000), { nation: 'nation:1', expiresAt: 2_000, issuedAt: 0 }, 'a token from before issue times: issued at 0');
  assert.is(code(() => verifyToken(SECRET, token, 2_000)), RealtimeErrorCodes.TOKEN_EXPIRED);
  assert.is(code(() => verifyToken('o'.repeat(40), token, 1_000)), RealtimeErrorCodes.BAD_TOKEN);
  const [payload, signature] = token.split('.');
  const forgedPayload = Buffer.from(JSON.stringify({ n: 'nation:2', exp: 2_000 })).toString('base64url');
  assert.is(code(() => verifyToken(SECRET, `${forgedPayload}.${signature}`, 1_000)), RealtimeErrorCodes.BAD_TOKEN);
  assert.is(code(() => verifyToken(SECRET, `${payload}.`, 1_000)), RealtimeErrorCodes.BAD_TOKEN);
  assert.is(code(() => verifyToken(SECRET, 'x'.repeat(600), 1_000)), RealtimeErrorCodes.BAD_TOKEN);
  assert.is(code(() => verifyToken(SECRET, undefined, 1_000)), RealtimeErrorCodes.BAD_TOKEN);
});

test('rate bucket: a burst, then the steady rate', () => {
  const bucket = new TokenBucket({ perSecond: 2, burst: 3 }, 0);
  assert.equal([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)], [true, true, true, false]);
  assert.is(bucket.take(400), false);
  assert.is(bucket.take(500), true);
});

test('origins: no Origin, the same origin as the Host, and listed origins pass; other sites do not', () => {
  const listed = new Set(['https://embed.example']);
  assert.ok(originAllowed(undefined, 'wars.example', listed));
  assert.ok(originAllowed('https://wars.example', 'wars.example', listed));
  assert.ok(originAllowed('https://embed.example', 'wars.example', listed));
  assert.not.ok(originAllowed('https://evil.example', 'wars.example', listed));
  assert.not.ok(originAllowed('https://evil.example', undefined, listed));
});

test('stream ids order by time then sequence; the cursor keeps the newest position per shard and a margin', () => {
  assert.ok(compareIds('10-2', '10-10') < 0);
  assert.ok(compareIds('11-0', '10-99') > 0);
  assert.ok(compareIds(beforeMs(10), '10-0') < 0 && compareIds(beforeMs(10), '9-5') > 0);
  const event = (shard: number, position: string) => ({ shard, position }) as PublicEvent;
  const cursor = advanceCursor({ since: 0, shards: { '1': '5-0' } }, [event(1, '7-0'), event(2, '3-1'), event(1, '6-0')], 100_000);
  assert.equal(cursor, { since: 100_000 - SINCE_MARGIN_MS, shards: { '1': '7-0', '2': '3-1' } });
});

test('links: the nation card carries a token for that nation only; the rest are public', () => {
  const links = nationLinks({ baseUrl: 'https://wars.example', secret: SECRET, nation: 'nation:42', wars: ['W1'], now: 1_000, ttlMs: 5_000 });
  assert.is(links.expiresAt, 6_000);
  const card = links.links.find((link) => link.kind === 'nation')!;
  assert.ok(card.private);
  const token = new URL(card.url).searchParams.get('token');
  assert.equal(verifyToken(SECRET, token, 2_000), { nation: 'nation:42', expiresAt: 6_000, issuedAt: 1_000 }, 'issued when the links were made');
  assert.ok(links.links.some((link) => link.url === 'https://wars.example/overlay/battle?war=W1'));
  assert.ok(links.links.filter((link) => link.kind !== 'nation').every((link) => !link.private && !link.url.includes('token=')));
  assert.ok(links.page.startsWith('https://wars.example/overlay?nation=42&token='));
});

test('secret: the configured one, else one random secret shared by the process; base URL', () => {
  assert.equal(gatewaySecret({ GATEWAY_TOKEN_SECRET: SECRET }), { secret: SECRET, ephemeral: false });
  const first = gatewaySecret({ GATEWAY_TOKEN_SECRET: undefined });
  assert.ok(first.ephemeral && first.secret.length >= 32);
  assert.is(gatewaySecret({ GATEWAY_TOKEN_SECRET: undefined }).secret, first.secret, 'bot and gateway of one process agree');
  assert.is(overlayBaseUrl({ GATEWAY_PUBLIC_URL: undefined, HOST: '0.0.0.0', PORT: 3000 }), 'http://127.0.0.1:3000');
  assert.is(overlayBaseUrl({ GATEWAY_PUBLIC_URL: 'https://wars.example', HOST: '0.0.0.0', PORT: 3000 }), 'https://wars.example');
});

test.run();
