// ops/auth: tokens, signed sessions, CSRF tokens, the failed-login limiter
// and the session cookie's attributes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pino from 'pino';
import { sessionCookie } from '../../../ops/auth/cookies.ts';
import { Logouts } from '../../../ops/auth/logouts.ts';
import { Operators, allows } from '../../../ops/auth/operators.ts';
import { FailureLimiter } from '../../../ops/auth/rate-limit.ts';

const ann = { name: 'ann', role: 'admin' as const, token: 'a'.repeat(20) };
const vic = { name: 'vic', role: 'viewer' as const, token: 'v'.repeat(20) };

test('a token finds its operator; anything else finds nobody', () => {
  const operators = new Operators([ann, vic]);
  assert.equal(operators.byToken('a'.repeat(20)), { name: 'ann', role: 'admin' });
  assert.equal(operators.byToken('v'.repeat(20)), { name: 'vic', role: 'viewer' });
  assert.is(operators.byToken('a'.repeat(19)), null);
  assert.is(operators.byToken(''), null);
  assert.ok(allows('admin', 'viewer') && allows('admin', 'admin') && allows('viewer', 'viewer'));
  assert.not.ok(allows('viewer', 'admin'));
});

test('a session cookie is honoured until it expires, and not once forged or its operator\'s token or role changed', () => {
  const operators = new Operators([ann, vic], { sessionTtlMs: 1_000 });
  const { cookie, session } = operators.openSession({ name: 'vic', role: 'viewer' }, 10_000);
  assert.equal(operators.session(cookie, 10_500), session);
  assert.is(operators.session(cookie, 11_000), null, 'expired');
  const [version, payload, signature] = cookie.split('.');
  const promoted = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), r: 'admin' })).toString('base64url');
  assert.is(operators.session(`${version}.${promoted}.${signature}`, 10_500), null, 'a viewer cannot promote itself');
  assert.is(operators.session(`${cookie}x`, 10_500), null);
  assert.is(new Operators([ann, { ...vic, token: 'w'.repeat(20) }]).session(cookie, 10_500), null, 'a new token ends old sessions');
  assert.is(new Operators([ann, { ...vic, role: 'admin' }]).session(cookie, 10_500), null, 'a changed role ends old sessions');
});

test('a logged-out session is refused; while PostgreSQL is away, only those this process saw logged out are', async () => {
  const ended = new Map<string, number>();
  let reachable = true;
  const repo = {
    async endSession(sid: string, expires: number) {
      if (!reachable) throw new Error('connection refused');
      ended.set(sid, expires);
    },
    async sessionEnded(sid: string) {
      if (!reachable) throw new Error('connection refused');
      return ended.has(sid);
    },
  };
  const logger = pino({ level: 'silent' });
  const operators = new Operators([ann, vic], { sessionTtlMs: 1_000 });
  const here = new Logouts(repo, logger);
  const elsewhere = new Logouts(repo, logger);
  const [one, two, three] = [0, 1, 2].map(() => operators.openSession({ name: 'vic', role: 'viewer' }, 10_000).session);
  await here.end(one!);
  assert.ok(await here.ended(one!, 10_100));
  assert.ok(await elsewhere.ended(one!, 10_100), 'another ops process refuses it too');
  assert.not.ok(await elsewhere.ended(two!, 10_100), 'the same operator\'s other session');
  reachable = false;
  assert.ok(await elsewhere.ended(one!, 10_200), 'known here once seen');
  const failed = await here.end(two!).then(() => null, (error: unknown) => error);
  assert.match(String(failed), /connection refused/, 'the logout says it was not recorded');
  assert.ok(await here.ended(two!, 10_200), 'refused by the process it logged out of, though not recorded');
  assert.not.ok(await elsewhere.ended(two!, 10_200), 'elsewhere accepted while nothing can be asked');
  assert.not.ok(await here.ended(three!, 10_200));
});

test('the CSRF token belongs to its session', () => {
  const operators = new Operators([ann]);
  const one = operators.openSession({ name: 'ann', role: 'admin' }, 0).session;
  const two = operators.openSession({ name: 'ann', role: 'admin' }, 0).session;
  const token = operators.csrfToken(one);
  assert.ok(operators.checkCsrf(one, token));
  assert.not.ok(operators.checkCsrf(two, token), 'another session\'s token is refused');
  assert.not.ok(operators.checkCsrf(one, undefined));
  assert.not.ok(operators.checkCsrf(one, `${token}0`));
});

test('failed attempts: the limit per address within the window, then a wait until the oldest leaves it', () => {
  const limiter = new FailureLimiter({ limit: 3, windowMs: 1_000 });
  for (const at of [0, 100, 200]) {
    assert.is(limiter.retryAfterMs('1.2.3.4', at), 0);
    limiter.fail('1.2.3.4', at);
  }
  assert.is(limiter.retryAfterMs('1.2.3.4', 300), 700);
  assert.is(limiter.retryAfterMs('5.6.7.8', 300), 0, 'other addresses are not held back');
  assert.is(limiter.retryAfterMs('1.2.3.4', 1_001), 0, 'the oldest failure left the window');
  limiter.fail('9.9.9.9', 0);
  limiter.succeed('9.9.9.9');
  assert.is(limiter.retryAfterMs('9.9.9.9', 0), 0);
});

test('the session cookie is HttpOnly, SameSite=Strict, scoped to /ops, and Secure only behind TLS', () => {
  const plain = sessionCookie('v1.x.y', { secure: false, maxAgeSeconds: 60 });
  assert.match(plain, /^ops_session=v1\.x\.y; Path=\/ops; HttpOnly; SameSite=Strict; Max-Age=60$/);
  assert.match(sessionCookie('v', { secure: true, maxAgeSeconds: 1 }), /; Secure$/);
});

test.run();
