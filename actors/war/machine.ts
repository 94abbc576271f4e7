// The war actor (docs/game-protocol.md "war", GAME.md "War flow"):
//   opening → proposed → declined | expired | preparation → active
//   (mustering → collecting) → concluded. During preparation allies of
//   either side may `join` it as supporters: they muster and fight on that
//   side and are told the outcome. A participant's season reset
//   (`seasonEnded`) before the battle goes straight to concluded, outcome
//   `season_ended`: no battle, no tribute, no winner.
// declined, expired and concluded are final in meaning; they are not XState
// `final` states so that a late command still gets a coded refusal instead of
// being silently swallowed by a stopped machine.
import { enqueueActions, setup } from 'xstate';
import { effectActions, type ReplyParams } from '../../runtime/effects.ts';
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { sentBy } from '../common/meta.ts';
import { hoursMs, minutesMs, type GameRules } from '../common/game-rules.ts';
import { toResources, toUnits } from '../common/schemas.ts';
import { totalResources, type Role } from '../rules/index.ts';
import * as announce from './announce.ts';
import { checkEvent, hasMustered, openOffer } from './checks.ts';
import { allNations, fightsFor, initialContext, nationOf, otherRole, roleOf, supportersIn, type Outcome, type Supporter, type WarContext } from './context.ts';
import { pay, settle } from './settle.ts';
import type { Effect, WarEvent } from './types.ts';

type Enqueue = (action: Effect | { type: 'reply'; params: ReplyParams }) => void;

function enqueueAll(enqueue: Enqueue, effects: readonly Effect[]): void {
  for (const effect of effects) enqueue(effect);
}

/** The role of the sending nation; only called after checkEvent let the event through. */
function senderRole(context: WarContext, event: WarEvent): Role {
  const role = roleOf(context, event.from);
  if (role === null) throw new Error(`war ${context.id}: ${event.type} from a non-participant got past the checks`);
  return role;
}

function phaseOf(context: WarContext): string {
  if (context.outcome !== null) return `over (${context.outcome})`;
  if (context.settlement !== null) return 'settling its tribute';
  if (context.musterDue !== null) return 'in battle';
  if (context.acceptedAt !== null) return 'in preparation';
  return 'waiting for the defender to answer';
}

function ending(context: WarContext, outcome: Outcome, winner: Role | null, at: number): Partial<WarContext> {
  return { outcome, winner: winner === null ? null : nationOf(context, winner), endedAt: at, peaceOffer: null };
}

