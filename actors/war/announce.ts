// The messages, public events, notifications and history rows of each step
// of a war, as effect lists the machine enqueues. Public events go to both
// `war:<id>` and `global` and carry the nations' addresses and names, so an
// overlay can render any one of them alone.
import type { Resources, Role } from '../rules/index.ts';
import { RESOURCES, totalResources } from '../rules/index.ts';
import { nationOf, otherRole, warAddress, type WarContext } from './context.ts';
import { casualtiesOf } from './settle.ts';
import type { Effect } from './types.ts';

type Data = Record<string, unknown>;

const ROLES: readonly Role[] = ['attacker', 'defender'];

/** Who is fighting, for every public event and notification. */
export function parties(context: WarContext): Data {
  return {
    war: context.id,
    aggressor: context.aggressor,
    defender: context.defender,
    aggressorName: context.aggressorName,
    defenderName: context.defenderName,
  };
}

function emitBoth(context: WarContext, type: string, data: Data): Effect[] {
  const event = { type, ...parties(context), ...data };
  return [
    { type: 'emit', params: { room: warAddress(context), event } },
    { type: 'emit', params: { room: 'global', event } },
  ];
}

function notifyBoth(context: WarContext, kind: string, data: Data): Effect[] {
  return ROLES.map((role) => ({
    type: 'notify' as const,
    params: { target: nationOf(context, role), kind, data: { ...parties(context), role, ...data } },
  }));
}

function sendEach(context: WarContext, event: (role: Role) => { type: string } & Data): Effect[] {
  return ROLES.map((role) => ({ type: 'send' as const, params: { to: nationOf(context, role), event: event(role) } }));
}

export function opened(context: WarContext): Effect[] {
  const { reason, proposalDue, betrayal } = context;
  // The nation's warOpened/warPhase/battleResult schemas are strict (actors/nation/events.ts): send exactly their fields.
  return [
    ...sendEach(context, () => ({ type: 'warOpened', war: context.id, aggressor: context.aggressor, defender: context.defender })),
    ...emitBoth(context, 'warDeclared', { reason, at: context.declaredAt, proposalDue, betrayal }),
    ...notifyBoth(context, 'warDeclared', { reason, proposalDue }),
  ];
}

export function declined(context: WarContext): Effect[] {
  return emitBoth(context, 'warDeclined', { at: context.endedAt });
}

export function accepted(context: WarContext): Effect[] {
  const battleAt = context.battleAt;
  return [
    ...sendEach(context, () => ({ type: 'warPhase', war: context.id, phase: 'preparation' })),
    ...emitBoth(context, 'warAccepted', { at: context.acceptedAt, battleAt }),
    ...emitBoth(context, 'battleScheduled', { at: battleAt }),
    ...notifyBoth(context, 'warAccepted', { battleAt }),
  ];
}

/** The battle is due (or a side surrendered): ask both nations for their sides. */
export function musterCall(context: WarContext): Effect[] {
  return [
    ...sendEach(context, () => ({ type: 'warPhase', war: context.id, phase: 'active' })),
    ...sendEach(context, (role) => ({ type: 'muster', war: context.id, role })),
  ];
}

/** Each nation learns its casualties and territory; the battle goes on record. */
export function resolved(context: WarContext, at: number): Effect[] {
  const settlement = context.settlement;
  if (settlement === null) return [];
  const winner = nationOf(context, settlement.winner);
  const effects = sendEach(context, (role) => ({
    type: 'battleResult',
    war: context.id,
    won: role === settlement.winner,
    casualties: casualtiesOf(settlement, role),
    // Unsigned: the nation adds it when `won`, subtracts it otherwise.
    territory: settlement.territory,
  }));
  const outcome = { winner, winnerRole: settlement.winner, territory: settlement.territory, spoilsDemanded: settlement.demanded };
  const battle = settlement.battle;
  if (battle === null) {
    return [...effects, ...notifyBoth(context, 'warSurrendered', { surrenderedBy: nationOf(context, otherRole(settlement.winner)), ...outcome })];
  }
  return [
    ...effects,
    ...emitBoth(context, 'battleResolved', {
      at,
      battleAt: context.battleAt,
      terrain: battle.terrain,
      sides: { attacker: battle.attacker, defender: battle.defender },
      ...outcome,
    }),
    {
      type: 'record',
      params: {
        table: 'battles',
        id: `${warAddress(context)}:battle`,
        row: {
          war: context.id,
          attacker: context.aggressor,
          defender: context.defender,
          terrain: battle.terrain,
          winner,
          attacker_strength: battle.attacker.strength,
          defender_strength: battle.defender.strength,
          details: { attacker: battle.attacker, defender: battle.defender, territory: settlement.territory, spoilsDemanded: settlement.demanded },
        },
      },
    },
    ...notifyBoth(context, 'battleResult', {
      terrain: battle.terrain,
      ...outcome,
      casualties: { attacker: battle.attacker.casualties, defender: battle.defender.casualties },
    }),
  ];
}

