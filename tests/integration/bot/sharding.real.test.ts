// On real Redis + PostgreSQL: the bot under discord.js sharding, two gateway
// shards as two bot roles (as ShardingManager's children would run them) on
// one emulator. Each shard gets its own guilds' interactions and delivers
// only its own guilds' notifications, each once; a restarted shard resumes
// from its cursor in Redis and sends nothing twice.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Registry } from 'prom-client';
import { Permission } from '../../support/discord-emulator/index.ts';
import { postgresAvailable, redisAvailable } from '../../support/services.ts';

const available = (await redisAvailable()) && (await postgresAvailable());

if (available) {
  const { startBotHarness } = await import('../../support/bot-harness.ts');
  const h = await startBotHarness({ backend: 'real', noBot: true });
  const { emulator } = h;
  const zero = await h.startBot({ shards: [0], shardCount: 2 });
  const one = await h.startBot({ shards: [1], shardCount: 2 });
  const alice = emulator.addUser('alice');
  const bruno = emulator.addUser('bruno');
  const A = emulator.addGuild('Ashford', alice, { shard: 0, shardCount: 2 });
  const B = emulator.addGuild('Brightwater', bruno, { shard: 1, shardCount: 2 });
  const sent = async (registry: Registry): Promise<number> => {
    const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'bot_notifications_total');
    return (metric?.values ?? []).filter((v) => v.labels.outcome === 'sent').reduce((sum, v) => sum + v.value, 0);
  };

  test('each shard runs its own guilds: two identifies, one per shard', async () => {
    assert.equal(emulator.gateway.identifies.map(([shard, count]) => `${shard}/${count}`).sort(), ['0/2', '1/2']);
    assert.equal(zero.bot.discord?.shardIds, [0]);
    assert.equal(one.bot.discord?.shardIds, [1]);
  });

  test('registrations in both guilds; each shard delivers only its own guild’s notice, once', async () => {
    for (const [user, guild, name] of [[alice, A, 'Ashford'], [bruno, B, 'Brightwater']] as const) {
      const answer = await h.run(user, guild, 'nation', 'register', { name }, Permission.ManageGuild);
      assert.match(String(answer.embeds[0]?.title), `The nation of ${name} is founded`);
    }
    await emulator.waitFor(() => emulator.channelMessages(A.channel.id).length === 1 && emulator.channelMessages(B.channel.id).length === 1, 15_000, 'both notices');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.is(emulator.channelMessages(A.channel.id).length, 1);
    assert.is(emulator.channelMessages(B.channel.id).length, 1);
    assert.is(await sent(zero.registry), 1, 'shard 0 sent Ashford’s only');
    assert.is(await sent(one.registry), 1, 'shard 1 sent Brightwater’s only');
  });

  test('a restarted shard resumes from its cursor in Redis and sends nothing twice', async () => {
    await zero.bot.stop();
    const again = await h.startBot({ shards: [0], shardCount: 2 });
    await h.run(alice, A, 'military', 'build', { unit: 'infantry', quantity: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    assert.is(emulator.channelMessages(A.channel.id).length, 1, 'the old notice was not sent again');
    assert.is(await sent(again.registry), 0);
    const answer = await h.run(alice, A, 'nation', 'info');
    assert.match(String(answer.embeds[0]?.title), 'Ashford');
  });

  test('the stream is trimmed behind the slowest shard', async () => {
    const { Redis } = await import('ioredis');
    const { compareStreamIds, trimDelivered } = await import('../../../bot/notifications/trim.ts');
    const { notificationsKey } = await import('../../../storage/keys.ts');
    const { redisUrl } = await import('../../support/services.ts');
    const redis = new Redis(redisUrl);
    const key = notificationsKey(h.runtime.prefix);
    const before = await redis.xlen(key);
    assert.ok(before >= 2);
    const cursors = await redis.mget(`${h.runtime.prefix}bot:notify:cursor:0of2`, `${h.runtime.prefix}bot:notify:cursor:1of2`);
    const lowest = await trimDelivered(redis, h.runtime.prefix, 2);
    assert.ok(lowest && cursors.includes(lowest));
    const kept = (await redis.xrange(key, '-', '+')).map(([id]) => id);
    assert.ok(kept.every((id) => compareStreamIds(id, lowest!) >= 0), 'nothing older than the slowest cursor is kept');
    assert.ok(kept.length < before || kept[0] === lowest);
    await redis.quit();
  });

  test.after(() => h.close());
  test.run();
}
