// The nation across time: the daily check (inactivity, treaties honoured,
// pruning), the season reset and lifetime legacy points.
import { daysMs, hoursMs } from '../common/game-rules.ts';
import { mapResources, NO_UNITS } from '../rules/index.ts';
import { change, notify, reply, reputation, send, type Draft } from './draft.ts';
import { newPeriod } from './economy.ts';
import { MARKET } from './market.ts';
import { remember } from './relations.ts';
import { dropUnansweredJoins } from './military.ts';
import type { NationEventOf } from './events.ts';
import { sender, type Refusal } from './guards.ts';
import { startingResources } from './politics.ts';

export function dailyCheck(draft: Draft, event: NationEventOf<'dailyCheck'>): void {
  if (!newPeriod(draft, 'dailyCheck', event.period)) return;
  const { ctx, meta, rules } = draft;
  const inactive = meta.at - ctx.lastActiveAt >= daysMs(rules.timers.nation.inactive_after_days);
  if (inactive && !ctx.inactive) notify(draft, 'nationInactive', { since: ctx.lastActiveAt });
  ctx.inactive = inactive;
  const honoured = Object.entries(ctx.treaties).filter(([, until]) => until <= meta.at);
  for (const [nation] of honoured) {
    delete ctx.treaties[nation];
    reputation(draft, 'peace_treaty_honoured');
    remember(draft, nation, 'treatiesHonoured');
  }
  const window = hoursMs(rules.timers.alliance.betrayal_window_hours);
  ctx.brokenAlliances = Object.fromEntries(Object.entries(ctx.brokenAlliances).filter(([, at]) => meta.at - at <= window));
  ctx.cooldowns = Object.fromEntries(Object.entries(ctx.cooldowns).filter(([, until]) => until > meta.at));
  ctx.pendingAlliances = Object.fromEntries(Object.entries(ctx.pendingAlliances).filter(([, until]) => until === null || until > meta.at));
  dropUnansweredJoins(draft);
  // A mission whose target never answered (no such nation) must not hold a slot forever.
  ctx.missions = Object.fromEntries(Object.entries(ctx.missions).filter(([, mission]) => meta.at - mission.dueAt < daysMs(1)));
  const retention = daysMs(rules.timers.espionage.report_retention_days);
  ctx.intel = ctx.intel.filter((report) => meta.at - report.at <= retention);
  reply(draft, { inactive, treatiesHonoured: honoured.map(([nation]) => nation) });
}

/**
 * Clears the game state but keeps the nation, its citizens, leadership,
 * settings, flags and legacy points. Old stock leaves as `season_reset`, the
 * new season's start arrives as `starting`, so the ledger still adds up.
 */
export function seasonReset(draft: Draft, event: NationEventOf<'seasonReset'>): void {
  const { ctx, rules } = draft;
  if (event.season <= ctx.season) return reply(draft, { skipped: 'season already reset', season: event.season });
  ctx.season = event.season;
  closeSeasonItems(draft);
  change(draft, mapResources((type) => -ctx.resources[type]), 'season_reset', `season:${event.season}`);
  change(draft, startingResources(draft, event.startingBonus), 'starting', `season:${event.season}`);
  ctx.territory = rules.balance.territory.starting;
  ctx.units = { ...NO_UNITS };
  ctx.buildQueue = [];
  ctx.spies = 0;
  ctx.counterIntel = 0;
  ctx.missions = {};
  ctx.intel = [];
  ctx.reputation = rules.balance.reputation.initial_score;
  ctx.betrayals = 0;
  ctx.alliances = {};
  ctx.brokenAlliances = {};
  ctx.wars = {};
  ctx.treaties = {};
  ctx.relations = {};
  ctx.cooldowns = {};
  ctx.warsWon = 0;
  ctx.warsLost = 0;
  notify(draft, 'seasonReset', { season: event.season, theme: event.theme });
  reply(draft, { season: event.season, resources: ctx.resources });
}

/**
 * The reset ends what the nation takes part in outside itself, so nothing of
 * the old season acts on the new one: each of its wars is called off, each
 * of its alliances (formed or proposed) dissolves, and market:global forfeits
 * its trades, listings, loans and investments. Until the market answers
 * `seasonClosed`, what it sends concerns the old season (economy.ts `stale`).
 */
function closeSeasonItems(draft: Draft): void {
  const { ctx } = draft;
  for (const war of Object.keys(ctx.wars)) send(draft, `war:${war}`, { type: 'seasonEnded' });
  for (const alliance of new Set([...Object.keys(ctx.alliances), ...Object.keys(ctx.pendingAlliances)])) {
    send(draft, `alliance:${alliance}`, { type: 'seasonEnded' });
  }
  ctx.pendingAlliances = {};
  send(draft, MARKET, { type: 'seasonEnded', season: ctx.season });
  ctx.marketClosing = true;
}

const PHASE_ORDER = { pre: 0, active: 1, post: 2 } as const;

/**
 * season:current entered a phase (the scheduler fans it out). Wars,
 * espionage and the market are open only while the season is `active`
 * (guards.ts `seasonOpen`). A phase older than the one known is ignored: the
 * fan-outs of two phases may reach a nation out of order.
 */
export function seasonPhase(draft: Draft, event: NationEventOf<'seasonPhase'>): Refusal | void {
  const { ctx } = draft;
  const known = ctx.seasonPhase;
  const older = known !== null && (event.season < known.season || (event.season === known.season && PHASE_ORDER[event.phase] <= PHASE_ORDER[known.phase]));
  if (older || event.season < ctx.season) return reply(draft, { skipped: 'phase already known', phase: known });
  ctx.seasonPhase = { season: event.season, phase: event.phase, endsAt: event.endsAt };
  notify(draft, 'seasonPhase', { season: event.season, phase: event.phase, endsAt: event.endsAt });
  reply(draft, { phase: ctx.seasonPhase });
}

/** market:global has forfeited this nation's items of the season that ended. */
export function seasonClosed(draft: Draft, event: NationEventOf<'seasonClosed'>): Refusal | void {
  const refused = sender(draft, 'market', MARKET);
  if (refused) return refused;
  if (event.season === draft.ctx.season) draft.ctx.marketClosing = false;
  reply(draft, { marketClosing: draft.ctx.marketClosing });
}

export function legacyAward(draft: Draft, event: NationEventOf<'legacyAward'>): Refusal | void {
  const refused = sender(draft, 'season');
  if (refused) return refused;
  const { ctx } = draft;
  if (event.season <= ctx.legacySeason) return reply(draft, { skipped: 'season already awarded' });
  ctx.legacySeason = event.season;
  ctx.legacyPoints += event.points;
  notify(draft, 'legacyAward', { season: event.season, rank: event.rank, points: event.points });
  reply(draft, { legacyPoints: ctx.legacyPoints });
}
