// The overlays in headless Chromium, driven by the game through the runtime
// (game kinds on the embedded backends, virtual clock): the battle overlay
// follows a war from before its declaration to the winner; pixels outside the
// panels are fully transparent; a gateway restart while overlays are open is
// survived with the missed events shown; an ally joining shows under its side
// at once, then with its losses. Screenshots of every overlay go to
// test-output/overlays/.
import { mkdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { nationLinks } from '../../../realtime/links.ts';
import { decodePng, launchChromium, type LaunchedBrowser } from '../../support/browser.ts';
import { serveGateway, TEST_SECRET, type ServedGateway } from '../../support/gateway-harness.ts';
import { startHarness, type Harness } from '../../support/runtime-harness.ts';
import { advanceToBattle, allGameKinds, ATTACKER, declareAndAccept, DEFENDER, HOUR, registerAndArm } from '../../support/war-driver.ts';

const OUT = new URL('../../../test-output/overlays/', import.meta.url);
mkdirSync(OUT, { recursive: true });

let harness: Harness;
let served: ServedGateway;
let chromium: LaunchedBrowser;

async function openPage(path: string): Promise<Page> {
  const page = await chromium.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.on('pageerror', (error) => process.stderr.write(`page error on ${path}: ${error.message}\n`));
  await page.goto(`${served.url}${path}`);
  return page;
}

async function shoot(page: Page, name: string): Promise<Buffer> {
  // Panels slide and fade in: pixels are asserted on the settled page, not on a
  // frame of its entrance (finite animations and transitions run to their end).
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  const png = await page.screenshot({ path: new URL(`${name}.png`, OUT).pathname, omitBackground: true });
  process.stdout.write(`    screenshot test-output/overlays/${name}.png\n`);
  return png;
}

async function winnerOf(war: string): Promise<string> {
  const state = await served.gateway.views.actor(`war:${war}`);
  return String(state?.context.winner);
}

const text = (page: Page, selector: string) => page.locator(selector).first().innerText();

test.before(async () => {
  harness = await startHarness({ backend: 'embedded', virtualTime: true, kinds: allGameKinds });
  served = await serveGateway(harness);
  chromium = await launchChromium();
  await registerAndArm(harness);
});

test.after(async () => {
  await chromium?.close();
  await served?.stop();
  await harness?.close();
});

test('battle overlay: both sides, the countdown, then the winner; outside the panels fully transparent', async () => {
  const war = '01JBATTLEOVERLAYWAR0000001';
  const page = await openPage(`/overlay/battle?war=${war}`);
  await page.locator('.battle-phase', { hasText: 'Awaiting war' }).waitFor();

  await declareAndAccept(harness, war);
  await page.locator('.side-attacker .side-name', { hasText: ATTACKER.name }).waitFor();
  await page.locator('.side-defender .side-name', { hasText: DEFENDER.name }).waitFor();
  // The declaration's view may arrive before the acceptance's, and the proposal
  // has a countdown of its own (the clock ticks every 250 ms).
  await page.locator('[data-phase="preparation"]').waitFor();
  await page.locator('.battle-clock.shown', { hasText: /^(23|24):\d\d:\d\d$/ }).waitFor({ timeout: 5_000 });
  assert.match(await text(page, '.battle-clock'), /^(23|24):\d\d:\d\d$/, 'counts down the 24 h preparation');
  assert.is(await text(page, '.battle-phase'), 'BATTLE IN');
  const before = decodePng(await shoot(page, 'battle-countdown'));
  assert.is(before.width, 1920);
  for (const [x, y] of [[20, 20], [960, 300], [1900, 1060], [100, 900]] as const) {
    assert.is(before.pixel(x, y)[3], 0, `pixel (${x}, ${y}) outside the panels is fully transparent`);
  }
  assert.ok(before.pixel(960, 1000)[3] > 200, 'the panel itself is opaque enough to read');

  await advanceToBattle(harness);
  const winner = (await winnerOf(war)) === ATTACKER.address ? ATTACKER.name : DEFENDER.name;
  await page.locator('.battle-banner.shown .winner-name', { hasText: `${winner} wins` }).waitFor();
  await page.locator('.side-attacker .unit').first().waitFor();
  assert.match(await text(page, '.banner-details'), /territory/);
  const after = decodePng(await shoot(page, 'battle-result'));
  assert.is(after.pixel(20, 20)[3], 0);
  await page.close();
});

test('leaderboard, ticker and nation card render; the board shows movement arrows', async () => {
  const rows = (scores: Record<string, number>) =>
    Object.entries(scores).map(([name, power], i) => ({ member: `nation:${100 + i}`, name, scores: { power }, hidden: false }));
  await served.leaderboards.update(rows({ Avalon: 1200, Brigantia: 950, Caledonia: 800, Dumnonia: 640, Eboracum: 410 }));
  const board = await openPage('/overlay/leaderboard?board=power&limit=5&theme=midnight');
  await board.locator('.board-row').nth(4).waitFor();
  // Caledonia overtakes both leaders; a nation's stats change is what makes the gateway read the boards again.
  await served.leaderboards.update(rows({ Avalon: 1200, Brigantia: 950, Caledonia: 1500, Dumnonia: 640, Eboracum: 410 }));
  await harness.client.request(ATTACKER.address, { type: 'build', by: ATTACKER.leader, unit: 'infantry', quantity: 1 });
  await board.locator('.board-row[data-rank="1"] .name', { hasText: 'Caledonia' }).waitFor();
  await board.locator('.board-row[data-rank="1"] .move.up').waitFor();
  assert.is(await board.locator('.move.down').count(), 2);
  await board.waitForTimeout(800); // let the rows finish sliding
  await shoot(board, 'leaderboard');

  const ticker = await openPage('/overlay/ticker');
  await ticker.locator('.ticker-item').first().waitFor();
  assert.match(await ticker.locator('.ticker-items').innerText(), /defeats/);
  await shoot(ticker, 'ticker');

  const card = nationLinks({ baseUrl: served.url, secret: TEST_SECRET, nation: ATTACKER.address, now: harness.clock.now() }).links[0]!;
  const nation = await openPage(new URL(card.url).pathname + new URL(card.url).search);
  await nation.locator('.nation-name', { hasText: ATTACKER.name }).waitFor();
  assert.match(await text(nation, '.nation-stats'), /MILITARY/);
  await shoot(nation, 'nation-card');
  const refused = await openPage(`/overlay/nation?nation=${ATTACKER.address.slice('nation:'.length)}&token=forged.token`);
  await refused.locator('.problem-title').waitFor();
  await shoot(refused, 'nation-card-bad-token');

  const themed = await openPage('/overlay/leaderboard?board=power&limit=5&theme=ember&scale=0.5');
  await themed.locator('.board-row').nth(4).waitFor();
  await shoot(themed, 'leaderboard-ember-half-scale');
  for (const page of [board, ticker, nation, refused, themed]) await page.close();
});

test('a gateway restart while overlays are open: they show "reconnecting", come back, and show what they missed', async () => {
  const war = '01JRESTARTOVERLAYWAR000002';
  await declareAndAccept(harness, war);
  const battle = await openPage(`/overlay/battle?war=${war}`);
  const ticker = await openPage('/overlay/ticker');
  await battle.locator('.battle-clock.shown').waitFor();
  await ticker.locator('.ticker-item').first().waitFor();

  const port = served.port;
  await served.stop();
  await battle.locator('.status.shown', { hasText: 'reconnecting' }).waitFor();
  await shoot(battle, 'battle-reconnecting');

  // The battle is fought while no gateway runs.
  await advanceToBattle(harness);
  const winner = (await winnerOf(war)) === ATTACKER.address ? ATTACKER.name : DEFENDER.name;
  served = await serveGateway(harness, { port, leaderboards: served.leaderboards });

  await battle.locator('.battle-banner.shown .winner-name', { hasText: `${winner} wins` }).waitFor({ timeout: 20_000 });
  await ticker.locator('.ticker-item', { hasText: `${winner} defeats` }).nth(1).waitFor({ timeout: 20_000 });
  assert.is(await battle.locator('.status.shown').count(), 0, 'the reconnecting pill is gone');
  await shoot(ticker, 'ticker-after-restart');
  await battle.close();
  await ticker.close();
});

test('an ally joining shows under its side at once, then with its losses; its name is text, never markup', async () => {
  // Named like markup: the overlay must show it as typed.
  const ally = { address: 'nation:333333333333333333', leader: '900000000000000003', name: '<b>Carthage</b>' };
  const ok = async (to: string, event: { type: string } & Record<string, unknown>) => {
    const reply = await harness.client.request(to, event);
    if (!reply.ok) throw new Error(`${to} refused ${event.type}: ${reply.code} ${reply.message}`);
    return reply;
  };
  await ok(ally.address, { type: 'register', by: ally.leader, name: ally.name });
  await ok(ally.address, { type: 'build', by: ally.leader, unit: 'infantry', quantity: 20 });
  const { alliance } = await ok(ATTACKER.address, { type: 'proposeAlliance', by: ATTACKER.leader, partner: ally.address, name: 'Sea League', treaty: 'defense' });
  await harness.settle();
  await ok(ally.address, { type: 'respondAlliance', by: ally.leader, alliance, accept: true });
  await harness.advance(HOUR); // the ally's army is ready
  await ok(ally.address, { type: 'completeBuilds' });

  const war = '01JALLYOVERLAYWAR000000003';
  await declareAndAccept(harness, war);
  const page = await openPage(`/overlay/battle?war=${war}`);
  await page.locator('[data-phase="preparation"]').waitFor();
  assert.is(await page.locator('.side-allies.shown').count(), 0, 'no allies yet: no row');

  await ok(ally.address, { type: 'joinWar', by: ally.leader, war });
  await harness.settle();
  const chip = page.locator('.side-attacker .side-allies .ally-name');
  await chip.waitFor();
  assert.is(await chip.innerText(), ally.name, 'shown as typed');
  assert.is(await page.locator('.side-attacker b').count(), 0, 'not parsed as markup');
  assert.is(await page.locator('.side-defender .side-allies .ally').count(), 0, 'under its own side only');
  // The gateway sends the event before the view it changes: the chip enters with the event.
  assert.is(await page.locator('.side-attacker .ally.ally-new').count(), 1, 'it enters as the war announces it (warJoined)');
  await shoot(page, 'battle-ally-joined');

  await advanceToBattle(harness);
  await page.locator('.battle-banner.shown').waitFor();
  const lost = page.locator('.side-attacker .ally .unit-lost');
  await lost.waitFor();
  assert.match(await lost.innerText(), /^−\d+$/, 'its losses once the battle is fought');
  await shoot(page, 'battle-ally-result');
  await page.close();
});

test.run();
