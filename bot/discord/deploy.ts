// Registers the commands with Discord: PUT the whole list, to one guild
// (instant; for development) or globally (production). Checks Discord's
// limits first so a bad definition fails here, not at Discord.
import { REST, Routes } from 'discord.js';
import { BotError, BotErrorCodes } from '../errors.ts';
import { checkCommandLimits } from '../limits.ts';
import type { CommandJson } from '../types.ts';

export interface DeployOptions {
  readonly token: string;
  readonly applicationId: string;
  readonly guildId?: string;
  readonly apiUrl?: string;
  readonly commands: readonly CommandJson[];
}

export async function deployCommands(options: DeployOptions): Promise<{ scope: string; count: number }> {
  const problems = checkCommandLimits(options.commands, { global: !options.guildId });
  if (problems.length > 0) throw new BotError(BotErrorCodes.COMMAND_LIMIT, `Command definitions break Discord's limits:\n${problems.join('\n')}`);
  const rest = new REST({ version: '10', ...(options.apiUrl ? { api: options.apiUrl } : {}) }).setToken(options.token);
  const route = options.guildId ? Routes.applicationGuildCommands(options.applicationId, options.guildId) : Routes.applicationCommands(options.applicationId);
  const stored = (await rest.put(route, { body: options.commands })) as unknown[];
  return { scope: options.guildId ? `guild ${options.guildId}` : 'global', count: stored.length };
}
