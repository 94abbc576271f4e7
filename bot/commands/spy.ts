// /spy recruit · mission · reports
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../context.ts';
import { Colors, num, plain, when } from '../embeds.ts';
import { BotError, BotErrorCodes } from '../errors.ts';
import { embedReply, infoReply } from '../replies.ts';
import type { AutocompleteInput, Choice, CommandInput, Reply } from '../types.ts';
import { act, nationChoices, options, ownNation, resolveNation } from './shared.ts';

export const data = new SlashCommandBuilder()
  .setName('spy')
  .setDescription('Espionage: spies, counter-intelligence and missions')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('recruit')
      .setDescription('Recruit spies or train counter-intelligence (leader or officer)')
      .addIntegerOption((o) => o.setName('count').setDescription('How many').setRequired(true).setMinValue(1).setMaxValue(1000))
      .addStringOption((o) => o.setName('kind').setDescription('What to recruit (default: spies)').addChoices({ name: 'spies', value: 'spies' }, { name: 'counter-intelligence', value: 'counter_intel' })),
  )
  .addSubcommand((sub) =>
    sub
      .setName('mission')
      .setDescription('Send spies on a mission (leader or officer)')
      .addStringOption((o) => o.setName('target').setDescription('The nation to spy on').setRequired(true).setAutocomplete(true).setMaxLength(100))
      .addStringOption((o) =>
        o.setName('type').setDescription('The mission').setRequired(true).addChoices({ name: 'reconnaissance', value: 'reconnaissance' }, { name: 'sabotage', value: 'sabotage' }, { name: 'theft', value: 'theft' }),
      ),
  )
  .addSubcommand((sub) => sub.setName('reports').setDescription('Your intelligence reports and missions in flight (only you see them)'));

export const privateSubcommands = ['reports', 'mission'];

export async function execute(ctx: BotContext, input: CommandInput): Promise<Reply> {
  const opts = options(input);
  switch (input.subcommand) {
    case 'recruit': {
      const count = opts.requiredNumber('count');
      const kind = opts.string('kind') ?? 'spies';
      const reply = await act(ctx, input, { type: kind === 'spies' ? 'recruitSpies' : 'trainCounterIntel', count });
      const total = kind === 'spies' ? reply.spies : reply.counterIntel;
      return infoReply(`🕵️ Recruited ${num(count)} ${kind === 'spies' ? 'spies' : 'counter-intelligence agents'} (now ${num(Number(total))}).`);
    }
    case 'mission': {
      const target = await resolveNation(ctx, opts.requiredString('target'));
      const type = opts.requiredString('type');
      const reply = await act(ctx, input, { type: 'launchMission', target: target.address, mission: type });
      return infoReply(`🕵️ Your spies set off on ${type} against **${plain(target.name)}**. The report comes ${when(Number(reply.dueAt))}.`, true);
    }
    case 'reports': {
      const nation = (await ownNation(ctx, input)).context;
      const names = await ctx.directory.names([...nation.intel.map((r) => r.target), ...Object.values(nation.missions).map((m) => m.target)]);
      const reports = [...nation.intel].reverse().slice(0, 10);
      return embedReply(
        {
          title: `🕵️ Intelligence of ${plain(nation.name)}`,
          color: Colors.neutral,
          fields: [
            {
              name: 'Missions in flight',
              value: Object.values(nation.missions).map((m) => `${m.type} against ${plain(names.get(m.target) ?? m.target)} — due ${when(m.dueAt)}`).join('\n') || 'none',
            },
            ...reports.map((report) => ({
              name: `${report.type} — ${plain(names.get(report.target) ?? report.target)}`,
              value: `${when(report.at)}\n\`\`\`${JSON.stringify(report.data).slice(0, 900)}\`\`\``,
            })),
          ],
        },
        { ephemeral: true },
      );
    }
    default:
      throw new BotError(BotErrorCodes.UNKNOWN_COMMAND, 'Unknown /spy subcommand. Type /spy to see the options.');
  }
}

export async function autocomplete(ctx: BotContext, input: AutocompleteInput): Promise<readonly Choice[]> {
  return nationChoices(ctx, input.actor.guildId, input.focused.value);
}
