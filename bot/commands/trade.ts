// /trade propose · accept · decline
import { InteractionContextType, SlashCommandBuilder, type SlashCommandSubcommandBuilder } from 'discord.js';
import type { MarketContext } from '../../actors/market/context.ts';
import type { BotContext } from '../context.ts';
import { num, plain } from '../embeds.ts';
import { BotError, BotErrorCodes } from '../errors.ts';
import { GameRefusal } from '../game.ts';
import { infoReply } from '../replies.ts';
import { toChoices } from '../directory.ts';
import type { AutocompleteInput, Choice, CommandInput, Reply } from '../types.ts';
import { act, guildOf, MAX_AMOUNT, nationAddress, nationChoices, options, resolveNation } from './shared.ts';

const RESOURCES = ['gold', 'food', 'materials'] as const;

function withAmounts(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  for (const side of ['give', 'want'] as const) {
    for (const resource of RESOURCES) {
      sub.addIntegerOption((o) => o.setName(`${side}_${resource}`).setDescription(`${resource} you ${side === 'give' ? 'give' : 'want in return'}`).setMinValue(0).setMaxValue(MAX_AMOUNT));
    }
  }
  return sub;
}

export const data = new SlashCommandBuilder()
  .setName('trade')
  .setDescription('Direct trades between nations')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    withAmounts(
      sub
        .setName('propose')
        .setDescription('Offer resources for resources; yours are held until answered (leader or officer)')
        .addStringOption((o) => o.setName('partner').setDescription('The nation to trade with').setRequired(true).setAutocomplete(true).setMaxLength(100)),
    ),
  )
  .addSubcommand((sub) =>
    sub.setName('accept').setDescription('Accept a trade offered to you (leader or officer)').addStringOption((o) => o.setName('trade').setDescription('The offer').setRequired(true).setAutocomplete(true).setMaxLength(200)),
  )
  .addSubcommand((sub) =>
    sub.setName('decline').setDescription('Decline a trade offered to you (leader or officer)').addStringOption((o) => o.setName('trade').setDescription('The offer').setRequired(true).setAutocomplete(true).setMaxLength(200)),
  );

const describe = (amounts: Record<string, number>): string =>
  Object.entries(amounts).filter(([, n]) => n > 0).map(([type, n]) => `${num(n)} ${type}`).join(', ') || 'nothing';

export async function execute(ctx: BotContext, input: CommandInput): Promise<Reply> {
  const opts = options(input);
  switch (input.subcommand) {
    case 'propose': {
      const partner = await resolveNation(ctx, opts.requiredString('partner'));
      const side = (name: 'give' | 'want'): Record<string, number> => Object.fromEntries(RESOURCES.map((r) => [r, opts.number(`${name}_${r}`) ?? 0]).filter(([, n]) => Number(n) > 0));
      const give = side('give');
      const want = side('want');
      if (Object.keys(give).length === 0 && Object.keys(want).length === 0) {
        throw new BotError(BotErrorCodes.BAD_OPTION, 'A trade needs something to give or to want: set at least one of the give_… or want_… amounts.');
      }
      const reply = await act(ctx, input, { type: 'proposeTrade', partner: partner.address, give, want });
      return infoReply(`📦 Offered **${plain(partner.name)}** ${describe(give)} for ${describe(want)}. Your side is held until they answer (trade \`${String(reply.trade)}\`).`);
    }
    case 'accept':
    case 'decline': {
      const accept = input.subcommand === 'accept';
      await respondToTrade(ctx, input, opts.requiredString('trade'), accept);
      return infoReply(accept ? '📦 Trade accepted; the goods change hands as soon as both sides have paid.' : 'Trade declined; the goods go back to their owner.');
    }
    default:
      throw new BotError(BotErrorCodes.UNKNOWN_COMMAND, 'Unknown /trade subcommand. Type /trade to see the options.');
  }
}

/** Checks the offer is still open and addressed to this nation, then answers it. */
export async function respondToTrade(ctx: BotContext, input: Pick<CommandInput, 'actor'>, trade: string, accept: boolean): Promise<void> {
  const market = await ctx.game.read<MarketContext>('market:global');
  const open = market?.context.trades[trade];
  if (!open || open.partner !== nationAddress(guildOf(input)) || open.collecting !== null) {
    throw new GameRefusal('GAME_WRONG_PHASE', 'This trade offer is no longer open: it was answered or it expired.');
  }
  await act(ctx, input, { type: 'respondTrade', trade, accept });
}

export async function autocomplete(ctx: BotContext, input: AutocompleteInput): Promise<readonly Choice[]> {
  if (input.focused.name === 'partner') return nationChoices(ctx, input.actor.guildId, input.focused.value);
  return toChoices(await ctx.directory.tradesFor(nationAddress(guildOf(input))));
}
