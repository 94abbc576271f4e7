// /market list · sell · buy · cancel
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../context.ts';
import { num } from '../embeds.ts';
import { BotError, BotErrorCodes } from '../errors.ts';
import { embedReply, infoReply } from '../replies.ts';
import type { AutocompleteInput, Choice, CommandInput, Reply } from '../types.ts';
import { marketListings } from '../views.ts';
import { act, guildOf, MAX_AMOUNT, nationAddress, options, RESOURCE_CHOICES } from './shared.ts';

export const data = new SlashCommandBuilder()
  .setName('market')
  .setDescription('The global market')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub.setName('list').setDescription('What is for sale, cheapest first').addStringOption((o) => o.setName('resource').setDescription('Only this resource').addChoices(...RESOURCE_CHOICES)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('sell')
      .setDescription('Put resources up for sale for gold (leader or officer)')
      .addStringOption((o) => o.setName('resource').setDescription('What to sell').setRequired(true).addChoices(...RESOURCE_CHOICES))
      .addIntegerOption((o) => o.setName('quantity').setDescription('How much').setRequired(true).setMinValue(1).setMaxValue(MAX_AMOUNT))
      .addIntegerOption((o) => o.setName('price').setDescription('Total price in gold').setRequired(true).setMinValue(1).setMaxValue(MAX_AMOUNT)),
  )
  .addSubcommand((sub) =>
    sub.setName('buy').setDescription('Buy a listing (leader or officer)').addStringOption((o) => o.setName('listing').setDescription('The listing').setRequired(true).setAutocomplete(true).setMaxLength(200)),
  )
  .addSubcommand((sub) =>
    sub.setName('cancel').setDescription('Withdraw one of your listings (leader or officer)').addStringOption((o) => o.setName('listing').setDescription('Your listing').setRequired(true).setAutocomplete(true).setMaxLength(200)),
  );

export async function execute(ctx: BotContext, input: CommandInput): Promise<Reply> {
  const opts = options(input);
  switch (input.subcommand) {
    case 'list': {
      const resource = opts.string('resource');
      const listings = await ctx.directory.listings({ query: '', ...(resource ? { resource } : {}) });
      const names = await ctx.directory.names(listings.map((l) => l.seller));
      return embedReply(marketListings(listings, names));
    }
    case 'sell': {
      const resource = opts.requiredString('resource');
      const quantity = opts.requiredNumber('quantity');
      const price = opts.requiredNumber('price');
      const reply = await act(ctx, input, { type: 'sell', resource, quantity, price });
      return infoReply(`🏪 Listed ${num(quantity)} ${resource} for ${num(price)} gold (listing \`${String(reply.listing)}\`).`);
    }
    case 'buy': {
      const listing = opts.requiredString('listing');
      await act(ctx, input, { type: 'buy', listing });
      return infoReply('🏪 Purchase sent to the market: the goods arrive as soon as your gold is collected.');
    }
    case 'cancel': {
      const listing = opts.requiredString('listing');
      await act(ctx, input, { type: 'cancelListing', listing });
      return infoReply('🏪 Listing withdrawn; the goods come back to you.');
    }
    default:
      throw new BotError(BotErrorCodes.UNKNOWN_COMMAND, 'Unknown /market subcommand. Type /market to see the options.');
  }
}

export async function autocomplete(ctx: BotContext, input: AutocompleteInput): Promise<readonly Choice[]> {
  const me = nationAddress(guildOf(input));
  const listings = await ctx.directory.listings(input.subcommand === 'cancel' ? { query: input.focused.value, seller: me } : { query: input.focused.value, exclude: me });
  return listings.map((l) => ({ name: `${num(l.quantity)} ${l.resource} for ${num(l.price)} gold`.slice(0, 100), value: l.id.slice(0, 100) }));
}
