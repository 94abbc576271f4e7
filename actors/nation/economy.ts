// Resources and the army's growth: generation, upkeep, credits and
// collections from other actors, and the build queue.
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { minutesMs } from '../common/game-rules.ts';
import { toResources } from '../common/schemas.ts';
import { ceilAmount, chargeUpkeep, generateResources, mapResources, mapUnits, RESOURCES, totalResources, UNITS, type Resources } from '../rules/index.ts';
import { LIMITS } from './context.ts';
import { change, covers, negate, notify, reply, scale, self, send, type Draft } from './draft.ts';
import type { NationEventOf } from './events.ts';
import { affordable, command, firstRefusal, sender, type Refusal } from './guards.ts';
import { MARKET } from './market.ts';

/** Moves every order whose readyAt has passed into the army (run before every event). */
export function settleBuilds(draft: Draft): void {
  const { ctx } = draft;
  const due = ctx.buildQueue.filter((order) => order.readyAt <= draft.meta.at);
  if (due.length === 0) return;
  ctx.buildQueue = ctx.buildQueue.filter((order) => order.readyAt > draft.meta.at);
  const units = { ...ctx.units };
  for (const order of due) units[order.unit] += order.quantity;
  ctx.units = units;
  notify(draft, 'buildsCompleted', { orders: due.map(({ id, unit, quantity }) => ({ id, unit, quantity })) });
}

export function build(draft: Draft, event: NationEventOf<'build'>): Refusal | void {
  const unit = draft.rules.balance.units[event.unit];
  const cost = scale(toResources(unit.cost), event.quantity);
  const refused = firstRefusal(
    () => command(draft, event.by),
    () =>
      draft.ctx.buildQueue.length >= LIMITS.buildQueue
        ? refusal(GameErrorCodes.LIMIT_REACHED, `The build queue is full (${LIMITS.buildQueue} orders). Wait for some to finish.`)
        : null,
    () => affordable(draft, cost),
  );
  if (refused) return refused;
  change(draft, negate(cost), 'build', draft.meta.id);
  const readyAt = draft.meta.at + minutesMs(unit.build_minutes);
  draft.ctx.buildQueue.push({ id: draft.meta.id, unit: event.unit, quantity: event.quantity, readyAt });
  reply(draft, { order: draft.meta.id, readyAt, resources: draft.ctx.resources });
}

export function completeBuilds(draft: Draft): void {
  // settleBuilds already ran for this event; only the reply is left.
  reply(draft, { queue: draft.ctx.buildQueue.length });
}

/** Periodic jobs run once per period id; ids of one job sort in time order. */
export function newPeriod(draft: Draft, job: keyof Draft['ctx']['periods'], period: string): boolean {
  if (period <= draft.ctx.periods[job]) {
    reply(draft, { skipped: 'period already handled', period });
    return false;
  }
  draft.ctx.periods[job] = period;
  return true;
}

export function generate(draft: Draft, event: NationEventOf<'generate'>): void {
  if (!newPeriod(draft, 'generate', event.period)) return;
  const { ctx } = draft;
  // Inactive nations produce nothing (timers.yaml nation.inactive_after_days).
  if (ctx.inactive) return reply(draft, { skipped: 'inactive', period: event.period });
  const generated = generateResources(draft.rules.balance.resources, {
    resources: ctx.resources,
    citizens: Object.keys(ctx.citizens).length,
    territory: ctx.territory,
    hours: 1,
  });
  change(draft, mapResources((type) => generated.resources[type] - ctx.resources[type]), 'generation', `generate:${event.period}`);
  reply(draft, { produced: generated.produced, wasted: generated.wasted, resources: ctx.resources });
}

/**
 * Charges a day of upkeep. What could not be paid disbands units in
 * proportion: each unit type loses the largest unpaid fraction among the
 * resources it consumes, rounded up, so an unpaid army always shrinks.
 */
