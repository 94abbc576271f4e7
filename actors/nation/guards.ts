// The checks player commands share: citizenship and roles, feature flags,
// cooldowns and costs. Each returns a refusal (reply params) or null.
import type { ReplyParams } from '../../runtime/effects.ts';
import { GameErrorCodes, refusal } from '../common/errors.ts';
import type { Feature } from '../common/game-rules.ts';
import { minutesMs } from '../common/game-rules.ts';
import { ID_CHARACTERS, notBuiltIn } from '../common/schemas.ts';
import type { Resources } from '../rules/index.ts';
import { covers, enabled, type Draft } from './draft.ts';

export type Refusal = ReplyParams | null;
export type CooldownName = keyof Draft['rules']['timers']['cooldowns'];

export function citizen(draft: Draft, by: string): Refusal {
  if (draft.ctx.citizens[by]) return null;
  return refusal(GameErrorCodes.NOT_CITIZEN, `You are not a citizen of ${draft.ctx.name}. Use /citizen join first.`);
}

export function leader(draft: Draft, by: string): Refusal {
  if (draft.ctx.leader === by) return null;
  return citizen(draft, by) ?? refusal(GameErrorCodes.NOT_LEADER, `Only the leader of ${draft.ctx.name} can do this.`);
}

/** Leader or one of the officers the leader appointed. */
export function command(draft: Draft, by: string): Refusal {
  if (draft.ctx.leader === by || draft.ctx.officers.includes(by)) return null;
  return citizen(draft, by) ?? refusal(GameErrorCodes.NOT_LEADER, `Only the leader or an officer of ${draft.ctx.name} can do this. Ask your leader to appoint you.`);
}

/**
 * A war, alliance, mission or market item is named by the command's message
 * id. The actor it is sent to refuses an id its schema does not take (too
 * long, or a built-in property name) — after this nation has paid for it or
 * booked it — so such a command is turned down here first. (Clients send
 * ULIDs; a caller choosing its own message id could hit it.)
 */
export function namesItem(draft: Draft, max: number): Refusal {
  const { id } = draft.meta;
  if (id.length <= max && ID_CHARACTERS.test(id) && notBuiltIn(id)) return null;
  return refusal(GameErrorCodes.OUT_OF_RANGE, `This request's id (${id.slice(0, 40)}) cannot name what it creates; send the command again.`);
}

/** A wait as a player reads it: minutes, hours or days, rounded up. */
function waitInWords(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 120) return `${minutes} minute(s)`;
  const hours = Math.ceil(minutes / 60);
  return hours < 48 ? `${hours} hours` : `${Math.ceil(hours / 24)} days`;
}

/**
 * Wars, espionage and the market are the active season's (GAME.md "Seasons":
 * pre-season is for registering, post-season for results). Open when no
 * season has started, and whenever seasons are switched off.
 */
export function seasonOpen(draft: Draft): Refusal {
  const phase = draft.ctx.seasonPhase;
  if (phase === null || phase.phase === 'active' || !enabled(draft, 'seasons')) return null;
  const left = phase.endsAt === null || phase.endsAt <= draft.meta.at ? null : waitInWords(phase.endsAt - draft.meta.at);
  const message =
    phase.phase === 'pre'
      ? `Season ${phase.season} has not begun yet${left ? ` (it begins in ${left})` : ''}: pre-season is for registering and building up. Wars, espionage and the market open when it begins.`
      : `Season ${phase.season} is over and its standings are final. Wars, espionage and the market open again with the next season${left ? `, in ${left}` : ''}.`;
  return refusal(GameErrorCodes.WRONG_PHASE, message, { season: phase.season, phase: phase.phase, endsAt: phase.endsAt });
}

export function feature(draft: Draft, name: Feature): Refusal {
  if (enabled(draft, name)) return null;
  return refusal(GameErrorCodes.FEATURE_DISABLED, `${name} are turned off on this server right now. Ask an admin, or try again later.`, { feature: name });
}

export function cooldown(draft: Draft, name: CooldownName): Refusal {
  const until = draft.ctx.cooldowns[name] ?? 0;
  if (until <= draft.meta.at) return null;
  const minutes = Math.ceil((until - draft.meta.at) / 60_000);
  return refusal(GameErrorCodes.ON_COOLDOWN, `That is on cooldown. You can do it again in ${minutes} minute(s).`, { cooldown: name, until });
}

export function startCooldown(draft: Draft, name: CooldownName): void {
  const minutes = draft.rules.timers.cooldowns[name];
  if (minutes > 0) draft.ctx.cooldowns[name] = draft.meta.at + minutesMs(minutes);
}

export function affordable(draft: Draft, cost: Resources): Refusal {
  if (covers(draft.ctx.resources, cost)) return null;
  return refusal(GameErrorCodes.INSUFFICIENT_RESOURCES, `${draft.ctx.name} cannot afford that: it costs ${describe(cost)} and you have ${describe(draft.ctx.resources)}.`, {
    cost,
    resources: draft.ctx.resources,
  });
}

export function notSelf(draft: Draft, target: string): Refusal {
  if (target !== `nation:${draft.ctx.id}`) return null;
  return refusal(GameErrorCodes.SELF_TARGET, 'Your nation cannot target itself. Pick another nation.');
}

/** ⇄ events: only an actor of `kind` (and, when given, exactly `address`) may send them. */
export function sender(draft: Draft, kind: string, address?: string): Refusal {
  const from = draft.meta.from;
  if (typeof from === 'string' && from.startsWith(`${kind}:`) && (address === undefined || from === address)) return null;
  return refusal(GameErrorCodes.FORBIDDEN_SENDER, `only ${address ?? `a ${kind}`} may send this`);
}

export const firstRefusal = (...checks: (() => Refusal)[]): Refusal => {
  for (const check of checks) {
    const result = check();
    if (result) return result;
  }
  return null;
};

function describe(amounts: Resources): string {
  return `${amounts.gold} gold, ${amounts.food} food, ${amounts.materials} materials`;
}
