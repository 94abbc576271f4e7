// /invest deposit · withdraw · list
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../context.ts';
import { Colors, num } from '../embeds.ts';
import { BotError, BotErrorCodes } from '../errors.ts';
import { embedReply, infoReply } from '../replies.ts';
import { toChoices } from '../directory.ts';
import type { AutocompleteInput, Choice, CommandInput, Reply } from '../types.ts';
import { act, guildOf, MAX_AMOUNT, nationAddress, options } from './shared.ts';

export const data = new SlashCommandBuilder()
  .setName('invest')
  .setDescription('Invest gold for hourly returns')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub.setName('deposit').setDescription('Invest gold (leader or officer)').addIntegerOption((o) => o.setName('amount').setDescription('Gold to invest').setRequired(true).setMinValue(1).setMaxValue(MAX_AMOUNT)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('withdraw')
      .setDescription('Take an investment back (leader or officer)')
      .addStringOption((o) => o.setName('investment').setDescription('The investment').setRequired(true).setAutocomplete(true).setMaxLength(200)),
  )
  .addSubcommand((sub) => sub.setName('list').setDescription('Your nation’s investments'));

export async function execute(ctx: BotContext, input: CommandInput): Promise<Reply> {
  const opts = options(input);
  switch (input.subcommand) {
    case 'deposit': {
      const amount = opts.requiredNumber('amount');
      const reply = await act(ctx, input, { type: 'invest', amount });
      return infoReply(`📈 Invested ${num(amount)} gold (investment \`${String(reply.investment)}\`).`);
    }
    case 'withdraw': {
      await act(ctx, input, { type: 'withdrawInvestment', investment: opts.requiredString('investment') });
      return infoReply('📈 Withdrawal sent; the gold comes back once the market pays out.');
    }
    case 'list': {
      const items = await ctx.directory.holdings(nationAddress(guildOf(input)), 'investments');
      return embedReply({ title: '📈 Investments', color: Colors.info, description: items.map((i) => `${i.label} — \`${i.id}\``).join('\n') || 'No investments.' });
    }
    default:
      throw new BotError(BotErrorCodes.UNKNOWN_COMMAND, 'Unknown /invest subcommand. Type /invest to see the options.');
  }
}

export async function autocomplete(ctx: BotContext, input: AutocompleteInput): Promise<readonly Choice[]> {
  return toChoices(await ctx.directory.holdings(nationAddress(guildOf(input)), 'investments'));
}
