// discord.js's ShardingManager over bin/bot.ts: one bot process per gateway
// shard, respawned if it dies. The shard count is DISCORD_SHARD_COUNT, or
// Discord's recommendation (GET /gateway/bot, through DISCORD_API_URL when
// set — ShardingManager's own lookup would always ask discord.com). Each
// child serves its /healthz and /metrics on PORT + 1 + its shard id.
// Distributed mode only: children share Redis and PostgreSQL.
import { fileURLToPath } from 'node:url';
import { ShardingManager } from 'discord.js';
import { recommendedShardCount } from '../bot/index.ts';
import { loadConfigOrExit } from './main.ts';

const { env } = loadConfigOrExit();
if (!env.DISCORD_TOKEN || !env.REDIS_URL || !env.DATABASE_URL) {
  process.stderr.write('bot-shards needs DISCORD_TOKEN, REDIS_URL and DATABASE_URL (its processes share Redis and PostgreSQL).\n');
  process.exit(2);
}
const totalShards = typeof env.DISCORD_SHARD_COUNT === 'number' ? env.DISCORD_SHARD_COUNT : await recommendedShardCount(env.DISCORD_TOKEN, env.DISCORD_API_URL);
const fromSource = import.meta.url.endsWith('.ts');
const manager = new ShardingManager(fileURLToPath(new URL(fromSource ? './bot.ts' : './bot.js', import.meta.url)), {
  totalShards,
  token: env.DISCORD_TOKEN,
  mode: 'process',
  respawn: true,
  execArgv: fromSource ? ['--import', 'tsx'] : [],
});
manager.on('shardCreate', (shard) => {
  // discord.js hands a child its gateway shard in SHARDS, which is our actor
  // shard count: give SHARDS back its meaning and say the gateway shard in ours.
  Object.assign(shard.env as Record<string, string>, {
    SHARDS: String(env.SHARDS),
    DISCORD_SHARDS: String(shard.id),
    DISCORD_SHARD_COUNT: String(totalShards),
    PORT: String(env.PORT + 1 + shard.id),
  });
  process.stdout.write(`bot shard ${shard.id} of ${totalShards} starting (port ${env.PORT + 1 + shard.id})\n`);
  // discord.js starts a shard's process again when it dies and reports here a
  // start that failed (the new process died too, or was not ready in time);
  // a process that died is started again on its own. Without a listener that
  // report was thrown, and ended this process with every shard it ran.
  shard.on('error', (error: Error) => process.stderr.write(`bot shard ${shard.id} did not start again: ${error.message}\n`));
});
await manager.spawn({ amount: totalShards, delay: 0, timeout: 60_000 });
process.stdout.write(`all ${totalShards} bot shard(s) ready\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    for (const shard of manager.shards.values()) shard.kill();
    process.exit(0);
  });
}
