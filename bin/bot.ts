// Procfile `bot`: the Discord bot (no runtime node): interactions, notification
// delivery, its own /healthz, /readyz and /metrics. Runs the gateway shards in
// DISCORD_SHARDS of DISCORD_SHARD_COUNT, or those discord.js's ShardingManager
// assigns (bin/bot-shards.ts); several bot processes split the shards.
import { gameKinds, gameRules } from '../actors/index.ts';
import { createBotRole } from '../bot/index.ts';
import { runProcess } from '../runtime/process.ts';
import { loadConfigOrExit } from './main.ts';

const config = loadConfigOrExit();
await runProcess(config, gameKinds(gameRules(config)), { runtime: false, roles: [createBotRole()] });
