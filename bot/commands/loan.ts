// /loan take · repay · list
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../context.ts';
import { Colors, num } from '../embeds.ts';
import { BotError, BotErrorCodes } from '../errors.ts';
import { embedReply, infoReply } from '../replies.ts';
import { toChoices } from '../directory.ts';
import type { AutocompleteInput, Choice, CommandInput, Reply } from '../types.ts';
import { act, guildOf, MAX_AMOUNT, nationAddress, options } from './shared.ts';

export const data = new SlashCommandBuilder()
  .setName('loan')
  .setDescription('Borrow gold from the market')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('take')
      .setDescription('Borrow gold, repaid with interest (leader or officer)')
      .addIntegerOption((o) => o.setName('amount').setDescription('Gold to borrow').setRequired(true).setMinValue(1).setMaxValue(MAX_AMOUNT))
      .addIntegerOption((o) => o.setName('days').setDescription('Term in days').setRequired(true).setMinValue(1).setMaxValue(365)),
  )
  .addSubcommand((sub) =>
    sub.setName('repay').setDescription('Repay a loan now (leader or officer)').addStringOption((o) => o.setName('loan').setDescription('The loan').setRequired(true).setAutocomplete(true).setMaxLength(200)),
  )
  .addSubcommand((sub) => sub.setName('list').setDescription('Your nation’s loans'));

export async function execute(ctx: BotContext, input: CommandInput): Promise<Reply> {
  const opts = options(input);
  switch (input.subcommand) {
    case 'take': {
      const amount = opts.requiredNumber('amount');
      const days = opts.requiredNumber('days');
      const reply = await act(ctx, input, { type: 'borrow', amount, days });
      return infoReply(`🏦 Loan of ${num(amount)} gold for ${days} day(s) requested (loan \`${String(reply.loan)}\`).`);
    }
    case 'repay': {
      await act(ctx, input, { type: 'repay', loan: opts.requiredString('loan') });
      return infoReply('🏦 Repayment sent; the market collects what is owed.');
    }
    case 'list': {
      const loans = await ctx.directory.holdings(nationAddress(guildOf(input)), 'loans');
      return embedReply({ title: '🏦 Loans', color: Colors.info, description: loans.map((l) => `${l.label} — \`${l.id}\``).join('\n') || 'No loans.' });
    }
    default:
      throw new BotError(BotErrorCodes.UNKNOWN_COMMAND, 'Unknown /loan subcommand. Type /loan to see the options.');
  }
}

export async function autocomplete(ctx: BotContext, input: AutocompleteInput): Promise<readonly Choice[]> {
  return toChoices(await ctx.directory.holdings(nationAddress(guildOf(input)), 'loans'));
}
