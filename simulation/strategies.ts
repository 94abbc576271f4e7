// The scripted players. Each strategy is pure: given what its nation can see
// (its own state, the public power board, the market, its wars and the offers
// waiting for it) and a seeded random source, it returns the commands its
// leader sends — exactly the commands a Discord player would. The driver
// sends them through the runtime; a refusal is part of the game.
import type { Balance } from '../config/index.ts';
import type { MarketContext } from '../actors/market/context.ts';
import type { NationContext } from '../actors/nation/context.ts';
import { storageCap, type Random, type Resources, type Units } from '../actors/rules/index.ts';
import type { SimNation, StrategyName } from './roster.ts';

export interface Command {
  readonly to: string;
  readonly event: { readonly type: string } & Record<string, unknown>;
}

export interface WarView {
  readonly id: string;
  readonly aggressor: string;
  readonly defender: string;
  /** Top-level state: opening, proposed, preparation, active, declined, expired, concluded. */
  readonly phase: string;
  readonly peaceOffer: { readonly by: 'attacker' | 'defender'; readonly until: number } | null;
}

/** What the public boards show of another nation. */
export interface OtherNation {
  readonly address: string;
  readonly power: number;
  readonly military: number;
  readonly inactive: boolean;
}

export interface NationView {
  readonly nation: SimNation;
  readonly ctx: NationContext;
  readonly now: number;
  readonly balance: Balance;
  /** Registered playing nations other than this one (duelists excluded: they only fight each other). */
  readonly others: readonly OtherNation[];
  readonly market: MarketContext;
  /** This nation's wars that are not over yet. */
  readonly wars: readonly WarView[];
  /** Wars in preparation where exactly one side is this nation's ally: it may join them (`joinWar`). */
  readonly alliesWars: readonly WarView[];
  /** Alliance ids this nation has been invited to and not answered. */
  readonly invitations: readonly string[];
}

export interface Strategy {
  /** The nation's daily turn. */
  turn(view: NationView, random: Random): Command[];
  /** Answers to what waits for it (declarations, peace offers, invitations, trades); run in every hour where something waits for it. */
  respond(view: NationView, random: Random): Command[];
}

const DAY = 86_400_000;

const leaderCommand = (view: NationView, event: { type: string } & Record<string, unknown>): Command => ({
  to: view.nation.address,
  event: { ...event, by: view.ctx.leader },
});

/** How many units of `unit` the share of current resources buys. */
function affordable(view: NationView, unit: keyof Units, share: number): number {
  const cost = view.balance.units[unit].cost;
  let count = Infinity;
  for (const type of ['gold', 'food', 'materials'] as const) {
    if (cost[type] > 0) count = Math.min(count, Math.floor((view.ctx.resources[type] * share) / cost[type]));
  }
  return Number.isFinite(count) ? count : 0;
}

function build(view: NationView, unit: keyof Units, share: number, most = 2_000): Command[] {
  const quantity = Math.min(affordable(view, unit, share), most);
  return quantity > 0 ? [leaderCommand(view, { type: 'build', unit, quantity })] : [];
}

const myMilitary = (view: NationView): number =>
  (['infantry', 'armor', 'aircraft', 'naval'] as const).reduce((sum, unit) => sum + view.ctx.units[unit] * view.balance.units[unit].strength, 0);

const allies = (view: NationView): Set<string> => new Set(Object.values(view.ctx.alliances).flat());

const enemies = (view: NationView): Set<string> => new Set(view.wars.map((war) => (war.aggressor === view.nation.address ? war.defender : war.aggressor)));

const ready = (view: NationView, cooldown: string): boolean => (view.ctx.cooldowns[cooldown] ?? 0) <= view.now;

function setStance(view: NationView, stance: NationContext['stance']): Command[] {
  return view.ctx.stance === stance ? [] : [leaderCommand(view, { type: 'settings', stance })];
}

/** Every active player shows up in the nation's activity (election weights, not inactive). */
function contribute(view: NationView, random: Random): Command[] {
  const citizens = Object.keys(view.ctx.citizens);
  const who = random.pick(citizens);
  return [{ to: view.nation.address, event: { type: 'contribute', by: who, resources: { gold: random.int(10, 200) } } }];
}

function declareOn(view: NationView, random: Random, pick: (candidates: readonly OtherNation[]) => OtherNation | undefined): Command[] {
  if (!ready(view, 'war_declare_minutes')) return [];
  const excluded = new Set([...allies(view), ...enemies(view), view.nation.address]);
  const candidates = view.others.filter((other) => !excluded.has(other.address) && !other.inactive);
  const target = pick(candidates);
  if (!target) return [];
  return [leaderCommand(view, { type: 'declareWar', target: target.address, reason: random.pick(['borders', 'glory', 'the river', 'old grudges']) })];
}

