// The season's state: which season and theme, the phase and when it ends,
// the final standings of this season, and a bounded archive of past ones.
export type Phase = 'unstarted' | 'pre' | 'active' | 'post';

export const SEASON_LIMITS = {
  /** Past seasons kept in the archive (season_results has the full history). */
  archive: 20,
  /** Standings kept in context; every rank is recorded in season_results. */
  standings: 10,
  /** Winners kept per archived season. */
  winners: 3,
} as const;

export interface Standing {
  readonly nation: string;
  readonly rank: number;
  readonly power: number;
  readonly points: number;
}

export interface ArchivedSeason {
  readonly number: number;
  readonly theme: string;
  readonly endedAt: number;
  readonly winners: readonly Standing[];
}

export interface SeasonContext {
  /** 0 until started. */
  readonly number: number;
  readonly theme: string;
  readonly phase: Phase;
  readonly phaseEndsAt: number | null;
  /** Top of the power board at the end of this season; null until `standings` arrives in post. */
  readonly standings: readonly Standing[] | null;
  readonly archive: readonly ArchivedSeason[];
}

export const initialSeasonContext = (): SeasonContext => ({ number: 0, theme: '', phase: 'unstarted', phaseEndsAt: null, standings: null, archive: [] });

/** Themes rotate in order: season n has themes[(n − 1) mod length]. */
export const themeOf = (themes: readonly string[], number: number): string => themes[(number - 1) % themes.length] ?? '';
