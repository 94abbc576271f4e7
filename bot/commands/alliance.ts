// /alliance propose · accept · decline · invite · break · list
import { InteractionContextType, SlashCommandBuilder, type SlashCommandStringOption } from 'discord.js';
import type { AllianceContext } from '../../actors/alliance/context.ts';
import type { BotContext } from '../context.ts';
import { Colors, plain } from '../embeds.ts';
import { BotError, BotErrorCodes } from '../errors.ts';
import { GameRefusal } from '../game.ts';
import { embedReply, infoReply } from '../replies.ts';
import { toChoices } from '../directory.ts';
import type { AutocompleteInput, Choice, CommandInput, Reply } from '../types.ts';
import { confirmation } from '../buttons.ts';
import { act, guildOf, nationAddress, nationChoices, options, ownNation, resolveNation } from './shared.ts';

const allianceOption = (description: string) => (o: SlashCommandStringOption) =>
  o.setName('alliance').setDescription(description).setRequired(true).setAutocomplete(true).setMaxLength(120);

export const data = new SlashCommandBuilder()
  .setName('alliance')
  .setDescription('Alliances between nations')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('propose')
      .setDescription('Found an alliance with another nation (leader or officer)')
      .addStringOption((o) => o.setName('partner').setDescription('The nation to invite').setRequired(true).setAutocomplete(true).setMaxLength(100))
      .addStringOption((o) => o.setName('name').setDescription('The alliance’s name').setRequired(true).setMinLength(1).setMaxLength(64))
      .addStringOption((o) =>
        o.setName('treaty').setDescription('What it binds members to').setRequired(true).addChoices({ name: 'defense pact', value: 'defense' }, { name: 'non-aggression', value: 'non_aggression' }),
      ),
  )
  .addSubcommand((sub) => sub.setName('accept').setDescription('Join an alliance you are invited to (leader or officer)').addStringOption(allianceOption('The invitation')))
  .addSubcommand((sub) => sub.setName('decline').setDescription('Refuse an alliance invitation (leader or officer)').addStringOption(allianceOption('The invitation')))
  .addSubcommand((sub) =>
    sub
      .setName('invite')
      .setDescription('Invite another nation into your alliance (leader or officer)')
      .addStringOption(allianceOption('Your alliance'))
      .addStringOption((o) => o.setName('nation').setDescription('The nation to invite').setRequired(true).setAutocomplete(true).setMaxLength(100)),
  )
  .addSubcommand((sub) => sub.setName('break').setDescription('Leave an alliance; costs reputation (asks to confirm)').addStringOption(allianceOption('Your alliance')))
  .addSubcommand((sub) => sub.setName('list').setDescription('Your nation’s alliances'));

export const privateSubcommands = ['break'];

export async function execute(ctx: BotContext, input: CommandInput): Promise<Reply> {
  const opts = options(input);
  switch (input.subcommand) {
    case 'propose': {
      const partner = await resolveNation(ctx, opts.requiredString('partner'));
      const name = opts.requiredString('name');
      const treaty = opts.requiredString('treaty');
      await act(ctx, input, { type: 'proposeAlliance', partner: partner.address, name, treaty });
      return infoReply(`🤝 <@${input.actor.userId}> invited **${plain(partner.name)}** into the alliance **${plain(name)}** (${treaty === 'defense' ? 'defense pact' : 'non-aggression'}). They have ${ctx.config.timers.alliance.proposal_hours} hours to accept.`);
    }
    case 'accept':
    case 'decline': {
      const accept = input.subcommand === 'accept';
      const name = await respondToAlliance(ctx, input, opts.requiredString('alliance'), accept);
      return infoReply(accept ? `🤝 Your nation joined **${plain(name)}**.` : `You refused to join **${plain(name)}**.`);
    }
    case 'invite': {
      const target = await resolveNation(ctx, opts.requiredString('nation'));
      await act(ctx, input, { type: 'inviteToAlliance', alliance: opts.requiredString('alliance'), nation: target.address });
      return infoReply(`📨 **${plain(target.name)}** is invited.`);
    }
    case 'break': {
      const alliance = opts.requiredString('alliance');
      const nation = (await ownNation(ctx, input)).context;
      if (!nation.alliances[alliance]) throw new GameRefusal('GAME_NOT_PARTICIPANT', 'Your nation is not in that alliance. See /alliance list.');
      return confirmation(ctx, input, 'break', alliance, `Leave this alliance? It costs ${Math.abs(ctx.config.balance.reputation.events.alliance_broken)} reputation, and attacking a former ally soon after counts as betrayal.`);
    }
    case 'list': {
      const nation = (await ownNation(ctx, input)).context;
      const entries = Object.entries(nation.alliances);
      const members = await ctx.directory.names(entries.flatMap(([, list]) => list));
      const alliances = await Promise.all(entries.map(async ([id, list]) => ({ id, list, view: await ctx.game.read<AllianceContext>(`alliance:${id}`) })));
      return embedReply({
        title: `🤝 Alliances of ${plain(nation.name)}`,
        color: Colors.info,
        description:
          alliances.length === 0
            ? 'None yet. Propose one with /alliance propose.'
            : alliances.map(({ id, list, view }) => `**${plain(view?.context.name ?? id)}** (${view?.context.treaty ?? 'treaty'}): ${list.map((m) => plain(members.get(m) ?? m)).join(', ')}`).join('\n'),
      });
    }
    default:
      throw new BotError(BotErrorCodes.UNKNOWN_COMMAND, 'Unknown /alliance subcommand. Type /alliance to see the options.');
  }
}

/** Checks the invitation is still open, then answers it; resolves to the alliance's name. */
export async function respondToAlliance(ctx: BotContext, input: Pick<CommandInput, 'actor'>, alliance: string, accept: boolean): Promise<string> {
  const view = await ctx.game.read<AllianceContext>(`alliance:${alliance}`);
  const me = nationAddress(guildOf(input));
  const until = view?.context.invited[me];
  if (!view || until === undefined || until <= ctx.now()) {
    throw new GameRefusal('GAME_WRONG_PHASE', 'This alliance invitation is no longer open: it was answered, withdrawn or it expired. Ask for a new one.');
  }
  await act(ctx, input, { type: 'respondAlliance', alliance, accept });
  return view.context.name;
}

export async function autocomplete(ctx: BotContext, input: AutocompleteInput): Promise<readonly Choice[]> {
  if (input.focused.name === 'partner' || input.focused.name === 'nation') return nationChoices(ctx, input.actor.guildId, input.focused.value);
  const relation = input.subcommand === 'accept' || input.subcommand === 'decline' ? 'invited' : 'member';
  return toChoices(await ctx.directory.alliances(nationAddress(guildOf(input)), relation, input.focused.value));
}