function proposeAllianceTo(view: NationView, random: Random, treaty: 'defense' | 'non_aggression'): Command[] {
  if (Object.keys(view.ctx.alliances).length >= 2 || !ready(view, 'alliance_propose_minutes') || !ready(view, 'alliance_break_minutes')) return [];
  const excluded = new Set([...allies(view), ...enemies(view), view.nation.address]);
  const candidates = view.others.filter((other) => !excluded.has(other.address) && !other.inactive);
  if (candidates.length === 0) return [];
  const partner = random.pick(candidates);
  return [leaderCommand(view, { type: 'proposeAlliance', partner: partner.address, name: `Pact of ${view.nation.name}`, treaty })];
}

function answerWars(view: NationView, random: Random, acceptShare: number, peaceShare: number): Command[] {
  const commands: Command[] = [];
  for (const war of view.wars) {
    const mine = war.aggressor === view.nation.address ? 'attacker' : 'defender';
    if (war.phase === 'proposed' && mine === 'defender') {
      commands.push(leaderCommand(view, { type: 'respondWar', war: war.id, accept: random.next() < acceptShare }));
    } else if (war.peaceOffer && war.peaceOffer.by !== mine && war.peaceOffer.until > view.now) {
      commands.push(leaderCommand(view, { type: 'respondPeace', war: war.id, accept: random.next() < peaceShare }));
    }
  }
  return commands;
}

function answerInvitations(view: NationView, random: Random, acceptShare: number): Command[] {
  return view.invitations.map((alliance) => leaderCommand(view, { type: 'respondAlliance', alliance, accept: random.next() < acceptShare }));
}

function answerTrades(view: NationView, random: Random, acceptShare: number): Command[] {
  const me = view.nation.address;
  return Object.values(view.market.trades)
    .filter((trade) => trade.partner === me && trade.collecting === null && trade.expiresAt > view.now)
    .map((trade) => leaderCommand(view, { type: 'respondTrade', trade: trade.id, accept: random.next() < acceptShare }));
}

/** Chance per daily turn that an aggressive nation walks out of one of its alliances (and may then attack the former ally: betrayal). */
const BETRAY_CHANCE = 0.08;

function leaveAnAlliance(view: NationView, random: Random): Command[] {
  const alliances = Object.keys(view.ctx.alliances);
  if (alliances.length === 0 || random.next() >= BETRAY_CHANCE) return [];
  return [leaderCommand(view, { type: 'leaveAlliance', alliance: random.pick(alliances) })];
}

/** Declares on nations no stronger than itself, builds armor and infantry, never asks for peace, sometimes breaks an alliance. */
const aggressive: Strategy = {
  turn(view, random) {
    const strength = myMilitary(view);
    return [
      ...contribute(view, random),
      ...setStance(view, 'aggressive'),
      ...build(view, 'armor', 0.5),
      ...build(view, 'infantry', 0.4),
      ...leaveAnAlliance(view, random),
      ...(random.next() < 0.7
        ? declareOn(view, random, (candidates) => {
            const weaker = candidates.filter((other) => other.military <= strength * 1.1);
            return weaker.length > 0 ? random.pick(weaker) : undefined;
          })
        : []),
    ];
  },
  respond: (view, random) => [...answerWars(view, random, 1, 0.2), ...answerInvitations(view, random, 0.5), ...answerTrades(view, random, 0.2)],
};

/** Stands by an ally: joins one of its wars in preparation with probability `chance`. */
function joinAlliesWar(view: NationView, random: Random, chance: number): Command[] {
  if (view.alliesWars.length === 0 || random.next() >= chance) return [];
  return [leaderCommand(view, { type: 'joinWar', war: random.pick(view.alliesWars).id })];
}

/** Builds infantry and counter-intelligence, allies, joins its allies' wars, offers and accepts peace. */
const defensive: Strategy = {
  turn(view, random) {
    const commands = [...contribute(view, random), ...setStance(view, 'defensive'), ...build(view, 'infantry', 0.45)];
    if (view.ctx.counterIntel < 2 && random.next() < 0.3) commands.push(leaderCommand(view, { type: 'trainCounterIntel', count: 1 }));
    for (const war of view.wars) {
      if ((war.phase === 'preparation' || war.phase === 'active') && war.peaceOffer === null && random.next() < 0.5 && ready(view, 'war_peace_minutes')) {
        commands.push(leaderCommand(view, { type: 'offerPeace', war: war.id }));
        break;
      }
    }
    if (random.next() < 0.4) commands.push(...proposeAllianceTo(view, random, 'defense'));
    return [...commands, ...joinAlliesWar(view, random, 0.5)];
  },
  respond: (view, random) => [...answerWars(view, random, 0.7, 1), ...answerInvitations(view, random, 0.9), ...answerTrades(view, random, 0.6)],
};

