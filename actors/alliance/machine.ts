// alliance:<id> (docs/game-protocol.md "alliance"): forming → active →
// dissolved; a member's season reset dissolves it from either. Every event comes from a nation actor (the nation checks the
// player's role and forwards), except the invitation timers the machine arms
// itself. What each event does is in effects.ts; why one is refused in
// checks.ts; this file only says which runs in which state.
import { and, enqueueActions, setup } from 'xstate';
import { effectActions, type EmitParams, type NotifyParams, type ReplyParams, type SendParams } from '../../runtime/effects.ts';
import type { GameRules } from '../common/game-rules.ts';
import { checkAllianceEvent } from './checks.ts';
import {
  initialAllianceContext,
  invitationTimerId,
  type AllianceContext,
  type AllianceEvent,
  type InvitationExpiredEvent,
} from './context.ts';
import {
  dissolveAlliance,
  expireInvitation,
  inviteNation,
  joinAlliance,
  leaveAlliance,
  openAlliance,
  refuseInvitation,
  type Outcome,
} from './effects.ts';

/** The machine's `enqueue`, as far as carrying out an Outcome needs it. */
interface Enqueue {
  (
    action:
      | { type: 'send'; params: SendParams }
      | { type: 'emit'; params: EmitParams }
      | { type: 'notify'; params: NotifyParams }
      | { type: 'reply'; params: ReplyParams },
  ): void;
  assign(context: AllianceContext): void;
  raise(event: AllianceEvent, options: { delay: number; id: string }): void;
  cancel(id: string): void;
}

