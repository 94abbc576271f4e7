// The commands the conservation property plays (conservation.property.test.ts):
// fast-check arbitraries for them, and how each one is carried out on a
// GameWorld of 3–6 registered nations. Nations, trades, listings, wars… are
// picked by index at run time (modulo what exists then), so any sequence is
// playable and shrinks to a shorter one that still is.
import fc from 'fast-check';
import * as assert from 'uvu/assert';
import type { MarketContext } from '../../../actors/market/index.ts';
import type { NationContext } from '../../../actors/nation/index.ts';
import type { StepResult } from '../../../runtime/step.ts';
import type { GameWorld } from './game-world.ts';

export const MARKET = 'market:global';
/** A nation address nobody registered: trades, wars and missions aimed at it must not lose anything. */
export const GHOST = 'nation:999999';
export const STRANGER = '7777';
export const HOUR = 3_600_000;

type Percent = number;
type Split = readonly [Percent, Percent, Percent];

export type Command =
  | { readonly type: 'proposeTrade'; readonly nation: number; readonly partner: number; readonly give: Split; readonly want: Split }
  | { readonly type: 'respondTrade'; readonly pick: number; readonly answer: 'accept' | 'decline' | 'cancel' }
  | { readonly type: 'sell'; readonly nation: number; readonly resource: 'food' | 'materials'; readonly percent: Percent; readonly price: number }
  | { readonly type: 'buy'; readonly nation: number; readonly pick: number }
  | { readonly type: 'cancelListing'; readonly pick: number }
  | { readonly type: 'borrow'; readonly nation: number; readonly amount: number; readonly days: number }
  | { readonly type: 'repay'; readonly pick: number }
  | { readonly type: 'invest'; readonly nation: number; readonly percent: Percent }
  | { readonly type: 'withdrawInvestment'; readonly pick: number }
  | { readonly type: 'build'; readonly nation: number; readonly unit: 'infantry' | 'armor'; readonly percent: Percent }
  | { readonly type: 'declareWar'; readonly nation: number; readonly target: number }
  | { readonly type: 'respondWar'; readonly pick: number; readonly accept: boolean }
  | { readonly type: 'endWar'; readonly pick: number; readonly by: 'aggressor' | 'defender'; readonly how: 'offerPeace' | 'acceptPeace' | 'refusePeace' | 'surrender' }
  | { readonly type: 'recruitSpies'; readonly nation: number; readonly count: number }
  | { readonly type: 'mission'; readonly nation: number; readonly target: number; readonly mission: 'theft' | 'sabotage' | 'reconnaissance' }
  | { readonly type: 'generate' }
  | { readonly type: 'upkeep' }
  | { readonly type: 'dailyCheck' }
  | { readonly type: 'switchFlag'; readonly flag: SwitchedFlag; readonly on: boolean | null }
  | { readonly type: 'seasonReset'; readonly bonus: number }
  | { readonly type: 'advance'; readonly minutes: number }
  | { readonly type: 'deliver'; readonly count: number; readonly pick: number }
  | { readonly type: 'invalid'; readonly nation: number; readonly what: Invalid };

/** Features an operator may switch off while escrow is on its way to the market or a war is under way. */
const SWITCHED = ['trade', 'market', 'loans', 'investments', 'wars', 'espionage'] as const;
type SwitchedFlag = (typeof SWITCHED)[number];

export const INVALID = [
  'overdrawTrade',
  'overdrawSell',
  'overdrawInvest',
  'overdrawBuild',
  'unknownListing',
  'unknownTrade',
  'unknownLoan',
  'unknownInvestment',
  'unknownWar',
  'stranger',
  'notLeader',
  'forgedCredit',
  'forgedCollected',
  'stalePeriod',
  'longRequestId',
] as const;
export type Invalid = (typeof INVALID)[number];

