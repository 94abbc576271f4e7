// Elections as citizens play them: now and then a citizen of an active
// nation starts one; the leader and a challenger nominate themselves while
// nominations are open; then each citizen who was one at the start votes —
// or stays home — for a candidate. Pure: the same seed gives the same votes.
import type { ElectionContext } from '../actors/election/context.ts';
import type { NationContext } from '../actors/nation/context.ts';
import { createRandom, deriveSeed, type Random } from '../actors/rules/index.ts';
import type { Command } from './strategies.ts';
import type { SimNation } from './roster.ts';

/** Chance per daily turn that a citizen calls an election (when the rules allow one). */
const CALL_CHANCE = 0.12;
/** Share of voters who turn out. */
const TURNOUT = 0.75;

export function maybeCallElection(nation: SimNation, ctx: NationContext, random: Random): Command[] {
  const citizens = Object.keys(ctx.citizens);
  if (citizens.length < 3 || ctx.election.open || random.next() >= CALL_CHANCE) return [];
  const by = random.pick(citizens.filter((user) => user !== ctx.leader));
  return [{ to: nation.address, event: { type: 'startElection', by } }];
}

/** Nominations and votes an open election still needs from this nation's citizens. */
export function electionTurn(address: string, phase: string, election: ElectionContext, leader: string, seed: number): Command[] {
  const voters = Object.keys(election.weights);
  const nominated = new Set(election.candidates.map((candidate) => candidate.user));
  if (phase === 'nominating') {
    const challenger = voters.find((user) => user !== leader);
    return [leader, challenger]
      .filter((user): user is string => user !== undefined && !nominated.has(user) && voters.includes(user))
      .map((by) => ({ to: address, event: { type: 'nominate', by } }));
  }
  if (phase !== 'voting' || nominated.size === 0) return [];
  const candidates = [...nominated];
  return voters
    .filter((voter) => election.votes[voter] === undefined)
    .flatMap((voter) => {
      // One decision per voter and election, whatever hour it is looked at.
      const random = createRandom(deriveSeed(seed, `${address}:${voter}`));
      if (random.next() >= TURNOUT) return [];
      return [{ to: address, event: { type: 'vote', by: voter, candidate: random.pick(candidates) } }];
    });
}
