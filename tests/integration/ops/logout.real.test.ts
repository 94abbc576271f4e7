// On real Redis + PostgreSQL: two ops processes share a schema, as deployed
// behind one address. Logging out on one ends the session on the other too:
// sessions are signed cookies any process accepts, so the logout has to be
// shared (PostgreSQL's ops_logouts), not just cleared from the browser.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { postgresAvailable, redisAvailable } from '../../support/services.ts';

const available = (await redisAvailable()) && (await postgresAvailable());

if (available) {
  const { ADMIN_TOKEN, dropRealServices, login, logout, startOpsProcess } = await import('../../support/ops-process.ts');
  const first = await startOpsProcess({ backend: 'real', runtime: false });
  const second = await startOpsProcess({ backend: 'real', runtime: false, prefix: first.prefix, schema: first.schema });
  const status = async (base: string, cookie: string): Promise<number> => (await fetch(`${base}/ops/api/cluster`, { headers: { cookie } })).status;

  test.after(async () => {
    await Promise.all([first.stop(), second.stop()]);
    await dropRealServices(first.prefix, first.schema);
  });

  test('a session logged out on one ops process is refused by the other', async () => {
    const session = await login(first.base, ADMIN_TOKEN);
    const other = await login(second.base, ADMIN_TOKEN);
    assert.is(await status(second.base, session.cookie), 200, 'either process accepts a session before');
    const out = await logout(first.base, session);
    assert.is(out.status, 303);
    assert.is(await status(first.base, session.cookie), 401);
    assert.is(await status(second.base, session.cookie), 401, 'the process it was not logged out of');
    assert.is(await status(second.base, other.cookie), 200, 'another session of the same operator');
  });

  test.run();
}