const index = fc.nat({ max: 30 });
const percent = fc.integer({ min: 1, max: 100 });
const split = fc.tuple(fc.oneof(fc.constant(0), percent), fc.oneof(fc.constant(0), percent), fc.oneof(fc.constant(0), percent));

export const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('proposeTrade'), nation: index, partner: index, give: split, want: split }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('respondTrade'), pick: index, answer: fc.constantFrom('accept', 'accept', 'decline', 'cancel') }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('sell'), nation: index, resource: fc.constantFrom('food', 'materials'), percent, price: fc.integer({ min: 1, max: 800 }) }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('buy'), nation: index, pick: index }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cancelListing'), pick: index }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('borrow'), nation: index, amount: fc.integer({ min: 1, max: 12_000 }), days: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('repay'), pick: index }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('invest'), nation: index, percent }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('withdrawInvestment'), pick: index }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('build'), nation: index, unit: fc.constantFrom('infantry', 'armor'), percent }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('declareWar'), nation: index, target: index }) },
  { weight: 8, arbitrary: fc.record({ type: fc.constant('respondWar'), pick: index, accept: fc.constantFrom(true, true, true, false) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('endWar'),
      pick: index,
      by: fc.constantFrom('aggressor', 'defender'),
      how: fc.constantFrom('offerPeace', 'acceptPeace', 'refusePeace', 'surrender'),
    }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('recruitSpies'), nation: index, count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('mission'), nation: index, target: index, mission: fc.constantFrom('theft', 'theft', 'theft', 'sabotage', 'reconnaissance') }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('generate') }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('upkeep') }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('dailyCheck') }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('switchFlag'), flag: fc.constantFrom(...SWITCHED), on: fc.constantFrom(false, null) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('seasonReset'), bonus: fc.constantFrom(0, 0.1) }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('advance'), minutes: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 6, arbitrary: fc.record({ type: fc.constant('deliver'), count: fc.integer({ min: 1, max: 12 }), pick: index }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('invalid'), nation: index, what: fc.constantFrom(...INVALID) }) },
);

/** One line per command, for a failure report. */
export function describeCommand(command: Command): string {
  const { type, ...fields } = command;
  return `${type} ${JSON.stringify(fields)}`;
}

/** Refusal codes a message must get, by envelope id (a forwarded command is refused by the actor it reaches). */
export type Expectations = Map<string, readonly string[]>;

/** Carries out commands on a world of registered nations. */
export class Player {
  readonly #world: GameWorld;
  readonly #nations: readonly string[];
  readonly #expect: Expectations;
  readonly #start: number;
  #bogus = 0;
  #season = 1;

  constructor(world: GameWorld, nations: readonly string[], expect: Expectations, start: number) {
    this.#world = world;
    this.#nations = nations;
    this.#expect = expect;
    this.#start = start;
  }