/** Asks the loser for the tribute (partial: it pays what it has); nothing to ask for sends nothing. */
export function demand(context: WarContext): Effect[] {
  const settlement = context.settlement;
  if (settlement === null || totalResources(settlement.demanded) === 0) return [];
  const loser = nationOf(context, otherRole(settlement.winner));
  return [
    {
      type: 'send',
      params: { to: loser, event: { type: 'collect', ref: settlement.ref, resources: settlement.demanded, reason: 'tribute', partial: true } },
    },
  ];
}

/** Credits the winner what fits in its storage; records the rest as the sink `spoils_lost`. */
export function paid(context: WarContext): Effect[] {
  const settlement = context.settlement;
  if (settlement === null || settlement.received === null || settlement.lost === null) return [];
  const effects: Effect[] = [];
  if (totalResources(settlement.received) > 0) {
    effects.push({
      type: 'send',
      params: {
        to: nationOf(context, settlement.winner),
        event: { type: 'credit', ref: settlement.ref, resources: settlement.received, reason: 'spoils' },
      },
    });
  }
  const lost: Resources = settlement.lost;
  for (const resource of RESOURCES) {
    if (lost[resource] === 0) continue;
    effects.push({
      type: 'record',
      params: {
        table: 'resource_transactions',
        id: `${settlement.ref}:spoils_lost:${resource}`,
        row: { nation: warAddress(context), resource, delta: -lost[resource], reason: 'spoils_lost', ref: settlement.ref },
      },
    });
  }
  return effects;
}

/** Final: both nations, the rooms and the `wars` table learn the outcome. */
export function ended(context: WarContext): Effect[] {
  const { outcome, winner } = context;
  const settlement = context.settlement;
  const tribute =
    settlement === null ? null : { demanded: settlement.demanded, paid: settlement.collected, received: settlement.received, lost: settlement.lost };
  return [
    ...sendEach(context, () => ({ type: 'warEnded', war: context.id, outcome, winner })),
    ...emitBoth(context, 'warConcluded', { outcome, winner, at: context.endedAt, territory: settlement?.territory ?? 0, tribute }),
    {
      type: 'record',
      params: {
        table: 'wars',
        id: `${warAddress(context)}:war`,
        row: { war: context.id, aggressor: context.aggressor, defender: context.defender, outcome, winner },
      },
    },
    ...notifyBoth(context, 'warEnded', { outcome, winner, tribute }),
  ];
}

export function peaceOffered(context: WarContext, by: Role, until: number): Effect[] {
  return [
    { type: 'emit', params: { room: warAddress(context), event: { type: 'peaceOffered', ...parties(context), by: nationOf(context, by), until } } },
    {
      type: 'notify',
      params: { target: nationOf(context, otherRole(by)), kind: 'peaceOffered', data: { ...parties(context), by: nationOf(context, by), until } },
    },
  ];
}

export function peaceRefused(context: WarContext, offeredBy: Role): Effect[] {
  const data = { ...parties(context), refusedBy: nationOf(context, otherRole(offeredBy)) };
  return [
    { type: 'emit', params: { room: warAddress(context), event: { type: 'peaceRefused', ...data } } },
    { type: 'notify', params: { target: nationOf(context, offeredBy), kind: 'peaceRefused', data } },
  ];
}
