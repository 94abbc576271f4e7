// Notification delivery through the emulator: a 429 is waited out for its
// retry_after and the message delivered once; 5xx responses are retried until
// the message goes through, once; a crash between the send and its record is
// absorbed by the message nonce (enforce_nonce); a defender's leader gets the
// declaration by DM too, with its buttons.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REST } from 'discord.js';
import { NotificationDelivery } from '../../../bot/index.ts';
import { MemoryLedger } from '../../../bot/notifications/ledger.ts';
import { DiscordSender } from '../../../bot/notifications/sender.ts';
import { notificationsKey } from '../../../storage/keys.ts';
import { Permission } from '../../support/discord-emulator/index.ts';
import { silent, startBotHarness } from '../../support/bot-harness.ts';

const h = await startBotHarness();
const { emulator } = h;
const leaderA = emulator.addUser('ana');
const leaderB = emulator.addUser('ben');
const A = emulator.addGuild('Aurum', leaderA);
const B = emulator.addGuild('Bastion', leaderB);
const posts = (channelId: string) => emulator.state.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${channelId}/messages`);

test('a 429 is retried after retry_after and the message delivered once', async () => {
  emulator.fault({ method: 'POST', path: new RegExp(`^/channels/${A.channel.id}/messages$`), status: 429, retryAfter: 1.2 });
  await h.run(leaderA, A, 'nation', 'register', { name: 'Aurum' }, Permission.ManageGuild);
  await emulator.waitFor(() => emulator.channelMessages(A.channel.id).length === 1, 10_000, 'the registration notice');
  const [limited, delivered] = posts(A.channel.id);
  assert.is(limited?.status, 429);
  assert.is(delivered?.status, 200);
  assert.ok(delivered!.at - limited!.at >= 1_200, `retried after ${delivered!.at - limited!.at} ms`);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  assert.is(emulator.channelMessages(A.channel.id).length, 1, 'delivered once');
  assert.is(posts(A.channel.id).length, 2);
});

test('5xx responses are retried until the message goes through, once', async () => {
  // discord.js retries a 5xx three times itself; the fourth failure reaches the delivery's own backoff.
  emulator.fault({ method: 'POST', path: new RegExp(`^/channels/${B.channel.id}/messages$`), status: 502, times: 5 });
  await h.run(leaderB, B, 'nation', 'register', { name: 'Bastion' }, Permission.ManageGuild);
  await emulator.waitFor(() => emulator.channelMessages(B.channel.id).length === 1, 15_000, 'the registration notice after 5xx');
  const statuses = posts(B.channel.id).map((request) => request.status);
  assert.equal(statuses, [502, 502, 502, 502, 502, 200]);
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.is(emulator.channelMessages(B.channel.id).length, 1);
});

test('a crash between the send and its record is absorbed by the nonce', async () => {
  const store = h.runtime.backends.store;
  // A stream of its own, so the bot's running delivery does not take part.
  const prefix = `${h.runtime.prefix}crash:`;
  const body = JSON.stringify({ id: 'crash-test/n0', from: `nation:${A.id}`, at: Date.now(), target: `nation:${A.id}`, kind: 'testNotice', data: { note: 'once' } });
  let crashed = false;
  const ledger = new MemoryLedger();
  const flaky = {
    cursor: () => ledger.cursor(),
    saveCursor: (id: string) => ledger.saveCursor(id),
    wasSent: (key: string) => ledger.wasSent(key),
    async markSent(key: string) {
      if (!crashed) {
        crashed = true;
        throw new Error('process died after sending');
      }
      await ledger.markSent(key);
    },
  };
  const before = emulator.channelMessages(A.channel.id).length;
  const delivery = new NotificationDelivery({
    store,
    prefix,
    ledger: flaky,
    sender: new DiscordSender(new REST({ version: '10', api: emulator.apiUrl }).setToken(emulator.token)),
    game: h.bot.context.game,
    features: h.config.features,
    owns: (target) => target === `nation:${A.id}`,
    logger: silent,
    retryBaseMs: 50,
    blockMs: 100,
  });
  delivery.start();
  await store.publish(notificationsKey(prefix), [body], 1000);
  await emulator.waitFor(() => crashed && delivery.pending === 0 && (emulator.state.nonceHits > 0 || undefined), 10_000, 'the re-send');
  await delivery.stop();
  assert.is(emulator.channelMessages(A.channel.id).length, before + 1, 'the re-send returned the first message');
  assert.is(emulator.state.nonceHits, 1);
});

test('the defender’s channel and its leader’s DMs get the declaration with its buttons', async () => {
  await h.run(leaderA, A, 'war', 'declare', { target: `nation:${B.id}` });
  const inChannel = await emulator.waitFor(() => emulator.channelMessages(B.channel.id).find((m) => JSON.stringify(m.embeds).includes('declared war on you')), 10_000, 'declaration in channel');
  const byDm = await emulator.waitFor(() => emulator.dms(leaderB.id).find((m) => JSON.stringify(m.embeds).includes('declared war on you')), 10_000, 'declaration by DM');
  assert.equal(byDm.components, inChannel.components);
  assert.is(emulator.dms(leaderA.id).filter((m) => JSON.stringify(m.embeds).includes('declared war')).length, 0, 'the aggressor’s leader needs no DM');
});

test.after(() => h.close());
test.run();
