// /help [command]
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../context.ts';
import { Colors } from '../embeds.ts';
import { embedReply } from '../replies.ts';
import type { CommandInput, Reply } from '../types.ts';
import { options } from './shared.ts';

const TOPICS: Record<string, string> = {
  nation: 'Found your server as a nation (`/nation register`, needs Manage Server), see profiles (`/nation info`), set the news channel, DMs and stance (`/nation settings`), appoint officers (`/nation appoint`).',
  citizen: 'Join your server’s nation (`/citizen join`): citizens produce resources every hour and vote. `/citizen profile` shows your contribution.',
  military: 'Build units (`/military build`), see your army (`/military status`) and the build queue (`/military queue`).',
  war: 'Declare war (`/war declare`); the defender accepts or declines (buttons or `/war accept`). Until the battle, allies of either side can fight beside it (`/war join`). After preparation the battle runs by itself and every side’s channel gets the report. `/war peace` offers peace or surrenders (the two warring nations only).',
  alliance: 'Propose an alliance (`/alliance propose`), accept invitations (buttons or `/alliance accept`), leave with `/alliance break` (costs reputation). Allies can fight beside each other in their wars (`/war join`).',
  spy: 'Recruit spies and counter-intelligence (`/spy recruit`), send missions (`/spy mission`), read reports (`/spy reports`).',
  trade: 'Offer resources to another nation (`/trade propose`); they accept or decline.',
  market: 'See listings (`/market list`), sell (`/market sell`), buy (`/market buy`).',
  loan: 'Borrow gold (`/loan take`) and repay it (`/loan repay`).',
  invest: 'Invest gold for hourly returns (`/invest deposit`).',
  election: 'Start an election (`/election start`), stand (`/election nominate`), vote (`/election vote`). The winner becomes leader.',
  leaderboard: 'The top nations by power, military, resources, territory, reputation or wars won; `/rank` shows one nation.',
  season: 'Seasons last 60 days after a week of registration; the top nations earn legacy points.',
  overlay: 'Links to OBS overlays of your nation (battles, leaderboard, war ticker, nation card) for streaming; only the leader or a server manager gets them.',
  admin: '`/admin flag` turns game systems on or off for this server (Manage Server); bot admins can ban users or servers and steer the season.',
};

export const data = new SlashCommandBuilder()
  .setName('help')
  .setDescription('How to play Server Wars')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) => o.setName('command').setDescription('A command to explain').addChoices(...Object.keys(TOPICS).map((name) => ({ name, value: name }))));

export async function execute(_ctx: BotContext, input: CommandInput): Promise<Reply> {
  const topic = options(input).string('command');
  if (topic && TOPICS[topic]) return embedReply({ title: `❔ /${topic}`, color: Colors.info, description: TOPICS[topic] }, { ephemeral: true });
  return embedReply(
    {
      title: '❔ Server Wars: Dominion Protocol',
      color: Colors.info,
      description: 'Every server is a nation. Build an army, make allies, spy, trade and climb the boards across a 60-day season.',
      fields: Object.entries(TOPICS).map(([name, text]) => ({ name: `/${name}`, value: text })),
    },
    { ephemeral: true },
  );
}
