// Gateway shards of bot processes given DISCORD_SHARDS without a count, with
// the real discord.js client against the emulator (which recommends two): each
// identifies with Discord's recommended count, so two processes split one
// bot's shards as 0 of 2 and 1 of 2 (not "0 of 1" and "1 of 2", which Discord
// would misroute); an id the count does not reach stops start-up, naming
// DISCORD_SHARDS, before anything is sent to the gateway.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BotError, BotErrorCodes } from '../../../bot/index.ts';
import { Permission } from '../../support/discord-emulator/index.ts';
import { startBotHarness } from '../../support/bot-harness.ts';

const h = await startBotHarness({ noBot: true, emulator: { recommendedShards: 2 }, env: { DISCORD_SHARDS: '1' } });
const { emulator } = h;

test('DISCORD_SHARDS alone: each process identifies with the recommended count and answers its guilds', async () => {
  const { bot: second } = await h.startBot();
  const { bot: first } = await h.startBot({ shards: [0] });
  assert.equal(emulator.gateway.identifies, [[1, 2], [0, 2]]);
  assert.equal([first.discord?.shardIds, first.discord?.shardCount], [[0], 2]);
  assert.equal([second.discord?.shardIds, second.discord?.shardCount], [[1], 2]);
  const owner = emulator.addUser('owner');
  for (const shard of [0, 1]) {
    const guild = emulator.addGuild(`Shard ${shard} land`, owner, { shard, shardCount: 2 });
    const answer = await h.run(owner, guild, 'nation', 'register', { name: `Land${shard}` }, Permission.ManageGuild);
    assert.match(String(answer.embeds[0]?.title), `The nation of Land${shard} is founded`);
  }
});

test('a shard id the recommended count does not reach stops start-up naming DISCORD_SHARDS', async () => {
  const identified = emulator.gateway.identifies.length;
  const error = await h.startBot({ shards: [2] }).then(() => undefined, (failure: unknown) => failure);
  assert.instance(error, BotError);
  assert.is((error as BotError).code, BotErrorCodes.BAD_SHARDS);
  assert.match((error as BotError).message, 'DISCORD_SHARDS=2');
  assert.is(emulator.gateway.identifies.length, identified, 'no IDENTIFY sent');
});

test.after(() => h.close());
test.run();
