// Plays a season through the real runtime: every hour of virtual time it
// registers the nations due, reads the game's state, lets each strategy take
// its turn or answer what waits for it, sends the commands through the
// RuntimeClient (many at once, each nation's in order), and records what
// happened. Periodic work — generation, builds, upkeep, the market's jobs, the
// season's standings and reset — is the runtime's own scheduler's, ticking as
// advanceTime moves the clock (simulation/runtime.ts).
import type { GameRules } from '../actors/index.ts';
import type { AllianceContext } from '../actors/alliance/context.ts';
import type { ElectionContext } from '../actors/election/context.ts';
import { initialMarketContext, type MarketContext } from '../actors/market/context.ts';
import type { NationContext } from '../actors/nation/context.ts';
import { createRandom, deriveSeed } from '../actors/rules/index.ts';
import type { SeasonContext } from '../actors/season/context.ts';
import type { WarContext } from '../actors/war/context.ts';
import type { ReplyBody } from '../runtime/step.ts';
import { electionTurn, maybeCallElection } from './civics.ts';
import { duelTick } from './duels.ts';
import { battleOf, marketTotals, nationPower, powerBoard, powerPercentiles, type NationPower } from './metrics.ts';
import { DAY, HOUR, type SimNation } from './roster.ts';
import type { SimRuntime } from './runtime.ts';
import { readStates, topState } from './state-reader.ts';
import { STRATEGY_PLAYS, type Command, type NationView, type WarView } from './strategies.ts';
import { Tally } from './tally.ts';

/** The admin who starts the season (any snowflake: the season trusts its callers). */
const ADMIN = '999999999999999999';
const WAR_FINAL = new Set(['declined', 'expired', 'concluded']);
const ELECTION_FINAL = new Set(['decided', 'void']);
/** Longest the run goes on after the last day, letting wars and elections that are still open finish on their timers. */
const DRAIN_DAYS = 7;

export interface DriverOptions {
  readonly runtime: SimRuntime;
  readonly rules: GameRules;
  readonly roster: readonly SimNation[];
  readonly days: number;
  readonly seed: number;
  readonly start: number;
  /** Called once per simulated day (progress). */
  readonly onDay?: (day: number, tally: Tally) => void;
}

export class Driver {
  readonly tally: Tally;
  readonly #options: DriverOptions;
  readonly #byAddress: Map<string, SimNation>;
  readonly #registered: string[] = [];
  #commandCount = 0;
  #nations = new Map<string, NationContext>();
  #market: MarketContext | undefined;
  #season: SeasonContext | undefined;

  constructor(options: DriverOptions) {
    this.#options = options;
    this.#byAddress = new Map(options.roster.map((nation) => [nation.address, nation]));
    this.tally = new Tally(options.roster);
    this.tally.start = options.start;
  }

  async run(): Promise<void> {
    const { runtime, days, start } = this.#options;
    await this.#request('season:current', { type: 'start', by: ADMIN });
    const end = start + days * DAY;
    // Players act on the hour; actor timers and scheduler ticks in between fire at their own times.
    let now = start;
    for (; now < end; now += HOUR) await this.#step(now, true);
    // Drain: no new commands; open wars and elections run out on their own timers, the season's reset reaches every nation.
    for (; now < end + DRAIN_DAYS * DAY; now += HOUR) {
      await this.#step(now, false);
      if (this.tally.allFinal() && this.#everyNationReset()) break;
    }
    await runtime.settle();
    await this.#observe(now);
    this.tally.finish(this.#season ?? null, this.#nationsReset());
  }

  /** Registered nations that took the reset into the current season (none while season 1 runs). */
  #nationsReset(): number {
    const number = this.#season?.number ?? 0;
    return number > 1 ? [...this.#nations.values()].filter((ctx) => ctx.season === number).length : 0;
  }

  #everyNationReset(): boolean {
    return this.#registered.length > 0 && this.#nationsReset() === this.#registered.length;
  }

  async #step(at: number, playing: boolean): Promise<void> {
    const { runtime, start } = this.#options;
    await runtime.advance(at - runtime.clock.now());
    const hour = (at - start) / HOUR;
    if (playing) await this.#register(at);
    await runtime.settle();
    await this.#observe(at);
    await this.#postPowerBoard();
    if (playing) await this.#play(at, hour);
    if (hour % 24 === 0) {
      const day = hour / 24;
      this.#sampleDay(day);
      this.#options.onDay?.(day, this.tally);
    }
  }

