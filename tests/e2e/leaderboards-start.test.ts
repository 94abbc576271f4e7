// `npm start`'s own set of roles (bin/roles.ts) in one process on the embedded
// backends, with the bot on the real discord.js client against the Discord
// emulator: guilds found nations through the bot, the projection fills the
// boards, and the bot's /leaderboard and /rank, the gateway's leaderboard room
// and /api/leaderboards all see the same nations — one store, not three.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gameKinds, gameRules } from '../../actors/index.ts';
import { startRoles } from '../../bin/roles.ts';
import { commandsJson, deployCommands } from '../../bot/index.ts';
import { loadConfig } from '../../config/index.ts';
import type { JoinAnswer } from '../../realtime/protocol.ts';
import { runProcess, type RunningProcess } from '../../runtime/process.ts';
import { DiscordEmulator, Permission } from '../support/discord-emulator/index.ts';
import { connected, join, socketTo } from '../support/gateway-harness.ts';
import { freePort } from '../support/services.ts';

const emulator = await DiscordEmulator.start();
await deployCommands({ token: emulator.token, applicationId: emulator.applicationId, apiUrl: emulator.apiUrl, commands: commandsJson() });
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
// No REDIS_URL / DATABASE_URL: the embedded mode, whatever the environment says.
const config = loadConfig({
  env: {
    PORT: String(port),
    HOST: '127.0.0.1',
    SHARDS: '8',
    DISCORD_TOKEN: emulator.token,
    DISCORD_APP_ID: emulator.applicationId,
    DISCORD_API_URL: emulator.apiUrl,
    LOG_LEVEL: 'silent',
  },
});
let running: RunningProcess;

const ada = emulator.addUser('ada');
const bo = emulator.addUser('bo');
const avalon = emulator.addGuild('Avalon', ada);
const byzantium = emulator.addGuild('Byzantium', bo);
const manager = Permission.ManageGuild | Permission.SendMessages;
const run = (user: typeof ada, guild: typeof avalon, command: string, subcommand: string | undefined, options = {}, permissions?: bigint) =>
  emulator.answer(emulator.command({ guild, user, command, ...(subcommand ? { subcommand } : {}), options, ...(permissions !== undefined ? { permissions } : {}) }), 20_000);

/** Polls the API (bounded) until the board holds `size` nations: the projection has caught up. */
async function boardHolds(board: string, size: number): Promise<void> {
  let last: unknown;
  for (let i = 0; i < 150; i++) {
    last = await (await fetch(`${base}/api/leaderboards/${board}`)).json();
    if ((last as { size: number }).size === size) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.unreachable(`the ${board} board never held ${size} nations: ${JSON.stringify(last)}`);
}

test.before(async () => {
  running = await runProcess(config, gameKinds(gameRules(config)), { roles: startRoles(config, { bot: { waitGuildTimeoutMs: 300 } }) });
});

test.after(async () => {
  await running?.stop('test over');
  await emulator.close();
});

test('nations founded through the bot reach /leaderboard, /rank, the API and the gateway room', async () => {
  const empty = await run(ada, avalon, 'leaderboard', undefined, { board: 'power' });
  assert.match(String((empty.embeds[0] as { description?: string }).description), 'Nobody is on this board yet');

  await run(ada, avalon, 'nation', 'register', { name: 'Avalon' }, manager);
  await run(bo, byzantium, 'nation', 'register', { name: 'Byzantium' }, manager);
  await run(bo, byzantium, 'military', 'build', { unit: 'infantry', quantity: 20 });
  await boardHolds('resources', 2);

  const board = await run(ada, avalon, 'leaderboard', undefined, { board: 'resources' });
  const description = String((board.embeds[0] as { description?: string }).description);
  assert.match(description, /\*\*1\.\*\* Avalon/, 'Avalon kept its resources');
  assert.match(description, /\*\*2\.\*\* Byzantium/, 'Byzantium spent on its army');

  const rank = await run(bo, byzantium, 'rank', undefined, { board: 'resources' });
  assert.match(rank.content, '**Byzantium** is #2 of 2 on the resources board');

  const api = (await (await fetch(`${base}/api/leaderboards/resources/rank/nation:${byzantium.id}`)).json()) as { row: { rank: number; name: string } };
  assert.equal([api.row.rank, api.row.name], [2, 'Byzantium']);

  const socket = socketTo(base);
  try {
    await connected(socket);
    const answer = await join<JoinAnswer>(socket, { room: 'leaderboard:resources' });
    assert.is(answer.ok, true);
    const view = answer.view as { rows: { name: string }[]; size: number };
    assert.equal(view.rows.map((row) => row.name), ['Avalon', 'Byzantium']);
  } finally {
    socket.disconnect();
  }

  const status = await (await fetch(`${base}/`)).text();
  assert.match(status, 'running here (this node owns shard 0)');
  const metrics = await (await fetch(`${base}/metrics`)).text();
  assert.match(metrics, 'projection_leading{projection="leaderboards"} 1');
  assert.match(metrics, /projection_lag_seconds\{projection="leaderboards"\} \d/);
});

test('/rank of a nation that is not on a board says why, truthfully', async () => {
  const cy = emulator.addUser('cy');
  const nowhere = emulator.addGuild('Nowhere', cy);
  const answer = await run(cy, nowhere, 'rank', undefined, { board: 'power' });
  assert.ok(answer.ephemeral);
  assert.match(answer.content, 'Your nation is not on the power board: only registered nations are ranked, and inactive nations are hidden');
  assert.match(answer.content, 'Boards follow the game live');
  assert.not.match(answer.content, 'refresh every');
});

test.run();
