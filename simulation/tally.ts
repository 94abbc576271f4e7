// The simulation's bookkeeping: every war, alliance and election a command
// created (from the replies), the phase each was last seen in, battles, the
// day-by-day counts, the newcomers' best rank on the power board, and how
// the commands were answered. The checks and the report read it.
import type { AllianceContext } from '../actors/alliance/context.ts';
import type { ElectionContext } from '../actors/election/context.ts';
import type { SeasonContext } from '../actors/season/context.ts';
import type { WarContext } from '../actors/war/context.ts';
import type { ReplyBody } from '../runtime/step.ts';
import type { BattleRecord, DayEvents, DaySample } from './metrics.ts';
import { DAY, type SimNation } from './roster.ts';
import type { Command, WarView } from './strategies.ts';

export interface TrackedWar {
  readonly aggressor: string;
  readonly defender: string;
  readonly duel: boolean;
  phase: string;
  final: boolean;
  outcome: string | null;
  winner: string | null;
  peaceOffer: WarView['peaceOffer'];
  battleRecorded: boolean;
}

interface TrackedAlliance {
  phase: string;
  formed: boolean;
  invited: Readonly<Record<string, number>>;
}

interface TrackedElection {
  readonly nation: string;
  phase: string;
  final: boolean;
  context: ElectionContext | null;
}

export class Tally {
  readonly registeredAt = new Map<string, number>();
  readonly wars = new Map<string, TrackedWar>();
  readonly alliances = new Map<string, TrackedAlliance>();
  readonly elections = new Map<string, TrackedElection>();
  readonly battles: BattleRecord[] = [];
  readonly samples: DaySample[] = [];
  readonly daily: DayEvents[] = [];
  /** Best (lowest) power-board rank each late-registering nation reached within its first day. */
  readonly newcomerBest = new Map<string, number>();
  /** Command type → answers: ok, or the refusal code. */
  readonly replies = new Map<string, Map<string, number>>();
  /** Registered nations whose state shows the next season's reset, at the end. */
  nationsReset = 0;
  season: SeasonContext | null = null;
  readonly #strategyOf: Map<string, string>;
  #start = 0;

  constructor(roster: readonly SimNation[]) {
    this.#strategyOf = new Map(roster.map((nation) => [nation.address, nation.strategy]));
  }

  set start(at: number) {
    this.#start = at;
  }

  strategyOf(address: string): string {
    return this.#strategyOf.get(address) ?? 'unknown';
  }