  async #register(at: number): Promise<void> {
    const due = this.#options.roster.filter((nation) => nation.registersAt <= at - this.#options.start && !this.tally.registeredAt.has(nation.address));
    await Promise.all(
      due.map(async (nation) => {
        const commands: Command[] = [{ to: nation.address, event: { type: 'register', by: nation.founder, name: nation.name } }];
        for (const citizen of nation.citizens.slice(1)) commands.push({ to: nation.address, event: { type: 'join', by: citizen } });
        await this.#sendInOrder(commands, at);
      }),
    );
    // In the roster's order, not the order the registrations were answered in:
    // this list orders every later hour's commands, and so their ids.
    for (const nation of due) {
      this.#registered.push(nation.address);
      this.tally.registeredAt.set(nation.address, at);
    }
  }

  /** Reads every registered nation, the tracked wars, alliances and elections, the market and the season. */
  async #observe(at: number): Promise<void> {
    const { runtime } = this.#options;
    const read = <Context>(addresses: readonly string[]) => readStates<Context>(runtime.backends.store, runtime.shards, addresses);
    const [nations, wars, alliances, elections, singles] = await Promise.all([
      read<NationContext>(this.#registered),
      read<WarContext>(this.tally.openWars()),
      read<AllianceContext>(this.tally.openAlliances()),
      read<ElectionContext>(this.tally.openElections()),
      read<MarketContext | SeasonContext>(['market:global', 'season:current']),
    ]);
    this.#nations = new Map([...nations].map(([address, state]) => [address, state.context]));
    this.#market = singles.get('market:global')?.context as MarketContext | undefined;
    const season = singles.get('season:current');
    if (season) this.#season = season.context as SeasonContext;
    const day = Math.floor((at - this.#options.start) / DAY);
    for (const [address, state] of wars) {
      const phase = topState(state.value);
      this.tally.warPhase(address, phase, WAR_FINAL.has(phase), at, state.context);
      const entry = this.tally.wars.get(address);
      if (WAR_FINAL.has(phase) && entry && !entry.battleRecorded) {
        entry.battleRecorded = true;
        const battle = battleOf(state.context, day, entry.duel);
        if (battle) this.tally.battle(battle, at);
      }
    }
    for (const [address, state] of alliances) this.tally.alliancePhase(address, topState(state.value), at, state.context);
    for (const [address, state] of elections) {
      const phase = topState(state.value);
      this.tally.electionPhase(address, phase, ELECTION_FINAL.has(phase), state.context, at);
    }
    this.#checkNewcomers(at);
  }

  /** Where every nation in its first day stands on the power board right now. */
  #checkNewcomers(at: number): void {
    const fresh = [...this.tally.registeredAt].filter(([, when]) => at - when <= DAY && when - this.#options.start >= DAY);
    if (fresh.length === 0) return;
    const board = powerBoard(this.#powers());
    for (const [address] of fresh) {
      const rank = board.findIndex((entry) => entry.address === address) + 1;
      if (rank > 0) this.tally.newcomerRank(address, rank);
    }
  }

  #powers(): NationPower[] {
    return [...this.#nations.values()].map((ctx) => nationPower(this.#options.rules.balance, ctx));
  }

  /** What the leaderboard projection would hold: every nation's power, inactive ones hidden. */
  async #postPowerBoard(): Promise<void> {
    const updates = [...this.#nations.values()].map((ctx) => {
      const entry = nationPower(this.#options.rules.balance, ctx);
      return { member: entry.address, name: ctx.name, scores: { power: entry.power }, hidden: entry.inactive };
    });
    await this.#options.runtime.boards.update(updates);
  }

  async #play(at: number, hour: number): Promise<void> {
    const { seed } = this.#options;
    const byNation = new Map<string, Command[]>();
    const add = (commands: readonly Command[]) => {
      for (const command of commands) {
        const list = byNation.get(command.to);
        if (list) list.push(command);
        else byNation.set(command.to, [command]);
      }
    };
    const world = this.#world(at);
    for (const address of this.#registered) {
      const nation = this.#byAddress.get(address)!;
      const ctx = this.#nations.get(address);
      if (!ctx || !ctx.registered) continue;
      const random = createRandom(deriveSeed(seed, `${address}@${hour}`));
      if (nation.strategy === 'duel') {
        add(duelTick(nation, ctx, nation.twin ? this.#nations.get(nation.twin) : undefined, at));
        continue;
      }
      const strategy = STRATEGY_PLAYS[nation.strategy];
      const view = world.viewOf(nation, ctx);
      if (hour % 24 === nation.turnHour) {
        add(strategy.turn(view, random));
        if (nation.strategy !== 'idle' && this.#electionFits(at)) add(maybeCallElection(nation, ctx, random));
      } else if (waiting(view)) {
        add(strategy.respond(view, random));
      }
    }
    for (const [address, election] of this.tally.openElectionStates()) {
      const ctx = this.#nations.get(election.nation);
      if (ctx) add(electionTurn(address, election.phase, election, ctx.leader, seed));
    }
    await Promise.all([...byNation.values()].map((commands) => this.#sendInOrder(commands, at)));
  }

  /** What every player can see this hour, and each nation's own view of it. */
  #world(at: number): { viewOf(nation: SimNation, ctx: NationContext): NationView } {
    // Duelists are off limits to the players: their armies must stay equal.
    const players = this.#registered.filter((address) => this.#byAddress.get(address)!.strategy !== 'duel');
    const powers = new Map(this.#powers().map((entry) => [entry.address, entry]));
    const wars = this.tally.warViews();
    const invitations = this.tally.invitations(at);
    const market = this.#market ?? initialMarketContext();
    return {
      viewOf: (nation, ctx) => ({
        nation,
        ctx,
        now: at,
        balance: this.#options.rules.balance,
        others: players.filter((other) => other !== nation.address).flatMap((other) => powers.get(other) ?? []),
        market,
        wars: wars.filter((war) => war.aggressor === nation.address || war.defender === nation.address),
        alliesWars: alliesWars(wars, nation.address, ctx),
        invitations: invitations.get(nation.address) ?? [],
      }),
    };
  }

  /** An election called now is decided before the played days end, so the drain only waits for wars. */
  #electionFits(at: number): boolean {
    const { election } = this.#options.rules.timers;
    return at + (election.nomination_days + election.voting_days) * DAY <= this.#options.start + this.#options.days * DAY;
  }

  /**
   * One nation's commands, each after the previous one's reply. The ids are
   * taken before the first await, so they follow the order the commands were
   * made in, not the order replies happen to arrive in.
   */
  async #sendInOrder(commands: readonly Command[], at: number): Promise<void> {
    const ids = commands.map(() => this.#nextId());
    for (const [index, command] of commands.entries()) {
      const reply = await this.#options.runtime.client.request(command.to, command.event, { id: ids[index]! });
      this.tally.reply(command, reply, at);
    }
  }

  #request(to: string, event: Command['event']): Promise<ReplyBody> {
    return this.#options.runtime.client.request(to, event, { id: this.#nextId() });
  }

  /**
   * Message ids from the run's seed and a counter: a war's id and every seed
   * the actors derive from a message id (battles, missions) repeat with the seed.
   */
  #nextId(): string {
    return `sim${this.#options.seed}.${++this.#commandCount}`;
  }

  #sampleDay(day: number): void {
    const powers = this.#powers();
    const market = marketTotals(this.#market, this.#options.rules.balance.economy.currency);
    this.tally.sampleDay({
      day,
      nations: powers.length,
      power: powerPercentiles(powers),
      resourcesHeld: powers.reduce((sum, entry) => sum + entry.resources, 0),
      resourcesEscrow: market.escrow,
      storageCapacity: powers.reduce((sum, entry) => sum + entry.capacity, 0),
      maxNationFill: powers.reduce((most, entry) => Math.max(most, entry.capacity === 0 ? 0 : entry.resources / entry.capacity), 0),
      loansOutstanding: market.loans,
    });
  }
}

/** Something only the nation's answer can move on: a declaration, a peace offer, an invitation or a trade. */
/** Wars in preparation with exactly one of the nation's allies as a side, that it is not in yet. */
function alliesWars(wars: readonly WarView[], me: string, ctx: NationContext): WarView[] {
  const allies = new Set(Object.values(ctx.alliances).flat().filter((nation) => nation !== me));
  return wars.filter(
    (war) => war.phase === 'preparation' && !Object.hasOwn(ctx.wars, war.id) && allies.has(war.aggressor) !== allies.has(war.defender) && war.aggressor !== me && war.defender !== me,
  );
}

function waiting(view: NationView): boolean {
  const me = view.nation.address;
  const mine = (war: WarView) => (war.aggressor === me ? 'attacker' : 'defender');
  return (
    view.invitations.length > 0 ||
    view.wars.some((war) => (war.phase === 'proposed' && war.defender === me) || (war.peaceOffer !== null && war.peaceOffer.by !== mine(war) && war.peaceOffer.until > view.now)) ||
    Object.values(view.market.trades).some((trade) => trade.partner === me && trade.collecting === null)
  );
}
