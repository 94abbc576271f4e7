// /overlay through the real discord.js client and the emulator: the leader
// gets private links whose nation-card token the gateway accepts, and can
// revoke every link given out before; a citizen without Manage Server gets
// none; a server without a nation is told how to start.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RealtimeErrorCodes, type RealtimeError } from '../../../realtime/errors.ts';
import { gatewaySecret, verifyToken } from '../../../realtime/index.ts';
import { RevokedLinks } from '../../../realtime/revoked-links.ts';
import { createOverlayRevocations } from '../../../storage/index.ts';
import { quietLogger } from '../../support/runtime-harness.ts';
import { Permission } from '../../support/discord-emulator/index.ts';
import { startBotHarness } from '../../support/bot-harness.ts';

const h = await startBotHarness();
const { emulator } = h;
const leader = emulator.addUser('ada');
const citizen = emulator.addUser('al');
const guild = emulator.addGuild('Avalon', leader);
const empty = emulator.addGuild('Nowhere', emulator.addUser('nobody'));

type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[] };

test('the leader gets private overlay links; the nation card carries a token the gateway accepts', async () => {
  await h.run(leader, guild, 'nation', 'register', { name: 'Avalon' }, Permission.ManageGuild | Permission.SendMessages);
  const answer = await h.run(leader, guild, 'overlay', undefined, { theme: 'ember' });
  assert.ok(answer.ephemeral, 'the links are private');
  const embed = answer.embeds[0] as Embed;
  assert.match(String(embed.title), 'Overlays for Avalon');
  const urls = (embed.fields ?? []).map((field) => new URL(field.value));
  assert.ok(urls.some((url) => url.pathname === '/overlay/leaderboard'), 'a leaderboard link');
  assert.ok(urls.some((url) => url.pathname === '/overlay/ticker'), 'a ticker link');
  assert.ok(urls.every((url) => url.searchParams.get('theme') === 'ember'), 'the theme asked for');
  const card = urls.find((url) => url.pathname === '/overlay/nation');
  assert.ok(card, 'a nation card link');
  const grant = verifyToken(gatewaySecret(h.config.env).secret, card!.searchParams.get('token'), h.runtime.clock.now());
  assert.is(grant.nation, `nation:${guild.id}`);
});

test('revoke: links given out before are void on the gateway; the fresh links that come with it work', async () => {
  const secret = gatewaySecret(h.config.env).secret;
  const cardToken = (answer: { embeds: unknown[] }) =>
    new URL(((answer.embeds[0] as Embed).fields ?? []).find((field) => field.name.includes('Nation card'))!.value).searchParams.get('token');
  const before = verifyToken(secret, cardToken(await h.run(leader, guild, 'overlay', undefined)), h.runtime.clock.now());
  const answer = await h.run(leader, guild, 'overlay', undefined, { revoke: true });
  assert.ok(answer.ephemeral);
  assert.match(String((answer.embeds[0] as Embed).description), 'Every overlay link given out before now is revoked');
  const fresh = verifyToken(secret, cardToken(answer), h.runtime.clock.now());
  const revoked = new RevokedLinks(createOverlayRevocations(h.runtime.backends.database.sql), quietLogger);
  const refused = await revoked.check(before).then(() => null, (error: unknown) => error);
  assert.is((refused as RealtimeError | null)?.code, RealtimeErrorCodes.TOKEN_REVOKED, 'the earlier link');
  await revoked.check(fresh);
});

test('a citizen without Manage Server is refused; a server manager is not', async () => {
  await h.run(citizen, guild, 'citizen', 'join');
  const refused = await h.run(citizen, guild, 'overlay', undefined);
  assert.ok(refused.ephemeral);
  assert.match(refused.content, 'only the leader or a server manager');
  assert.is(refused.embeds.length, 0, 'no links');
  const manager = await h.run(citizen, guild, 'overlay', undefined, {}, Permission.ManageGuild | Permission.SendMessages);
  assert.match(String((manager.embeds[0] as Embed).title), 'Overlays for Avalon');
});

test('a server with no nation is told how to start one', async () => {
  const answer = await h.run(emulator.addUser('zed'), empty, 'overlay', undefined);
  assert.ok(answer.ephemeral);
  assert.match(answer.content, '/nation register');
});

test.after(() => h.close());
test.run();