/** Lives off the market: sells surplus, buys cheap, trades, borrows, repays and invests. */
const trader: Strategy = {
  turn(view, random) {
    const { ctx, balance, market, now } = view;
    const me = view.nation.address;
    const cap = storageCap(balance.resources, ctx.territory);
    const commands = [...contribute(view, random), ...build(view, 'infantry', 0.15)];
    for (const resource of ['food', 'materials'] as const) {
      if (ctx.resources[resource] > cap[resource] * 0.5 && ready(view, 'market_list_minutes')) {
        const quantity = Math.floor(ctx.resources[resource] * 0.2);
        commands.push(leaderCommand(view, { type: 'sell', resource, quantity, price: Math.max(1, Math.round(quantity * random.between(0.7, 1.2))) }));
        break;
      }
    }
    const bargains = Object.values(market.listings).filter(
      (listing) => listing.seller !== me && listing.price <= ctx.resources.gold * 0.5 && listing.price <= listing.quantity * 1.1 && listing.expiresAt > now,
    );
    if (bargains.length > 0) commands.push(leaderCommand(view, { type: 'buy', listing: random.pick(bargains).id }));
    if (random.next() < 0.3 && ready(view, 'trade_propose_minutes') && view.others.length > 0) {
      const partner = random.pick(view.others.filter((other) => !other.inactive).concat(view.others[0]!));
      const give: Resources = { gold: 0, food: Math.min(300, Math.floor(ctx.resources.food / 4)), materials: 0 };
      if (give.food > 0) commands.push(leaderCommand(view, { type: 'proposeTrade', partner: partner.address, give: { food: give.food }, want: { materials: Math.floor(give.food * 0.8) + 1 } }));
    }
    const loans = Object.values(market.loans).filter((loan) => loan.borrower === me);
    const owed = (loan: (typeof loans)[number]): number => loan.principal + loan.interest - loan.repaid;
    const repayable = loans.find((loan) => loan.collecting === null && now - loan.takenAt >= 3 * DAY && owed(loan) * 1.2 < ctx.resources.gold);
    if (repayable) commands.push(leaderCommand(view, { type: 'repay', loan: repayable.id }));
    else if (loans.length === 0 && ready(view, 'loan_minutes') && random.next() < 0.25) {
      commands.push(leaderCommand(view, { type: 'borrow', amount: random.int(500, 3_000), days: random.int(4, 10) }));
    }
    const investments = Object.values(market.investments).filter((investment) => investment.investor === me);
    const old = investments.find((investment) => now - investment.investedAt >= 7 * DAY);
    if (old) commands.push(leaderCommand(view, { type: 'withdrawInvestment', investment: old.id }));
    else if (ctx.resources.gold > cap.gold * 0.4 && ready(view, 'invest_minutes')) {
      commands.push(leaderCommand(view, { type: 'invest', amount: Math.floor(ctx.resources.gold * 0.25) }));
    }
    if (random.next() < 0.15) commands.push(...proposeAllianceTo(view, random, 'non_aggression'));
    return commands;
  },
  respond: (view, random) => [...answerWars(view, random, 0.3, 1), ...answerInvitations(view, random, 0.6), ...answerTrades(view, random, 0.8)],
};

const MISSIONS = ['reconnaissance', 'sabotage', 'theft'] as const;

/** Recruits spies up to the limit and runs a mission whenever the cooldown allows. */
const spy: Strategy = {
  turn(view, random) {
    const { ctx, balance } = view;
    const commands = [...contribute(view, random), ...build(view, 'infantry', 0.2)];
    if (ctx.spies < balance.espionage.max_spies && ctx.resources.gold >= balance.espionage.spy_cost.gold * 2) {
      commands.push(leaderCommand(view, { type: 'recruitSpies', count: 1 }));
    }
    if (ctx.counterIntel < 1 && random.next() < 0.3) commands.push(leaderCommand(view, { type: 'trainCounterIntel', count: 1 }));
    const targets = view.others.filter((other) => !other.inactive);
    if (ctx.spies > 0 && targets.length > 0 && ready(view, 'spy_mission_minutes')) {
      const target = random.pick(targets);
      commands.push(leaderCommand(view, { type: 'launchMission', target: target.address, mission: random.pick(MISSIONS) }));
    }
    return commands;
  },
  respond: (view, random) => [...answerWars(view, random, 0.5, 0.8), ...answerInvitations(view, random, 0.5), ...answerTrades(view, random, 0.4)],
};

/** A server whose players never play: it only generates (until it goes inactive). */
const idle: Strategy = { turn: () => [], respond: () => [] };

export const STRATEGY_PLAYS: Readonly<Record<StrategyName, Strategy>> = { aggressive, defensive, trader, spy, idle };
