// Which gateway shards a bot process runs, out of how many. Discord sends a
// guild's events to shard (guild_id >> 22) % count, so every process of one bot
// must identify with the same count: a process given DISCORD_SHARDS alone takes
// Discord's recommended count (GET /gateway/bot), never one guessed from its
// own ids (DISCORD_SHARDS=0 and =1 on two processes were "0 of 1" and "1 of 2").
import { REST, Routes } from 'discord.js';
import { BotError, BotErrorCodes } from '../errors.ts';

export interface ShardSetting {
  /** DISCORD_SHARDS: the ids this process runs (unset: all of them). */
  readonly shards?: readonly number[];
  /** DISCORD_SHARD_COUNT: out of how many (unset or 'auto': Discord's recommendation). */
  readonly shardCount?: number | 'auto';
}

/** 'auto': discord.js asks Discord itself and runs every shard. */
export type ShardPlan = { readonly shards: 'auto' } | { readonly shards: readonly number[]; readonly shardCount: number };

/**
 * Resolves the setting into what the discord.js client is given; `recommended`
 * is asked only when DISCORD_SHARDS is set without a count. A listed id the
 * count does not reach stops start-up (BOT_BAD_SHARDS).
 */
export async function planShards(setting: ShardSetting, recommended: () => Promise<number>): Promise<ShardPlan> {
  const { shards, shardCount } = setting;
  if (!shards || shards.length === 0) {
    if (typeof shardCount === 'number') return { shards: Array.from({ length: shardCount }, (_, id) => id), shardCount };
    return { shards: 'auto' };
  }
  const count = typeof shardCount === 'number' ? shardCount : await recommended();
  const outside = shards.filter((id) => id >= count);
  if (outside.length > 0) {
    const source = typeof shardCount === 'number' ? 'DISCORD_SHARD_COUNT' : "Discord's recommended count; set DISCORD_SHARD_COUNT to run more";
    throw new BotError(
      BotErrorCodes.BAD_SHARDS,
      'The bot is misconfigured.',
      `DISCORD_SHARDS=${shards.join(',')} names gateway shard ${outside.join(', ')}, but there are ${count} shard(s), ids 0 to ${count - 1} (${source})`,
    );
  }
  return { shards: [...shards], shardCount: count };
}

/**
 * Discord's recommended shard count for the bot, from GET /gateway/bot at
 * `apiUrl` (default discord.com). discord.js's fetchRecommendedShardCount
 * always asks discord.com, so neither a REST proxy nor the emulator would see it.
 */
export async function recommendedShardCount(token: string, apiUrl?: string): Promise<number> {
  const rest = new REST({ version: '10', ...(apiUrl ? { api: apiUrl } : {}) }).setToken(token);
  return ((await rest.get(Routes.gatewayBot())) as { shards: number }).shards;
}
