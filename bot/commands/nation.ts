// /nation register · info · settings · appoint
import { ChannelType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { NationContext } from '../../actors/nation/context.ts';
import type { BotContext } from '../context.ts';
import { Colors, num, plain } from '../embeds.ts';
import { BotError, BotErrorCodes } from '../errors.ts';
import { GameRefusal } from '../game.ts';
import { embedReply, infoReply } from '../replies.ts';
import type { AutocompleteInput, Choice, CommandInput, Permission, Reply } from '../types.ts';
import { nationProfile } from '../views.ts';
import { act, nationAddress, nationChoices, options, ownNation, resolveNation } from './shared.ts';

export const data = new SlashCommandBuilder()
  .setName('nation')
  .setDescription('Your server as a nation: found it, look at it, set it up')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('register')
      .setDescription('Found this server as a nation (needs Manage Server)')
      .addStringOption((o) => o.setName('name').setDescription('The nation’s name').setRequired(true).setMinLength(1).setMaxLength(64))
      .addChannelOption((o) => o.setName('channel').setDescription('Where the nation’s news is posted (default: here)').addChannelTypes(ChannelType.GuildText)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('info')
      .setDescription('A nation’s profile: power, resources, military, reputation')
      .addStringOption((o) => o.setName('nation').setDescription('Another nation (default: yours)').setAutocomplete(true).setMaxLength(100)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('settings')
      .setDescription('Notification channel, DMs to the leader, battle stance (leader)')
      .addChannelOption((o) => o.setName('channel').setDescription('Where the nation’s news is posted').addChannelTypes(ChannelType.GuildText))
      .addBooleanOption((o) => o.setName('dm').setDescription('Also DM the leader when an answer is needed'))
      .addStringOption((o) =>
        o.setName('stance').setDescription('How the army fights').addChoices({ name: 'aggressive', value: 'aggressive' }, { name: 'balanced', value: 'balanced' }, { name: 'defensive', value: 'defensive' }),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('appoint')
      .setDescription('Make a citizen an officer who may act for the leader, or remove them (leader)')
      .addUserOption((o) => o.setName('user').setDescription('The citizen').setRequired(true))
      .addBooleanOption((o) => o.setName('officer').setDescription('true to appoint, false to remove').setRequired(true)),
  );

export const permissions: Record<string, Permission> = { register: 'manageGuild' };

export async function execute(ctx: BotContext, input: CommandInput): Promise<Reply> {
  const opts = options(input);
  switch (input.subcommand) {
    case 'register': {
      const name = opts.requiredString('name');
      const channelId = opts.string('channel') ?? input.actor.channelId ?? undefined;
      const reply = await act(ctx, input, { type: 'register', name, ...(channelId ? { channelId } : {}) });
      const resources = reply.resources as { gold: number; food: number; materials: number };
      return embedReply({
        title: `🏳️ The nation of ${plain(name)} is founded`,
        color: Colors.success,
        description: `<@${input.actor.userId}> leads it. Citizens can now /citizen join.\nStarting with ${num(resources.gold)} gold, ${num(resources.food)} food, ${num(resources.materials)} materials and ${num(Number(reply.territory))} territory.`,
      });
    }
    case 'info': {
      const target = opts.string('nation');
      if (target) {
        const { address } = await resolveNation(ctx, target);
        const view = await ctx.game.read<NationContext>(address);
        if (!view?.context.registered) throw new GameRefusal('GAME_UNKNOWN_TARGET', 'That nation does not exist any more. Pick one from the suggestions.');
        // Seen from this server's nation, if it has one: the profile shows the trust between them.
        const own = input.actor.guildId ? await ctx.game.read<NationContext>(nationAddress(input.actor.guildId)) : null;
        const viewer = own?.context.registered && own.context.id !== view.context.id ? own.context : undefined;
        return embedReply(nationProfile(view.context, ctx.config.balance, viewer));
      }
      return embedReply(nationProfile((await ownNation(ctx, input)).context, ctx.config.balance));
    }
    case 'settings': {
      const channelId = opts.string('channel');
      const dm = opts.boolean('dm');
      const stance = opts.string('stance');
      if (channelId === undefined && dm === undefined && stance === undefined) {
        throw new BotError(BotErrorCodes.BAD_OPTION, 'Give at least one setting: `channel`, `dm` or `stance`.');
      }
      const reply = await act(ctx, input, { type: 'settings', ...(channelId ? { channelId } : {}), ...(dm !== undefined ? { dm } : {}), ...(stance ? { stance } : {}) });
      const settings = reply.settings as { channelId: string | null; dm: boolean };
      return infoReply(`⚙️ Settings saved: news in ${settings.channelId ? `<#${settings.channelId}>` : 'no channel'}, DMs to the leader ${settings.dm ? 'on' : 'off'}, stance ${String(reply.stance)}.`);
    }
    case 'appoint': {
      const user = opts.requiredString('user');
      const officer = opts.boolean('officer') ?? true;
      await act(ctx, input, { type: 'appoint', user, officer });
      return infoReply(officer ? `🎖️ <@${user}> is now an officer and may act for the leader.` : `<@${user}> is no longer an officer.`);
    }
    default:
      throw new BotError(BotErrorCodes.UNKNOWN_COMMAND, 'Unknown /nation subcommand. Type /nation to see the options.');
  }
}

export async function autocomplete(ctx: BotContext, input: AutocompleteInput): Promise<readonly Choice[]> {
  return nationChoices(ctx, null, input.focused.value);
}
