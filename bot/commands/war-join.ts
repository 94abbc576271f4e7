// /war join: an ally of one of the two warring nations asks to fight beside
// it (docs/game-protocol.md, nation `joinWar`). The war decides and its
// answer comes as a notification (`warJoined`, or the nation's
// `warJoinRefused`); the checks here only spare the player a round trip for
// what the live state already refuses, in words that say when and why.
import { GameErrorCodes } from '../../actors/common/errors.ts';
import type { NationContext } from '../../actors/nation/context.ts';
import type { WarContext } from '../../actors/war/context.ts';
import type { BotContext } from '../context.ts';
import { MAX_CHOICES } from '../directory.ts';
import { plain, when } from '../embeds.ts';
import { GameRefusal } from '../game.ts';
import type { AutocompleteInput, Choice, CommandInput } from '../types.ts';
import { act, guildOf, nationAddress, ownNation } from './shared.ts';

/** The nations `nation` is allied with, through any of its alliances. */
export function alliesOf(nation: Pick<NationContext, 'alliances'>, self: string): string[] {
  return [...new Set(Object.values(nation.alliances).flat())].filter((member) => member !== self);
}

/** The state value's top-level name: 'preparation', 'active' for { active: 'mustering' }, … */
export function phaseOf(value: unknown): string {
  return typeof value === 'string' ? value : (Object.keys(value as object)[0] ?? 'active');
}

/** Why a war in `phase` takes no allies now, or null while it does (preparation). */
function closedBecause(war: WarContext, phase: string): string | null {
  switch (phase) {
    case 'preparation':
      return null;
    case 'opening':
    case 'proposed':
      return `This war has not been accepted yet: allies can join once the defender accepts it (answer due ${when(war.proposalDue)}), until the battle.`;
    case 'active':
      return 'The battle of this war is under way: allies could join only while it was in preparation.';
    default:
      return 'This war is over: allies can join a war only while it is in preparation, before its battle.';
  }
}

/**
 * Checks the war takes this nation now and asks to join; resolves to the
 * name of the nation it will fight beside and the channel the war's answer
 * will be posted in (the nation's news channel, if it has one).
 */
export async function joinWar(ctx: BotContext, input: CommandInput, id: string): Promise<{ ally: string; channelId: string | null }> {
  const [nation, view] = await Promise.all([ownNation(ctx, input), ctx.game.read<WarContext>(`war:${id}`)]);
  if (!view) throw new GameRefusal(GameErrorCodes.UNKNOWN_TARGET, 'There is no such war. Pick one of your allies’ wars from the suggestions.');
  const war = view.context;
  const self = nationAddress(guildOf(input));
  const booked = nation.context.wars[id];
  // A join the war never answered stops counting after a while (JOIN_ANSWER_MS); the nation drops it when asked again.
  if (booked?.phase === 'joining' && (booked.until ?? 0) > ctx.now()) {
    throw new GameRefusal(GameErrorCodes.WRONG_PHASE, 'Your nation has already asked to join this war; its answer will be posted in your channel.');
  }
  if ((booked && booked.phase !== 'joining') || (war.supporters ?? []).some((supporter) => supporter.nation === self) || war.aggressor === self || war.defender === self) {
    throw new GameRefusal(GameErrorCodes.WRONG_PHASE, 'Your nation is already in this war. See /war status.');
  }
  const closed = closedBecause(war, phaseOf(view.value));
  if (closed) throw new GameRefusal(GameErrorCodes.WRONG_PHASE, closed);
  const allies = new Set(alliesOf(nation.context, self));
  const aggressor = plain(war.aggressorName ?? war.aggressor);
  const defender = plain(war.defenderName ?? war.defender);
  if (allies.has(war.aggressor) && allies.has(war.defender)) {
    throw new GameRefusal(GameErrorCodes.ALLY_TARGET, `Your nation is allied with both ${aggressor} and ${defender}: it cannot fight either of them.`);
  }
  if (!allies.has(war.aggressor) && !allies.has(war.defender)) {
    throw new GameRefusal(GameErrorCodes.NOT_PARTICIPANT, `Your nation is allied with neither ${aggressor} nor ${defender}: only their allies can join this war. See /alliance list.`);
  }
  await act(ctx, input, { type: 'joinWar', war: id });
  const ally = allies.has(war.aggressor) ? (war.aggressorName ?? war.aggressor) : (war.defenderName ?? war.defender);
  return { ally, channelId: nation.context.settings.channelId };
}

/**
 * Wars an ally of the player's nation is fighting that take allies now
 * (preparation), read from each ally's own list of wars; not those the
 * nation is already in, nor those between two of its allies.
 */
export async function joinChoices(ctx: BotContext, input: AutocompleteInput): Promise<Choice[]> {
  const self = nationAddress(guildOf(input));
  const own = await ctx.game.read<NationContext>(self);
  if (!own) return [];
  const allies = alliesOf(own.context, self);
  const friends = new Set(allies);
  const views = await Promise.all(allies.map((ally) => ctx.game.read<NationContext>(ally)));
  const open = new Map<string, { ally: string; allyName: string; enemy: string }>();
  allies.forEach((ally, index) => {
    const view = views[index];
    if (!view) return;
    for (const [war, entry] of Object.entries(view.context.wars)) {
      if (entry.role === 'supporter' || entry.phase !== 'preparation' || friends.has(entry.enemy) || own.context.wars[war] || open.has(war)) continue;
      open.set(war, { ally, allyName: view.context.name, enemy: entry.enemy });
    }
  });
  const names = await ctx.directory.names([...open.values()].flatMap((war) => [war.ally, war.enemy]));
  const typed = input.focused.value.toLowerCase();
  return [...open]
    .map(([war, { ally, allyName, enemy }]) => ({ name: `with ${names.get(ally) ?? allyName} vs ${names.get(enemy) ?? enemy}`.slice(0, 100), value: war }))
    .filter((choice) => choice.name.toLowerCase().includes(typed) || choice.value.toLowerCase().includes(typed))
    .slice(0, MAX_CHOICES);
}
