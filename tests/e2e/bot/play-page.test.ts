// The play page of `npm start` (embedded, no Discord token) in headless
// Chromium: register two nations, declare war, accept it by the button in
// the defender's channel feed. Screenshots go to test-output/play/.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '../../support/services.ts';

const root = new URL('../../../', import.meta.url).pathname;
const shots = join(root, 'test-output', 'play');
mkdirSync(shots, { recursive: true });

const port = await freePort();
const clean = { ...process.env };
for (const name of ['REDIS_URL', 'DATABASE_URL', 'DISCORD_TOKEN']) delete clean[name];
const server = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], { cwd: root, env: { ...clean, PORT: String(port), LOG_LEVEL: 'info' } });
let output = '';
server.stdout.on('data', (chunk) => (output += chunk));
server.stderr.on('data', (chunk) => (output += chunk));
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 120; i++) {
  if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}

let browser: BrowserContext;
let page: Page;
/** What Chromium reported blocked by the page's Content-Security-Policy. */
const blocked: string[] = [];
const REASON = '**the** [harbour](https://evil.example) <@1>';

async function run(command: string, sub: string, fill: Record<string, string>): Promise<void> {
  await page.selectOption('#command', command);
  await page.selectOption('#sub', sub);
  for (const [name, value] of Object.entries(fill)) {
    const field = page.locator(`#opt-${name}`);
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
  const before = await page.locator('#log .msg').count();
  await page.click('#run');
  await page.waitForFunction((n) => document.querySelectorAll('#log .msg').length > n, before);
}

async function act(guild: string, user: string): Promise<void> {
  await page.selectOption('#guild', { label: guild });
  await page.selectOption('#user', { label: user });
}

test('npm start says the bot is off Discord and links /play', async () => {
  const status = await (await fetch(`${base}/`)).text();
  assert.match(status, 'off — DISCORD_TOKEN is not set');
  assert.match(status, 'href="/play"');
  assert.match(output, 'Discord bot is off: DISCORD_TOKEN is not set');
});

test('register two nations and declare war; the replies appear', async () => {
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'sw-play-')), {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) blocked.push(message.text());
  });
  await page.goto(`${base}/play`);
  await page.waitForFunction(() => document.querySelectorAll('#command option').length >= 16);
  await page.screenshot({ path: join(shots, '1-empty.png') });

  await act('Avalon', 'Alice');
  assert.ok(await page.isChecked('#manage'), 'the owner has Manage Server');
  await run('nation', 'register', { name: 'Avalon' });
  assert.match(await page.locator('#log .msg').first().innerText(), 'The nation of Avalon is founded');

  await act('Byzantium', 'Bob');
  await run('nation', 'register', { name: 'Byzantium' });
  assert.match(await page.locator('#log .msg').first().innerText(), 'The nation of Byzantium is founded');

  await act('Avalon', 'Carol');
  await run('military', 'build', { unit: 'infantry', quantity: '-5' });
  assert.match(await page.locator('#log .msg').first().innerText(), 'must be at least 1');
  assert.match(await page.locator('#log .msg').first().innerText(), 'Only you can see this');

  await act('Avalon', 'Alice');
  await page.waitForTimeout(700); // the write-behind puts Byzantium in the directory autocomplete reads
  await page.selectOption('#command', 'war');
  await page.selectOption('#sub', 'declare');
  await page.locator('#opt-target').pressSequentially('Byz');
  await page.waitForFunction(() => document.querySelectorAll('#dl-target option').length > 0);
  const suggested = await page.locator('#dl-target option').first().getAttribute('value');
  assert.match(String(suggested), /^nation:\d+$/);
  await run('war', 'declare', { target: String(suggested), reason: REASON });
  const declared = await page.locator('#log .msg').first().innerText();
  assert.match(declared, 'declared war on Byzantium');
  assert.match(declared, `“${REASON}”`, 'the reason shows as typed: no backslashes, no markup');
  assert.is(await page.locator('#log .msg').first().locator('b', { hasText: 'the' }).count(), 0);
  await page.screenshot({ path: join(shots, '2-war-declared.png') });
});

test('the defender sees the declaration in its channel and accepts by button', async () => {
  await act('Byzantium', 'Bob');
  const notice = page.locator('#channel .msg', { hasText: 'declared war on you' });
  await notice.waitFor({ timeout: 10_000 });
  assert.match(await notice.innerText(), `“${REASON}”`);
  await page.screenshot({ path: join(shots, '3-declaration-in-channel.png') });
  await notice.locator('button', { hasText: 'Accept the war' }).click();
  await page.waitForFunction(() => document.querySelector('#log .msg')?.textContent?.includes('accepted the war'));
  assert.match(await page.locator('#log .msg').first().innerText(), 'accepted the war');
  await page.screenshot({ path: join(shots, '4-war-accepted.png') });
  assert.equal(blocked, [], 'the CSP lets the page’s own style and script run');
});

test('the API refuses posts that are not JSON or come from another site', async () => {
  const users = async (): Promise<number> => ((await (await fetch(`${base}/play/api/world`)).json()) as { users: unknown[] }).users.length;
  const before = await users();
  const post = (headers: Record<string, string>) => fetch(`${base}/play/api/users`, { method: 'POST', headers, body: JSON.stringify({ name: 'Mallory' }) });
  const plainText = await post({ 'content-type': 'text/plain', origin: 'http://evil.example' });
  assert.is(plainText.status, 415);
  assert.match(((await plainText.json()) as { error: string }).error, 'content-type: application/json');
  const foreign = await post({ 'content-type': 'application/json', origin: 'http://evil.example' });
  assert.is(foreign.status, 403);
  assert.match(((await foreign.json()) as { error: string }).error, 'another site');
  assert.is((await post({ 'content-type': 'application/json', origin: 'null' })).status, 403);
  assert.is(await users(), before, 'no user was created');
  assert.is((await post({ 'content-type': 'application/json; charset=utf-8', origin: base })).status, 200);
  assert.is((await post({ 'content-type': 'application/json' })).status, 200, 'a client that sends no Origin (curl) still works');
});

test('pages refuse framing and run only their own inline code; every answer is nosniff; overlays stay embeddable', async () => {
  for (const path of ['/', '/play']) {
    const headers = (await fetch(`${base}${path}`)).headers;
    const csp = headers.get('content-security-policy') ?? '';
    assert.match(csp, "frame-ancestors 'none'", path);
    assert.match(csp, /script-src ('none'|'sha256-[A-Za-z0-9+/=]+')(;|$)/, path);
    assert.not.match(csp, 'unsafe-inline', path);
    assert.is(headers.get('x-frame-options'), 'DENY', path);
    assert.is(headers.get('x-content-type-options'), 'nosniff', path);
  }
  for (const path of ['/healthz', '/readyz', '/play/api/world', '/play/api/commands', '/no-such-page']) {
    assert.is((await fetch(`${base}${path}`)).headers.get('x-content-type-options'), 'nosniff', path);
  }
  const overlay = await fetch(`${base}/overlay`);
  assert.is(overlay.headers.get('x-frame-options'), null, 'OBS frames overlays');
  assert.not.match(overlay.headers.get('content-security-policy') ?? '', 'frame-ancestors');
});

test.after(async () => {
  await browser?.close();
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
});
test.run();
