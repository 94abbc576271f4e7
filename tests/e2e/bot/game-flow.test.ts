// End to end through the Discord emulator with the real discord.js client
// and the real runtime (embedded backends, virtual clock): two guilds found
// nations, citizens join, leaders build, one declares war, the other accepts
// by button (after a bot restart), time passes, the battle resolves and both
// channels get the report; an alliance and a trade complete by button; the
// new ally joins a war beside its ally with /war join and gets its own losses
// in the battle report; an election makes a citizen leader, who can then act
// as leader.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { NationContext } from '../../../actors/nation/context.ts';
import { Permission, type EmuMessage } from '../../support/discord-emulator/index.ts';
import { flushed, startBotHarness } from '../../support/bot-harness.ts';

const h = await startBotHarness();
const { emulator } = h;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const manager = Permission.ManageGuild | Permission.SendMessages;

const aLeader = emulator.addUser('ada');
const bLeader = emulator.addUser('bo');
const cLeader = emulator.addUser('cy');
const aCitizen = emulator.addUser('al');
const A = emulator.addGuild('Avalon', aLeader);
const B = emulator.addGuild('Byzantium', bLeader);
const C = emulator.addGuild('Carthage', cLeader);

const nation = async (guildId: string): Promise<NationContext> => {
  const view = await h.bot.context.game.read<NationContext>(`nation:${guildId}`);
  return view?.context ?? ({ registered: false } as NationContext);
};
const button = (message: EmuMessage, label: string): string => {
  for (const row of message.components as { components: { label: string; custom_id: string }[] }[]) {
    const found = row.components.find((component) => component.label === label);
    if (found) return found.custom_id;
  }
  throw new Error(`no "${label}" button on the message`);
};
const titled = (channelId: string, prefix: string) => () =>
  emulator.channelMessages(channelId).find((message) => (message.embeds as { title?: string }[]).some((embed) => embed.title?.startsWith(prefix)));

test('two guilds register nations (Manage Server), citizens join, leaders build', async () => {
  const refused = await h.run(aLeader, A, 'nation', 'register', { name: 'Avalon' });
  assert.ok(refused.ephemeral, 'without Manage Server: refused privately');
  assert.match(refused.content, 'Manage Server');
  assert.is((await nation(A.id)).registered, false, 'nothing changed');

  for (const [user, guild, name] of [[aLeader, A, 'Avalon'], [bLeader, B, 'Byzantium'], [cLeader, C, 'Carthage']] as const) {
    const answer = await h.run(user, guild, 'nation', 'register', { name }, manager);
    assert.is(answer.ephemeral, false);
    assert.match(String(answer.embeds[0]?.title), `The nation of ${name} is founded`);
  }
  const joined = await h.run(aCitizen, A, 'citizen', 'join');
  assert.match(joined.content, 'citizen #2');
  assert.ok((await nation(A.id)).citizens[aCitizen.id]);

  const built = await h.run(aLeader, A, 'military', 'build', { unit: 'infantry', quantity: 40 });
  assert.match(built.content, '40 infantry queued');
  await h.run(bLeader, B, 'military', 'build', { unit: 'infantry', quantity: 20 });
  assert.is((await nation(A.id)).buildQueue.length, 1);
});

test('autocomplete offers other nations by name', async () => {
  await flushed(h, `nation:${B.id}`);
  const choices = await emulator.autocomplete({ guild: A, user: aLeader, command: 'war', subcommand: 'declare', options: { target: 'byz' }, focused: 'target' });
  assert.equal(choices, [{ name: 'Byzantium', value: `nation:${B.id}` }]);
  const none = await emulator.autocomplete({ guild: A, user: aLeader, command: 'war', subcommand: 'declare', options: { target: 'Avalon' }, focused: 'target' });
  assert.equal(none, [], 'not your own nation');
});

