// Espionage (GAME.md): recruiting spies and counter-intelligence, launching a
// mission (a durable timer sends `spyMission` to the target when it is due),
// the target rolling it against its own counter-intel, and the attacker
// applying the `missionOutcome`.
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { MAX_ACTOR_ID } from '../common/schemas.ts';
import { minutesMs } from '../common/game-rules.ts';
import { toResources } from '../common/schemas.ts';
import { capTransfer, missionEffect, NO_RESOURCES, rollMission, storageCap, totalResources, UNITS } from '../rules/index.ts';
import { LIMITS, type NationContext } from './context.ts';
import { change, ledger, negate, notify, reply, reputation, scale, self, send, type Draft } from './draft.ts';
import type { NationEventOf } from './events.ts';
import { affordable, command, cooldown, feature, firstRefusal, namesItem, notSelf, seasonOpen, sender, startCooldown, type Refusal } from './guards.ts';

type Force = 'spies' | 'counterIntel';

/** missionEffect splits theft by the thief's cap; the target's side only needs what was taken. */
const UNCAPPED = { gold: Infinity, food: Infinity, materials: Infinity };

function recruit(draft: Draft, by: string, count: number, force: Force): Refusal | void {
  const espionage = draft.rules.balance.espionage;
  const max = force === 'spies' ? espionage.max_spies : espionage.max_counter_intel;
  const cost = scale(toResources(force === 'spies' ? espionage.spy_cost : espionage.counter_intel_cost), count);
  const refused = firstRefusal(
    () => command(draft, by),
    () => feature(draft, 'espionage'),
    () => cooldown(draft, 'spy_recruit_minutes'),
    () =>
      draft.ctx[force] + count > max
        ? refusal(GameErrorCodes.LIMIT_REACHED, `You can have at most ${max}; you have ${draft.ctx[force]}.`, { max })
        : null,
    () => affordable(draft, cost),
  );
  if (refused) return refused;
  change(draft, negate(cost), 'recruit', draft.meta.id);
  draft.ctx[force] += count;
  startCooldown(draft, 'spy_recruit_minutes');
  reply(draft, { [force]: draft.ctx[force], resources: draft.ctx.resources });
}

export const recruitSpies = (draft: Draft, event: NationEventOf<'recruitSpies'>) => recruit(draft, event.by, event.count, 'spies');
export const trainCounterIntel = (draft: Draft, event: NationEventOf<'trainCounterIntel'>) =>
  recruit(draft, event.by, event.count, 'counterIntel');

export const missionTimerId = (mission: string): string => `mission:${mission}`;

export function launchMission(draft: Draft, event: NationEventOf<'launchMission'>): Refusal | void {
  const { ctx, meta, rules } = draft;
  const cost = toResources(rules.balance.espionage.missions[event.mission].cost);
  const refused = firstRefusal(
    () => command(draft, event.by),
    () => feature(draft, 'espionage'),
    () => seasonOpen(draft),
    () => cooldown(draft, 'spy_mission_minutes'),
    () => namesItem(draft, MAX_ACTOR_ID),
    () => notSelf(draft, event.target),
    () => (ctx.spies > 0 ? null : refusal(GameErrorCodes.OUT_OF_RANGE, 'You have no spies. Recruit some with /spy recruit first.')),
    () =>
      Object.keys(ctx.missions).length >= LIMITS.missions
        ? refusal(GameErrorCodes.LIMIT_REACHED, `At most ${LIMITS.missions} missions can be in flight. Wait for one to report.`)
        : null,
    () => affordable(draft, cost),
  );
  if (refused) return refused;
  change(draft, negate(cost), 'mission_cost', meta.id);
  const delay = minutesMs(rules.timers.espionage.mission_minutes);
  ctx.missions[meta.id] = { target: event.target, type: event.mission, launchedAt: meta.at, dueAt: meta.at + delay };
  startCooldown(draft, 'spy_mission_minutes');
  draft.effects.push({ type: 'raise', event: { type: 'missionDue', mission: meta.id }, delay, id: missionTimerId(meta.id) });
  reply(draft, { mission: meta.id, dueAt: meta.at + delay, resources: ctx.resources });
}

/** The timer: the mission reaches its target with the spies the nation has now. */
export function missionDue(draft: Draft, event: NationEventOf<'missionDue'>): void {
  const mission = draft.ctx.missions[event.mission];
  if (!mission) return reply(draft, { ignored: 'mission gone' });
  send(draft, mission.target, { type: 'spyMission', mission: event.mission, attacker: self(draft), kind: mission.type, spies: draft.ctx.spies });
  reply(draft, { mission: event.mission });
}

function queueOf(ctx: NationContext) {
  return ctx.buildQueue.map((order) => ({ unitType: order.unit, quantity: order.quantity }));
}