export function upkeep(draft: Draft, event: NationEventOf<'upkeep'>): void {
  if (!newPeriod(draft, 'upkeep', event.period)) return;
  const { ctx } = draft;
  const unitRules = draft.rules.balance.units;
  const charged = chargeUpkeep(unitRules, { resources: ctx.resources, units: ctx.units, days: 1 });
  change(draft, negate(charged.charged), 'upkeep', `upkeep:${event.period}`);
  const unpaid = mapResources((type) => (charged.due[type] === 0 ? 0 : charged.shortfall[type] / charged.due[type]));
  const disbanded = mapUnits((unit) => {
    const fraction = Math.max(0, ...RESOURCES.filter((type) => unitRules[unit].upkeep_per_day[type] > 0).map((type) => unpaid[type]));
    return Math.min(ctx.units[unit], ceilAmount(ctx.units[unit] * fraction));
  });
  if (UNITS.some((unit) => disbanded[unit] > 0)) {
    ctx.units = mapUnits((unit) => ctx.units[unit] - disbanded[unit]);
    notify(draft, 'unitsDisbanded', { disbanded, shortfall: charged.shortfall });
  }
  reply(draft, { charged: charged.charged, shortfall: charged.shortfall, disbanded, resources: ctx.resources });
}

const CREDITORS = ['market', 'war', 'nation'];

/**
 * A credit or collection of the season before the nation's last reset: sent
 * by market:global before it learned of the reset (the nation is still
 * waiting for its `seasonClosed`), or by a war the reset called off (no longer
 * in `wars`; a war's credit and collection always come before its warEnded).
 */
function stale(draft: Draft, ref: string): boolean {
  const from = draft.meta.from;
  if (from === MARKET) return draft.ctx.marketClosing;
  if (from?.startsWith('war:')) return !Object.hasOwn(draft.ctx.wars, from.slice('war:'.length)) && ref.startsWith(`${from}:`);
  return false;
}

/**
 * Storage cap does not apply: only generation is capped. A stale credit is
 * taken in and given up to the reset at once, so the new season does not
 * start richer and the ledger still adds up.
 */
export function credit(draft: Draft, event: NationEventOf<'credit'>): Refusal | void {
  if (!CREDITORS.some((kind) => sender(draft, kind) === null)) return sender(draft, 'market');
  const resources = toResources(event.resources);
  change(draft, resources, event.reason, event.ref);
  if (stale(draft, event.ref)) {
    change(draft, negate(resources), 'season_reset', event.ref);
    return reply(draft, { stale: true, resources: draft.ctx.resources });
  }
  reply(draft, { resources: draft.ctx.resources });
}

/** Answers `collected` (all, or with `partial` what there is) or `collectFailed`; a stale collection takes nothing. */
export function collect(draft: Draft, event: NationEventOf<'collect'>): Refusal | void {
  const from = draft.meta.from;
  if (!from || (sender(draft, 'market') && sender(draft, 'war'))) return sender(draft, 'market');
  if (stale(draft, event.ref)) {
    send(draft, from, { type: 'collectFailed', ref: event.ref, nation: self(draft) });
    return reply(draft, { collected: false, stale: true });
  }
  const wanted = toResources(event.resources);
  const { ctx } = draft;
  if (!covers(ctx.resources, wanted) && !event.partial) {
    send(draft, from, { type: 'collectFailed', ref: event.ref, nation: self(draft) });
    notify(draft, 'collectFailed', { ref: event.ref, reason: event.reason, wanted });
    return reply(draft, { collected: false });
  }
  const taken: Resources = mapResources((type) => Math.min(wanted[type], ctx.resources[type]));
  change(draft, negate(taken), event.reason, event.ref);
  send(draft, from, { type: 'collected', ref: event.ref, resources: { ...taken }, nation: self(draft) });
  reply(draft, { collected: true, resources: taken, total: totalResources(taken) });
}
