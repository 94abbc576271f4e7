// /military build · status · queue
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../context.ts';
import { num, when } from '../embeds.ts';
import { BotError, BotErrorCodes } from '../errors.ts';
import { embedReply, infoReply } from '../replies.ts';
import type { CommandInput, Reply } from '../types.ts';
import { pagerRow } from '../buttons.ts';
import { buildQueue, militaryStatus } from '../views.ts';
import { act, guildOf, options, ownNation, UNIT_CHOICES } from './shared.ts';

/** The nation actor's own bound on one build order. */
export const MAX_BUILD = 100_000;

export const data = new SlashCommandBuilder()
  .setName('military')
  .setDescription('Build and inspect your army')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('build')
      .setDescription('Queue units; they are paid now and ready later (leader or officer)')
      .addStringOption((o) => o.setName('unit').setDescription('Unit type').setRequired(true).addChoices(...UNIT_CHOICES))
      .addIntegerOption((o) => o.setName('quantity').setDescription('How many').setRequired(true).setMinValue(1).setMaxValue(MAX_BUILD)),
  )
  .addSubcommand((sub) => sub.setName('status').setDescription('Your units, strength and stance'))
  .addSubcommand((sub) =>
    sub
      .setName('queue')
      .setDescription('What is being built and when it is ready')
      .addIntegerOption((o) => o.setName('page').setDescription('Page').setMinValue(1).setMaxValue(1000)),
  );

export async function execute(ctx: BotContext, input: CommandInput): Promise<Reply> {
  const opts = options(input);
  switch (input.subcommand) {
    case 'build': {
      const unit = opts.requiredString('unit');
      const quantity = opts.requiredNumber('quantity');
      const reply = await act(ctx, input, { type: 'build', unit, quantity });
      return infoReply(`🏗️ ${num(quantity)} ${unit} queued — ready ${when(Number(reply.readyAt))}.`);
    }
    case 'status':
      return embedReply(militaryStatus((await ownNation(ctx, input)).context, ctx.config.balance));
    case 'queue':
      return queuePage(ctx, input, (opts.number('page') ?? 1) - 1);
    default:
      throw new BotError(BotErrorCodes.UNKNOWN_COMMAND, 'Unknown /military subcommand. Type /military to see the options.');
  }
}

export async function queuePage(ctx: BotContext, input: Pick<CommandInput, 'actor'>, page: number): Promise<Reply> {
  const nation = (await ownNation(ctx, input)).context;
  const shown = buildQueue(nation, page);
  return { embeds: [shown.embed], components: pagerRow('queue', guildOf(input), shown.page) };
}
