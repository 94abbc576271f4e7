// /election start · nominate · vote · status
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { ElectionContext } from '../../actors/election/context.ts';
import type { BotContext } from '../context.ts';
import { when } from '../embeds.ts';
import { BotError, BotErrorCodes } from '../errors.ts';
import { GameRefusal } from '../game.ts';
import { embedReply, infoReply } from '../replies.ts';
import type { CommandInput, Reply } from '../types.ts';
import { electionStatus } from '../views.ts';
import { act, guildOf, options, ownNation } from './shared.ts';

export const data = new SlashCommandBuilder()
  .setName('election')
  .setDescription('Elect your nation’s leader')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) => sub.setName('start').setDescription('Open an election: nominations, then voting (citizens)'))
  .addSubcommand((sub) => sub.setName('nominate').setDescription('Stand as a candidate in the open election (citizens)'))
  .addSubcommand((sub) =>
    sub.setName('vote').setDescription('Vote for a candidate; your vote weighs your contribution').addUserOption((o) => o.setName('candidate').setDescription('The candidate').setRequired(true)),
  )
  .addSubcommand((sub) => sub.setName('status').setDescription('The current or last election'));

/** The nation's current (or last) election address. */
async function currentElection(ctx: BotContext, input: Pick<CommandInput, 'actor'>, mustBeOpen: boolean): Promise<string> {
  const nation = (await ownNation(ctx, input)).context;
  if (nation.election.n === 0 || (mustBeOpen && !nation.election.open)) {
    throw new GameRefusal('GAME_WRONG_PHASE', 'There is no election running. A citizen can start one with /election start.');
  }
  return `election:${guildOf(input)}:${nation.election.n}`;
}

export async function execute(ctx: BotContext, input: CommandInput): Promise<Reply> {
  switch (input.subcommand) {
    case 'start': {
      await act(ctx, input, { type: 'startElection' });
      return infoReply(`🗳️ <@${input.actor.userId}> opened an election. Citizens have ${ctx.config.timers.election.nomination_days} day(s) to /election nominate, then ${ctx.config.timers.election.voting_days} day(s) to vote.`);
    }
    case 'nominate': {
      const election = await currentElection(ctx, input, true);
      const reply = await ctx.game.command(election, { type: 'nominate', by: input.actor.userId });
      return infoReply(`🗳️ <@${input.actor.userId}> is a candidate (${String(reply.candidates)} so far). Voting opens ${when(Number(reply.nominationEndsAt))}.`);
    }
    case 'vote': {
      const candidate = options(input).requiredString('candidate');
      const election = await currentElection(ctx, input, true);
      const reply = await ctx.game.command(election, { type: 'vote', by: input.actor.userId, candidate });
      return infoReply(`🗳️ Your vote for <@${candidate}> counts with weight ${String(reply.weight)}.`, true);
    }
    case 'status': {
      const election = await currentElection(ctx, input, false);
      const view = await ctx.game.read<ElectionContext>(election);
      if (!view) throw new GameRefusal('GAME_WRONG_PHASE', 'The election is still being set up. Try again in a moment.');
      return embedReply(electionStatus(view.context, ctx.now()));
    }
    default:
      throw new BotError(BotErrorCodes.UNKNOWN_COMMAND, 'Unknown /election subcommand. Type /election to see the options.');
  }
}