/** Target side: roll against own counter-intel, suffer the effect, answer the attacker. */
export function spyMission(draft: Draft, event: NationEventOf<'spyMission'>): Refusal | void {
  const refused = sender(draft, 'nation', event.attacker);
  if (refused) return refused;
  const { ctx, meta, rules } = draft;
  const espionage = rules.balance.espionage;
  const roll = rollMission({ rules: espionage, mission: event.kind, spies: event.spies, counterIntel: ctx.counterIntel, seed: meta.seed });
  const outcome: Record<string, unknown> = { type: 'missionOutcome', mission: event.mission, success: roll.success, discovered: roll.discovered };
  if (roll.success) {
    // The thief's cap is its own business: the target loses what was taken either way.
    const effect = missionEffect({
      rules: espionage,
      mission: event.kind,
      target: { units: ctx.units, queue: queueOf(ctx), resources: ctx.resources },
      thief: { resources: NO_RESOURCES, storageCap: UNCAPPED },
    });
    if (effect.mission === 'reconnaissance') {
      outcome.intel = { units: effect.revealed.units, queue: effect.revealed.queue, territory: ctx.territory };
    } else if (effect.mission === 'sabotage') {
      ctx.buildQueue = ctx.buildQueue
        .map((order, index) => ({ ...order, quantity: order.quantity - (effect.queueDestroyed[index] ?? 0) }))
        .filter((order) => order.quantity > 0);
      ctx.units = { ...ctx.units };
      for (const unit of UNITS) ctx.units = { ...ctx.units, [unit]: ctx.units[unit] - effect.unitsDestroyed[unit] };
      outcome.intel = { queueDestroyed: effect.queueDestroyed, unitsDestroyed: effect.unitsDestroyed };
      notify(draft, 'sabotaged', { queueDestroyed: effect.queueDestroyed, unitsDestroyed: effect.unitsDestroyed });
    } else {
      change(draft, negate(effect.stolen), 'theft', event.mission);
      outcome.stolen = { ...effect.stolen };
      notify(draft, 'robbed', { stolen: effect.stolen });
    }
  }
  if (roll.discovered) notify(draft, 'spyDiscovered', { attacker: event.attacker, mission: event.kind });
  send(draft, event.attacker, outcome as { type: string });
  reply(draft, { success: roll.success, discovered: roll.discovered });
}

/** Attacker side: stolen goods (capped by storage; the excess is lost), intel, discovery. */
export function missionOutcome(draft: Draft, event: NationEventOf<'missionOutcome'>): Refusal | void {
  const { ctx, meta, rules } = draft;
  const mission = ctx.missions[event.mission];
  if (!mission && totalResources(toResources(event.stolen ?? {})) > 0 && sender(draft, 'nation') === null) return returnLoot(draft, event);
  const refused = firstRefusal(
    () => sender(draft, 'nation', mission?.target),
    () => (mission ? null : refusal(GameErrorCodes.UNKNOWN_TARGET, 'no such mission in flight')),
  );
  if (refused || !mission) return refused;
  delete ctx.missions[event.mission];
  if (event.stolen) {
    const stolen = toResources(event.stolen);
    const { received, lost } = capTransfer(stolen, ctx.resources, storageCap(rules.balance.resources, ctx.territory));
    // All of it arrives (the movement), what does not fit is destroyed (a sink, like spoils).
    ledger(draft, stolen, 'theft', event.mission);
    ledger(draft, negate(lost), 'spoils_lost', event.mission);
    ctx.resources = { ...ctx.resources, gold: ctx.resources.gold + received.gold, food: ctx.resources.food + received.food, materials: ctx.resources.materials + received.materials };
  }
  if (event.intel) {
    ctx.intel = [...ctx.intel, { mission: event.mission, target: mission.target, type: mission.type, at: meta.at, data: event.intel }].slice(-LIMITS.intel);
  }
  if (event.discovered) {
    ctx.spies = Math.max(0, ctx.spies - Math.min(ctx.spies, rules.balance.espionage.spies_lost_on_discovery));
    reputation(draft, 'espionage_discovered');
  }
  notify(draft, 'missionReport', { mission: event.mission, target: mission.target, type: mission.type, success: event.success, discovered: event.discovered });
  reply(draft, { success: event.success });
}

/**
 * Goods stolen for a mission this nation no longer runs — a season reset
 * cleared its missions, or the daily check gave up on one long overdue —
 * cannot be refused: the target has already paid them (`theft`), and a
 * refusal would keep nothing of this step, destroying them. They go back to
 * the nation they were taken from (`refund`), as the market returns what it
 * cannot use.
 */
function returnLoot(draft: Draft, event: NationEventOf<'missionOutcome'>): void {
  const loot = toResources(event.stolen ?? {});
  send(draft, draft.meta.from!, { type: 'credit', ref: `mission:${event.mission}`, resources: { ...loot }, reason: 'refund' });
  reply(draft, { mission: event.mission, returned: loot });
}
