// The events a nation accepts (docs/game-protocol.md "nation"): one strict
// schema per type, fields other than `type` and the runtime's meta. Player
// commands carry `by`; ⇄ events are checked for their sender by the machine.
import { z } from 'zod';
import type { EventMeta } from '../../runtime/effects.ts';
import {
  actorId,
  amount,
  displayName,
  nationAddress,
  playerText,
  positiveAmount,
  resourcesSchema,
  resourceType,
  snowflake,
  unitsSchema,
  unitType,
} from '../common/schemas.ts';
import { MAX_SUPPORTERS_PER_SIDE } from '../war/context.ts';

const by = snowflake;
/** The scheduler's period id, e.g. `2025-06-01T13`; ids of one job sort in time order. */
const period = z.string().min(1).max(64);
const ref = z.string().min(1).max(300);
const reason = z.string().min(1).max(64);
const count = z.number().int().min(1).max(1000);
const stance = z.enum(['aggressive', 'balanced', 'defensive']);
const mission = z.enum(['reconnaissance', 'sabotage', 'theft']);
/** A side's principal and its other supporters. */
const MAX_COMRADES = MAX_SUPPORTERS_PER_SIDE;
const feature = z.enum(['wars', 'alliances', 'espionage', 'trade', 'market', 'loans', 'investments', 'elections', 'seasons', 'notifications']);

