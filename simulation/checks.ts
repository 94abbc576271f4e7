// GAME.md's balance checks, as pure functions of what the run recorded. Each
// check is a named boolean in the summary, with the figures behind it, so a
// failing one says by how much and on how large a sample.
import type { SimulationRun } from './run.ts';

/** GAME.md: equal armies give the aggressor 45–55 % of the wins. */
export const AGGRESSOR_WIN_RANGE = [0.45, 0.55] as const;
/** Fewer equal-army battles than this cannot tell 50 % from 40 %: the check fails rather than pass on luck. */
export const MIN_EQUAL_BATTLES = 100;

export interface CheckFigures {
  readonly equalArmies: { readonly battles: number; readonly aggressorWins: number; readonly rate: number; readonly range: readonly [number, number] };
  readonly newcomers: { readonly watched: number; readonly bestRank: number | null; readonly toppedBoard: readonly string[] };
  readonly resources: { readonly maxShareOfCapacity: number; readonly maxNationFill: number; readonly peakDay: number };
  readonly wars: { readonly total: number; readonly unfinished: readonly string[]; readonly outcomes: Readonly<Record<string, number>> };
  readonly elections: { readonly total: number; readonly unfinished: readonly string[]; readonly outcomes: Readonly<Record<string, number>> };
  readonly season: {
    readonly seasonsEnded: number;
    /** Nations on the archived season's winner list (its final standings). */
    readonly winnersArchived: number;
    /** Registered nations that took the reset into the next season, of all registered. */
    readonly nationsReset: number;
    readonly nations: number;
    readonly phaseAtEnd: string;
  };
}

export interface Checks {
  readonly equalArmiesAggressorWins45to55: boolean;
  readonly noNationTopsPowerBoardOnFirstDay: boolean;
  readonly resourcesBounded: boolean;
  readonly everyWarReachesFinalState: boolean;
  readonly everyElectionReachesFinalState: boolean;
  readonly seasonReachesFinalState: boolean;
}

const countBy = (values: readonly string[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
};

export function checkFigures(run: SimulationRun): CheckFigures {
  const { tally } = run;
  const equal = tally.battles.filter((battle) => battle.equalArmies);
  const aggressorWins = equal.filter((battle) => battle.aggressorWon).length;
  const ranks = [...tally.newcomerBest.values()];
  let peak = { share: 0, day: 0, fill: 0 };
  for (const sample of tally.samples) {
    // Held by nations plus held in escrow, against every nation's storage: generation stops at the cap.
    const share = sample.storageCapacity === 0 ? 0 : (sample.resourcesHeld + sample.resourcesEscrow) / sample.storageCapacity;
    if (share > peak.share) peak = { ...peak, share, day: sample.day };
    peak.fill = Math.max(peak.fill, sample.maxNationFill);
  }
  const wars = [...tally.wars];
  const elections = [...tally.elections];
  const season = tally.season;
  return {
    equalArmies: { battles: equal.length, aggressorWins, rate: equal.length === 0 ? 0 : aggressorWins / equal.length, range: AGGRESSOR_WIN_RANGE },
    newcomers: {
      watched: ranks.length,
      bestRank: ranks.length === 0 ? null : Math.min(...ranks),
      toppedBoard: [...tally.newcomerBest].filter(([, rank]) => rank === 1).map(([address]) => address),
    },
    resources: { maxShareOfCapacity: round(peak.share), maxNationFill: round(peak.fill), peakDay: peak.day },
    wars: {
      total: wars.length,
      unfinished: wars.filter(([, war]) => !war.final).map(([address]) => address),
      outcomes: countBy(wars.filter(([, war]) => war.final).map(([, war]) => war.outcome ?? war.phase)),
    },
    elections: {
      total: elections.length,
      unfinished: elections.filter(([, election]) => !election.final).map(([address]) => address),
      outcomes: countBy(elections.filter(([, election]) => election.final).map(([, election]) => election.phase)),
    },
    season: {
      seasonsEnded: season ? season.archive.length : 0,
      winnersArchived: season?.archive[0]?.winners.length ?? 0,
      nationsReset: tally.nationsReset,
      nations: tally.registeredAt.size,
      phaseAtEnd: season ? `season ${season.number} ${season.phase}` : 'never started',
    },
  };
}

export function evaluate(figures: CheckFigures): Checks {
  const { equalArmies, newcomers, resources, wars, elections, season } = figures;
  return {
    equalArmiesAggressorWins45to55:
      equalArmies.battles >= MIN_EQUAL_BATTLES && equalArmies.rate >= equalArmies.range[0] && equalArmies.rate <= equalArmies.range[1],
    noNationTopsPowerBoardOnFirstDay: newcomers.watched > 0 && newcomers.toppedBoard.length === 0,
    // Generation is capped, so everything in circulation must stay within the nations' storage.
    resourcesBounded: resources.maxShareOfCapacity <= 1,
    everyWarReachesFinalState: wars.total > 0 && wars.unfinished.length === 0,
    everyElectionReachesFinalState: elections.total > 0 && elections.unfinished.length === 0,
    // Season 1 ran pre → active → post, took its final standings, was archived, and every nation was reset into season 2.
    seasonReachesFinalState: season.seasonsEnded >= 1 && season.winnersArchived > 0 && season.nations > 0 && season.nationsReset === season.nations,
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
