// bin/bot-shards.ts on real Redis + PostgreSQL: discord.js's ShardingManager
// asks (through DISCORD_API_URL) how many shards Discord recommends — two —
// and runs one bot process per shard; each identifies for its own shard and
// answers its own guilds' commands. A shard process that dies is started
// again, also when its first restarts fail, and the manager lives on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gameKinds, gameRules } from '../../../actors/index.ts';
import { loadConfig } from '../../../config/index.ts';
import { DiscordEmulator, Permission } from '../../support/discord-emulator/index.ts';
import { answering } from '../../support/poll.ts';
import { startHarness } from '../../support/runtime-harness.ts';
import { databaseUrl, freePort, postgresAvailable, redisAvailable, redisUrl } from '../../support/services.ts';

const available = (await redisAvailable()) && (await postgresAvailable());

if (available) {
  const root = new URL('../../../', import.meta.url).pathname;
  const runtime = await startHarness({ backend: 'real', kinds: gameKinds(gameRules(loadConfig({ env: {} }))) });
  const emulator = await DiscordEmulator.start({ recommendedShards: 2 });
  const port = await freePort();
  const manager = spawn(process.execPath, ['--import', 'tsx', 'bin/bot-shards.ts'], {
    cwd: root,
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: runtime.schema,
      KEY_PREFIX: runtime.prefix,
      SHARDS: String(runtime.env.SHARDS),
      PORT: String(port),
      DISCORD_TOKEN: emulator.token,
      DISCORD_API_URL: emulator.apiUrl,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  manager.stdout.on('data', (chunk) => (output += chunk));
  manager.stderr.on('data', (chunk) => (output += chunk));

  test('two bot processes, one per recommended shard, each answering its own guild', async () => {
    await emulator.waitFor(() => emulator.gateway.sessions.size === 2, 60_000, 'two shards connected').catch((error: Error) => {
      throw new Error(`${error.message}\n${output}`);
    });
    assert.equal(emulator.gateway.identifies.map(([shard, count]) => `${shard}/${count}`).sort(), ['0/2', '1/2']);
    const owner = emulator.addUser('owner');
    for (const shard of [0, 1]) {
      const guild = emulator.addGuild(`Shard ${shard} land`, owner, { shard, shardCount: 2 });
      await new Promise((resolve) => setTimeout(resolve, 200)); // GUILD_CREATE reaches the shard first
      const record = emulator.command({ guild, user: owner, command: 'nation', subcommand: 'register', options: { name: `Land${shard}` }, permissions: Permission.ManageGuild });
      const answer = await emulator.answer(record, 20_000);
      assert.match(String(answer.embeds[0]?.title), `The nation of Land${shard} is founded`);
    }
    assert.match(output, 'all 2 bot shard(s) ready');
    const health = await fetch(`http://127.0.0.1:${port + 2}/healthz`);
    assert.is(health.status, 200, 'shard 1 serves its health on PORT + 2');
  });

  test('a shard process that dies is started again, also when Discord refuses its first restarts; the others keep running', async () => {
    const identified = emulator.gateway.identifies.length;
    // The next two processes of the shard fail to log in (their GET /gateway/bot is refused) and exit.
    emulator.fault({ method: 'GET', path: /\/gateway\/bot$/, status: 401, times: 2 });
    process.kill(shardProcess(1), 'SIGKILL');
    await emulator
      .waitFor(() => emulator.gateway.identifies.slice(identified).some(([shard]) => shard === 1), 90_000, 'shard 1 identified again')
      .catch((error: Error) => {
        throw new Error(`${error.message}\n${output}`);
      });
    assert.is(manager.exitCode, null, 'the sharding manager lives');
    assert.is(output.match(/bot shard 1 did not start again/g)?.length, 2, 'both failed starts reported');
    assert.equal(emulator.gateway.identifies.slice(identified).map(([shard]) => shard), [1], 'shard 0 was not disturbed');
    // Identified comes before ready, and the process listens once ready.
    await answering(`http://127.0.0.1:${port + 2}/healthz`, { context: () => output });
  });

  /** The pid of the manager's child process that runs gateway shard `shard`. */
  function shardProcess(shard: number): number {
    const children = execFileSync('pgrep', ['-P', String(manager.pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
    const mine = children.find((pid) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`DISCORD_SHARDS=${shard}`));
    assert.ok(mine, `a child process runs shard ${shard} (children: ${children.join(', ')})`);
    return mine;
  }

  test.after(async () => {
    if (manager.exitCode === null) {
      manager.kill('SIGTERM');
      await new Promise((resolve) => manager.once('exit', resolve));
    }
    await emulator.close();
    await runtime.close();
  });
  test.run();
}
