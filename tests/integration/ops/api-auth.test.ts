// Every API route of the console, enumerated from its route table: without a
// session 401; a viewer on a changing route 403; a cookie-session change
// without its CSRF token (or from another origin) 403; with it, past the
// gate; a bearer-token change needs no CSRF token. A logged-out session is
// refused. Failed logins and failed bearer tokens are rate-limited per address. (Embedded backends: the gate
// is the same whatever the store.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiRoutes } from '../../../ops/index.ts';
import { ADMIN_TOKEN, VIEWER_TOKEN, login, logout, startOpsProcess, type OpsProcess } from '../../support/ops-process.ts';

const SAMPLE: Record<string, string> = { address: 'nation:1', timer: 'phase', queue: 'timers', job: 'j1', flag: 'wars', action: 'advance', shard: '0', entry: '1-0' };
const urlOf = (path: string) => `/ops/api${path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(SAMPLE[name]!))}`;
const changing = apiRoutes.filter((route) => route.method !== 'GET');
const reading = apiRoutes.filter((route) => route.method === 'GET');

let ops: OpsProcess;
let viewer: { cookie: string; csrf: string };
let admin: { cookie: string; csrf: string };

async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<{ status: number; code?: string }> {
  const controller = new AbortController();
  const response = await fetch(`${ops.base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: controller.signal,
  });
  // The watch route streams: its status is all we need.
  if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    controller.abort();
    return { status: response.status };
  }
  const text = await response.text();
  try {
    return { status: response.status, code: (JSON.parse(text) as { code?: string }).code };
  } catch {
    return { status: response.status };
  }
}

test.before(async () => {
  ops = await startOpsProcess({ backend: 'embedded' });
  viewer = await login(ops.base, VIEWER_TOKEN);
  admin = await login(ops.base, ADMIN_TOKEN);
});

test.after(async () => {
  await ops.stop();
});

// First: a successful login clears the address's failed attempts, which the rate-limit test counts.
test('logging out ends the session: its cookie is refused afterwards, the operator\'s other session goes on', async () => {
  const leaving = await login(ops.base, VIEWER_TOKEN);
  assert.is((await call('GET', '/ops/api/cluster', { cookie: leaving.cookie })).status, 200);
  const out = await logout(ops.base, leaving);
  assert.is(out.status, 303);
  assert.match(out.headers.get('set-cookie') ?? '', /Max-Age=0/);
  assert.equal(await call('GET', '/ops/api/cluster', { cookie: leaving.cookie }), { status: 401, code: 'OPS_UNAUTHENTICATED' }, 'a kept copy of the cookie');
  const page = await fetch(`${ops.base}/ops/flags`, { headers: { cookie: leaving.cookie }, redirect: 'manual' });
  assert.is(page.headers.get('location'), '/ops/login?next=%2Fops%2Fflags', 'its pages go back to the login page');
  assert.is((await call('GET', '/ops/api/cluster', { cookie: viewer.cookie })).status, 200, 'the operator\'s other session');
});

test(`the route table covers the API the issue names (${apiRoutes.length} routes)`, () => {
  const names = apiRoutes.map((route) => `${route.method} ${route.path}`);
  for (const needed of ['GET /cluster', 'GET /actors', 'GET /actors/:address', 'POST /actors/:address/events', 'GET /audit']) assert.ok(names.includes(needed), needed);
  assert.ok(changing.length >= 8 && reading.length >= 10);
});

test('without a session or token, every route answers 401', async () => {
  for (const route of apiRoutes) {
    const result = await call(route.method, urlOf(route.path), {}, route.method === 'GET' ? undefined : {});
    assert.equal([result.status, result.code], [401, 'OPS_UNAUTHENTICATED'], `${route.method} ${route.path}`);
  }
  const forged = await call('GET', '/ops/api/cluster', { cookie: 'ops_session=v1.e30.AAAA' });
  assert.is(forged.status, 401, 'a forged cookie is no session');
  const wrong = await call('GET', '/ops/api/cluster', { authorization: 'Bearer not-a-token-at-all' });
  assert.is(wrong.status, 401);
});

test('an undecodable session cookie is no session: 401 on the API, the login page for pages', async () => {
  for (const cookie of ['ops_session=%', 'ops_session=%E0%A4%A']) {
    assert.equal(await call('GET', '/ops/api/cluster', { cookie }), { status: 401, code: 'OPS_UNAUTHENTICATED' }, cookie);
    const page = await fetch(`${ops.base}/ops/flags`, { headers: { cookie }, redirect: 'manual' });
    assert.equal([page.status, page.headers.get('location')], [303, '/ops/login?next=%2Fops%2Fflags'], cookie);
  }
});

test('a viewer reads every reading route, and gets 403 on every changing route (cookie with CSRF, or bearer)', async () => {
  for (const route of reading) {
    const result = await call('GET', urlOf(route.path), { cookie: viewer.cookie });
    assert.ok(![401, 403].includes(result.status), `${route.path}: ${result.status} ${result.code}`);
  }
  for (const route of changing) {
    const byCookie = await call('POST', urlOf(route.path), { cookie: viewer.cookie, 'x-csrf-token': viewer.csrf }, { confirm: SAMPLE.action });
    assert.equal([byCookie.status, byCookie.code], [403, 'OPS_FORBIDDEN'], `cookie ${route.path}`);
    const byBearer = await call('POST', urlOf(route.path), { authorization: `Bearer ${VIEWER_TOKEN}` }, {});
    assert.equal([byBearer.status, byBearer.code], [403, 'OPS_FORBIDDEN'], `bearer ${route.path}`);
  }
});

test('an admin\'s cookie-session change without its CSRF token, with another session\'s, or from another origin: 403', async () => {
  for (const route of changing) {
    const path = urlOf(route.path);
    const missing = await call('POST', path, { cookie: admin.cookie }, {});
    assert.equal([missing.status, missing.code], [403, 'OPS_CSRF'], `no token: ${route.path}`);
    const borrowed = await call('POST', path, { cookie: admin.cookie, 'x-csrf-token': viewer.csrf }, {});
    assert.equal([borrowed.status, borrowed.code], [403, 'OPS_CSRF'], `another session's token: ${route.path}`);
    const foreign = await call('POST', path, { cookie: admin.cookie, 'x-csrf-token': admin.csrf, origin: 'http://evil.example' }, {});
    assert.equal([foreign.status, foreign.code], [403, 'OPS_CSRF'], `foreign origin: ${route.path}`);
    const proper = await call('POST', path, { cookie: admin.cookie, 'x-csrf-token': admin.csrf, origin: ops.base }, {});
    assert.ok(![401, 403].includes(proper.status), `with its token the change passes the gate: ${route.path} → ${proper.status} ${proper.code}`);
  }
});