test('war: declared, accepted by button after a bot restart, battle report in both channels', async () => {
  await h.runtime.advance(HOUR); // builds complete
  const declared = await h.run(aLeader, A, 'war', 'declare', { target: `nation:${B.id}`, reason: 'the harbour' });
  assert.match(declared.content, 'declared war on **Byzantium**');
  const war = Object.keys((await nation(A.id)).wars)[0]!;
  assert.ok(war);

  const notice = await emulator.waitFor(titled(B.channel.id, '🔥 Avalon declared war on you'), 10_000, 'the declaration in B’s channel');
  await h.restartBot();
  const accepted = await emulator.answer(emulator.click({ guild: B, user: bLeader, message: notice, customId: button(notice, 'Accept the war') }));
  assert.match(accepted.content, 'accepted the war');
  await h.runtime.settle();
  assert.is((await nation(B.id)).wars[war]?.phase, 'preparation');

  await h.runtime.advance(h.config.timers.war.preparation_hours * HOUR + HOUR);
  const reportA = await emulator.waitFor(titled(A.channel.id, '💥 Battle report'), 10_000, 'the battle report in A');
  const reportB = await emulator.waitFor(titled(B.channel.id, '💥 Battle report'), 10_000, 'the battle report in B');
  assert.match(String((reportA.embeds[0] as { description: string }).description), 'won the battle');
  assert.equal(reportA.embeds, reportB.embeds);
  assert.is(emulator.channelMessages(A.channel.id).filter((m) => (m.embeds as { title?: string }[])[0]?.title?.startsWith('💥')).length, 1, 'one report, not two');
  const status = await h.run(aLeader, A, 'war', 'status', { war });
  assert.match(JSON.stringify(status.embeds[0]), 'concluded');
});

test('alliance and trade complete by button', async () => {
  await flushed(h, `nation:${C.id}`);
  const proposed = await h.run(aLeader, A, 'alliance', 'propose', { partner: `nation:${C.id}`, name: 'Sea League', treaty: 'defense' });
  assert.match(proposed.content, 'Sea League');
  const invitation = await emulator.waitFor(titled(C.channel.id, '🤝 Invitation to the alliance Sea League'), 10_000, 'the invitation');
  const joined = await emulator.answer(emulator.click({ guild: C, user: cLeader, message: invitation, customId: button(invitation, 'Accept') }));
  assert.match(joined.content, 'joined the alliance **Sea League**');
  await h.runtime.settle();
  assert.is(Object.keys((await nation(A.id)).alliances).length, 1);
  const list = await h.run(aLeader, A, 'alliance', 'list');
  assert.match(String(list.embeds[0]?.description), 'Carthage');
  // Seen from A, Carthage's profile shows the trust between them, raised by the alliance (strangers: 50).
  const profile = await h.run(aLeader, A, 'nation', 'info', { nation: `nation:${C.id}` });
  const fields = (profile.embeds[0] as { fields?: { name: string; value: string }[] } | undefined)?.fields ?? [];
  const trust = fields.find((field) => field.name.startsWith('Trust with '));
  assert.ok(trust && Number.parseInt(trust.value, 10) > 50, JSON.stringify(fields));

  const before = (await nation(C.id)).resources;
  const offered = await h.run(aLeader, A, 'trade', 'propose', { partner: `nation:${C.id}`, give_gold: 100, want_food: 50 });
  assert.match(offered.content, 'Offered **Carthage** 100 gold for 50 food');
  const offer = await emulator.waitFor(titled(C.channel.id, '📦 Trade offer'), 10_000, 'the trade offer');
  const done = await emulator.answer(emulator.click({ guild: C, user: cLeader, message: offer, customId: button(offer, 'Accept') }));
  assert.match(done.content, 'accepted the trade');
  await h.runtime.settle();
  await emulator.waitFor(titled(C.channel.id, '📦 Trade completed'), 10_000, 'the trade completion');
  const after = (await nation(C.id)).resources;
  assert.is(after.gold - before.gold, 100);
  assert.is(before.food - after.food, 50);
});

