// A bot on the real discord.js client against the local Discord emulator and
// the real runtime (embedded with a virtual clock, or Redis + PostgreSQL),
// with the game's actor kinds, plus helpers to play as a user of a guild.
import pino from 'pino';
import { Registry } from 'prom-client';
import { gameKinds, gameRules } from '../../actors/index.ts';
import { createBotRole, deployCommands, commandsJson, type BotRoleOptions, type StartedBot } from '../../bot/index.ts';
import { loadConfig, type Config } from '../../config/index.ts';
import { HttpApp } from '../../runtime/http.ts';
import { KindRegistry } from '../../runtime/kinds.ts';
import type { RoleContext } from '../../runtime/process.ts';
import { DiscordEmulator, type Answer, type StartOptions, type EmuGuild, type EmuUser, type InteractionRecord, type OptionValue } from './discord-emulator/index.ts';
import { startHarness, type Harness } from './runtime-harness.ts';

export interface BotHarness {
  readonly emulator: DiscordEmulator;
  readonly runtime: Harness;
  readonly config: Config;
  bot: StartedBot;
  readonly registry: Registry;
  /** Starts another bot role on the same runtime (e.g. a second shard), with its own metrics. */
  startBot(options?: BotRoleOptions): Promise<{ bot: StartedBot; registry: Registry }>;
  /** Stops the bot and starts a fresh one (new discord.js client, same everything else). */
  restartBot(): Promise<void>;
  run(user: EmuUser, guild: EmuGuild, command: string, subcommand: string | undefined, options?: Record<string, OptionValue>, permissions?: bigint): Promise<Answer>;
  send(user: EmuUser, guild: EmuGuild, command: string, subcommand: string | undefined, options?: Record<string, OptionValue>): InteractionRecord;
  close(): Promise<void>;
}

export const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export interface BotHarnessOptions {
  readonly backend?: 'embedded' | 'real';
  readonly env?: Record<string, string>;
  readonly role?: BotRoleOptions;
  /** Start no bot yet (startBot later). */
  readonly noBot?: boolean;
  /** The emulator's own options (e.g. how many shards it recommends). */
  readonly emulator?: StartOptions;
}

export async function startBotHarness(options: BotHarnessOptions = {}): Promise<BotHarness> {
  const emulator = await DiscordEmulator.start(options.emulator);
  const baseConfig = loadConfig({ env: {} });
  const runtime = await startHarness({
    backend: options.backend ?? 'embedded',
    virtualTime: (options.backend ?? 'embedded') === 'embedded',
    kinds: gameKinds(gameRules(baseConfig)),
  });
  const config = loadConfig({
    env: {
      ...(options.backend === 'real' ? { REDIS_URL: runtime.env.REDIS_URL!, DATABASE_URL: runtime.env.DATABASE_URL! } : {}),
      SHARDS: String(runtime.env.SHARDS),
      KEY_PREFIX: runtime.prefix,
      REQUEST_TIMEOUT_MS: '15000',
      DISCORD_TOKEN: emulator.token,
      DISCORD_APP_ID: emulator.applicationId,
      DISCORD_API_URL: emulator.apiUrl,
      LOG_LEVEL: 'silent',
      ...options.env,
    },
  });
  await deployCommands({ token: emulator.token, applicationId: emulator.applicationId, apiUrl: emulator.apiUrl, commands: commandsJson() });

  const roleContext = (registry: Registry): RoleContext => ({
    config,
    backends: runtime.backends,
    logger: silent,
    app: new HttpApp({ registry, ready: () => true }),
    registry,
    client: runtime.client,
    kinds: new KindRegistry(gameKinds(gameRules(config))),
  });
  const started: StartedBot[] = [];
  const startBot = async (role: BotRoleOptions = {}) => {
    const registry = new Registry();
    const bot = await createBotRole({ waitGuildTimeoutMs: 300, play: false, ...options.role, ...role }).start(roleContext(registry));
    started.push(bot);
    return { bot, registry };
  };
  const first = options.noBot ? undefined : await startBot();

  const harness: BotHarness = {
    emulator,
    runtime,
    config,
    bot: first?.bot as StartedBot,
    registry: first?.registry ?? new Registry(),
    startBot,
    async restartBot() {
      await harness.bot.stop();
      started.splice(started.indexOf(harness.bot), 1);
      harness.bot = (await startBot()).bot;
    },
    send(user, guild, command, subcommand, values = {}) {
      return emulator.command({ guild, user, command, ...(subcommand ? { subcommand } : {}), options: values });
    },
    async run(user, guild, command, subcommand, values = {}, permissions) {
      const record = emulator.command({ guild, user, command, ...(subcommand ? { subcommand } : {}), options: values, ...(permissions !== undefined ? { permissions } : {}) });
      return emulator.answer(record, 20_000);
    },
    async close() {
      for (const bot of started.reverse()) await bot.stop();
      await runtime.close();
      await emulator.close();
    },
  };
  return harness;
}

/** Resolves once the write-behind has copied `address` to PostgreSQL (autocomplete reads it there). */
export async function flushed(harness: BotHarness, address: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await harness.runtime.backends.repo.load(address)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${address} was not written behind within ${timeoutMs} ms`);
}