test('a bearer-token change needs no CSRF token', async () => {
  const result = await call('POST', '/ops/api/flags/wars', { authorization: `Bearer ${ADMIN_TOKEN}` }, { value: false });
  assert.is(result.status, 200);
  const back = await call('POST', '/ops/api/flags/wars', { authorization: `Bearer ${ADMIN_TOKEN}` }, { value: null });
  assert.is(back.status, 200);
});

test('unknown routes are 404, wrong methods 405, pages without a session go to the login page', async () => {
  assert.is((await call('GET', '/ops/api/nothing', { cookie: admin.cookie })).status, 404);
  assert.is((await call('DELETE', '/ops/api/flags/wars', { cookie: admin.cookie })).status, 405);
  const page = await fetch(`${ops.base}/ops/flags`, { redirect: 'manual' });
  assert.is(page.status, 303);
  assert.is(page.headers.get('location'), '/ops/login?next=%2Fops%2Fflags');
  const headers = (await fetch(`${ops.base}/ops/login`)).headers;
  assert.match(headers.get('content-security-policy') ?? '', /script-src 'self'/);
  assert.is(headers.get('x-frame-options'), 'DENY');
});

test('failed logins are rate-limited per address: the sixth try within the window waits, even with the right token', async () => {
  const attempt = (token: string) =>
    fetch(`${ops.base}/ops/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }), redirect: 'manual' });
  // One failed bearer token already happened in the 401 test above.
  for (let i = 0; i < 3; i++) assert.is((await attempt(`wrong-${i}`)).status, 401);
  assert.is((await call('GET', '/ops/api/cluster', { authorization: 'Bearer wrong-again' })).status, 401, 'a failed bearer token counts too');
  const limited = await attempt(ADMIN_TOKEN);
  assert.is(limited.status, 429);
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  assert.is((await call('GET', '/ops/api/cluster', { authorization: `Bearer ${ADMIN_TOKEN}` })).status, 429);
});

test.run();
