// A small actor kind that exercises every runtime feature in tests: state,
// replies, sends to other actors, public events, notifications, records, a
// durable timer that can be cancelled, and a transition that throws. It is not
// part of the game.
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { effectActions, type EventMeta } from '../../runtime/effects.ts';
import type { ActorKind } from '../../runtime/kinds.ts';

type CounterEvent = EventMeta &
  (
    | { type: 'inc'; by: number }
    | { type: 'forward'; to: string; by: number }
    | { type: 'startTimer'; ms: number }
    | { type: 'stopTimer' }
    | { type: 'boom' }
    | { type: 'refuse' }
  );

export const counterMachine = setup({
  types: {} as { context: { count: number; alarms: number; timerMs: number }; events: CounterEvent; input: { id: string } },
  actions: {
    ...effectActions,
    // Context updates run inside transition(), so a throw here is a throwing transition.
    explode: assign(() => {
      throw new Error('counter exploded on purpose');
    }),
  },
  delays: { alarm: ({ context }) => context.timerMs },
}).createMachine({
  id: 'counter',
  context: { count: 0, alarms: 0, timerMs: 0 },
  initial: 'idle',
  on: {
    inc: {
      actions: [
        assign({ count: ({ context, event }) => context.count + event.by }),
        { type: 'reply', params: ({ context }) => ({ ok: true as const, count: context.count }) },
        { type: 'emit', params: ({ context }) => ({ room: 'global', event: { type: 'counted', count: context.count } }) },
      ],
    },
    forward: {
      actions: { type: 'send', params: ({ event }) => ({ to: event.to, event: { type: 'inc', by: event.by } }) },
    },
    boom: { actions: 'explode' },
    // Changes its context and then answers with an error: the runtime must keep none of it.
    refuse: {
      actions: [
        assign({ count: ({ context }) => context.count + 1_000 }),
        { type: 'reply', params: { ok: false as const, code: 'COUNTER_REFUSED', message: 'refused on purpose' } },
      ],
    },
  },
  states: {
    idle: {
      on: { startTimer: { target: 'ticking', actions: assign({ timerMs: ({ event }) => event.ms }) } },
    },
    ticking: {
      after: {
        alarm: {
          target: 'idle',
          actions: [
            assign({ alarms: ({ context }) => context.alarms + 1 }),
            { type: 'notify', params: { target: 'user:1', kind: 'alarm', data: {} } },
            { type: 'record', params: ({ context }) => ({ table: 'alarms', id: String(context.alarms), row: {} }) },
          ],
        },
      },
      on: { stopTimer: { target: 'idle' } },
    },
  },
});

export const counterKind: ActorKind = {
  name: 'counter',
  machine: counterMachine,
  events: {
    inc: z.object({ by: z.number().int().min(-1000).max(1000) }).strict(),
    forward: z.object({ to: z.string(), by: z.number().int() }).strict(),
    startTimer: z.object({ ms: z.number().int().min(1).max(86_400_000) }).strict(),
    stopTimer: z.object({}).strict(),
    boom: z.object({}).strict(),
    refuse: z.object({}).strict(),
  },
};