  #day(at: number): DayEvents {
    const day = Math.max(0, Math.floor((at - this.#start) / DAY));
    while (this.daily.length <= day) {
      this.daily.push({ warsDeclared: 0, warsEnded: 0, battles: 0, alliancesFormed: 0, alliancesEnded: 0, electionsStarted: 0, electionsEnded: 0 });
    }
    return this.daily[day]!;
  }

  reply(command: Command, reply: ReplyBody, at: number): void {
    const type = command.event.type;
    const answers = this.replies.get(type) ?? new Map<string, number>();
    const key = reply.ok ? 'ok' : reply.code;
    answers.set(key, (answers.get(key) ?? 0) + 1);
    this.replies.set(type, answers);
    if (!reply.ok) return;
    if (type === 'declareWar') {
      const aggressor = command.to;
      const defender = String(command.event.target);
      const duel = this.strategyOf(aggressor) === 'duel' && this.strategyOf(defender) === 'duel';
      this.wars.set(`war:${String(reply.war)}`, { aggressor, defender, duel, phase: 'proposed', final: false, outcome: null, winner: null, peaceOffer: null, battleRecorded: false });
      this.#day(at).warsDeclared++;
    } else if (type === 'proposeAlliance') {
      this.alliances.set(`alliance:${String(reply.alliance)}`, { phase: 'forming', formed: false, invited: { [String(command.event.partner)]: Infinity } });
    } else if (type === 'startElection') {
      this.elections.set(String(reply.election), { nation: command.to, phase: 'nominating', final: false, context: null });
      this.#day(at).electionsStarted++;
    }
  }

  openWars(): string[] {
    return byAddress([...this.wars].filter(([, war]) => !war.final)).map(([address]) => address);
  }

  openAlliances(): string[] {
    return byAddress([...this.alliances].filter(([, alliance]) => alliance.phase !== 'dissolved')).map(([address]) => address);
  }

  openElections(): string[] {
    return byAddress([...this.elections].filter(([, election]) => !election.final)).map(([address]) => address);
  }

  openElectionStates(): [string, ElectionContext][] {
    const open = [...this.elections].filter(([, election]) => !election.final && election.context !== null);
    return byAddress(open).map(([address, election]) => [address, election.context!]);
  }

  warPhase(address: string, phase: string, final: boolean, at: number, context: WarContext): void {
    const war = this.wars.get(address);
    if (!war || war.final) return;
    war.phase = phase;
    war.peaceOffer = context.peaceOffer;
    if (!final) return;
    war.final = true;
    war.outcome = context.outcome;
    war.winner = context.winner;
    this.#day(at).warsEnded++;
  }

  warViews(): WarView[] {
    return byAddress([...this.wars].filter(([, war]) => !war.final)).map(([address, war]) => ({
      id: address.slice('war:'.length),
      aggressor: war.aggressor,
      defender: war.defender,
      phase: war.phase,
      peaceOffer: war.peaceOffer,
    }));
  }

  alliancePhase(address: string, phase: string, at: number, context: AllianceContext): void {
    const alliance = this.alliances.get(address);
    if (!alliance) return;
    if (phase === 'active' && !alliance.formed) {
      alliance.formed = true;
      this.#day(at).alliancesFormed++;
    }
    if (phase === 'dissolved' && alliance.phase !== 'dissolved' && alliance.formed) this.#day(at).alliancesEnded++;
    alliance.phase = phase;
    alliance.invited = context.invited;
  }

  /** Nation → alliance ids it is invited to, the invitation still open. */
  invitations(at: number): Map<string, string[]> {
    const byNation = new Map<string, string[]>();
    const open = [...this.alliances].filter(([, alliance]) => alliance.phase !== 'dissolved');
    for (const [address, alliance] of byAddress(open)) {
      for (const [nation, until] of Object.entries(alliance.invited)) {
        if (until <= at) continue;
        const list = byNation.get(nation) ?? [];
        list.push(address.slice('alliance:'.length));
        byNation.set(nation, list);
      }
    }
    return byNation;
  }

  electionPhase(address: string, phase: string, final: boolean, context: ElectionContext, at: number): void {
    const election = this.elections.get(address);
    if (!election || election.final) return;
    election.phase = phase;
    election.context = context;
    if (final) {
      election.final = true;
      this.#day(at).electionsEnded++;
    }
  }

  battle(record: BattleRecord, at: number): void {
    this.battles.push(record);
    this.#day(at).battles++;
  }

  newcomerRank(address: string, rank: number): void {
    this.newcomerBest.set(address, Math.min(rank, this.newcomerBest.get(address) ?? Infinity));
  }

  sampleDay(sample: DaySample): void {
    this.samples.push(sample);
    this.#day(this.#start + sample.day * DAY);
  }

  allFinal(): boolean {
    return [...this.wars.values()].every((war) => war.final) && [...this.elections.values()].every((election) => election.final);
  }

  finish(season: SeasonContext | null, nationsReset: number): void {
    this.season = season;
    this.nationsReset = nationsReset;
  }
}

/**
 * Entries of a map in the order of their addresses. The maps fill in the order
 * replies arrive, which timing decides; what is read from them orders the
 * driver's commands and their seeded ids, so it must not.
 */
function byAddress<T>(entries: [string, T][]): [string, T][] {
  return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
