// A bot process (bin/bot.ts, as the Procfile runs it) whose Redis is killed
// and started again: its notification delivery, rate limits and moderation
// lose Redis for a while. The process lives, writes only JSON log lines, stays
// on Discord, and answers a command again once Redis is back (with a runtime
// node on the same Redis to play the game).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DiscordEmulator, Permission } from '../../support/discord-emulator/index.ts';
import { PrivateRedis } from '../../support/private-redis.ts';
import { databaseUrl, dropSchema, freePort, postgresAvailable, redisAvailable, uniqueName } from '../../support/services.ts';
import { nonJsonLines } from '../../support/captured-log.ts';
import { answering, pollUntil } from '../../support/poll.ts';
import { startRole } from '../../support/role-process.ts';

if ((await redisAvailable()) && (await postgresAvailable())) {
  test('a bot process rides out a Redis outage and answers again', async () => {
    const redis = new PrivateRedis({ aof: true });
    await redis.start();
    const emulator = await DiscordEmulator.start({});
    const schema = uniqueName('botout');
    const env = { REDIS_URL: redis.url, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema, KEY_PREFIX: `${schema}:`, SHARDS: '8', LOG_LEVEL: 'info' };
    const runtimePort = await freePort();
    const runtime = startRole('runtime', { ...env, PORT: String(runtimePort), NODE_ID: 'rt-out' });
    const bot = startRole('bot', { ...env, PORT: String(await freePort()), DISCORD_TOKEN: emulator.token, DISCORD_API_URL: emulator.apiUrl });
    try {
      await emulator.waitFor(() => emulator.gateway.sessions.size === 1, 60_000, 'the bot on the gateway').catch((error: Error) => {
        throw new Error(`${error.message}\n${bot.output()}`);
      });
      await answering(`http://127.0.0.1:${runtimePort}/readyz`, { withinMs: 30_000, context: runtime.output });
      const owner = emulator.addUser('owner');
      const guild = emulator.addGuild('Outage land', owner);
      await new Promise((resolve) => setTimeout(resolve, 200)); // GUILD_CREATE reaches the bot first
      const register = (name: string) => emulator.command({ guild, user: owner, command: 'nation', subcommand: 'register', options: { name }, permissions: Permission.ManageGuild });
      assert.match(String((await emulator.answer(register('Before'), 20_000)).embeds[0]?.title), 'The nation of Before is founded');

      await redis.kill();
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      assert.is(bot.child.exitCode, null, `the bot lives through the outage:\n${bot.output()}`);
      await redis.start();

      // Sent again until an answer is not an error: the runtime node may still be taking its shards back.
      let last: unknown;
      const view = await pollUntil(
        'a good answer to /nation info',
        async () => {
          last = await emulator.answer(emulator.command({ guild, user: owner, command: 'nation', subcommand: 'info', options: {} }), 10_000).catch((error: Error) => error.message);
          return /error|try again|unavailable|timed out/i.test(JSON.stringify(last)) ? undefined : last;
        },
        { withinMs: 30_000, everyMs: 500, context: () => `last answer: ${JSON.stringify(last)}` },
      );
      assert.match(JSON.stringify(view), 'Before', 'the nation as it was before the outage');
      assert.is(emulator.gateway.sessions.size, 1, 'still on Discord');
      assert.equal(nonJsonLines(bot.output()), [], 'every line the bot wrote is a JSON log line');
    } finally {
      await Promise.all([bot.stop(), runtime.stop()]);
      await emulator.close();
      await redis.stop();
      await dropSchema(schema);
    }
  });

  test.run();
}