export const nationEvents = {
  // player commands
  register: z.object({ by, name: displayName, channelId: snowflake.optional() }).strict(),
  join: z.object({ by }).strict(),
  leave: z.object({ by }).strict(),
  settings: z.object({ by, channelId: snowflake.optional(), dm: z.boolean().optional(), stance: stance.optional() }).strict(),
  appoint: z.object({ by, user: snowflake, officer: z.boolean() }).strict(),
  contribute: z.object({ by, resources: resourcesSchema }).strict(),
  build: z.object({ by, unit: unitType, quantity: z.number().int().min(1).max(100_000) }).strict(),
  recruitSpies: z.object({ by, count }).strict(),
  trainCounterIntel: z.object({ by, count }).strict(),
  launchMission: z.object({ by, target: nationAddress, mission }).strict(),
  declareWar: z.object({ by, target: nationAddress, reason: playerText(0, 200) }).strict(),
  respondWar: z.object({ by, war: actorId, accept: z.boolean() }).strict(),
  /** Fight beside whichever side of the war is this nation's ally. */
  joinWar: z.object({ by, war: actorId }).strict(),
  offerPeace: z.object({ by, war: actorId }).strict(),
  respondPeace: z.object({ by, war: actorId, accept: z.boolean() }).strict(),
  surrender: z.object({ by, war: actorId }).strict(),
  proposeAlliance: z.object({ by, partner: nationAddress, name: displayName, treaty: z.enum(['defense', 'non_aggression']) }).strict(),
  respondAlliance: z.object({ by, alliance: actorId, accept: z.boolean() }).strict(),
  inviteToAlliance: z.object({ by, alliance: actorId, nation: nationAddress }).strict(),
  leaveAlliance: z.object({ by, alliance: actorId }).strict(),
  proposeTrade: z.object({ by, partner: nationAddress, give: resourcesSchema, want: resourcesSchema }).strict(),
  respondTrade: z.object({ by, trade: actorId, accept: z.boolean() }).strict(),
  sell: z.object({ by, resource: resourceType, quantity: positiveAmount, price: positiveAmount }).strict(),
  buy: z.object({ by, listing: actorId }).strict(),
  cancelListing: z.object({ by, listing: actorId }).strict(),
  borrow: z.object({ by, amount: positiveAmount, days: z.number().int().min(1).max(365) }).strict(),
  repay: z.object({ by, loan: actorId }).strict(),
  invest: z.object({ by, amount: positiveAmount }).strict(),
  withdrawInvestment: z.object({ by, investment: actorId }).strict(),
  startElection: z.object({ by }).strict(),
  /** Admin (checked by the bot/ops): per-guild feature override; null clears it. */
  setFlag: z.object({ by, flag: feature, enabled: z.boolean().nullable() }).strict(),
  // periodic, from the scheduler
  generate: z.object({ period }).strict(),
  upkeep: z.object({ period }).strict(),
  completeBuilds: z.object({ period: period.optional() }).strict(),
  dailyCheck: z.object({ period }).strict(),
  seasonPhase: z
    .object({ season: z.number().int().min(1).max(1_000_000), phase: z.enum(['pre', 'active', 'post']), endsAt: z.number().int().min(0).max(8.64e15).nullable() })
    .strict(),
  seasonReset: z.object({ season: z.number().int().min(1).max(1_000_000), theme: z.string().min(1).max(64), startingBonus: z.number().min(0).max(1) }).strict(),
  // ⇄ from other actors
  /** market:global's answer to the nation's `seasonEnded`: the old season's items are gone. */
  seasonClosed: z.object({ season: z.number().int().min(0).max(1_000_000) }).strict(),
  credit: z.object({ ref, resources: resourcesSchema, reason }).strict(),
  /** market:global: a trade with `partner` was settled (both sides were paid). */
  tradeSettled: z.object({ trade: actorId, partner: nationAddress }).strict(),
  collect: z.object({ ref, resources: resourcesSchema, reason, partial: z.boolean().optional() }).strict(),
  warOpened: z.object({ war: actorId, aggressor: nationAddress, defender: nationAddress }).strict(),
  warPhase: z.object({ war: actorId, phase: z.string().min(1).max(32) }).strict(),
  /** The war's answer to `join`: this nation fights on `side`. */
  warJoined: z.object({ war: actorId, ref, aggressor: nationAddress, defender: nationAddress, side: z.enum(['attacker', 'defender']) }).strict(),
  joinRefused: z.object({ war: actorId, ref, code: z.string().min(1).max(64), message: z.string().min(1).max(500) }).strict(),
  warEnded: z
    .object({
      war: actorId,
      outcome: z.string().min(1).max(32),
      winner: nationAddress.nullable().optional(),
      /** The nations that mustered on this nation's side (its principal and the side's other supporters). */
      comrades: z.array(nationAddress).max(MAX_COMRADES).optional(),
    })
    .strict(),
  muster: z.object({ war: actorId, role: z.enum(['attacker', 'aggressor', 'defender']) }).strict(),
  battleResult: z
    .object({ war: actorId, casualties: unitsSchema, won: z.boolean(), territory: amount, spoils: resourcesSchema.optional() })
    .strict(),
  // The alliance also says its name and treaty (actors/alliance/effects.ts joinAlliance).
  allianceJoined: z
    .object({
      alliance: actorId,
      nation: nationAddress.optional(),
      name: displayName.optional(),
      treaty: z.enum(['defense', 'non_aggression']).optional(),
      members: z.array(nationAddress).max(50),
    })
    .strict(),
  allianceLeft: z.object({ alliance: actorId, nation: nationAddress.optional(), members: z.array(nationAddress).max(50) }).strict(),
  allianceDissolved: z.object({ alliance: actorId, members: z.array(nationAddress).max(50).optional() }).strict(),
  /** `kind` is the protocol's `type` (the mission kind): `type` is the event's own name. */
  spyMission: z.object({ mission: actorId, attacker: nationAddress, kind: mission, spies: z.number().int().min(0).max(1000) }).strict(),
  missionOutcome: z
    .object({
      mission: actorId,
      success: z.boolean(),
      discovered: z.boolean(),
      intel: z.record(z.string(), z.unknown()).optional(),
      stolen: resourcesSchema.optional(),
    })
    .strict(),
  electionResult: z.object({ n: z.number().int().min(1).max(1_000_000), winner: snowflake.nullable() }).strict(),
  legacyAward: z.object({ season: z.number().int().min(1).max(1_000_000), rank: z.number().int().min(0).max(100_000), points: amount }).strict(),
} as const;

type Fields<Name extends keyof typeof nationEvents> = { type: Name } & z.infer<(typeof nationEvents)[Name]>;

/** Raised by the nation's own timer; not in `nationEvents`, so only the timer can deliver it. */
export type MissionDueEvent = { type: 'missionDue'; mission: string };

export type NationEvent = EventMeta & ({ [Name in keyof typeof nationEvents]: Fields<Name> }[keyof typeof nationEvents] | MissionDueEvent);
export type NationEventOf<Type extends NationEvent['type']> = Extract<NationEvent, { type: Type }>;
