// The discord.js client: REST and the gateway lookup go to DISCORD_API_URL
// when it is set (a REST proxy, or the emulator in tests: the same code
// path), shards from config or discord.js's ShardingManager (resolved by
// shard-plan.ts), and every interaction handed to the router.
import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { Logger } from 'pino';
import type { Router } from '../router.ts';
import { responderFor, toIncoming } from './adapter.ts';
import { planShards, recommendedShardCount } from './shard-plan.ts';

export interface DiscordClientOptions {
  readonly token: string;
  /** Base URL of Discord's API, e.g. https://discord.com/api (default: discord.js's). */
  readonly apiUrl?: string;
  readonly shards?: readonly number[];
  readonly shardCount?: number | 'auto';
  readonly router: Router;
  readonly logger: Logger;
  /** How long READY waits for guilds still unavailable (discord.js default 15 s). */
  readonly waitGuildTimeoutMs?: number;
}

export interface RunningClient {
  readonly client: Client;
  readonly shardIds: readonly number[];
  readonly shardCount: number;
  stop(): Promise<void>;
}

export async function startDiscordClient(options: DiscordClientOptions): Promise<RunningClient> {
  // Said outright even when nothing is set: left unset, discord.js takes its
  // shards from the SHARDS environment variable, which here is the actor shard
  // count (a bot with SHARDS=64 identified as gateway shard 64 of 1, which Discord refuses).
  const plan = await planShards(options, () => recommendedShardCount(options.token, options.apiUrl));
  const clientOptions: ClientOptions = {
    intents: [GatewayIntentBits.Guilds],
    rest: { version: '10', ...(options.apiUrl ? { api: options.apiUrl } : {}) },
    waitGuildTimeout: options.waitGuildTimeoutMs ?? 15_000,
    ...(plan.shards === 'auto' ? { shards: 'auto' as const } : { shards: [...plan.shards], shardCount: plan.shardCount }),
  };
  const client = new Client(clientOptions);
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isAutocomplete()) return;
    try {
      const incoming = toIncoming(interaction);
      if (incoming) void options.router.handle(incoming, responderFor(interaction));
    } catch (error) {
      // One unreadable interaction must not take the bot down.
      options.logger.warn({ err: error, id: interaction.id }, 'could not read an interaction');
    }
  });
  client.on(Events.Error, (error) => options.logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (_event, shard) => options.logger.warn({ shard }, 'gateway shard disconnected'));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(options.token);
  await ready;
  const shardIds = (client.options.shards as number[] | undefined) ?? [0];
  const shardCount = client.options.shardCount ?? 1;
  options.logger.info({ shards: shardIds, shardCount, guilds: client.guilds.cache.size }, 'discord client ready');
  return {
    client,
    shardIds,
    shardCount,
    async stop() {
      await client.destroy();
    },
  };
}

/** Discord's placement of a guild (or, for DMs, a user) on a gateway shard. */
export function shardOfSnowflake(id: string, shardCount: number): number {
  return Number((BigInt(id) >> 22n) % BigInt(shardCount));
}