test('an ally joins a war with /war join: every side hears of it, and its channel gets the battle report with its losses', async () => {
  const built = await h.run(cLeader, C, 'military', 'build', { unit: 'infantry', quantity: 20 });
  assert.match(built.content, '20 infantry queued');
  await h.runtime.advance(HOUR); // ready long before the battle
  const declared = await h.run(aLeader, A, 'war', 'declare', { target: `nation:${B.id}`, reason: 'the lighthouse' });
  assert.match(declared.content, 'declared war on **Byzantium**');
  const war = String(/War id: `([^`]+)`/.exec(declared.content)?.[1]);
  await h.runtime.settle();

  const early = await h.run(cLeader, C, 'war', 'join', { war });
  assert.ok(early.ephemeral, 'refused privately');
  assert.match(early.content, 'has not been accepted yet');
  assert.equal(await emulator.autocomplete({ guild: C, user: cLeader, command: 'war', subcommand: 'join', options: { war: '' }, focused: 'war' }), [], 'not open to allies yet');
  const outsider = await h.run(bLeader, B, 'war', 'join', { war });
  assert.match(outsider.content, 'already in this war');

  await h.run(bLeader, B, 'war', 'accept', { war });
  await h.runtime.settle();
  await flushed(h, `nation:${A.id}`);
  const offered = await emulator.autocomplete({ guild: C, user: cLeader, command: 'war', subcommand: 'join', options: { war: '' }, focused: 'war' });
  assert.equal(offered, [{ name: 'with Avalon vs Byzantium', value: war }]);

  const joined = await h.run(cLeader, C, 'war', 'join', { war });
  assert.is(joined.ephemeral, false);
  assert.is(joined.content, `🛡️ <@${cLeader.id}> asked to join the war on **Avalon**’s side. The answer will be posted in this channel.`);
  await h.runtime.settle();
  await emulator.waitFor(titled(C.channel.id, '🛡️ Your nation joins the war on Avalon’s side against Byzantium'), 10_000, 'the answer in C');
  await emulator.waitFor(titled(A.channel.id, '🛡️ Carthage joins the war on your side'), 10_000, 'the news in A');
  await emulator.waitFor(titled(B.channel.id, '⚠️ Carthage joins the war on Avalon’s side'), 10_000, 'the news in B');
  const { ref, ...entry } = (await nation(C.id)).wars[war] as { ref?: unknown };
  assert.equal(entry, { role: 'supporter', enemy: `nation:${B.id}`, ally: `nation:${A.id}`, phase: 'preparation' });
  assert.match(String(ref), /^[0-9A-HJKMNP-TV-Z]{26}$/, 'the join keeps the ref its answer carried');

  const list = await h.run(cLeader, C, 'war', 'list');
  assert.match(String(list.embeds[0]?.description), '**supporting Avalon against Byzantium** — preparing for battle');
  const status = await h.run(cLeader, C, 'war', 'status', { war });
  assert.equal((status.embeds[0] as { fields: { name: string; value: string }[] }).fields.find((field) => field.name === 'Allies of Avalon')?.value, 'Carthage');
  const peace = await emulator.autocomplete({ guild: C, user: cLeader, command: 'war', subcommand: 'peace', options: { war: '' }, focused: 'war' });
  assert.equal(peace, [], 'peace is the warring nations’ to make');
  const mine = await emulator.autocomplete({ guild: C, user: cLeader, command: 'war', subcommand: 'status', options: { war: '' }, focused: 'war' });
  assert.equal(mine, [{ name: 'supporting Avalon vs Byzantium (preparation)', value: war }]);

  await h.runtime.advance(h.config.timers.war.preparation_hours * HOUR + HOUR);
  const report = await emulator.waitFor(titled(C.channel.id, '💥 Battle report: Avalon vs Byzantium'), 10_000, 'the battle report in C');
  const embed = report.embeds[0] as { description: string; fields: { name: string; value: string }[] };
  const losses = embed.fields.find((field) => field.name === 'Carthage losses (with Avalon)')?.value ?? '';
  assert.match(losses, /^\d+ infantry$/, 'its own losses, listed');
  assert.match(embed.description, `Your nation fought beside Avalon and lost ${losses}.`);
  // A already has the first war's report: this war's is the one with its id.
  const reportA = await emulator.waitFor(
    () => emulator.channelMessages(A.channel.id).find((message) => (message.embeds as { title?: string; footer?: { text: string } }[]).some((e) => e.title?.startsWith('💥') && e.footer?.text === `war ${war}`)),
    10_000,
    'this battle’s report in A',
  );
  assert.equal((reportA.embeds[0] as { fields: unknown[] }).fields, embed.fields, 'A’s report lists the ally’s losses too');
  const reports = emulator.channelMessages(C.channel.id).filter((m) => (m.embeds as { title?: string }[])[0]?.title?.startsWith('💥'));
  assert.is(reports.length, 1, 'one report, not the nation’s own copy as well');
  const over = await emulator.waitFor(titled(C.channel.id, '🏁 War over: Avalon vs Byzantium'), 10_000, 'the end of the war in C');
  assert.match(String((over.embeds[0] as { description: string }).description), /Your nation fought beside Avalon: your side (won|lost)\./);
  assert.is((await nation(C.id)).wars[war], undefined, 'no longer at war');
});

test('an election makes a citizen leader, who can then act as leader', async () => {
  const started = await h.run(aCitizen, A, 'election', 'start');
  assert.match(started.content, 'opened an election');
  await h.runtime.settle();
  const nominated = await h.run(aCitizen, A, 'election', 'nominate');
  assert.match(nominated.content, 'is a candidate');
  await h.runtime.advance(h.config.timers.election.nomination_days * DAY + HOUR);
  for (const voter of [aLeader, aCitizen]) {
    const voted = await h.run(voter, A, 'election', 'vote', { candidate: aCitizen.id });
    assert.ok(voted.ephemeral);
    assert.match(voted.content, 'Your vote for');
  }
  await h.runtime.advance(h.config.timers.election.voting_days * DAY + HOUR);
  await emulator.waitFor(titled(A.channel.id, '👑 New leader'), 10_000, 'the new leader notice');
  assert.is((await nation(A.id)).leader, aCitizen.id);

  const asLeader = await h.run(aCitizen, A, 'military', 'build', { unit: 'armor', quantity: 1 });
  assert.match(asLeader.content, '1 armor queued');
  const formerLeader = await h.run(aLeader, A, 'nation', 'settings', { stance: 'defensive' });
  assert.ok(formerLeader.ephemeral);
  assert.match(formerLeader.content, 'Only the leader');
});

test('autocomplete offers wars, alliances and market listings', async () => {
  const unfocused = await emulator.autocomplete({ guild: A, user: aLeader, command: 'war', subcommand: 'list', options: {}, focused: 'war' });
  assert.equal(unfocused, [], 'an autocomplete naming no focused option gets an empty list, and the bot lives on');
  const sold = await h.run(cLeader, C, 'market', 'sell', { resource: 'food', quantity: 10, price: 25 });
  assert.match(sold.content, 'Listed 10 food for 25 gold');
  const listing = String(/listing `([^`]+)`/.exec(sold.content)?.[1]);
  await h.runtime.settle();
  await new Promise((resolve) => setTimeout(resolve, 300)); // write-behind
  const listings = await emulator.autocomplete({ guild: A, user: aLeader, command: 'market', subcommand: 'buy', options: { listing: '' }, focused: 'listing' });
  assert.equal(listings, [{ name: '10 food for 25 gold', value: listing }]);
  const own = await emulator.autocomplete({ guild: C, user: cLeader, command: 'market', subcommand: 'buy', options: { listing: '' }, focused: 'listing' });
  assert.equal(own, [], 'not your own listing');
  const alliances = await emulator.autocomplete({ guild: A, user: aLeader, command: 'alliance', subcommand: 'break', options: { alliance: 'sea' }, focused: 'alliance' });
  assert.is(alliances.length, 1);
  assert.is(alliances[0]!.name, 'Sea League');
  const onAlly = await h.run(aCitizen, A, 'war', 'declare', { target: `nation:${C.id}` });
  assert.ok(onAlly.ephemeral);
  assert.match(onAlly.content, 'That nation is your ally');
  const revenge = await h.run(bLeader, B, 'war', 'declare', { target: `nation:${A.id}`, reason: 'revenge' });
  assert.match(revenge.content, 'declared war on **Avalon**');
  await h.runtime.settle();
  const warChoices = await emulator.autocomplete({ guild: A, user: aCitizen, command: 'war', subcommand: 'accept', options: { war: '' }, focused: 'war' });
  assert.is(warChoices.length, 1);
  assert.match(warChoices[0]!.name, 'defending vs Byzantium (proposed)');
});

test('the leaderboard pages with buttons that replace the message', async () => {
  await h.bot.context.leaderboards.update(Array.from({ length: 23 }, (_, i) => ({ member: `nation:${1000 + i}`, name: `Realm ${i}`, scores: { power: 1000 - i }, hidden: false })));
  const first = await h.run(aLeader, A, 'leaderboard', undefined, { board: 'power' });
  assert.match(String(first.embeds[0]?.description), '**1.** Realm 0 — 1,000');
  assert.is((first.embeds[0]?.footer as { text: string }).text, 'Page 1 of 3');
  const next = first.components[0]!.components.find((b) => b.label === 'Next ▶')!;
  const record = emulator.click({ guild: A, user: aLeader, message: first.message, customId: next.custom_id! });
  await emulator.waitFor(() => record.callback, 5_000, 'the page update');
  assert.is(record.callback!.type, 7, 'the message is updated in place');
  const updated = emulator.state.messages.get(first.message.id)!;
  assert.match(JSON.stringify(updated.embeds), '**11.** Realm 10');
  assert.match(JSON.stringify(updated.embeds), 'Page 2 of 3');
});

test.after(() => h.close());
test.run();
