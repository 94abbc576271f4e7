// election:<guildId>:<n> (docs/game-protocol.md "election"): nominating →
// voting → decided | void. The nation opens it with every citizen's
// contribution; players nominate themselves and vote through the bot; the two
// phase deadlines are durable timers (`after`). What each event does is in
// effects.ts; why one is refused in checks.ts.
import { enqueueActions, setup } from 'xstate';
import {
  effectActions,
  type EmitParams,
  type NotifyParams,
  type RecordParams,
  type ReplyParams,
  type SendParams,
} from '../../runtime/effects.ts';
import { daysMs, type GameRules } from '../common/game-rules.ts';
import { checkElectionEvent } from './checks.ts';
import { initialElectionContext, type ElectionContext, type ElectionEvent } from './context.ts';
import { closeElection, nominate, openElection, openVoting, status, vote, type Outcome } from './effects.ts';

/** The machine's `enqueue`, as far as carrying out an Outcome needs it. */
interface Enqueue {
  (
    action:
      | { type: 'send'; params: SendParams }
      | { type: 'emit'; params: EmitParams }
      | { type: 'notify'; params: NotifyParams }
      | { type: 'record'; params: RecordParams }
      | { type: 'reply'; params: ReplyParams },
  ): void;
  assign(context: ElectionContext): void;
}

function carryOut(enqueue: Enqueue, outcome: Outcome): void {
  enqueue.assign(outcome.context);
  for (const params of outcome.sends ?? []) enqueue({ type: 'send', params });
  for (const params of outcome.records ?? []) enqueue({ type: 'record', params });
  for (const params of outcome.emits ?? []) enqueue({ type: 'emit', params });
  for (const params of outcome.notifies ?? []) enqueue({ type: 'notify', params });
  if (outcome.reply) enqueue({ type: 'reply', params: outcome.reply });
}

export function createElectionMachine(rules: GameRules) {
  return setup({
    types: {} as { context: ElectionContext; events: ElectionEvent; input: { id: string } },
    actions: {
      ...effectActions,
      replyRefusal: enqueueActions(({ context, event, enqueue }) => {
        const refused = checkElectionEvent(context, event, rules);
        if (refused) enqueue({ type: 'reply', params: refused });
      }),
      open: enqueueActions(({ context, event, enqueue }) => {
        if (event.type === 'open') carryOut(enqueue, openElection(context, event, rules));
      }),
      nominate: enqueueActions(({ context, event, enqueue }) => {
        if (event.type === 'nominate') carryOut(enqueue, nominate(context, event));
      }),
      vote: enqueueActions(({ context, event, enqueue }) => {
        if (event.type === 'vote') carryOut(enqueue, vote(context, event));
      }),
      status: enqueueActions(({ context, event, enqueue }) => {
        if (event.type === 'status') enqueue({ type: 'reply', params: status(context, event) });
      }),
      // Deadline events are the runtime's timer fires, carrying `at` like any other event.
      openVoting: enqueueActions(({ context, event, enqueue }) => carryOut(enqueue, openVoting(context, event.at, rules))),
      close: enqueueActions(({ context, event, enqueue }) => carryOut(enqueue, closeElection(context, event.at))),
    },
    guards: {
      refused: ({ context, event }) => checkElectionEvent(context, event, rules) !== null,
      hasCandidates: ({ context }) => context.candidates.length > 0,
      hasVotes: ({ context }) => Object.keys(context.votes).length > 0,
    },
    delays: {
      nomination: () => daysMs(rules.timers.election.nomination_days),
      voting: () => daysMs(rules.timers.election.voting_days),
    },
  }).createMachine({
    id: 'election',
    context: ({ input }) => initialElectionContext(input.id),
    initial: 'unopened',
    // Handled the same in every state, the final ones included: a command that
    // does not fit the phase is refused with the reason; `status` only answers.
    on: {
      open: { guard: 'refused', actions: 'replyRefusal' },
      nominate: { guard: 'refused', actions: 'replyRefusal' },
      vote: { guard: 'refused', actions: 'replyRefusal' },
      status: { actions: 'status' },
    },
    states: {
      /** Only while the creating `open` is applied: a refused `open` leaves no actor. */
      unopened: {
        on: {
          open: [
            { guard: 'refused', actions: 'replyRefusal' },
            { target: 'nominating', actions: 'open' },
          ],
        },
      },
      nominating: {
        entry: enqueueActions(({ enqueue }) => enqueue.assign({ phase: 'nominating' })),
        on: {
          nominate: [{ guard: 'refused', actions: 'replyRefusal' }, { actions: 'nominate' }],
        },
        after: {
          nomination: [
            { guard: 'hasCandidates', target: 'voting', actions: 'openVoting' },
            { target: 'void', actions: 'close' },
          ],
        },
      },
      voting: {
        entry: enqueueActions(({ enqueue }) => enqueue.assign({ phase: 'voting' })),
        on: {
          vote: [{ guard: 'refused', actions: 'replyRefusal' }, { actions: 'vote' }],
        },
        after: {
          voting: [
            { guard: 'hasVotes', target: 'decided', actions: 'close' },
            { target: 'void', actions: 'close' },
          ],
        },
      },
      decided: { type: 'final', entry: enqueueActions(({ enqueue }) => enqueue.assign({ phase: 'decided' })) },
      void: { type: 'final', entry: enqueueActions(({ enqueue }) => enqueue.assign({ phase: 'void' })) },
    },
  });
}
