// A war's state (docs/game-protocol.md "war"): the two nations, the phase
// deadlines, the sides as they mustered, and the settlement of the battle (or
// surrender). Plain JSON and bounded: one battle per war, no histories.
import { hoursMs } from '../common/game-rules.ts';
import { NO_RESOURCES, NO_UNITS, type Resources, type Role, type Side, type Units } from '../rules/index.ts';

export type Outcome = 'victory' | 'peace' | 'surrender' | 'declined' | 'expired' | 'season_ended';

/** A nation's army and economy as it answered `muster` (the war counts the allies fighting with it). */
export type MusteredSide = Omit<Side, 'allies'>;

/** What a side that never answered `muster` fights with: nothing, and it can hold nothing. */
export const SILENT_SIDE: MusteredSide = {
  units: NO_UNITS,
  stance: 'balanced',
  resources: NO_RESOURCES,
  storageCap: NO_RESOURCES,
  territory: 0,
};

/** An allied nation fighting on one side; its own army, its own losses. */
export interface SupporterSummary {
  readonly nation: string;
  readonly name: string | null;
  readonly units: Units;
  readonly casualties: Units;
  /** True when it never mustered: it fought with nothing and lost nothing. */
  readonly absent: boolean;
}

/**
 * One side of the battle. `units`, `casualties` and `survivors` are the
 * principal nation's own; `base`, `modifier` and `strength` are the whole
 * side's, its supporters' armies included.
 */
export interface SideSummary {
  readonly nation: string;
  readonly units: Units;
  readonly stance: Side['stance'];
  /** Supporters who mustered on this side: each adds alliance support. */
  readonly allies: number;
  /** True when the nation never mustered and fought as SILENT_SIDE. */
  readonly absent: boolean;
  readonly base: number;
  readonly modifier: { readonly terrain: number; readonly alliance: number; readonly stance: number; readonly total: number };
  readonly variance: number;
  readonly strength: number;
  readonly casualties: Units;
  readonly survivors: Units;
  readonly supporters: readonly SupporterSummary[];
}

export interface BattleSummary {
  readonly terrain: string;
  readonly attacker: SideSummary;
  readonly defender: SideSummary;
}

/** The outcome of the battle (or surrender) and the tribute it moves. */
export interface Settlement {
  readonly winner: Role;
  /** The id of the `collect` sent to the loser; answers must carry it. */
  readonly ref: string;
  /** Asked of the loser: battle.spoils_fraction of each resource it mustered. */
  readonly demanded: Resources;
  /** Territory moved from the loser to the winner. */
  readonly territory: number;
  /** Null for a surrender (no battle was fought). */
  readonly battle: BattleSummary | null;
  /** What the loser actually paid (null until it answers). */
  readonly collected: Resources | null;
  /** Of `collected`, what fit in the winner's storage and was credited... */
  readonly received: Resources | null;
  /** ...and what did not (sink `spoils_lost`). */
  readonly lost: Resources | null;
}

/**
 * An ally of one principal that joined the war during its preparation. It
 * fights (and takes casualties) on that side; tribute and territory stay
 * between the principals, and peace and surrender are theirs to decide.
 */
export interface Supporter {
  readonly nation: string;
  readonly name: string | null;
  /** The side it fights on. */
  readonly role: Role;
  readonly joinedAt: number;
  /** Its army as it mustered (null until it does). */
  readonly side: MusteredSide | null;
}

/** Supporters one side may have: a principal has at most max_alliances_per_nation × (max_members − 1) allies. */
export const MAX_SUPPORTERS_PER_SIDE = 8;

export interface PeaceOffer {
  readonly by: Role;
  readonly until: number;
}

export interface WarContext {
  /** The id part of this war's address. */
  readonly id: string;
  readonly aggressor: string;
  readonly defender: string;
  readonly aggressorName: string | null;
  readonly defenderName: string | null;
  readonly reason: string;
  /** Declared on a former ally within the betrayal window (GAME.md reputation). */
  readonly betrayal: boolean;
  readonly declaredAt: number;
  readonly proposalDue: number;
  readonly acceptedAt: number | null;
  readonly battleAt: number | null;
  readonly musterDue: number | null;
  readonly peaceOffer: PeaceOffer | null;
  /** The side that surrendered; the other wins without a battle. */
  readonly surrenderedBy: Role | null;
  readonly sides: { readonly attacker: MusteredSide | null; readonly defender: MusteredSide | null };
  /** Absent in wars stored before supporters existed: read it with supportersIn. */
  readonly supporters?: readonly Supporter[];
  readonly settlement: Settlement | null;
  readonly outcome: Outcome | null;
  /** Address of the winning nation; null for peace, declined, expired. */
  readonly winner: string | null;
  readonly endedAt: number | null;
}

export function initialContext(id: string): WarContext {
  return {
    id,
    aggressor: '',
    defender: '',
    aggressorName: null,
    defenderName: null,
    reason: '',
    betrayal: false,
    declaredAt: 0,
    proposalDue: 0,
    acceptedAt: null,
    battleAt: null,
    musterDue: null,
    peaceOffer: null,
    surrenderedBy: null,
    sides: { attacker: null, defender: null },
    supporters: [],
    settlement: null,
    outcome: null,
    winner: null,
    endedAt: null,
  };
}

export const warAddress = (context: WarContext): string => `war:${context.id}`;

/** The role of a nation address in this war, or null for anyone else. */
export function roleOf(context: WarContext, nation: string | undefined): Role | null {
  if (nation === undefined || nation === '') return null;
  if (nation === context.aggressor) return 'attacker';
  if (nation === context.defender) return 'defender';
  return null;
}

/** The war's supporters ([] for a war stored before they existed). */
export const supportersIn = (context: WarContext): readonly Supporter[] => context.supporters ?? [];

/** The side a nation fights on, principal or supporter; null for anyone else. */
export function fightsFor(context: WarContext, nation: string | undefined): Role | null {
  return roleOf(context, nation) ?? supportersIn(context).find((supporter) => supporter.nation === nation)?.role ?? null;
}

/** Every nation in the war: the two principals, then the supporters. */
export const allNations = (context: WarContext): string[] => [context.aggressor, context.defender, ...supportersIn(context).map((s) => s.nation)];

export const otherRole = (role: Role): Role => (role === 'attacker' ? 'defender' : 'attacker');

export const nationOf = (context: WarContext, role: Role): string => (role === 'attacker' ? context.aggressor : context.defender);

export const nameOf = (context: WarContext, role: Role): string | null =>
  role === 'attacker' ? context.aggressorName : context.defenderName;
