// /admin flag · season · ban · unban · audit
// Flags are the guild's own (Manage Server); bans and the season are the
// bot admins' (BOT_ADMINS). Every one of them is written to the audit log.
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../context.ts';
import { Colors } from '../embeds.ts';
import { BotError, BotErrorCodes } from '../errors.ts';
import { embedReply, infoReply } from '../replies.ts';
import type { CommandInput, Permission, Reply } from '../types.ts';
import { guildOf, nationAddress, options } from './shared.ts';

const FEATURES = ['wars', 'alliances', 'espionage', 'trade', 'market', 'loans', 'investments', 'elections', 'seasons', 'notifications'] as const;

const subjectOption = (o: import('discord.js').SlashCommandStringOption) =>
  o.setName('type').setDescription('A user or a whole server').setRequired(true).addChoices({ name: 'user', value: 'user' }, { name: 'server', value: 'guild' });

export const data = new SlashCommandBuilder()
  .setName('admin')
  .setDescription('Server and bot administration')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((sub) =>
    sub
      .setName('flag')
      .setDescription('Turn a game system on or off for this server (Manage Server)')
      .addStringOption((o) => o.setName('feature').setDescription('The system').setRequired(true).addChoices(...FEATURES.map((f) => ({ name: f, value: f }))))
      .addStringOption((o) => o.setName('state').setDescription('on, off, or back to the default').setRequired(true).addChoices({ name: 'on', value: 'on' }, { name: 'off', value: 'off' }, { name: 'default', value: 'default' })),
  )
  .addSubcommand((sub) =>
    sub
      .setName('season')
      .setDescription('Start the first season or end the current phase now (bot admins)')
      .addStringOption((o) => o.setName('action').setDescription('What to do').setRequired(true).addChoices({ name: 'start', value: 'start' }, { name: 'advance', value: 'advance' })),
  )
  .addSubcommand((sub) =>
    sub
      .setName('ban')
      .setDescription('Ban a user or a server from the bot (bot admins)')
      .addStringOption(subjectOption)
      .addStringOption((o) => o.setName('id').setDescription('The user or server id').setRequired(true).setMinLength(15).setMaxLength(25))
      .addStringOption((o) => o.setName('reason').setDescription('Why (kept in the audit log)').setRequired(true).setMaxLength(300)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('unban')
      .setDescription('Lift a ban (bot admins)')
      .addStringOption(subjectOption)
      .addStringOption((o) => o.setName('id').setDescription('The user or server id').setRequired(true).setMinLength(15).setMaxLength(25)),
  )
  .addSubcommand((sub) => sub.setName('audit').setDescription('The latest admin actions (bot admins)'));

export const permissions: Record<string, Permission> = { flag: 'manageGuild', season: 'botAdmin', ban: 'botAdmin', unban: 'botAdmin', audit: 'botAdmin' };
export const privateSubcommands = ['flag', 'season', 'ban', 'unban', 'audit'];

export async function execute(ctx: BotContext, input: CommandInput): Promise<Reply> {
  const opts = options(input);
  const by = input.actor.userId;
  const guild = input.actor.guildId;
  switch (input.subcommand) {
    case 'flag': {
      const flag = opts.requiredString('feature');
      const state = opts.requiredString('state');
      const enabled = state === 'default' ? null : state === 'on';
      const reply = await ctx.game.command(nationAddress(guildOf(input)), { type: 'setFlag', by, flag, enabled });
      await ctx.moderation.audit({ actor: by, guild, action: 'flag', subject: `${nationAddress(guildOf(input))}:${flag}`, details: { enabled } });
      return infoReply(`🛠️ ${flag} is now ${reply.enabled ? 'on' : 'off'} on this server.`, true);
    }
    case 'season': {
      const action = opts.requiredString('action');
      const reply = await ctx.game.command('season:current', { type: action, by });
      await ctx.moderation.audit({ actor: by, guild, action: `season.${action}`, subject: 'season:current' });
      return infoReply(`🛠️ Season ${action === 'start' ? 'started' : 'advanced'} (now ${JSON.stringify(reply.state)}).`, true);
    }
    case 'ban':
    case 'unban': {
      const type = opts.requiredString('type') as 'user' | 'guild';
      const id = opts.requiredString('id');
      if (!/^\d{15,25}$/.test(id)) throw new BotError(BotErrorCodes.BAD_OPTION, '`id` must be a Discord id (digits only). Right-click the user or server with developer mode on and copy its id.');
      if (input.subcommand === 'ban') {
        if (type === 'user' && ctx.botAdmins.has(id)) throw new BotError(BotErrorCodes.NOT_ALLOWED, 'Bot admins cannot be banned. Remove them from BOT_ADMINS first.');
        const applied = await ctx.moderation.ban(type, id, opts.requiredString('reason'), by, guild);
        return infoReply(applied ? `🔨 ${type === 'user' ? 'User' : 'Server'} ${id} is banned from the bot.` : `${id} was already banned.`, true);
      }
      const lifted = await ctx.moderation.unban(type, id, by, guild);
      return infoReply(lifted ? `✅ Ban on ${id} lifted.` : `${id} was not banned.`, true);
    }
    case 'audit': {
      const rows = await ctx.moderation.recentAudit(20);
      return embedReply(
        {
          title: '📜 Audit log',
          color: Colors.neutral,
          description: rows.map((row) => `**${row.action}** ${row.subject ?? ''} by <@${row.actor}>${row.guild ? ` in ${row.guild}` : ''}`).join('\n') || 'Empty.',
        },
        { ephemeral: true },
      );
    }
    default:
      throw new BotError(BotErrorCodes.UNKNOWN_COMMAND, 'Unknown /admin subcommand. Type /admin to see the options.');
  }
}
