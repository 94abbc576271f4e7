// A bot process (bin/bot.ts, as the Procfile runs it) whose Redis is killed
// and started again: its notification delivery, rate limits and moderation
// lose Redis for a while. The process lives, writes only JSON log lines, stays
// on Discord, and answers a command again once Redis is back (with a runtime
// node on the same Redis to play the game).
import { spawn } from 'node:child_process';
import postgres from 'postgres';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DiscordEmulator, Permission } from '../../support/discord-emulator/index.ts';
import { PrivateRedis } from '../../support/private-redis.ts';
import { databaseUrl, freePort, postgresAvailable, redisAvailable, uniqueName } from '../../support/services.ts';
import { nonJsonLines } from '../../support/captured-log.ts';
import { answering } from '../../support/poll.ts';

const root = new URL('../../../', import.meta.url).pathname;

if ((await redisAvailable()) && (await postgresAvailable())) {
  test('a bot process rides out a Redis outage and answers again', async () => {
    const redis = new PrivateRedis({ aof: true });
    await redis.start();
    const emulator = await DiscordEmulator.start({});
    const schema = uniqueName('botout');
    const env = { ...process.env, REDIS_URL: redis.url, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema, KEY_PREFIX: `${schema}:`, SHARDS: '8', LOG_LEVEL: 'info' };
    const outputs = { bot: '', runtime: '' };
    const start = (role: 'bot' | 'runtime', extra: Record<string, string>) => {
      const child = spawn(process.execPath, ['--import', 'tsx', `bin/${role}.ts`], { cwd: root, env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk) => (outputs[role] += chunk));
      child.stderr.on('data', (chunk) => (outputs[role] += chunk));
      return child;
    };
    const runtimePort = await freePort();
    const runtime = start('runtime', { PORT: String(runtimePort), NODE_ID: 'rt-out' });
    const bot = start('bot', { PORT: String(await freePort()), DISCORD_TOKEN: emulator.token, DISCORD_API_URL: emulator.apiUrl });
    try {
      await emulator.waitFor(() => emulator.gateway.sessions.size === 1, 60_000, 'the bot on the gateway').catch((error: Error) => {
        throw new Error(`${error.message}\n${outputs.bot}`);
      });
      await answering(`http://127.0.0.1:${runtimePort}/readyz`, { withinMs: 30_000, context: () => outputs.runtime });
      const owner = emulator.addUser('owner');
      const guild = emulator.addGuild('Outage land', owner);
      await new Promise((resolve) => setTimeout(resolve, 200)); // GUILD_CREATE reaches the bot first
      const register = (name: string) => emulator.command({ guild, user: owner, command: 'nation', subcommand: 'register', options: { name }, permissions: Permission.ManageGuild });
      assert.match(String((await emulator.answer(register('Before'), 20_000)).embeds[0]?.title), 'The nation of Before is founded');

      await redis.kill();
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      assert.is(bot.exitCode, null, `the bot lives through the outage:\n${outputs.bot}`);
      await redis.start();

      const view = await answerWithin(emulator, () => emulator.command({ guild, user: owner, command: 'nation', subcommand: 'info', options: {} }), 30_000);
      assert.match(JSON.stringify(view), 'Before', 'the nation as it was before the outage');
      assert.is(emulator.gateway.sessions.size, 1, 'still on Discord');
      assert.equal(nonJsonLines(outputs.bot), [], 'every line the bot wrote is a JSON log line');
    } finally {
      for (const child of [bot, runtime]) {
        if (child.exitCode === null) {
          child.kill('SIGTERM');
          await new Promise((resolve) => child.once('exit', resolve));
        }
      }
      await emulator.close();
      await redis.stop();
      const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop schema if exists ${schema} cascade`);
      await sql.end();
    }
  });

  test.run();
}

/** Sends the command until one gets an answer that is not an error (the runtime node may still be taking its shards back). */
async function answerWithin(emulator: DiscordEmulator, send: () => ReturnType<DiscordEmulator['command']>, withinMs: number): Promise<unknown> {
  const deadline = Date.now() + withinMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await emulator.answer(send(), 10_000).catch((error: Error) => error.message);
    if (!/error|try again|unavailable|timed out/i.test(JSON.stringify(last))) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no good answer within ${withinMs} ms; last: ${JSON.stringify(last)}`);
}

