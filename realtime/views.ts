// Pure: what each overlay renders, built from actor state (read-only) and the
// leaderboards. A war's army composition stays hidden until the armies meet
// (espionage is how a nation learns it earlier): before the battle a side
// shows its military score, which the military leaderboard shows anyway.
import type { Balance } from '../config/index.ts';
import { leaderboardValues } from '../actors/rules/index.ts';
import type { BoardRow } from '../storage/index.ts';
import type { Board } from './rooms.ts';

export type Counts = Readonly<Record<string, number>>;

/** An actor's stored state: XState's state value and context. */
export interface ActorState {
  readonly value: unknown;
  readonly context: Readonly<Record<string, unknown>>;
}

export interface SideView {
  readonly nation: string;
  readonly name: string;
  /** The military score (base strength of its army now): public, like the military board. */
  readonly military: number;
  /** Revealed at the battle: the army it fought with, its final strength, its losses. */
  readonly units: Counts | null;
  readonly strength: number | null;
  readonly casualties: Counts | null;
  readonly survivors: Counts | null;
  /** Allies that joined on this side; their losses once the battle is fought. */
  readonly supporters: readonly SupporterView[];
}

export interface SupporterView {
  readonly nation: string;
  readonly name: string;
  readonly casualties: Counts | null;
}

export interface WarView {
  readonly kind: 'war';
  readonly war: string;
  /** proposed | preparation | active | concluded | declined | expired (unknown: no such war yet). */
  readonly phase: string;
  readonly reason: string;
  readonly declaredAt: number | null;
  readonly proposalDue: number | null;
  readonly battleAt: number | null;
  readonly attacker: SideView;
  readonly defender: SideView;
  readonly result: {
    readonly winner: string;
    readonly winnerRole: 'attacker' | 'defender';
    readonly terrain: string | null;
    readonly territory: number;
    /** What the loser paid and the winner received (null until settled). */
    readonly spoils: Counts | null;
    readonly surrendered: boolean;
  } | null;
  readonly outcome: string | null;
  readonly endedAt: number | null;
}

export interface NationView {
  readonly kind: 'nation';
  readonly nation: string;
  readonly registered: boolean;
  readonly name: string;
  readonly power: number;
  readonly military: number;
  readonly resources: number;
  readonly territory: number;
  readonly reputation: number;
  readonly warsWon: number;
  readonly warsLost: number;
  readonly citizens: number;
  readonly units: Counts;
  /** `ally` is a supporter's: the nation it fights beside; `enemy` is '' while its join is unanswered. */
  readonly wars: readonly { readonly war: string; readonly enemy: string; readonly enemyName?: string; readonly role: string; readonly phase: string; readonly ally?: string }[];
  readonly alliances: number;
}

export interface BoardView {
  readonly kind: 'board';
  readonly board: Board;
  readonly rows: readonly BoardRow[];
  readonly size: number;
}

export interface GlobalView {
  readonly kind: 'global';
}

export type RoomView = WarView | NationView | BoardView | GlobalView;

type Rules = Pick<Balance, 'units' | 'power_score'>;

const record = (value: unknown): Readonly<Record<string, unknown>> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const numOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const counts = (value: unknown): Counts => Object.fromEntries(Object.entries(record(value)).map(([key, n]) => [key, num(n)]));

/** The top-level state name of an XState value (`{ active: 'mustering' }` → active). */
export function phaseOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const keys = Object.keys(record(value));
  return keys[0] ?? 'unknown';
}

/** A nation's board values from its state, by the same function the nation actor reports them with. */
export function nationScores(rules: Rules, nation: ActorState | null) {
  const context = nation?.context ?? {};
  return leaderboardValues(rules, {
    resources: { gold: 0, food: 0, materials: 0, ...counts(context.resources) },
    units: { infantry: 0, armor: 0, aircraft: 0, naval: 0, ...counts(context.units) },
    territory: num(context.territory),
    population: Object.keys(record(context.citizens)).length,
    reputation: num(context.reputation),
    warsWon: num(context.warsWon),
  });
}

