// The controlled sample behind the equal-armies check (GAME.md § Balance):
// pairs of twin nations with the same citizens that only ever fight each
// other, each time with exactly DUEL_ARMY on both sides and the default
// balanced stance, no allies. The twins take turns as the aggressor, so any
// edge the battle gives either role shows up as a win rate away from 50 %.
import type { NationContext } from '../actors/nation/context.ts';
import { UNITS, type Units } from '../actors/rules/index.ts';
import type { Command } from './strategies.ts';
import type { SimNation } from './roster.ts';

/** A mixed army (two terrain profiles) small enough to rebuild within a day. */
export const DUEL_ARMY: Units = { infantry: 30, armor: 4, aircraft: 0, naval: 0 };

function queued(ctx: NationContext, unit: keyof Units): number {
  return ctx.buildQueue.filter((order) => order.unit === unit).reduce((sum, order) => sum + order.quantity, 0);
}

export function armyReady(ctx: NationContext): boolean {
  return ctx.buildQueue.length === 0 && UNITS.every((unit) => ctx.units[unit] === DUEL_ARMY[unit]);
}

/**
 * One hour of a twin: answer its twin's declaration at once, rebuild what the
 * last battle cost, and — when both armies are whole, no war between them is
 * open and it is this twin's turn — declare the next war.
 */
export function duelTick(nation: SimNation, ctx: NationContext, twin: NationContext | undefined, now: number): Command[] {
  const by = ctx.leader;
  const commands: Command[] = [];
  for (const [war, entry] of Object.entries(ctx.wars)) {
    if (entry.role === 'defender' && entry.phase === 'proposed') commands.push({ to: nation.address, event: { type: 'respondWar', by, war, accept: true } });
  }
  for (const unit of UNITS) {
    const missing = DUEL_ARMY[unit] - ctx.units[unit] - queued(ctx, unit);
    if (missing > 0) commands.push({ to: nation.address, event: { type: 'build', by, unit, quantity: missing } });
  }
  const battles = ctx.warsWon + ctx.warsLost;
  const myTurn = (battles % 2 === 0) === nation.name.endsWith('A');
  const atPeace = Object.keys(ctx.wars).length === 0 && twin !== undefined && Object.keys(twin.wars).length === 0;
  const cooled = (ctx.cooldowns.war_declare_minutes ?? 0) <= now;
  if (myTurn && atPeace && cooled && armyReady(ctx) && twin !== undefined && armyReady(twin) && nation.twin) {
    commands.push({ to: nation.address, event: { type: 'declareWar', by, target: nation.twin, reason: 'the duel' } });
  }
  return commands;
}
