// `npm run deploy-commands [-- --global]`: registers every slash command with
// Discord — in DISCORD_GUILD_ID (instant, for development) or globally.
import { commandsJson, deployCommands } from '../bot/index.ts';
import { loadConfigOrExit } from './main.ts';

const { env } = loadConfigOrExit();
const global = process.argv.includes('--global');
if (!env.DISCORD_TOKEN || !env.DISCORD_APP_ID) {
  process.stderr.write('deploy-commands needs DISCORD_TOKEN and DISCORD_APP_ID (and DISCORD_GUILD_ID, or --global).\n');
  process.exit(2);
}
if (!global && !env.DISCORD_GUILD_ID) {
  process.stderr.write('Set DISCORD_GUILD_ID to register in one guild, or pass --global to register everywhere (takes up to an hour to show).\n');
  process.exit(2);
}
const result = await deployCommands({
  token: env.DISCORD_TOKEN,
  applicationId: env.DISCORD_APP_ID,
  ...(global ? {} : { guildId: env.DISCORD_GUILD_ID }),
  ...(env.DISCORD_API_URL ? { apiUrl: env.DISCORD_API_URL } : {}),
  commands: commandsJson(),
});
process.stdout.write(`registered ${result.count} command(s) (${result.scope})\n`);
