// The ops console in headless Chromium against two real runtime processes on
// Redis + PostgreSQL (issue 7 acceptance): a viewer sees every page and can
// change nothing; an admin injects an event into a nation (previewed as a
// diff, sent based on its version) and sees its new state and the audit row;
// an event that fails its schema is refused with the reason and changes
// nothing; a war replays to its proposal state; an actor changed on the other
// runtime node shows its new state on its open page within 1 s. Screenshots
// of every page go to test-output/ops/.
import { mkdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { SESSION_COOKIE } from '../../ops/auth/cookies.ts';
import { shardOf } from '../../runtime/address.ts';
import { clusterView } from '../../runtime/cluster-view.ts';
import { launchChromium, type LaunchedBrowser } from '../support/browser.ts';
import { ATTACKER, DEFENDER, acceptWar, declareWar, ok, registerNations } from '../support/game-scenario.ts';
import { ADMIN_TOKEN, VIEWER_TOKEN, dropRealServices, startOpsProcess, type OpsProcess } from '../support/ops-process.ts';
import { postgresAvailable, redisAvailable, uniqueName } from '../support/services.ts';

const OUT = new URL('../../test-output/ops/', import.meta.url).pathname;
const PAGES = ['/ops', '/ops/actors', '/ops/timers', '/ops/flags', '/ops/season', '/ops/dead-letters', '/ops/audit', '/ops/metrics', '/ops/alerts'];
const available = (await redisAvailable()) && (await postgresAvailable());

let a: OpsProcess;
let b: OpsProcess;
let chromium: LaunchedBrowser;
let war: string;
/** A nation whose shard the ops process's node does not own: changed by the other node. */
let remote: { address: string; leader: string };

async function loginAs(token: string): Promise<Page> {
  const context = await chromium.browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => assert.unreachable(`script error on ${page.url()}: ${error.message}`));
  await page.goto(`${a.base}/ops`);
  assert.match(page.url(), /\/ops\/login\?next=/);
  await page.fill('#token', token);
  await Promise.all([page.waitForURL(`${a.base}/ops`), page.click('button[type=submit]')]);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${OUT}${name}.png`, fullPage: true });
}

if (available) {
  test.before(async () => {
    mkdirSync(OUT, { recursive: true });
    const schema = uniqueName('opse2e');
    a = await startOpsProcess({ backend: 'real', schema, prefix: `${schema}:`, nodeId: 'node-a' });
    b = await startOpsProcess({ backend: 'real', schema, prefix: `${schema}:`, nodeId: 'node-b', ops: false });
    const store = a.running.backends.store;
    for (let i = 0; i < 100; i++) {
      const view = await clusterView(store, 8, 2000);
      if (view.nodes.length === 2 && view.nodes.every((node) => node.shards.length === 4) && view.totals.unowned === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const owners = (await clusterView(store, 8, 2000)).shards;
    const client = a.running.context.client;
    await registerNations(client);
    war = await declareWar(client);
    await acceptWar(client, war);
    for (let n = 1; ; n++) {
      const address = `nation:3000000000000000${n}`;
      if (owners[shardOf(address, 8)]!.owner === 'node-b') {
        remote = { address, leader: `40000000000000000${n}` };
        break;
      }
    }
    await ok(b.running.context.client, remote.address, { type: 'register', by: remote.leader, name: 'Carcosa' });
    // A malformed message, dead-lettered at once, for the dead letters page.
    await store.append(0, ['{"not an envelope"']);
    await a.running.node!.flush();
    chromium = await launchChromium();
  });

  test.after(async () => {
    await chromium?.close();
    await a?.stop();
    await b?.stop();
    if (a) await dropRealServices(a.prefix, a.schema);
  });

  test('a viewer sees every page and can change nothing', async () => {
    const page = await loginAs(VIEWER_TOKEN);
    for (const path of [...PAGES, `/ops/actors/${encodeURIComponent(ATTACKER.address)}`, `/ops/actors/${encodeURIComponent(war)}`]) {
      const response = await page.goto(`${a.base}${path}`);
      assert.is(response?.status(), 200, path);
      assert.ok(await page.locator('main h1').first().isVisible(), `${path} has its heading`);
      assert.is(await page.locator('form[data-action], #event-form').count(), 0, `${path}: no control that changes anything`);
      await shot(page, `viewer${path.replace(/[/:%]+/g, '-')}`);
    }
    assert.ok(await page.locator('.readonly-note').first().isVisible(), 'the actor page says why it is read-only');
    const forged = await page.evaluate(async () => {
      const csrf = document.querySelector('meta[name="csrf-token"]')!.getAttribute('content')!;
      const response = await fetch('/ops/api/flags/wars', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: '{"value":false}' });
      return response.status;
    });
    assert.is(forged, 403, 'a change sent by hand from a viewer\'s page is refused');
    await page.context().close();
  });

  test('an admin injects an event into a nation: previewed as a diff, sent, new state shown, audit row written', async () => {
    const page = await loginAs(ADMIN_TOKEN);
    await page.goto(`${a.base}/ops/actors/${encodeURIComponent(ATTACKER.address)}`);
    const before = Number(await page.locator('#actor-version').textContent());
    await page.selectOption('#event-type', 'settings');
    await page.fill('#event-fields', JSON.stringify({ by: ATTACKER.leader, stance: 'defensive' }));
    await page.click('#preview-button');
    await page.waitForSelector('#preview-diff');
    assert.match(await page.locator('#preview-diff').textContent() ?? '', /stance.*"balanced".*"defensive"/s);
    await shot(page, 'admin-event-preview');
    await page.click('#send-button');
    await page.click('#confirm-yes');
    await page.waitForFunction((version) => Number(document.querySelector('#actor-version')?.textContent) > version, before);
    assert.match(await page.locator('#snapshot').textContent() ?? '', /"stance": "defensive"/);
    await shot(page, 'admin-nation-after-event');

    await page.goto(`${a.base}/ops/audit`);
    const row = page.locator('#audit tbody tr').first();
    assert.match(await row.textContent() ?? '', /ann.*admin.*actor\.event.*nation:100000000000000001.*ok/s);
    await shot(page, 'admin-audit');
    await page.context().close();
  });

  test('an event that fails its schema is refused with the reason, in the page and by the API, and nothing changes', async () => {
    const page = await loginAs(ADMIN_TOKEN);
    await page.goto(`${a.base}/ops/actors/${encodeURIComponent(ATTACKER.address)}`);
    const version = await page.locator('#actor-version').textContent();
    await page.selectOption('#event-type', 'settings');
    await page.fill('#event-fields', JSON.stringify({ by: ATTACKER.leader, stance: 'sideways' }));
    await page.click('#preview-button');
    await page.waitForSelector('#preview-refusal');
    assert.match(await page.locator('#preview-refusal').textContent() ?? '', /RUNTIME_INVALID_EVENT.*stance/);
    assert.ok(await page.locator('#send-button').isDisabled(), 'it cannot be sent');
    await shot(page, 'admin-event-refused');
    await page.context().close();

    const response = await fetch(`${a.base}/ops/api/actors/${ATTACKER.address}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ event: { type: 'build', by: ATTACKER.leader, unit: 'infantry', quantity: 0 } }),
    });
    const body = (await response.json()) as { code: string; reason: string; message: string };
    assert.is(response.status, 422);
    assert.equal([body.code, body.reason], ['OPS_REFUSED', 'RUNTIME_INVALID_EVENT']);
    assert.match(body.message, /quantity/);
    const after = (await (await fetch(`${a.base}/ops/api/actors/${ATTACKER.address}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as { version: number };
    assert.is(String(after.version), version, 'the nation is where it was');
  });

  test('a war replays to its proposal state', async () => {
    const page = await loginAs(ADMIN_TOKEN);
    await page.goto(`${a.base}/ops/actors/${encodeURIComponent(war)}`);
    assert.is(await page.locator('#state-value').textContent(), 'preparation');
    await page.waitForSelector('#replay-view [data-replay-version]');
    await page.locator('#replay-slider').fill('1');
    await page.waitForSelector('#replay-view [data-replay-version="1"]');
    assert.is(await page.locator('#replay-state').textContent(), 'proposed');
    assert.is(await page.locator('#replay-view .sc-active').getAttribute('data-state'), 'war.proposed', 'the diagram highlights the proposal state');
    await shot(page, 'admin-war-replayed-to-proposal');
    await page.context().close();
  });

  test('an actor changed by the other runtime node shows its new state on its open page within 1 s', async () => {
    const page = await loginAs(VIEWER_TOKEN);
    await page.goto(`${a.base}/ops/actors/${encodeURIComponent(remote.address)}`);
    const before = Number(await page.locator('#actor-version').textContent());
    const reply = await b.running.context.client.request(remote.address, { type: 'settings', by: remote.leader, stance: 'aggressive' });
    assert.ok(reply.ok);
    const changed = Date.now();
    await page.waitForFunction((version) => Number(document.querySelector('#actor-version')?.textContent) > version, before, { timeout: 5_000 });
    const elapsed = Date.now() - changed;
    assert.ok(elapsed <= 1_000, `shown after ${elapsed} ms`);
    assert.match(await page.locator('#snapshot').textContent() ?? '', /"stance": "aggressive"/);
    await page.context().close();
  });

  test('a flag switched on the flags page is in force on both runtime nodes when the page says so', async () => {
    const page = await loginAs(ADMIN_TOKEN);
    await page.goto(`${a.base}/ops/flags`);
    await page.click('tr[data-flag="wars"] button.danger');
    await page.click('#confirm-yes');
    await page.waitForSelector('tr[data-flag="wars"] .badge.bad');
    assert.match(await page.locator('#flags-applied').textContent() ?? '', /applied by all 2 node/);
    await shot(page, 'admin-flag-switched-off');
    // The other node, the very next command: refused.
    const refused = await b.running.context.client.request(remote.address, { type: 'declareWar', by: remote.leader, target: DEFENDER.address, reason: 'test' });
    assert.is(!refused.ok && refused.code, 'GAME_FEATURE_DISABLED');
    await page.click('tr[data-flag="wars"] form:last-of-type button');
    await page.waitForSelector('tr[data-flag="wars"] .badge.ok');
    await page.context().close();
  });

  test("the cluster page shows each node's share of time paused in GC and its event-loop p99", async () => {
    const page = await loginAs(VIEWER_TOKEN);
    await page.goto(`${a.base}/ops`);
    // Telemetry every 2 s: a node's figures need two of its samples.
    await page.waitForFunction(
      () => ['node-a', 'node-b'].every((id) => /[\d,]+(\.\d)? %/.test(document.querySelector(`#nodes tr[data-node="${id}"] td.gc`)?.textContent ?? '')),
      undefined,
      { timeout: 15_000 },
    );
    for (const id of ['node-a', 'node-b']) {
      const row = page.locator(`#nodes tr[data-node="${id}"]`);
      assert.match(await row.locator('td.gc').textContent() ?? '', /^\s*[\d,]+(\.\d)? %\s*([\d,]+(\.\d)? ms a scavenge|no scavenge)\s*$/, `${id}: time paused in GC and the mean scavenge`);
      assert.match(await row.locator('td.loop').textContent() ?? '', /^\s*[\d,]+(\.\d)? ms\s*$/, `${id}: event-loop p99`);
    }
    await shot(page, 'cluster-node-health');
  });

  test('screenshots of every page (admin)', async () => {
    const page = await loginAs(ADMIN_TOKEN);
    for (const path of [...PAGES, `/ops/actors?kind=nation`, `/ops/actors/${encodeURIComponent(DEFENDER.address)}`]) {
      const response = await page.goto(`${a.base}${path}`);
      assert.is(response?.status(), 200, path);
      await page.waitForTimeout(300);
      await shot(page, `admin${path.replace(/[/:%?=]+/g, '-')}`);
    }
    assert.ok((await page.goto(`${a.base}/ops/dead-letters`))?.ok());
    assert.ok(await page.locator('#dead-letters tbody tr[data-entry]').count() >= 1, 'the malformed message is listed');
    await page.context().close();
  });

  test('"Log out" ends the session: the browser is back at the login page, and a copy of its cookie is refused', async () => {
    const page = await loginAs(VIEWER_TOKEN);
    const kept = (await page.context().cookies()).find((cookie) => cookie.name === SESSION_COOKIE);
    assert.ok(kept, 'the session cookie');
    // The logout's own redirect, or (when the page's background refresh sees the ended session first) the login page with ?next=.
    await Promise.all([page.waitForURL(/\/ops\/login(\?next=[^&]*)?$/), page.click('form[action="/ops/logout"] button')]);
    await page.goto(`${a.base}/ops/flags`);
    assert.match(page.url(), /\/ops\/login\?next=/);
    const copy = await fetch(`${a.base}/ops/api/cluster`, { headers: { cookie: `${SESSION_COOKIE}=${kept.value}` } });
    assert.is(copy.status, 401);
    await page.context().close();
  });
}

test.run();
