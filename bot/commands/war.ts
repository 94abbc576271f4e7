// /war declare · accept · decline · join · status · list · peace
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { NationContext, WarEntry } from '../../actors/nation/context.ts';
import type { WarContext } from '../../actors/war/context.ts';
import type { BotContext } from '../context.ts';
import { plain } from '../embeds.ts';
import { BotError, BotErrorCodes } from '../errors.ts';
import { GameRefusal } from '../game.ts';
import { embedReply, infoReply } from '../replies.ts';
import type { AutocompleteInput, Choice, CommandInput, Reply } from '../types.ts';
import { confirmation, pagerRow } from '../buttons.ts';
import { warList, warNations, warStatus } from '../views.ts';
import { act, guildOf, nationChoices, options, ownNation, resolveNation } from './shared.ts';
import { joinChoices, joinWar, phaseOf } from './war-join.ts';

const warOption = (description: string, required = true) => (o: import('discord.js').SlashCommandStringOption) =>
  o.setName('war').setDescription(description).setRequired(required).setAutocomplete(true).setMaxLength(120);

export const data = new SlashCommandBuilder()
  .setName('war')
  .setDescription('Declare, answer and follow wars')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('declare')
      .setDescription('Declare war on another nation (leader or officer)')
      .addStringOption((o) => o.setName('target').setDescription('The nation to attack').setRequired(true).setAutocomplete(true).setMaxLength(100))
      .addStringOption((o) => o.setName('reason').setDescription('Why (shown to both sides)').setMaxLength(200)),
  )
  .addSubcommand((sub) => sub.setName('accept').setDescription('Accept a war declared on you (leader or officer)').addStringOption(warOption('The declaration to accept')))
  .addSubcommand((sub) => sub.setName('decline').setDescription('Decline a war declared on you (leader or officer)').addStringOption(warOption('The declaration to decline')))
  .addSubcommand((sub) => sub.setName('join').setDescription('Fight beside an ally in its war, before the battle (leader or officer)').addStringOption(warOption('One of your allies’ wars')))
  .addSubcommand((sub) => sub.setName('status').setDescription('Where a war stands').addStringOption(warOption('The war (default: your first)', false)))
  .addSubcommand((sub) => sub.setName('list').setDescription('Your nation’s wars').addIntegerOption((o) => o.setName('page').setDescription('Page').setMinValue(1).setMaxValue(1000)))
  .addSubcommand((sub) =>
    sub
      .setName('peace')
      .setDescription('Offer, accept or refuse peace, or surrender (leader or officer)')
      .addStringOption(warOption('The war'))
      .addStringOption((o) =>
        o
          .setName('action')
          .setDescription('What to do')
          .setRequired(true)
          .addChoices({ name: 'offer peace', value: 'offer' }, { name: 'accept their offer', value: 'accept' }, { name: 'refuse their offer', value: 'refuse' }, { name: 'surrender', value: 'surrender' }),
      ),
  );