export function createWarMachine(rules: GameRules) {
  const refusedTransition = { guard: 'refused', actions: 'replyRefusal' } as const;
  // A participant's season reset calls the war off wherever it stands before the battle is fought.
  const calledOff = [refusedTransition, { target: '#war.concluded', actions: 'callOff' }] as const;
  const peaceHandlers = {
    offerPeace: [refusedTransition, { guard: 'answersOpenOffer', target: '#war.concluded', actions: 'makePeace' }, { actions: 'offerPeace' }],
    respondPeace: [refusedTransition, { guard: 'acceptsPeace', target: '#war.concluded', actions: 'makePeace' }, { actions: 'refusePeace' }],
  } as const;

  return setup({
    types: {} as { context: WarContext; events: WarEvent; input: { id: string } },
    actions: {
      ...effectActions,
      replyRefusal: enqueueActions(({ context, event, enqueue }) => {
        const refused = checkEvent(context, event);
        if (refused !== null) enqueue({ type: 'reply', params: refused });
      }),
      refuseWrongPhase: enqueueActions(({ context, event, enqueue }) => {
        enqueue({
          type: 'reply',
          params: refusal(GameErrorCodes.WRONG_PHASE, `This war is ${phaseOf(context)}; "${event.type}" is not possible now. Check /war status.`),
        });
      }),
      open: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'open') return;
        const next: WarContext = {
          ...context,
          aggressor: event.aggressor,
          defender: event.defender,
          aggressorName: event.aggressorName ?? null,
          reason: event.reason,
          betrayal: event.betrayal ?? false,
          declaredAt: event.at,
          proposalDue: event.at + hoursMs(rules.timers.war.proposal_hours),
        };
        enqueue.assign(next);
        enqueueAll(enqueue, announce.opened(next));
        enqueue({ type: 'reply', params: { ok: true, war: next.id, proposalDue: next.proposalDue } });
      }),
      accept: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'accept') return;
        const next: WarContext = {
          ...context,
          defenderName: event.name ?? context.defenderName,
          acceptedAt: event.at,
          battleAt: event.at + hoursMs(rules.timers.war.preparation_hours),
        };
        enqueue.assign(next);
        enqueueAll(enqueue, announce.accepted(next));
        enqueue({ type: 'reply', params: { ok: true, war: next.id, battleAt: next.battleAt } });
      }),
      decline: enqueueActions(({ context, event, enqueue }) => {
        const next: WarContext = { ...context, ...ending(context, 'declined', null, event.at) };
        enqueue.assign(next);
        enqueueAll(enqueue, announce.declined(next));
        enqueue({ type: 'reply', params: { ok: true, war: next.id } });
      }),
      expire: enqueueActions(({ context, event, enqueue }) => {
        enqueue.assign(ending(context, 'expired', null, event.at));
      }),
      /** Entering battle: ask both nations for their sides, with a deadline. */
      callMuster: enqueueActions(({ context, event, enqueue }) => {
        const next: WarContext = { ...context, musterDue: event.at + minutesMs(rules.timers.war.muster_timeout_minutes) };
        enqueue.assign(next);
        enqueueAll(enqueue, announce.musterCall(next));
      }),
      /** An ally of exactly one principal joins that side for the battle (checkEvent let it through). */
      addSupporter: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'join') return;
        const role = event.allies.includes(context.aggressor) ? 'attacker' : 'defender';
        const supporter: Supporter = { nation: event.nation, name: event.name ?? null, role, joinedAt: event.at, side: null };
        const next: WarContext = { ...context, supporters: [...supportersIn(context), supporter] };
        enqueue.assign(next);
        enqueueAll(enqueue, announce.joined(next, supporter, event.ref));
        enqueue({ type: 'reply', params: { ok: true, war: context.id, side: role } });
      }),
      /**
       * The nation booked the war when it asked to join: it hears why not,
       * whatever the reason. That answer is a send, which a refused step
       * would drop, so a nation's join is always applied (and changes nothing
       * else); only a forged one is refused outright.
       */
      refuseJoin: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'join') return;
        const refused =
          checkEvent(context, event) ??
          refusal(GameErrorCodes.WRONG_PHASE, `This war is ${phaseOf(context)}; allies can join only while it is in preparation.`);
        if (!sentBy(event, 'nation') || event.from !== event.nation) {
          enqueue({ type: 'reply', params: refused });
          return;
        }
        enqueueAll(enqueue, announce.joinRefused(context, event.nation, event.ref, refused));
        enqueue({ type: 'reply', params: { ok: true, war: context.id, joined: false, code: refused.code, message: refused.message } });
      }),
      muster: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'mustered') return;
        const { side } = event;
        const mustered = { ...side, units: toUnits(side.units), resources: toResources(side.resources), storageCap: toResources(side.storageCap) };
        const role = roleOf(context, event.from);
        if (role !== null) {
          enqueue.assign({ sides: { ...context.sides, [role]: mustered } });
        } else {
          enqueue.assign({ supporters: supportersIn(context).map((s) => (s.nation === event.from ? { ...s, side: mustered } : s)) });
        }
        enqueue({ type: 'reply', params: { ok: true, war: context.id } });
      }),
      /** Both sides are in (or the deadline passed): fight, or settle the surrender. */
      fight: enqueueActions(({ context, event, enqueue }) => {
        // Runs after `muster` in the same transition, so the last side is already in context.sides.
        const withSides: WarContext = { ...context, peaceOffer: null };
        const next: WarContext = { ...withSides, settlement: settle(withSides, rules, event.seed) };
        enqueue.assign(next);
        enqueueAll(enqueue, announce.resolved(next, event.at));
      }),
      demand: enqueueActions(({ context, enqueue }) => {
        enqueueAll(enqueue, announce.demand(context));
      }),
      /** The loser paid (all, part or nothing): credit the winner what fits, then conclude. */
      pay: enqueueActions(({ context, event, enqueue }) => {
        const settlement = context.settlement;
        if (settlement === null) return;
        const paid = event.type === 'collected' ? toResources(event.resources) : toResources({});
        const outcome: Outcome = settlement.battle === null ? 'surrender' : 'victory';
        const next: WarContext = { ...context, settlement: pay(context, settlement, paid), ...ending(context, outcome, settlement.winner, event.at) };
        enqueue.assign(next);
        enqueueAll(enqueue, announce.paid(next));
        if (event.type === 'collected' || event.type === 'collectFailed') enqueue({ type: 'reply', params: { ok: true, war: context.id } });
      }),
      surrender: enqueueActions(({ context, event, enqueue }) => {
        const role = senderRole(context, event);
        enqueue.assign({ surrenderedBy: role, peaceOffer: null });
        enqueue({ type: 'reply', params: { ok: true, war: context.id, winner: nationOf(context, otherRole(role)) } });
      }),
      offerPeace: enqueueActions(({ context, event, enqueue }) => {
        const role = senderRole(context, event);
        const until = event.at + hoursMs(rules.timers.war.peace_offer_hours);
        enqueue.assign({ peaceOffer: { by: role, until } });
        enqueueAll(enqueue, announce.peaceOffered(context, role, until));
        enqueue({ type: 'reply', params: { ok: true, war: context.id, until } });
      }),
      refusePeace: enqueueActions(({ context, event, enqueue }) => {
        const offer = openOffer(context, event.at);
        enqueue.assign({ peaceOffer: null });
        if (offer !== null) enqueueAll(enqueue, announce.peaceRefused(context, offer.by));
        enqueue({ type: 'reply', params: { ok: true, war: context.id, outcome: 'refused' } });
      }),
      callOff: enqueueActions(({ context, event, enqueue }) => {
        enqueue.assign(ending(context, 'season_ended', null, event.at));
        enqueue({ type: 'reply', params: { ok: true, war: context.id, outcome: 'season_ended' } });
      }),
      /** After the battle, or once over, a season reset has nothing left to call off. */
      seasonOver: enqueueActions(({ context, event, enqueue }) => {
        const refused = checkEvent(context, event);
        enqueue({ type: 'reply', params: refused ?? { ok: true, war: context.id, ignored: `the war is ${phaseOf(context)}` } });
      }),
      makePeace: enqueueActions(({ context, event, enqueue }) => {
        enqueue.assign(ending(context, 'peace', null, event.at));
        enqueue({ type: 'reply', params: { ok: true, war: context.id, outcome: 'peace' } });
      }),
      end: enqueueActions(({ context, enqueue }) => {
        enqueueAll(enqueue, announce.ended(context));
      }),
    },
    guards: {
      refused: ({ context, event }) => checkEvent(context, event) !== null,
      /** Offering peace while the other side's offer is open accepts it. */
      answersOpenOffer: ({ context, event }) => {
        const offer = openOffer(context, event.at);
        return offer !== null && offer.by !== roleOf(context, event.from);
      },
      acceptsPeace: ({ event }) => event.type === 'respondPeace' && event.accept,
      /** This muster is the last one missing: every principal and supporter has answered. */
      completesMuster: ({ context, event }) => {
        if (event.type !== 'mustered' || fightsFor(context, event.from) === null) return false;
        return allNations(context).every((nation) => nation === event.from || hasMustered(context, nation));
      },
      nothingToCollect: ({ context }) => context.settlement === null || totalResources(context.settlement.demanded) === 0,
    },
    delays: {
      proposal: () => hoursMs(rules.timers.war.proposal_hours),
      preparation: () => hoursMs(rules.timers.war.preparation_hours),
      musterTimeout: () => minutesMs(rules.timers.war.muster_timeout_minutes),
    },
  }).createMachine({
    id: 'war',
    context: ({ input }) => initialContext(input.id),
    initial: 'opening',
    on: { seasonEnded: { actions: 'seasonOver' }, join: { actions: 'refuseJoin' }, '*': { actions: 'refuseWrongPhase' } },
    states: {
      opening: {
        on: { open: [refusedTransition, { target: 'proposed', actions: 'open' }] },
      },
      proposed: {
        after: { proposal: { target: 'expired', actions: 'expire' } },
        on: {
          accept: [refusedTransition, { target: 'preparation', actions: 'accept' }],
          decline: [refusedTransition, { target: 'declined', actions: 'decline' }],
          seasonEnded: calledOff,
        },
      },
      preparation: {
        after: { preparation: { target: 'active' } },
        on: {
          ...peaceHandlers,
          join: [{ guard: 'refused', actions: 'refuseJoin' }, { actions: 'addSupporter' }],
          surrender: [refusedTransition, { target: 'active', actions: 'surrender' }],
          seasonEnded: calledOff,
        },
      },
      active: {
        entry: 'callMuster',
        initial: 'mustering',
        states: {
          mustering: {
            after: { musterTimeout: { target: 'collecting', actions: 'fight' } },
            on: {
              ...peaceHandlers,
              surrender: [refusedTransition, { actions: 'surrender' }],
              seasonEnded: calledOff,
              mustered: [
                refusedTransition,
                { guard: 'completesMuster', target: 'collecting', actions: ['muster', 'fight'] },
                { actions: 'muster' },
              ],
            },
          },
          collecting: {
            entry: 'demand',
            always: { guard: 'nothingToCollect', target: '#war.concluded', actions: 'pay' },
            on: {
              collected: [refusedTransition, { target: '#war.concluded', actions: 'pay' }],
              collectFailed: [refusedTransition, { target: '#war.concluded', actions: 'pay' }],
            },
          },
        },
      },
      declined: { entry: 'end' },
      expired: { entry: 'end' },
      concluded: { entry: 'end' },
    },
  });
}