  /** Registers every nation with its leader (`5000 + i`) and a citizen (`6000 + i`). */
  register(): void {
    this.#nations.forEach((address, i) => {
      this.#ok(this.#world.request(address, { type: 'register', by: leaderOf(i), name: `Nation ${i}` }));
      this.#ok(this.#world.request(address, { type: 'join', by: citizenOf(i) }));
    });
  }

  run(command: Command): void {
    const world = this.#world;
    switch (command.type) {
      case 'proposeTrade': {
        const i = this.#index(command.nation);
        const have = this.#resources(i);
        this.#command(i, {
          type: 'proposeTrade',
          partner: this.#target(command.partner),
          give: { gold: share(have.gold, command.give[0]), food: share(have.food, command.give[1]), materials: share(have.materials, command.give[2]) },
          want: { gold: command.want[0] * 3, food: command.want[1] * 3, materials: command.want[2] * 3 },
        });
        return;
      }
      case 'respondTrade': {
        const trade = pick(Object.values(this.#market()?.trades ?? {}), command.pick);
        if (!trade) return;
        const nation = command.answer === 'cancel' ? trade.proposer : trade.partner;
        if (nation === GHOST) return;
        this.#command(this.#nations.indexOf(nation), { type: 'respondTrade', trade: trade.id, accept: command.answer === 'accept' });
        return;
      }
      case 'sell': {
        const i = this.#index(command.nation);
        const quantity = share(this.#resources(i)[command.resource], command.percent);
        if (quantity > 0) this.#command(i, { type: 'sell', resource: command.resource, quantity, price: command.price });
        return;
      }
      case 'buy': {
        const listing = pick(Object.values(this.#market()?.listings ?? {}), command.pick);
        if (listing) this.#command(this.#index(command.nation), { type: 'buy', listing: listing.id });
        return;
      }
      case 'cancelListing': {
        const listing = pick(Object.values(this.#market()?.listings ?? {}), command.pick);
        if (listing) this.#command(this.#nations.indexOf(listing.seller), { type: 'cancelListing', listing: listing.id });
        return;
      }
      case 'borrow':
        this.#command(this.#index(command.nation), { type: 'borrow', amount: command.amount, days: command.days });
        return;
      case 'repay': {
        const loan = pick(Object.values(this.#market()?.loans ?? {}), command.pick);
        if (loan) this.#command(this.#nations.indexOf(loan.borrower), { type: 'repay', loan: loan.id });
        return;
      }
      case 'invest': {
        const i = this.#index(command.nation);
        const amount = share(this.#resources(i).gold, command.percent);
        if (amount > 0) this.#command(i, { type: 'invest', amount });
        return;
      }
      case 'withdrawInvestment': {
        const investment = pick(Object.values(this.#market()?.investments ?? {}), command.pick);
        if (investment) this.#command(this.#nations.indexOf(investment.investor), { type: 'withdrawInvestment', investment: investment.id });
        return;
      }
      case 'build': {
        const i = this.#index(command.nation);
        const quantity = Math.max(1, Math.floor((this.#resources(i).gold / (command.unit === 'infantry' ? 20 : 80)) * (command.percent / 100)));
        this.#command(i, { type: 'build', unit: command.unit, quantity: Math.min(quantity, 100_000) });
        return;
      }
      case 'declareWar':
        this.#command(this.#index(command.nation), { type: 'declareWar', target: this.#target(command.target), reason: 'property' });
        return;
      case 'respondWar': {
        const entry = pick(this.#wars().filter((war) => war.role === 'defender'), command.pick);
        if (entry) this.#command(entry.nation, { type: 'respondWar', war: entry.war, accept: command.accept });
        return;
      }
      case 'endWar': {
        const role = command.by === 'aggressor' ? 'aggressor' : 'defender';
        const entry = pick(this.#wars().filter((war) => war.role === role), command.pick);
        if (!entry) return;
        const event =
          command.how === 'offerPeace' || command.how === 'surrender'
            ? { type: command.how, war: entry.war }
            : { type: 'respondPeace', war: entry.war, accept: command.how === 'acceptPeace' };
        this.#command(entry.nation, event);
        return;
      }
      case 'recruitSpies':
        this.#command(this.#index(command.nation), { type: 'recruitSpies', count: command.count });
        return;
      case 'mission': {
        // Launched by a nation with spies (others are refused before anything happens).
        const spymasters = this.#nations.map((_, i) => i).filter((i) => this.#world.context<NationContext>(this.#nations[i]!)!.spies > 0);
        const i = pick(spymasters, command.nation) ?? this.#index(command.nation);
        const targets = [...this.#nations.filter((_, n) => n !== i), GHOST];
        this.#command(i, { type: 'launchMission', target: pick(targets, command.target)!, mission: command.mission });
        return;
      }
      case 'generate': {
        const period = `H${String(Math.floor((world.now - this.#start) / HOUR)).padStart(8, '0')}`;
        for (const nation of this.#nations) world.request(nation, { type: 'generate', period });
        world.request(MARKET, { type: 'payInvestments', period });
        return;
      }
      case 'upkeep': {
        const period = this.#day();
        for (const nation of this.#nations) world.request(nation, { type: 'upkeep', period });
        world.request(MARKET, { type: 'collectLoans', period });
        return;
      }
      case 'dailyCheck': {
        const period = this.#day();
        for (const nation of this.#nations) world.request(nation, { type: 'dailyCheck', period });
        return;
      }
      case 'switchFlag': {
        // Off, or back to the configured value (on): messages already queued meet the new value.
        const { [command.flag]: _previous, ...rest } = world.flags;
        world.flags = command.on === null ? rest : { ...rest, [command.flag]: command.on };
        return;
      }
      case 'seasonReset':
        // The scheduler fans a new season out to every nation (docs/game-protocol.md "season").
        this.#season += 1;
        for (const nation of this.#nations) world.request(nation, { type: 'seasonReset', season: this.#season, theme: 'Property', startingBonus: command.bonus });
        return;
      case 'advance':
        world.advance(command.minutes * 60_000);
        return;
      case 'deliver':
        for (let n = 0; n < command.count; n++) if (!world.deliver(command.pick + n)) return;
        return;
      case 'invalid':
        this.#invalid(this.#index(command.nation), command.what);
        return;
    }
  }

  /** Commands that must be refused and change nothing. */
  #invalid(i: number, what: Invalid): void {
    const world = this.#world;
    const nation = this.#nations[i]!;
    const have = this.#resources(i);
    const bogus = `bogus${++this.#bogus}`;
    // With a feature switched off, the command may be turned down for that first.
    const switchedOff = Object.values(world.flags).includes(false) ? ['GAME_FEATURE_DISABLED'] : [];
    const refuse = (result: StepResult, codes: readonly string[]) => assertRefused(result, [...codes, ...switchedOff], what);
    switch (what) {
      case 'overdrawTrade':
        return refuse(this.#command(i, { type: 'proposeTrade', partner: this.#target(i + 1), give: { food: have.food + 1 }, want: {} }), ['GAME_INSUFFICIENT_RESOURCES']);
      case 'overdrawSell':
        return refuse(this.#command(i, { type: 'sell', resource: 'materials', quantity: have.materials + 1, price: 10 }), ['GAME_INSUFFICIENT_RESOURCES']);
      case 'overdrawInvest':
        // Past max_investment the amount itself is out of range, before the balance is looked at.
        return refuse(this.#command(i, { type: 'invest', amount: have.gold + 1 }), ['GAME_INSUFFICIENT_RESOURCES', 'GAME_OUT_OF_RANGE']);
      case 'overdrawBuild':
        return refuse(this.#command(i, { type: 'build', unit: 'infantry', quantity: Math.floor(have.gold / 20) + 1 }), ['GAME_INSUFFICIENT_RESOURCES']);
      case 'unknownListing':
        return this.#forwardRefused(i, { type: 'buy', listing: bogus }, switchedOff);
      case 'unknownTrade':
        return this.#forwardRefused(i, { type: 'respondTrade', trade: bogus, accept: true }, switchedOff);
      case 'unknownLoan':
        return this.#forwardRefused(i, { type: 'repay', loan: bogus }, switchedOff);
      case 'unknownInvestment':
        return this.#forwardRefused(i, { type: 'withdrawInvestment', investment: bogus }, switchedOff);
      case 'unknownWar':
        return refuse(this.#command(i, { type: 'respondWar', war: bogus, accept: true }), ['GAME_NOT_PARTICIPANT']);
      case 'stranger':
        return refuse(world.request(nation, { type: 'proposeTrade', by: STRANGER, partner: this.#target(i + 1), give: { gold: 1 }, want: {} }).result, ['GAME_NOT_CITIZEN']);
      case 'notLeader':
        return refuse(world.request(nation, { type: 'sell', by: citizenOf(i), resource: 'food', quantity: 1, price: 1 }).result, ['GAME_NOT_LEADER']);
      case 'forgedCredit':
        return refuse(world.request(nation, { type: 'credit', ref: bogus, resources: { gold: 1000 }, reason: 'refund' }).result, ['GAME_FORBIDDEN_SENDER']);
      case 'forgedCollected':
        return refuse(world.request(MARKET, { type: 'collected', ref: bogus, resources: { gold: 1000 }, nation }).result, ['GAME_FORBIDDEN_SENDER']);
      case 'longRequestId': {
        // A caller choosing its own message id, longer than the market can name an item by.
        const event = { type: 'sell', by: leaderOf(i), resource: 'food', quantity: 1, price: 1 };
        return refuse(world.request(nation, event, `${bogus}-${'x'.repeat(240)}`).result, ['GAME_OUT_OF_RANGE']);
      }
      case 'stalePeriod': {
        const last = world.context<NationContext>(nation)!.periods.generate;
        if (last === '') return;
        const { result } = world.request(nation, { type: 'generate', period: last });
        assert.is(result.outcome, 'applied', 'a repeated period is answered');
        if (result.outcome === 'applied') assert.equal(result.records, [], 'a repeated period changes nothing');
        return;
      }
    }
  }

  /** A command the nation forwards and the market must refuse. */
  #forwardRefused(i: number, event: Record<string, unknown> & { type: string }, switchedOff: readonly string[]): void {
    const result = this.#command(i, event);
    if (result.outcome === 'refused') return assertRefused(result, switchedOff, `${event.type} of an unknown id`);
    assert.is(result.outcome, 'applied', `${event.type} is forwarded`);
    // The flag may be switched off before the market sees it: then that is the reason it gives.
    if (result.outcome === 'applied') this.#expect.set(result.sends[0]!.id, ['GAME_UNKNOWN_TARGET', 'GAME_FEATURE_DISABLED']);
  }

  #command(i: number, event: Record<string, unknown> & { type: string }): StepResult {
    return this.#world.request(this.#nations[i]!, { ...event, by: leaderOf(i) }).result;
  }

  #ok(delivery: { result: StepResult }): void {
    assert.is(delivery.result.outcome, 'applied', JSON.stringify(delivery.result));
  }

  #day(): string {
    return `D${String(Math.floor((this.#world.now - this.#start) / (24 * HOUR))).padStart(6, '0')}`;
  }

  #index(n: number): number {
    return n % this.#nations.length;
  }

  /** Another nation, or now and then the unregistered GHOST. */
  #target(n: number): string {
    const choice = n % (this.#nations.length + 1);
    return choice === this.#nations.length ? GHOST : this.#nations[choice]!;
  }

  #resources(i: number) {
    return this.#world.context<NationContext>(this.#nations[i]!)!.resources;
  }

  #market(): MarketContext | undefined {
    return this.#world.context<MarketContext>(MARKET);
  }

  /** Every (nation, war) pair the nations know of. */
  #wars(): { nation: number; war: string; role: string }[] {
    return this.#nations.flatMap((address, nation) =>
      Object.entries(this.#world.context<NationContext>(address)!.wars).map(([war, entry]) => ({ nation, war, role: entry.role })),
    );
  }
}

export const leaderOf = (i: number): string => String(5000 + i);
export const citizenOf = (i: number): string => String(6000 + i);

const share = (amount: number, percent: Percent): number => Math.floor((amount * percent) / 100);

function pick<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

export function assertRefused(result: StepResult, codes: readonly string[], what: string): void {
  if (result.outcome !== 'refused' || !codes.includes(result.reply.code)) {
    assert.unreachable(`${what} should be refused with ${codes.join(' or ')}, got ${JSON.stringify(result.outcome === 'refused' ? result.reply : result.outcome)}`);
  }
}
