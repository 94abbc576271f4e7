// What a market handler returns: the next context and the effects to carry
// out, or a refusal (after which the runtime keeps nothing). Handlers are
// plain functions of (context, event, rules), so each flow reads top to
// bottom and the machine only applies their outcome (machine.ts).
import type { EventObject } from 'xstate';
import type { ResourceType } from '../../config/index.ts';
import type { EventMeta, NotifyParams, RecordParams, ReplyParams, SendParams } from '../../runtime/effects.ts';
import type { Resources } from '../rules/index.ts';
import { isEmpty, MARKET_ADDRESS, type MarketContext } from './context.ts';

export type MarketEffect =
  | { readonly type: 'send'; readonly params: SendParams }
  | { readonly type: 'notify'; readonly params: NotifyParams }
  | { readonly type: 'record'; readonly params: RecordParams }
  | { readonly type: 'arm'; readonly id: string; readonly delay: number; readonly event: EventObject & Record<string, unknown> }
  | { readonly type: 'disarm'; readonly id: string };

export type Outcome =
  | { readonly refusal: ReplyParams }
  | { readonly context: MarketContext; readonly effects: readonly MarketEffect[]; readonly reply: Record<string, unknown> };

export const refused = (refusal: ReplyParams): Outcome => ({ refusal });

export const done = (context: MarketContext, effects: readonly MarketEffect[], reply: Record<string, unknown> = {}): Outcome => ({
  context,
  effects,
  reply,
});

/** `credit` to a nation; nothing when the amounts are all zero. */
export function credit(to: string, ref: string, resources: Resources, reason: string): MarketEffect[] {
  if (isEmpty(resources)) return [];
  return [{ type: 'send', params: { to, event: { type: 'credit', ref, resources: { ...resources }, reason } } }];
}

export function collect(to: string, ref: string, resources: Resources, reason: string, partial: boolean): MarketEffect {
  const event = { type: 'collect', ref, resources: { ...resources }, reason, ...(partial ? { partial: true } : {}) };
  return { type: 'send', params: { to, event } };
}

/** A message to the nation's channel (its address is also its notification target). */
export const notify = (nation: string, kind: string, data: Record<string, unknown>): MarketEffect => ({
  type: 'notify',
  params: { target: nation, kind, data },
});

export const record = (table: string, id: string, row: Record<string, unknown>): MarketEffect => ({
  type: 'record',
  params: { table, id, row },
});

/** The fee row: destroyed out of the market's own escrow. */
export const feeSink = (event: EventMeta, ref: string, currency: ResourceType, fee: number): MarketEffect[] =>
  fee === 0
    ? []
    : [record('resource_transactions', `${event.id}:fee`, { nation: MARKET_ADDRESS, resource: currency, delta: -fee, reason: 'market_fee', ref })];
