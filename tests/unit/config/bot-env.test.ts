// The bot's environment variables: parsed once, bad values named.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, loadConfig } from '../../../config/index.ts';

test('shards, shard count, guild, admins and the defer delay parse', () => {
  const { env } = loadConfig({ env: { DISCORD_SHARDS: '0,2', DISCORD_SHARD_COUNT: '4', DISCORD_GUILD_ID: '123456789012345678', BOT_ADMINS: '123456789012345678, 223456789012345678', BOT_DEFER_MS: '1500', DISCORD_API_URL: 'http://127.0.0.1:9/api' } });
  assert.equal(env.DISCORD_SHARDS, [0, 2]);
  assert.is(env.DISCORD_SHARD_COUNT, 4);
  assert.equal(env.BOT_ADMINS, ['123456789012345678', '223456789012345678']);
  assert.is(env.BOT_DEFER_MS, 1500);
  assert.is(env.DISCORD_API_URL, 'http://127.0.0.1:9/api');
  assert.is(loadConfig({ env: { DISCORD_SHARD_COUNT: 'auto' } }).env.DISCORD_SHARD_COUNT, 'auto');
  assert.is(loadConfig({ env: {} }).env.BOT_DEFER_MS, 2000);
});

test('bad values stop start-up naming the variable', () => {
  for (const [name, value] of [['DISCORD_SHARDS', '0;1'], ['DISCORD_SHARD_COUNT', '0'], ['BOT_ADMINS', 'bob'], ['BOT_DEFER_MS', '3000'], ['DISCORD_API_URL', 'ftp://x']] as const) {
    try {
      loadConfig({ env: { [name]: value } });
      assert.unreachable(name);
    } catch (error) {
      assert.instance(error, ConfigError);
      assert.match((error as Error).message, name);
    }
  }
});

test.run();
