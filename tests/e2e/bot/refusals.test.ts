// Refusals through the emulator with the real discord.js client: a
// non-leader declaring war, quantities of −5 and 10¹², an unknown nation,
// spamming (rate-limit reply with the wait), expired buttons, a banned user
// and guild. Each gets a clear ephemeral answer and changes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { NationContext } from '../../../actors/nation/context.ts';
import { encodeButton } from '../../../bot/index.ts';
import { Permission, type EmuMessage } from '../../support/discord-emulator/index.ts';
import { flushed, startBotHarness } from '../../support/bot-harness.ts';

const admin = '900000000000000001';
const h = await startBotHarness({ env: { BOT_ADMINS: admin } });
const { emulator } = h;
const manager = Permission.ManageGuild | Permission.SendMessages;
const leader = emulator.addUser('lea');
const citizen = emulator.addUser('cit');
const other = emulator.addUser('oth');
const spammer = emulator.addUser('spam');
const A = emulator.addGuild('Aquila', leader);
const B = emulator.addGuild('Borealis', other);
emulator.state.addUser({ id: admin, username: 'root' });
const adminUser = { id: admin, username: 'root' };

const nation = async (guildId: string): Promise<NationContext> => (await h.bot.context.game.read<NationContext>(`nation:${guildId}`))!.context;
const snapshot = async (guildId: string) => JSON.stringify(await nation(guildId));

test('setup: two nations and a citizen', async () => {
  await h.run(leader, A, 'nation', 'register', { name: 'Aquila' }, manager);
  await h.run(other, B, 'nation', 'register', { name: 'Borealis' }, manager);
  await h.run(citizen, A, 'citizen', 'join');
  assert.ok((await nation(A.id)).citizens[citizen.id]);
});

test('a citizen who is not the leader cannot declare war', async () => {
  const before = await snapshot(A.id);
  const answer = await h.run(citizen, A, 'war', 'declare', { target: `nation:${B.id}` });
  assert.ok(answer.ephemeral);
  assert.match(answer.content, 'Only the leader or an officer of Aquila can do this');
  assert.is(await snapshot(A.id), before);
});

test('quantities of −5 and 10¹² are refused before the game is asked', async () => {
  const before = await snapshot(A.id);
  const low = await h.run(leader, A, 'military', 'build', { unit: 'infantry', quantity: -5 });
  assert.ok(low.ephemeral);
  assert.match(low.content, '`quantity` must be at least 1 (you gave -5)');
  const high = await h.run(leader, A, 'military', 'build', { unit: 'infantry', quantity: 1e12 });
  assert.ok(high.ephemeral);
  assert.match(high.content, '`quantity` can be at most 100,000');
  assert.is(await snapshot(A.id), before);
});

test('an unknown nation is refused with what to do', async () => {
  const before = await snapshot(A.id);
  const answer = await h.run(leader, A, 'war', 'declare', { target: 'Atlantis' });
  assert.ok(answer.ephemeral);
  assert.match(answer.content, 'There is no nation called "Atlantis". Start typing and pick one from the suggestions.');
  const forged = await h.run(leader, A, 'war', 'declare', { target: 'nation:123456789012345678' });
  assert.ok(forged.ephemeral);
  assert.is(await snapshot(A.id), before);
});

test('a fragment of a nation\'s name picks no target: the refusal suggests the names it matches; a full name in any case does', async () => {
  await flushed(h, `nation:${A.id}`);
  const before = await snapshot(B.id);
  const answer = await h.run(other, B, 'war', 'declare', { target: 'Aqu' });
  assert.ok(answer.ephemeral);
  assert.match(answer.content, 'There is no nation called "Aqu". Did you mean **Aquila**? Type the full name, or pick one from the suggestions.');
  assert.is(await snapshot(B.id), before);
  const profile = await h.run(other, B, 'nation', 'info', { nation: '  aQuIlA ' });
  assert.match(String(profile.embeds[0]?.title), 'Aquila');
});