/** A side's supporters as the war lists them, with their losses from the battle summary once fought. */
function supportersOf(context: Record<string, unknown>, role: 'attacker' | 'defender', fought: Record<string, unknown> | null): SupporterView[] {
  const list = Array.isArray(context.supporters) ? context.supporters.map(record) : [];
  const summaries = fought && Array.isArray(fought.supporters) ? fought.supporters.map(record) : [];
  return list
    .filter((supporter) => supporter.role === role)
    .map((supporter) => {
      const nation = str(supporter.nation);
      const summary = summaries.find((entry) => entry.nation === nation);
      return { nation, name: str(supporter.name, nation), casualties: summary ? counts(summary.casualties) : null };
    });
}

function side(
  rules: Rules,
  role: 'attacker' | 'defender',
  war: Record<string, unknown>,
  nation: ActorState | null,
  battleSide: unknown,
): SideView {
  const fought = battleSide === undefined || battleSide === null ? null : record(battleSide);
  const address = str(role === 'attacker' ? war.aggressor : war.defender);
  const name = role === 'attacker' ? war.aggressorName : war.defenderName;
  return {
    nation: address,
    name: str(name, str(nation?.context.name, address)),
    military: nationScores(rules, nation).military,
    units: fought ? counts(fought.units) : null,
    strength: fought ? Math.round(num(fought.strength)) : null,
    casualties: fought ? counts(fought.casualties) : null,
    survivors: fought ? counts(fought.survivors) : null,
    supporters: supportersOf(war, role, fought),
  };
}

export function warView(rules: Rules, warId: string, war: ActorState | null, attacker: ActorState | null, defender: ActorState | null): WarView {
  const context = war?.context ?? {};
  const settlement = context.settlement === null || context.settlement === undefined ? null : record(context.settlement);
  const battle = settlement && settlement.battle ? record(settlement.battle) : null;
  const winnerRole = settlement ? (settlement.winner === 'defender' ? 'defender' : 'attacker') : null;
  const aggressor = str(context.aggressor);
  const defenderAddress = str(context.defender);
  return {
    kind: 'war',
    war: warId,
    phase: war ? phaseOf(war.value) : 'unknown',
    reason: str(context.reason),
    declaredAt: numOrNull(context.declaredAt) || null,
    proposalDue: numOrNull(context.proposalDue) || null,
    battleAt: numOrNull(context.battleAt),
    attacker: side(rules, 'attacker', context, attacker, battle?.attacker),
    defender: side(rules, 'defender', context, defender, battle?.defender),
    result:
      settlement && winnerRole
        ? {
            winner: winnerRole === 'attacker' ? aggressor : defenderAddress,
            winnerRole,
            terrain: battle ? str(battle.terrain) : null,
            territory: num(settlement.territory),
            spoils: settlement.received ? counts(settlement.received) : settlement.collected ? counts(settlement.collected) : null,
            surrendered: battle === null,
          }
        : null,
    outcome: typeof context.outcome === 'string' ? context.outcome : null,
    endedAt: numOrNull(context.endedAt),
  };
}

/** A nation's war as the links page names it: its enemy, or whose war it asked to join. */
export function battleLinkLabel(war: NationView['wars'][number]): string {
  const enemy = war.enemyName ?? war.enemy;
  if (war.role !== 'supporter') return `war with ${enemy} (${war.phase})`;
  return war.enemy === '' ? 'an ally’s war (asked to join)' : `ally’s war against ${enemy} (${war.phase})`;
}

export function nationView(rules: Rules, address: string, nation: ActorState | null): NationView {
  const context = nation?.context ?? {};
  const scores = nationScores(rules, nation);
  const wars = Object.entries(record(context.wars)).map(([war, entry]) => {
    const fields = record(entry);
    return { war, enemy: str(fields.enemy), role: str(fields.role), phase: str(fields.phase), ...(fields.ally ? { ally: str(fields.ally) } : {}) };
  });
  return {
    kind: 'nation',
    nation: address,
    registered: context.registered === true,
    name: str(context.name, address),
    power: scores.power,
    military: scores.military,
    resources: scores.resources,
    territory: scores.territory,
    reputation: scores.reputation,
    warsWon: scores.wars_won,
    warsLost: num(context.warsLost),
    citizens: Object.keys(record(context.citizens)).length,
    units: counts(context.units),
    wars,
    alliances: Object.keys(record(context.alliances)).length,
  };
}
