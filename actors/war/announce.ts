// The messages, public events, notifications and history rows of each step
// of a war, as effect lists the machine enqueues. Public events go to both
// `war:<id>` and `global` and carry the nations' addresses and names, so an
// overlay can render any one of them alone.
import type { Resources, Role } from '../rules/index.ts';
import { RESOURCES, totalResources } from '../rules/index.ts';
import type { ReplyParams } from '../../runtime/effects.ts';
import { hasMustered } from './checks.ts';
import { fightsFor, nationOf, otherRole, supportersIn, warAddress, type Supporter, type WarContext } from './context.ts';
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

/** Every nation in the war with the side it fights on: the principals, then the supporters. */
function fighters(context: WarContext): { nation: string; role: Role; supporting: boolean }[] {
  return [
    ...ROLES.map((role) => ({ nation: nationOf(context, role), role, supporting: false })),
    ...supportersIn(context).map((supporter) => ({ nation: supporter.nation, role: supporter.role, supporting: true })),
  ];
}

/** To the principals and the supporters; a supporter's copy says so (`supporting`). */
function notifyAll(context: WarContext, kind: string, data: Data): Effect[] {
  return fighters(context).map(({ nation, role, supporting }) => ({
    type: 'notify' as const,
    params: { target: nation, kind, data: { ...parties(context), role, ...(supporting ? { supporting } : {}), ...data } },
  }));
}

function sendEach(context: WarContext, event: (role: Role) => { type: string } & Data): Effect[] {
  return ROLES.map((role) => ({ type: 'send' as const, params: { to: nationOf(context, role), event: event(role) } }));
}

function sendAll(context: WarContext, event: (role: Role, nation: string) => { type: string } & Data): Effect[] {
  return fighters(context).map(({ nation, role }) => ({ type: 'send' as const, params: { to: nation, event: event(role, nation) } }));
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

/** An ally joined: it books the war, and the principals, the supporter and the rooms hear of it. */
export function joined(context: WarContext, supporter: Supporter, ref: string): Effect[] {
  const data = { supporter: supporter.nation, supporterName: supporter.name, side: supporter.role };
  const told = new Set([context.aggressor, context.defender, supporter.nation]);
  return [
    {
      type: 'send',
      params: { to: supporter.nation, event: { type: 'warJoined', war: context.id, ref, aggressor: context.aggressor, defender: context.defender, side: supporter.role } },
    },
    ...emitBoth(context, 'warJoined', { ...data, at: supporter.joinedAt }),
    ...notifyAll(context, 'warJoined', { ...data, battleAt: context.battleAt }).filter((effect) => effect.type === 'notify' && told.has(effect.params.target)),
  ];
}

/** Tells a nation why it could not join (it booked the war when it asked). */
export function joinRefused(context: WarContext, nation: string, ref: string, refused: ReplyParams): Effect[] {
  const { code, message } = refused as { code?: unknown; message?: unknown };
  return [{ type: 'send', params: { to: nation, event: { type: 'joinRefused', war: context.id, ref, code: String(code), message: String(message) } } }];
}

/** The battle is due (or a side surrendered): ask every nation in the war for its army. */
export function musterCall(context: WarContext): Effect[] {
  return [
    ...sendAll(context, () => ({ type: 'warPhase', war: context.id, phase: 'active' })),
    ...sendAll(context, (role) => ({ type: 'muster', war: context.id, role })),
  ];
}

/** Each nation learns its casualties and territory; the battle goes on record. */
export function resolved(context: WarContext, at: number): Effect[] {
  const settlement = context.settlement;
  if (settlement === null) return [];
  const winner = nationOf(context, settlement.winner);
  const principals = new Set([context.aggressor, context.defender]);
  const effects = sendAll(context, (role, nation) => ({
    type: 'battleResult',
    war: context.id,
    won: role === settlement.winner,
    casualties: casualtiesOf(settlement, role, nation),
    // Unsigned: the nation adds it when `won`, subtracts it otherwise. Supporters neither win nor lose land.
    territory: principals.has(nation) ? settlement.territory : 0,
  }));
  const outcome = { winner, winnerRole: settlement.winner, territory: settlement.territory, spoilsDemanded: settlement.demanded };
  const battle = settlement.battle;
  if (battle === null) {
    return [...effects, ...notifyAll(context, 'warSurrendered', { surrenderedBy: nationOf(context, otherRole(settlement.winner)), ...outcome })];
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
    ...notifyAll(context, 'battleResult', {
      terrain: battle.terrain,
      ...outcome,
      casualties: { attacker: battle.attacker.casualties, defender: battle.defender.casualties },
      supporters: { attacker: battle.attacker.supporters, defender: battle.defender.supporters },
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

/** The other nations that mustered on `nation`'s side, if it mustered itself: those it fought beside. */
function comradesOf(context: WarContext, nation: string): string[] {
  if (!hasMustered(context, nation)) return [];
  const side = fightsFor(context, nation);
  return fighters(context)
    .filter((fighter) => fighter.nation !== nation && fighter.role === side && hasMustered(context, fighter.nation))
    .map((fighter) => fighter.nation);
}

/** Final: both nations, the rooms and the `wars` table learn the outcome. */
export function ended(context: WarContext): Effect[] {
  const { outcome, winner } = context;
  const settlement = context.settlement;
  const tribute =
    settlement === null ? null : { demanded: settlement.demanded, paid: settlement.collected, received: settlement.received, lost: settlement.lost };
  return [
    ...sendAll(context, (_role, nation) => {
      const comrades = comradesOf(context, nation);
      return { type: 'warEnded', war: context.id, outcome, winner, ...(comrades.length > 0 ? { comrades } : {}) };
    }),
    ...emitBoth(context, 'warConcluded', { outcome, winner, at: context.endedAt, territory: settlement?.territory ?? 0, tribute }),
    {
      type: 'record',
      params: {
        table: 'wars',
        id: `${warAddress(context)}:war`,
        row: {
          war: context.id,
          aggressor: context.aggressor,
          defender: context.defender,
          outcome,
          winner,
          supporters: supportersIn(context).map(({ nation, role }) => ({ nation, side: role })),
        },
      },
    },
    ...notifyAll(context, 'warEnded', { outcome, winner, tribute }),
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