test('spamming a command gets the rate-limit reply with the wait', async () => {
  const limit = h.config.timers.rate_limits.per_user;
  const answers = [];
  for (let i = 0; i <= limit; i++) answers.push(await h.run(spammer, A, 'help', undefined));
  assert.ok(answers.slice(0, limit).every((answer) => !answer.content.includes('too fast')));
  const last = answers[limit]!;
  assert.ok(last.ephemeral);
  assert.match(last.content, /You are sending commands too fast\. Try again in \d+ second\(s\)\./);
});

test('an expired war button answers plainly and changes nothing', async () => {
  const declared = await h.run(leader, A, 'war', 'declare', { target: `nation:${B.id}` });
  assert.match(declared.content, 'declared war');
  const war = Object.keys((await nation(A.id)).wars)[0]!;
  await h.runtime.advance((h.config.timers.war.proposal_hours + 1) * 3_600_000); // silence = declined
  assert.is((await nation(B.id)).wars[war], undefined);
  const before = await snapshot(B.id);
  const message = emulator.state.channelMessages(B.channel.id).at(-1) as EmuMessage;
  const answer = await emulator.answer(emulator.click({ guild: B, user: other, message, customId: encodeButton({ type: 'respond', subject: 'war', accept: true, id: war }) }));
  assert.ok(answer.ephemeral);
  assert.match(answer.content, 'can no longer be answered');
  assert.is(await snapshot(B.id), before);

  const again = await h.run(leader, A, 'war', 'declare', { target: `nation:${B.id}` });
  assert.ok(again.ephemeral);
  assert.match(again.content, /That is on cooldown\. You can do it again in \d+ minute\(s\)\./);
});

test('an expired confirmation, or someone else’s, is refused', async () => {
  const asked = await h.run(citizen, A, 'citizen', 'leave');
  assert.ok(asked.ephemeral);
  const confirmId = (asked.components[0]!.components[0] as { custom_id: string }).custom_id;
  const stranger = await emulator.answer(emulator.click({ guild: A, user: leader, message: asked.message, customId: confirmId }));
  assert.match(stranger.content, 'can answer this question');
  await h.runtime.advance(11 * 60_000);
  const late = await emulator.answer(emulator.click({ guild: A, user: citizen, message: asked.message, customId: confirmId }));
  assert.ok(late.ephemeral);
  assert.match(late.content, 'This confirmation expired. Run the command again.');
  assert.ok((await nation(A.id)).citizens[citizen.id], 'still a citizen');
});

test('bans: /admin ban is for bot admins, is enforced first, audited, and lifted by unban', async () => {
  const notAdmin = await h.run(leader, A, 'admin', 'ban', { type: 'user', id: citizen.id, reason: 'spam' }, manager);
  assert.match(notAdmin.content, 'Only the bot’s admins can do that.');
  const banned = await h.run(adminUser, A, 'admin', 'ban', { type: 'user', id: citizen.id, reason: 'spam' }, manager);
  assert.match(banned.content, 'is banned');
  const refused = await h.run(citizen, A, 'nation', 'info');
  assert.ok(refused.ephemeral);
  assert.match(refused.content, 'You are banned from Server Wars');
  const guildBan = await h.run(adminUser, A, 'admin', 'ban', { type: 'guild', id: B.id, reason: 'raids' }, manager);
  assert.match(guildBan.content, 'is banned');
  assert.match((await h.run(other, B, 'nation', 'info')).content, 'This server is banned');
  await h.run(adminUser, A, 'admin', 'unban', { type: 'user', id: citizen.id }, manager);
  assert.not.match((await h.run(citizen, A, 'nation', 'info')).content, 'banned');
  const audit = await h.bot.context.moderation.recentAudit(10);
  assert.equal(audit.map((row) => [row.action, row.subject]).slice(0, 3), [
    ['unban', `user:${citizen.id}`],
    ['ban', `guild:${B.id}`],
    ['ban', `user:${citizen.id}`],
  ]);
});

test.after(() => h.close());
test.run();
