// The nation machine: `unregistered` until `register`, then `active` ⇄
// `inactive` (the daily check marks a nation inactive; any citizen's command
// wakes it). Every event of a registered nation goes through one action: it
// settles due builds, runs the event's handler on a draft (handlers.ts), and
// turns the draft into an assign plus effects — or into a lone refusal. A
// `nationStats` emit follows every change of a leaderboard value.
import { enqueueActions, setup } from 'xstate';
import { effectActions, type EventMeta } from '../../runtime/effects.ts';
import { GameErrorCodes, refusal } from '../common/errors.ts';
import type { GameRules } from '../common/game-rules.ts';
import { initialNationContext, type NationContext } from './context.ts';
import { createDraft, type Draft, type Effect } from './draft.ts';
import { settleBuilds } from './economy.ts';
import type { NationEvent } from './events.ts';
import type { Refusal } from './guards.ts';
import { handlers, type Handler } from './handlers.ts';
import { register } from './politics.ts';
import { nationStats, sameStats } from './stats.ts';

function run(context: NationContext, event: NationEvent, rules: GameRules, body: (draft: Draft) => Refusal | void) {
  const draft = createDraft(context, event as EventMeta, rules);
  settleBuilds(draft);
  const refused = body(draft);
  if (refused) return { refused, draft };
  // A player's command is activity: it keeps (or brings) the nation active.
  const by = (event as { by?: unknown }).by;
  if (typeof by === 'string' && draft.ctx.citizens[by]) {
    draft.ctx.lastActiveAt = draft.meta.at;
    draft.ctx.inactive = false;
  }
  const before = nationStats(context, rules);
  const after = nationStats(draft.ctx, rules);
  if (!context.registered || !sameStats(before, after)) {
    draft.effects.push({ type: 'emit', params: { room: `nation:${draft.ctx.id}`, event: { type: 'nationStats', ...after } } });
  }
  return { refused: null, draft };
}

export function createNationMachine(rules: GameRules) {
  return setup({
    types: {} as { context: NationContext; events: NationEvent; input: { id: string } },
    actions: {
      ...effectActions,
      handle: enqueueActions(({ context, event, enqueue }) => {
        const handler = handlers[event.type] as Handler<NationEvent['type']>;
        const { refused, draft } = run(context, event, rules, (working) => handler(working, event as never));
        if (refused) {
          enqueue({ type: 'reply', params: refused });
          return;
        }
        enqueue.assign(() => draft.ctx);
        for (const effect of draft.effects) apply(effect, enqueue);
      }),
      register: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'register') return;
        const { draft } = run(context, event, rules, (working) => register(working, event));
        enqueue.assign(() => draft.ctx);
        for (const effect of draft.effects) apply(effect, enqueue);
      }),
      refuseUnregistered: enqueueActions(({ enqueue }) => {
        enqueue({ type: 'reply', params: refusal(GameErrorCodes.NOT_REGISTERED, 'This server has no nation yet. A server manager can start one with /nation register.') });
      }),
    },
    guards: {
      isInactive: ({ context }) => context.inactive,
      isActive: ({ context }) => !context.inactive,
    },
  }).createMachine({
    id: 'nation',
    context: ({ input }) => initialNationContext(input.id),
    initial: 'unregistered',
    states: {
      unregistered: {
        on: {
          register: { target: 'active', actions: 'register' },
          '*': { actions: 'refuseUnregistered' },
        },
      },
      active: {
        always: { guard: 'isInactive', target: 'inactive' },
        on: { '*': { actions: 'handle' } },
      },
      inactive: {
        always: { guard: 'isActive', target: 'active' },
        on: { '*': { actions: 'handle' } },
      },
    },
  });
}

/** The part of XState's enqueuer the draft's effects need. */
interface Enqueue {
  (action: { type: string; params: unknown }): void;
  raise(event: { type: string }, options: { delay: number; id: string }): void;
}

function apply(effect: Effect, enqueue: unknown): void {
  const to = enqueue as Enqueue;
  if (effect.type === 'raise') to.raise(effect.event, { delay: effect.delay, id: effect.id });
  else to({ type: effect.type, params: effect.params });
}