export function createAllianceMachine(rules: GameRules) {
  function carryOut(enqueue: Enqueue, outcome: Outcome): void {
    enqueue.assign(outcome.context);
    for (const nation of outcome.cancel ?? []) enqueue.cancel(invitationTimerId(nation));
    for (const { nation, delay } of outcome.arm ?? []) {
      // The runtime adds the meta (at, seed, id) when the timer fires.
      const expired = { type: 'invitationExpired', nation } as InvitationExpiredEvent;
      enqueue.raise(expired, { delay, id: invitationTimerId(nation) });
    }
    for (const params of outcome.sends ?? []) enqueue({ type: 'send', params });
    for (const params of outcome.emits ?? []) enqueue({ type: 'emit', params });
    for (const params of outcome.notifies ?? []) enqueue({ type: 'notify', params });
    if (outcome.reply) enqueue({ type: 'reply', params: outcome.reply });
  }

  return setup({
    types: {} as { context: AllianceContext; events: AllianceEvent; input: { id: string } },
    actions: {
      ...effectActions,
      replyRefusal: enqueueActions(({ context, event, enqueue }) => {
        const refused = checkAllianceEvent(context, event, rules);
        if (refused) enqueue({ type: 'reply', params: refused });
      }),
      open: enqueueActions(({ context, event, enqueue }) => {
        if (event.type === 'open') carryOut(enqueue, openAlliance(context, event, rules));
      }),
      invite: enqueueActions(({ context, event, enqueue }) => {
        if (event.type === 'invite') carryOut(enqueue, inviteNation(context, event, rules));
      }),
      join: enqueueActions(({ context, event, enqueue }) => carryOut(enqueue, joinAlliance(context, event))),
      refuse: enqueueActions(({ context, event, enqueue }) => carryOut(enqueue, refuseInvitation(context, event))),
      leave: enqueueActions(({ context, event, enqueue }) => carryOut(enqueue, leaveAlliance(context, event))),
      expire: enqueueActions(({ context, event, enqueue }) => {
        if (event.type === 'invitationExpired') carryOut(enqueue, expireInvitation(context, event));
      }),
      dissolve: enqueueActions(({ context, event, enqueue }) => carryOut(enqueue, dissolveAlliance(context, event))),
      endSeason: enqueueActions(({ context, event, enqueue }) =>
        carryOut(enqueue, { ...dissolveAlliance(context, event), reply: { ok: true, alliance: context.id, dissolved: 'season ended' } }),
      ),
    },
    guards: {
      refused: ({ context, event }) => checkAllianceEvent(context, event, rules) !== null,
      /** A timer for an invitation that is still pending and due (a renewed one has a later due time). */
      // Still pending. Not compared with the deadline: the runtime drops stale
      // fires by their seq, so an early fire is one an admin forced, and a
      // forced timer takes effect now, as every other kind's does.
      invitationLapsed: ({ context, event }) => event.type === 'invitationExpired' && context.invited[event.nation] !== undefined,
      /** The invitation being answered or lapsing is the forming alliance's last one. */
      lastInvitation: ({ context, event }) => {
        const nation = event.type === 'invitationExpired' ? event.nation : (event.from ?? '');
        return Object.keys(context.invited).every((invited) => invited === nation);
      },
      /** Leaving leaves fewer than two members. */
      leaveDissolves: ({ context }) => context.members.length <= 2,
    },
  }).createMachine({
    id: 'alliance',
    context: ({ input }) => initialAllianceContext(input.id),
    initial: 'unopened',
    // Fallbacks for events a state does not take: each is refused with the reason
    // (wrong phase, forged sender). An invitation timer nobody waits for is ignored.
    on: {
      open: { guard: 'refused', actions: 'replyRefusal' },
      join: { guard: 'refused', actions: 'replyRefusal' },
      refuse: { guard: 'refused', actions: 'replyRefusal' },
      invite: { guard: 'refused', actions: 'replyRefusal' },
      leave: { guard: 'refused', actions: 'replyRefusal' },
      seasonEnded: { guard: 'refused', actions: 'replyRefusal' },
    },
    states: {
      /** Only while the creating `open` is applied: a refused `open` leaves no actor. */
      unopened: {
        on: {
          open: [
            { guard: 'refused', actions: 'replyRefusal' },
            { target: 'forming', actions: 'open' },
          ],
        },
      },
      forming: {
        entry: enqueueActions(({ enqueue }) => enqueue.assign({ phase: 'forming' })),
        on: {
          join: [
            { guard: 'refused', actions: 'replyRefusal' },
            { target: 'active', actions: 'join' },
          ],
          refuse: [
            { guard: 'refused', actions: 'replyRefusal' },
            { guard: 'lastInvitation', target: 'dissolved', actions: ['refuse', 'dissolve'] },
            { actions: 'refuse' },
          ],
          invite: [{ guard: 'refused', actions: 'replyRefusal' }, { actions: 'invite' }],
          // Only the founder is a member yet: its leaving withdraws the proposal.
          leave: [
            { guard: 'refused', actions: 'replyRefusal' },
            { target: 'dissolved', actions: ['leave', 'dissolve'] },
          ],
          seasonEnded: [
            { guard: 'refused', actions: 'replyRefusal' },
            { target: 'dissolved', actions: 'endSeason' },
          ],
          invitationExpired: [
            { guard: and(['invitationLapsed', 'lastInvitation']), target: 'dissolved', actions: ['expire', 'dissolve'] },
            { guard: 'invitationLapsed', actions: 'expire' },
          ],
        },
      },
      active: {
        entry: enqueueActions(({ enqueue }) => enqueue.assign({ phase: 'active' })),
        on: {
          join: [{ guard: 'refused', actions: 'replyRefusal' }, { actions: 'join' }],
          refuse: [{ guard: 'refused', actions: 'replyRefusal' }, { actions: 'refuse' }],
          invite: [{ guard: 'refused', actions: 'replyRefusal' }, { actions: 'invite' }],
          leave: [
            { guard: 'refused', actions: 'replyRefusal' },
            { guard: 'leaveDissolves', target: 'dissolved', actions: ['leave', 'dissolve'] },
            { actions: 'leave' },
          ],
          seasonEnded: [
            { guard: 'refused', actions: 'replyRefusal' },
            { target: 'dissolved', actions: 'endSeason' },
          ],
          invitationExpired: { guard: 'invitationLapsed', actions: 'expire' },
        },
      },
      dissolved: {
        type: 'final',
        entry: enqueueActions(({ enqueue }) => enqueue.assign({ phase: 'dissolved' })),
      },
    },
  });
}
