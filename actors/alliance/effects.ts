// What each accepted alliance event changes and tells others, as pure
// functions of (context, event, rules) → the next context and the effects.
// The machine (machine.ts) decides which of these runs in which state.
import type { EmitParams, NotifyParams, ReplyParams, SendParams } from '../../runtime/effects.ts';
import { hoursMs, type GameRules } from '../common/game-rules.ts';
import {
  without,
  withHistory,
  type AllianceContext,
  type InviteEvent,
  type OpenEvent,
  type AllianceEvent,
} from './context.ts';

export interface Outcome {
  readonly context: AllianceContext;
  readonly sends?: readonly SendParams[];
  readonly emits?: readonly EmitParams[];
  readonly notifies?: readonly NotifyParams[];
  readonly reply?: ReplyParams;
  /** Invitation timers to arm: the nation whose invitation lapses, after `delay` ms. */
  readonly arm?: readonly { readonly nation: string; readonly delay: number }[];
  /** Invitation timers (by nation) no longer needed. */
  readonly cancel?: readonly string[];
}

const sender = (event: AllianceEvent): string => event.from ?? '';

function invitationNotice(context: AllianceContext, nation: string, by: string, expiresAt: number): NotifyParams {
  return {
    target: nation,
    kind: 'allianceInvitation',
    data: { alliance: context.id, name: context.name, treaty: context.treaty, from: by, members: context.members, expiresAt },
  };
}

export function openAlliance(context: AllianceContext, event: OpenEvent, rules: GameRules): Outcome {
  const delay = hoursMs(rules.timers.alliance.proposal_hours);
  const expiresAt = event.at + delay;
  const next: AllianceContext = {
    ...context,
    name: event.name,
    treaty: event.treaty,
    founder: event.founder,
    members: [event.founder],
    invited: { [event.invitee]: expiresAt },
    openedAt: event.at,
  };
  return {
    context: next,
    arm: [{ nation: event.invitee, delay }],
    notifies: [invitationNotice(next, event.invitee, event.founder, expiresAt)],
    reply: { ok: true, alliance: context.id, invitee: event.invitee, expiresAt },
  };
}

export function inviteNation(context: AllianceContext, event: InviteEvent, rules: GameRules): Outcome {
  const delay = hoursMs(rules.timers.alliance.proposal_hours);
  const expiresAt = event.at + delay;
  const next: AllianceContext = { ...context, invited: { ...context.invited, [event.nation]: expiresAt } };
  return {
    context: next,
    // Re-inviting a nation renews its invitation: the new timer replaces the old one (same id).
    arm: [{ nation: event.nation, delay }],
    notifies: [invitationNotice(next, event.nation, sender(event), expiresAt)],
    reply: { ok: true, alliance: context.id, nation: event.nation, expiresAt },
  };
}

export function joinAlliance(context: AllianceContext, event: AllianceEvent): Outcome {
  const nation = sender(event);
  const members = [...context.members, nation];
  const forming = context.phase === 'forming';
  let history = withHistory(context.history, { event: 'joined', nation, at: event.at });
  if (forming) history = withHistory(history, { event: 'formed', at: event.at });
  const next: AllianceContext = {
    ...context,
    members,
    invited: without(context.invited, nation),
    formedAt: forming ? event.at : context.formedAt,
    history,
  };
  const news = forming
    ? { type: 'allianceFormed', alliance: context.id, name: context.name, treaty: context.treaty, members }
    : { type: 'allianceJoined', alliance: context.id, name: context.name, nation, members };
  return {
    context: next,
    cancel: [nation],
    sends: members.map((member) => ({
      to: member,
      event: { type: 'allianceJoined', alliance: context.id, name: context.name, treaty: context.treaty, members },
    })),
    emits: [{ room: 'global', event: news }],
    reply: { ok: true, alliance: context.id, members },
  };
}

export function refuseInvitation(context: AllianceContext, event: AllianceEvent): Outcome {
  const nation = sender(event);
  return {
    context: { ...context, invited: without(context.invited, nation) },
    cancel: [nation],
    notifies: context.members.map((member) => ({
      target: member,
      kind: 'allianceInvitationRefused',
      data: { alliance: context.id, name: context.name, nation },
    })),
    reply: { ok: true, alliance: context.id },
  };
}

/** A lapsed invitation (its timer fired); `invitationLapsed` has checked it is still pending and due. */
export function expireInvitation(context: AllianceContext, event: AllianceEvent & { nation: string }): Outcome {
  const data = { alliance: context.id, name: context.name, nation: event.nation };
  return {
    context: { ...context, invited: without(context.invited, event.nation) },
    notifies: [event.nation, ...context.members].map((target) => ({ target, kind: 'allianceInvitationExpired', data })),
  };
}

export function leaveAlliance(context: AllianceContext, event: AllianceEvent): Outcome {
  const nation = sender(event);
  const members = context.members.filter((member) => member !== nation);
  const left = { type: 'allianceLeft', alliance: context.id, nation, members };
  return {
    context: { ...context, members, history: withHistory(context.history, { event: 'left', nation, at: event.at }) },
    // The leaver hears it too, so its own bookkeeping drops the alliance.
    sends: [...members, nation].map((to) => ({ to, event: left })),
    emits:
      context.phase === 'active'
        ? [{ room: 'global', event: { type: 'allianceLeft', alliance: context.id, name: context.name, nation, members } }]
        : [],
    reply: { ok: true, alliance: context.id, members },
  };
}

/**
 * Fewer than two members remain (or the invitation of a forming alliance
 * lapsed): tell the members, withdraw open invitations. Runs after the action
 * that caused it, on that action's context.
 */
export function dissolveAlliance(context: AllianceContext, event: AllianceEvent): Outcome {
  const invitees = Object.keys(context.invited);
  const dissolved = { type: 'allianceDissolved', alliance: context.id };
  return {
    context: {
      ...context,
      invited: {},
      dissolvedAt: event.at,
      history: withHistory(context.history, { event: 'dissolved', at: event.at }),
    },
    cancel: invitees,
    sends: context.members.map((to) => ({ to, event: dissolved })),
    // A proposal that never formed is no news; a formed alliance breaking up is.
    emits: context.formedAt === null ? [] : [{ room: 'global', event: { ...dissolved, name: context.name } }],
    notifies: [
      ...context.members.map((target) => ({ target, kind: 'allianceDissolved', data: { alliance: context.id, name: context.name } })),
      ...invitees.map((target) => ({
        target,
        kind: 'allianceInvitationWithdrawn',
        data: { alliance: context.id, name: context.name },
      })),
    ],
  };
}
