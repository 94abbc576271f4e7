// /rank [nation] [board]
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../context.ts';
import { num, plain } from '../embeds.ts';
import { infoReply } from '../replies.ts';
import type { AutocompleteInput, Choice, CommandInput, Reply } from '../types.ts';
import { BOARD_CHOICES } from './leaderboard.ts';
import { guildOf, nationAddress, nationChoices, options, resolveNation } from './shared.ts';

export const data = new SlashCommandBuilder()
  .setName('rank')
  .setDescription('Where a nation stands on a board')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) => o.setName('nation').setDescription('Another nation (default: yours)').setAutocomplete(true).setMaxLength(100))
  .addStringOption((o) => o.setName('board').setDescription('Which board (default: power)').addChoices(...BOARD_CHOICES));

export async function execute(ctx: BotContext, input: CommandInput): Promise<Reply> {
  const opts = options(input);
  const board = opts.string('board') ?? 'power';
  const typed = opts.string('nation');
  const nation = typed ? await resolveNation(ctx, typed) : { address: nationAddress(guildOf(input)), name: 'Your nation' };
  const row = await ctx.leaderboards.rank(board, nation.address);
  // The projection applies a nation's stats within seconds of the change, so the
  // only reasons to be missing are these two (docs/architecture.md, Leaderboards).
  if (!row) return infoReply(`${plain(nation.name)} is not on the ${board.replace('_', ' ')} board: only registered nations are ranked, and inactive nations are hidden until a citizen acts again. Boards follow the game live, within seconds.`, true);
  const size = await ctx.leaderboards.size(board);
  return infoReply(`🏆 **${plain(row.name)}** is #${row.rank} of ${size} on the ${board.replace('_', ' ')} board with ${num(row.score)}.`);
}

export async function autocomplete(ctx: BotContext, input: AutocompleteInput): Promise<readonly Choice[]> {
  return nationChoices(ctx, null, input.focused.value);
}