export async function execute(ctx: BotContext, input: CommandInput): Promise<Reply> {
  const opts = options(input);
  switch (input.subcommand) {
    case 'declare': {
      const target = await resolveNation(ctx, opts.requiredString('target'));
      const reason = opts.string('reason') ?? '';
      const reply = await act(ctx, input, { type: 'declareWar', target: target.address, reason });
      const extra = reply.betrayal ? ' This is a **betrayal** of a former ally.' : reply.treatyViolated ? ' This **breaks a peace treaty**.' : '';
      return infoReply(`🔥 <@${input.actor.userId}> declared war on **${plain(target.name)}**${reason ? ` — “${plain(reason)}”` : ''}. They have ${ctx.config.timers.war.proposal_hours} hours to answer.${extra}\nWar id: \`${String(reply.war)}\``);
    }
    case 'accept':
    case 'decline': {
      const war = opts.requiredString('war');
      const accept = input.subcommand === 'accept';
      await respondToWar(ctx, input, war, accept);
      return infoReply(accept ? `⚔️ <@${input.actor.userId}> accepted the war. Both sides have ${ctx.config.timers.war.preparation_hours} hours to prepare.` : `🕊️ <@${input.actor.userId}> declined the war.`);
    }
    case 'join': {
      const { ally, channelId } = await joinWar(ctx, input, opts.requiredString('war'));
      const where = channelId === null ? 'in your nation’s news channel once it has one (/nation settings)' : channelId === input.actor.channelId ? 'in this channel' : `in <#${channelId}>`;
      return infoReply(`🛡️ <@${input.actor.userId}> asked to join the war on **${plain(ally)}**’s side. The answer will be posted ${where}.`);
    }
    case 'status': {
      let war = opts.string('war');
      if (!war) {
        const nation = (await ownNation(ctx, input)).context;
        war = Object.keys(nation.wars)[0];
        if (!war) return infoReply('Your nation is not at war. See /war list.', true);
      }
      const view = await ctx.game.read<WarContext>(`war:${war}`);
      if (!view) throw new GameRefusal('GAME_UNKNOWN_TARGET', 'There is no such war. Pick one from the suggestions or see /war list.');
      return embedReply(warStatus(view.context, phaseOf(view.value)));
    }
    case 'list':
      return warsPage(ctx, input, (opts.number('page') ?? 1) - 1);
    case 'peace': {
      const war = opts.requiredString('war');
      const action = opts.requiredString('action');
      if (action === 'surrender') return confirmation(ctx, input, 'surrender', war, 'Surrender this war? The enemy wins and takes its spoils.');
      if (action === 'offer') {
        await act(ctx, input, { type: 'offerPeace', war });
        return infoReply(`🕊️ <@${input.actor.userId}> offered peace. The other side has ${ctx.config.timers.war.peace_offer_hours} hours to answer.`);
      }
      await act(ctx, input, { type: 'respondPeace', war, accept: action === 'accept' });
      return infoReply(action === 'accept' ? '🕊️ Peace accepted. A treaty now binds both nations.' : 'Peace refused. The war goes on.');
    }
    default:
      throw new BotError(BotErrorCodes.UNKNOWN_COMMAND, 'Unknown /war subcommand. Type /war to see the options.');
  }
}

/** Checks the declaration is still open before answering it, so a stale button says so plainly. */
export async function respondToWar(ctx: BotContext, input: Pick<CommandInput, 'actor'>, war: string, accept: boolean): Promise<void> {
  const nation = (await ownNation(ctx, input)).context;
  const entry = nation.wars[war];
  if (!entry || entry.role !== 'defender' || entry.phase !== 'proposed') {
    throw new GameRefusal('GAME_WRONG_PHASE', 'This war declaration can no longer be answered: it was already answered or it expired. See /war list.');
  }
  await act(ctx, input, { type: 'respondWar', war, accept });
}

export async function warsPage(ctx: BotContext, input: Pick<CommandInput, 'actor'>, page: number): Promise<Reply> {
  const nation = (await ownNation(ctx, input)).context;
  const names = await ctx.directory.names(warNations(Object.values(nation.wars)));
  const shown = warList(nation, names, page);
  return { embeds: [shown.embed], components: pagerRow('wars', guildOf(input), shown.page) };
}

/** Which of the nation's own wars a subcommand's `war` option offers: answers need a declaration, peace is for the two warring nations. */
function offered(subcommand: string | null, war: WarEntry): boolean {
  if (subcommand === 'accept' || subcommand === 'decline') return war.role === 'defender' && war.phase === 'proposed';
  if (subcommand === 'peace') return war.role !== 'supporter';
  return true;
}

export async function autocomplete(ctx: BotContext, input: AutocompleteInput): Promise<readonly Choice[]> {
  if (input.focused.name === 'target') return nationChoices(ctx, input.actor.guildId, input.focused.value);
  if (input.subcommand === 'join') return joinChoices(ctx, input);
  const view = await ctx.game.read<NationContext>(`nation:${guildOf(input)}`);
  if (!view) return [];
  const wars = Object.entries(view.context.wars).filter(([, war]) => offered(input.subcommand, war));
  const names = await ctx.directory.names(warNations(wars.map(([, war]) => war)));
  // Choice names are shown as typed: no markdown to escape.
  const name = (address: string): string => names.get(address) ?? address;
  const label = (war: WarEntry): string => {
    if (war.role === 'supporter') return war.enemy ? `supporting ${name(war.ally ?? '')} vs ${name(war.enemy)} (${war.phase})` : 'joining an ally’s war (waiting for its answer)';
    return `${war.role === 'aggressor' ? 'vs' : 'defending vs'} ${name(war.enemy)} (${war.phase})`;
  };
  const typed = input.focused.value.toLowerCase();
  return wars
    .map(([id, war]) => ({ name: label(war).slice(0, 100), value: id }))
    .filter((choice) => choice.name.toLowerCase().includes(typed) || choice.value.toLowerCase().includes(typed))
    .slice(0, 25);
}
