// A step's working copy: handlers mutate a clone of the context and append
// effects here; the machine turns the draft into one assign plus the effect
// actions, or into a lone refusal (of which the runtime keeps nothing).
import type { EmitParams, EventMeta, NotifyParams, RecordParams, ReplyParams, SendParams } from '../../runtime/effects.ts';
import { featureOn, type GameRules } from '../common/game-rules.ts';
import { applyReputation, mapResources, RESOURCES, type Resources, type ReputationEvent } from '../rules/index.ts';
import { addressOf, type NationContext } from './context.ts';
import type { MissionDueEvent } from './events.ts';

export type Effect =
  | { readonly type: 'send'; readonly params: SendParams }
  | { readonly type: 'reply'; readonly params: ReplyParams }
  | { readonly type: 'emit'; readonly params: EmitParams }
  | { readonly type: 'notify'; readonly params: NotifyParams }
  | { readonly type: 'record'; readonly params: RecordParams }
  | { readonly type: 'raise'; readonly event: MissionDueEvent; readonly delay: number; readonly id: string };

export interface Draft {
  readonly ctx: NationContext;
  readonly effects: Effect[];
  readonly meta: EventMeta;
  readonly rules: GameRules;
  /** Counter for deterministic record ids within the step. */
  records: number;
}

export function createDraft(context: NationContext, meta: EventMeta, rules: GameRules): Draft {
  const ctx = structuredClone(context);
  // Snapshots stored before these fields existed.
  ctx.pendingAlliances ??= {};
  ctx.marketClosing ??= false;
  ctx.seasonPhase ??= null;
  ctx.relations ??= {};
  return { ctx, effects: [], meta, rules, records: 0 };
}

export const self = (draft: Draft): string => addressOf(draft.ctx);

export function send(draft: Draft, to: string, event: SendParams['event']): void {
  draft.effects.push({ type: 'send', params: { to, event } });
}

export function reply(draft: Draft, body: Record<string, unknown> = {}): void {
  draft.effects.push({ type: 'reply', params: { ...body, ok: true } });
}

/** To the nation's channel; dropped when the notifications flag is off for this nation. */
export function notify(draft: Draft, kind: string, data: Record<string, unknown>, target = self(draft)): void {
  if (!enabled(draft, 'notifications')) return;
  draft.effects.push({ type: 'notify', params: { target, kind, data } });
}

export function record(draft: Draft, table: string, row: Record<string, unknown>): void {
  draft.records += 1;
  draft.effects.push({ type: 'record', params: { table, id: `${draft.meta.id}:${draft.records}`, row } });
}

export function enabled(draft: Draft, feature: keyof GameRules['features']): boolean {
  return draft.ctx.flags[feature] ?? featureOn(draft.rules, draft.meta, feature);
}

/**
 * Adds a signed delta per resource and records one resource_transactions row
 * per non-zero type. Callers check first; the clamp at 0 is a last line of
 * defence so a balance can never go negative.
 */
export function change(draft: Draft, delta: Resources, reason: string, ref: string | null): void {
  const { ctx } = draft;
  ctx.resources = mapResources((type) => Math.max(0, ctx.resources[type] + delta[type]));
  ledger(draft, delta, reason, ref);
}

/** The resource_transactions rows of a delta, without touching the balance. */
export function ledger(draft: Draft, delta: Resources, reason: string, ref: string | null): void {
  for (const resource of RESOURCES) {
    if (delta[resource] === 0) continue;
    record(draft, 'resource_transactions', { nation: self(draft), resource, delta: delta[resource], reason, ref });
  }
}

export const negate = (amounts: Resources): Resources => mapResources((type) => -amounts[type]);
export const scale = (amounts: Resources, factor: number): Resources => mapResources((type) => amounts[type] * factor);
export const covers = (held: Resources, cost: Resources): boolean => RESOURCES.every((type) => held[type] >= cost[type]);

export function reputation(draft: Draft, event: ReputationEvent): void {
  const before = draft.ctx.reputation;
  draft.ctx.reputation = applyReputation(draft.rules.balance.reputation, before, event);
  record(draft, 'reputation_events', { nation: self(draft), event, delta: draft.ctx.reputation - before, score: draft.ctx.reputation });
}
