// /season info
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { SeasonContext } from '../../actors/season/context.ts';
import type { BotContext } from '../context.ts';
import { embedReply } from '../replies.ts';
import type { CommandInput, Reply } from '../types.ts';
import { seasonInfo } from '../views.ts';

export const data = new SlashCommandBuilder()
  .setName('season')
  .setDescription('The current season')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) => sub.setName('info').setDescription('Season number, theme, phase and standings'));

export async function execute(ctx: BotContext, _input: CommandInput): Promise<Reply> {
  const view = await ctx.game.read<SeasonContext>('season:current');
  return embedReply(seasonInfo(view?.context ?? null));
}
