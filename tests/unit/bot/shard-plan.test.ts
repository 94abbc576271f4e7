// Which gateway shards a bot process runs: the count is always said to
// discord.js, DISCORD_SHARDS alone takes Discord's recommended count (asked
// only then), and an id the count does not reach is refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BotError, BotErrorCodes, planShards } from '../../../bot/index.ts';

const recommends = (count: number) => {
  const asked = { times: 0 };
  return { asked, recommended: async () => (asked.times++, count) };
};

test('nothing set, or only "auto": every shard of the recommended count, looked up by discord.js', async () => {
  const { asked, recommended } = recommends(3);
  assert.equal(await planShards({}, recommended), { shards: 'auto' });
  assert.equal(await planShards({ shardCount: 'auto' }, recommended), { shards: 'auto' });
  assert.is(asked.times, 0);
});

test('a count alone: every shard of it', async () => {
  assert.equal(await planShards({ shardCount: 3 }, recommends(9).recommended), { shards: [0, 1, 2], shardCount: 3 });
});

test('DISCORD_SHARDS without a count, or with "auto": out of the recommended count', async () => {
  const { asked, recommended } = recommends(4);
  assert.equal(await planShards({ shards: [1] }, recommended), { shards: [1], shardCount: 4 });
  assert.equal(await planShards({ shards: [0, 3], shardCount: 'auto' }, recommended), { shards: [0, 3], shardCount: 4 });
  assert.is(asked.times, 2);
});

test('DISCORD_SHARDS with a count: that count, Discord not asked', async () => {
  const { asked, recommended } = recommends(1);
  assert.equal(await planShards({ shards: [0, 2], shardCount: 4 }, recommended), { shards: [0, 2], shardCount: 4 });
  assert.is(asked.times, 0);
});

test('an id the count does not reach is refused, naming DISCORD_SHARDS and where the count came from', async () => {
  for (const [setting, source] of [
    [{ shards: [0, 2] }, 'recommended'],
    [{ shards: [3], shardCount: 2 }, 'DISCORD_SHARD_COUNT'],
  ] as const) {
    const error = await planShards(setting, recommends(2).recommended).then(() => undefined, (failure: unknown) => failure);
    assert.instance(error, BotError);
    assert.is((error as BotError).code, BotErrorCodes.BAD_SHARDS);
    assert.match((error as BotError).message, 'DISCORD_SHARDS=');
    assert.match((error as BotError).message, source);
  }
});

test.run();
