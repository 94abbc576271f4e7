// Pieces the command modules share: addresses, acting as a player on the
// player's own nation, resolving a typed nation name, reading views.
import { GameErrorCodes } from '../../actors/common/errors.ts';
import type { NationContext } from '../../actors/nation/context.ts';
import type { BotContext } from '../context.ts';
import { MAX_CHOICES } from '../directory.ts';
import { plain } from '../embeds.ts';
import { BotError, BotErrorCodes } from '../errors.ts';
import { GameRefusal, type Accepted, type ActorView } from '../game.ts';
import { Options } from '../options.ts';
import type { Choice, CommandInput } from '../types.ts';

export const nationAddress = (guildId: string): string => `nation:${guildId}`;

export function guildOf(input: { actor: { guildId: string | null } }): string {
  if (!input.actor.guildId) throw new BotError(BotErrorCodes.GUILD_ONLY, 'This command works in a server, not in DMs.');
  return input.actor.guildId;
}

export const options = (input: CommandInput): Options => new Options(input.options);

/** Runs a player command on the player's own nation; a refusal throws. Activity counts towards election weight. */
export async function act(ctx: BotContext, input: CommandInput | { actor: CommandInput['actor'] }, event: { type: string } & Record<string, unknown>): Promise<Accepted> {
  const nation = nationAddress(guildOf(input));
  const reply = await ctx.game.command(nation, { ...event, by: input.actor.userId });
  // The protocol's activity ping (docs/game-protocol.md `contribute`): fire and forget.
  void ctx.game.send(nation, { type: 'contribute', by: input.actor.userId, resources: { gold: 1 } }).catch(() => undefined);
  return reply;
}

/** The player's nation, or a refusal telling them how to start one. */
export async function ownNation(ctx: BotContext, input: { actor: CommandInput['actor'] }): Promise<ActorView<NationContext>> {
  const view = await ctx.game.read<NationContext>(nationAddress(guildOf(input)));
  if (!view || !view.context.registered) {
    throw new GameRefusal(GameErrorCodes.NOT_REGISTERED, 'This server has no nation yet. A server manager can start one with /nation register.');
  }
  return view;
}

/** Names offered when a typed name is only part of some nations' names. */
const SUGGESTED = 3;

/** `A`, `A or B`, `A, B or C`, each in bold. */
function alternatives(names: readonly string[]): string {
  const bold = names.map((name) => `**${plain(name)}**`);
  return bold.length <= 1 ? bold.join('') : `${bold.slice(0, -1).join(', ')} or ${bold.at(-1)}`;
}

/**
 * A nation option: the address picked from autocomplete, or a name typed in
 * full (case and surrounding spaces aside). A fragment never picks a nation
 * on its own, even when only one name contains it: the refusal names the
 * nations it matches instead.
 */
export async function resolveNation(ctx: BotContext, value: string): Promise<{ address: string; name: string }> {
  const typed = value.slice(0, 64);
  if (/^nation:\d{1,25}$/.test(value)) {
    const names = await ctx.directory.names([value]);
    const view = names.get(value) ? null : await ctx.game.read<NationContext>(value);
    const name = names.get(value) ?? (view?.context.registered ? view.context.name : undefined);
    if (name !== undefined) return { address: value, name };
  } else {
    const wanted = value.trim().toLowerCase();
    const found = await ctx.directory.nations(value);
    const exact = found.find((entry) => entry.name.trim().toLowerCase() === wanted);
    if (exact) return exact;
    if (found.length > 0) {
      const names = found.slice(0, SUGGESTED).map((entry) => entry.name);
      throw new GameRefusal(GameErrorCodes.UNKNOWN_TARGET, `There is no nation called "${plain(typed)}". Did you mean ${alternatives(names)}? Type the full name, or pick one from the suggestions.`);
    }
  }
  throw new GameRefusal(GameErrorCodes.UNKNOWN_TARGET, `There is no nation called "${plain(typed)}". Start typing and pick one from the suggestions.`);
}

/** Autocomplete of nations other than the player's own. */
export async function nationChoices(ctx: BotContext, guildId: string | null, typed: string): Promise<Choice[]> {
  const found = await ctx.directory.nations(typed, guildId ? nationAddress(guildId) : undefined);
  return found.slice(0, MAX_CHOICES).map((entry) => ({ name: entry.name.slice(0, 100), value: entry.address }));
}

export const RESOURCE_CHOICES = [
  { name: 'gold', value: 'gold' },
  { name: 'food', value: 'food' },
  { name: 'materials', value: 'materials' },
] as const;

export const UNIT_CHOICES = [
  { name: 'infantry', value: 'infantry' },
  { name: 'armor', value: 'armor' },
  { name: 'aircraft', value: 'aircraft' },
  { name: 'naval', value: 'naval' },
] as const;

/** Largest amount a player may type for one resource or unit count (the game's own bound). */
export const MAX_AMOUNT = 1_000_000_000;
