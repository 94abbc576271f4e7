// /citizen join · leave · profile
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../context.ts';
import { Colors, num, plain, when } from '../embeds.ts';
import { BotError, BotErrorCodes } from '../errors.ts';
import { embedReply, infoReply } from '../replies.ts';
import type { CommandInput, Reply } from '../types.ts';
import { confirmation } from '../buttons.ts';
import { act, options, ownNation } from './shared.ts';

export const data = new SlashCommandBuilder()
  .setName('citizen')
  .setDescription('Belong to this server’s nation')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) => sub.setName('join').setDescription('Become a citizen: you add to production and may vote'))
  .addSubcommand((sub) => sub.setName('leave').setDescription('Give up your citizenship (asks to confirm)'))
  .addSubcommand((sub) =>
    sub
      .setName('profile')
      .setDescription('A citizen’s standing: role, contribution, since when')
      .addUserOption((o) => o.setName('user').setDescription('Another citizen (default: you)')),
  );

export const privateSubcommands = ['leave'];

export async function execute(ctx: BotContext, input: CommandInput): Promise<Reply> {
  switch (input.subcommand) {
    case 'join': {
      const reply = await act(ctx, input, { type: 'join' });
      return infoReply(`🎉 Welcome, <@${input.actor.userId}>! You are citizen #${num(Number(reply.citizens))}.`);
    }
    case 'leave':
      return confirmation(ctx, input, 'leave', '', 'Leave this nation? You lose your contribution and your vote.');
    case 'profile': {
      const user = options(input).string('user') ?? input.actor.userId;
      const nation = (await ownNation(ctx, input)).context;
      const citizen = nation.citizens[user];
      if (!citizen) return infoReply(`<@${user}> is not a citizen of ${plain(nation.name)}. They can /citizen join.`, true);
      const role = nation.leader === user ? 'Leader' : nation.officers.includes(user) ? 'Officer' : 'Citizen';
      return embedReply({
        title: `👤 Citizen of ${plain(nation.name)}`,
        color: Colors.info,
        description: `<@${user}>`,
        fields: [
          { name: 'Role', value: role, inline: true },
          { name: 'Contribution', value: num(citizen.contribution), inline: true },
          { name: 'Citizen since', value: when(citizen.joinedAt, 'f'), inline: true },
        ],
      });
    }
    default:
      throw new BotError(BotErrorCodes.UNKNOWN_COMMAND, 'Unknown /citizen subcommand. Type /citizen to see the options.');
  }
}
