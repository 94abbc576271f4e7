// The nation actor's state (docs/game-protocol.md "nation"): plain JSON and
// bounded — every list or map has a cap below (citizens, officers, queue,
// missions, intel, wars, alliances), and histories live in `record` rows, not
// here.
import type { Resources, SharedHistory, Units } from '../rules/index.ts';
import { NO_RESOURCES, NO_UNITS } from '../rules/index.ts';
import type { Feature } from '../common/game-rules.ts';

export type Stance = 'aggressive' | 'balanced' | 'defensive';
/** A supporter is an ally that joined another nation's war (war `join`). */
export type WarRole = 'aggressor' | 'defender' | 'supporter';
export type MissionKind = 'reconnaissance' | 'sabotage' | 'theft';

/** How long a supporter's join waits for the war's answer (which normally takes moments). */
export const JOIN_ANSWER_MS = 3_600_000;

export const LIMITS = {
  citizens: 5000,
  officers: 25,
  buildQueue: 50,
  missions: 5,
  intel: 20,
  wars: 20,
  /** Nations this one keeps a shared history with (the least recently met is dropped first). */
  relations: 200,
} as const;

export interface Citizen {
  readonly contribution: number;
  readonly joinedAt: number;
}

export interface BuildOrder {
  readonly id: string;
  readonly unit: keyof Units;
  readonly quantity: number;
  readonly readyAt: number;
}

export interface Mission {
  readonly target: string;
  readonly type: MissionKind;
  readonly launchedAt: number;
  readonly dueAt: number;
}

export interface IntelReport {
  readonly mission: string;
  readonly target: string;
  readonly type: MissionKind;
  readonly at: number;
  readonly data: Record<string, unknown>;
}

export interface WarEntry {
  readonly role: WarRole;
  /** The nation fought against ('' while a supporter's join is unanswered). */
  readonly enemy: string;
  /** A supporter's: the nation it fights beside. */
  readonly ally?: string;
  /**
   * A supporter's: the id of its `joinWar`, which the war's answer carries,
   * so an answer to an earlier join (one from before a season reset) is
   * told apart.
   */
  readonly ref?: string;
  /** A join not answered by then stops counting (a join to no war is never answered). */
  readonly until?: number;
  /** The war's phase as it last told this nation; `joining` until a supporter's join is answered. */
  readonly phase: string;
}

export interface SeasonPhase {
  readonly season: number;
  readonly phase: 'pre' | 'active' | 'post';
  /** When the phase ends (null when the season did not say). */
  readonly endsAt: number | null;
}

export interface NationContext {
  /** Guild id: the part of the address after `nation:`. */
  id: string;
  registered: boolean;
  name: string;
  leader: string;
  officers: string[];
  citizens: Record<string, Citizen>;
  resources: Resources;
  territory: number;
  units: Units;
  buildQueue: BuildOrder[];
  spies: number;
  counterIntel: number;
  /** Own missions in flight, by id (the launching message id). */
  missions: Record<string, Mission>;
  /** Newest last, at most LIMITS.intel, pruned after report_retention_days. */
  intel: IntelReport[];
  reputation: number;
  betrayals: number;
  /** Alliance id → member addresses (self included). */
  alliances: Record<string, string[]>;
  /**
   * Alliances this nation proposed or asked to join and is not a member of
   * yet: they hold a place under max_alliances_per_nation. Alliance id → null
   * for its own proposal (held until the alliance forms or dissolves), or the
   * time a join it sent stops counting (a refused join is never answered).
   */
  pendingAlliances: Record<string, number | null>;
  /** Former ally address → when this nation broke with it. */
  brokenAlliances: Record<string, number>;
  /**
   * What this nation has done with or to each other nation this season, as
   * it saw it (nation address → counts; absent counts are 0): half of the
   * trust between the two (actors/rules trust, relations.ts).
   */
  relations: Record<string, Partial<SharedHistory>>;
  wars: Record<string, WarEntry>;
  /** Nation address → end of the peace treaty. */
  treaties: Record<string, number>;
  stance: Stance;
  /** Cooldown name (timers.yaml cooldowns key) → until. */
  cooldowns: Record<string, number>;
  warsWon: number;
  warsLost: number;
  legacyPoints: number;
  lastActiveAt: number;
  election: { n: number; open: boolean; endedAt: number | null };
  settings: { channelId: string | null; dm: boolean };
  flags: Partial<Record<Feature, boolean>>;
  inactive: boolean;
  /** Last period handled by each periodic job, and the last season reset / legacy award. */
  periods: { generate: string; upkeep: string; dailyCheck: string };
  season: number;
  /** The season's phase as season:current last announced it (null: no season has started). */
  seasonPhase: SeasonPhase | null;
  /**
   * Between a season reset and market:global's `seasonClosed` answer: what the
   * market sends meanwhile concerns items of the season just ended.
   */
  marketClosing: boolean;
  legacySeason: number;
}

export function initialNationContext(id: string): NationContext {
  return {
    id,
    registered: false,
    name: '',
    leader: '',
    officers: [],
    citizens: {},
    resources: { ...NO_RESOURCES },
    territory: 0,
    units: { ...NO_UNITS },
    buildQueue: [],
    spies: 0,
    counterIntel: 0,
    missions: {},
    intel: [],
    reputation: 0,
    betrayals: 0,
    alliances: {},
    pendingAlliances: {},
    brokenAlliances: {},
    relations: {},
    wars: {},
    treaties: {},
    stance: 'balanced',
    cooldowns: {},
    warsWon: 0,
    warsLost: 0,
    legacyPoints: 0,
    lastActiveAt: 0,
    election: { n: 0, open: false, endedAt: null },
    settings: { channelId: null, dm: true },
    flags: {},
    inactive: false,
    periods: { generate: '', upkeep: '', dailyCheck: '' },
    season: 0,
    seasonPhase: null,
    marketClosing: false,
    legacySeason: 0,
  };
}

export const addressOf = (context: NationContext): string => `nation:${context.id}`;
