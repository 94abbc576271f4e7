// /leaderboard [board] [page] — paged, from the leaderboard store
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../context.ts';
import type { CommandInput, Reply } from '../types.ts';
import { pagerRow } from '../buttons.ts';
import { BOARDS, leaderboardPage, PER_BOARD_PAGE } from '../views.ts';
import { options } from './shared.ts';

export const BOARD_CHOICES = BOARDS.map((board) => ({ name: board.replace('_', ' '), value: board }));

export const data = new SlashCommandBuilder()
  .setName('leaderboard')
  .setDescription('The top nations')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) => o.setName('board').setDescription('Which board (default: power)').addChoices(...BOARD_CHOICES))
  .addIntegerOption((o) => o.setName('page').setDescription('Page').setMinValue(1).setMaxValue(1000));

export async function execute(ctx: BotContext, input: CommandInput): Promise<Reply> {
  const opts = options(input);
  return boardPage(ctx, opts.string('board') ?? 'power', (opts.number('page') ?? 1) - 1);
}

export async function boardPage(ctx: BotContext, board: string, page: number): Promise<Reply> {
  const size = await ctx.leaderboards.size(board);
  const pages = Math.max(1, Math.ceil(size / PER_BOARD_PAGE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const rows = await ctx.leaderboards.top(board, PER_BOARD_PAGE, current * PER_BOARD_PAGE);
  return { embeds: [leaderboardPage(board, rows, current, pages)], components: pagerRow('lb', board, { page: current, pages }) };
}
