// Counting an election (GAME.md "Elections"): the highest total weight wins; a
// tie goes to the candidate with the higher own contribution, then to the
// earlier nomination.
import { voteWeight, type ElectionContext } from './context.ts';

export interface Standing {
  readonly user: string;
  /** Sum of the weights of the votes for this candidate. */
  readonly total: number;
  /** Number of votes. */
  readonly votes: number;
  /** The candidate's own contribution when the election opened (first tie-break). */
  readonly contribution: number;
  readonly nominatedAt: number;
}

/** Every candidate, best first (so the winner, if anyone voted, is the first). */
export function standings(context: ElectionContext): Standing[] {
  const rows = context.candidates.map((candidate, order) => ({
    order,
    standing: { user: candidate.user, total: 0, votes: 0, contribution: context.weights[candidate.user] ?? 0, nominatedAt: candidate.nominatedAt },
  }));
  const byUser = new Map(rows.map((row) => [row.standing.user, row]));
  for (const [voter, candidate] of Object.entries(context.votes)) {
    const row = byUser.get(candidate);
    if (!row) continue;
    row.standing = { ...row.standing, total: row.standing.total + voteWeight(context, voter), votes: row.standing.votes + 1 };
  }
  return rows
    .sort((a, b) => b.standing.total - a.standing.total || b.standing.contribution - a.standing.contribution || a.order - b.order)
    .map((row) => row.standing);
}

export const turnout = (context: ElectionContext): number => Object.keys(context.votes).length;
