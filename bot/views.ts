// Embeds for what players look at: nation profile, military, build queue,
// wars, war status, battle report, leaderboard, election, season, market.
// Pure functions of the state they show; bot/embeds.ts keeps them within
// Discord's limits and long lists are paged.
import type { APIEmbed } from 'discord.js';
import type { Balance } from '../config/index.ts';
import type { ElectionContext } from '../actors/election/context.ts';
import type { NationContext, WarEntry } from '../actors/nation/context.ts';
import type { SeasonContext } from '../actors/season/context.ts';
import type { WarContext } from '../actors/war/context.ts';
import { nationBoardValues, trustBetween } from '../actors/nation/index.ts';
import { leaderboardValues } from '../actors/rules/index.ts';
import type { BoardRow } from '../storage/index.ts';
import type { ListingEntry } from './directory.ts';
import { Colors, num, pageOf, plain, when, type Page } from './embeds.ts';

const resourcesLine = (r: { gold: number; food: number; materials: number }): string => `🪙 ${num(r.gold)} gold · 🌾 ${num(r.food)} food · 🧱 ${num(r.materials)} materials`;
const unitsLine = (u: { infantry: number; armor: number; aircraft: number; naval: number }): string =>
  `🪖 ${num(u.infantry)} infantry · 🛡️ ${num(u.armor)} armor · ✈️ ${num(u.aircraft)} aircraft · ⚓ ${num(u.naval)} naval`;
const footerPage = (page: Page<unknown>): { text: string } => ({ text: `Page ${page.page + 1} of ${page.pages}` });

/** A war's outcome (actors/war/context.ts Outcome) as a player reads it. */
export function warOutcome(outcome: unknown): string {
  if (outcome === 'season_ended') return 'called off (the season ended)';
  if (outcome === 'expired') return 'expired (never answered)';
  return String(outcome);
}

/**
 * A nation's profile; seen from another nation (`viewer`), with the trust
 * between the two (their reputations and shared history, 0–100).
 */
export function nationProfile(ctx: NationContext, balance: Balance, viewer?: NationContext): APIEmbed {
  const values = nationBoardValues(balance, ctx);
  const trust = viewer ? [{ name: `Trust with ${plain(viewer.name)}`, value: `${trustBetween(ctx, viewer)} / 100`, inline: true }] : [];
  return {
    title: `🏳️ ${plain(ctx.name)}`,
    color: ctx.inactive ? Colors.neutral : Colors.info,
    description: `Led by <@${ctx.leader}>${ctx.officers.length > 0 ? ` with officers ${ctx.officers.map((id) => `<@${id}>`).join(', ')}` : ''}.${ctx.inactive ? '\n*Inactive: hidden from the boards until a citizen acts.*' : ''}`,
    fields: [
      { name: 'Power', value: num(values.power), inline: true },
      { name: 'Citizens', value: num(Object.keys(ctx.citizens).length), inline: true },
      { name: 'Territory', value: num(ctx.territory), inline: true },
      { name: 'Resources', value: resourcesLine(ctx.resources) },
      { name: 'Military', value: unitsLine(ctx.units) },
      { name: 'Reputation', value: `${num(ctx.reputation)}${ctx.betrayals > 0 ? ` · ${num(ctx.betrayals)} betrayal(s)` : ''}`, inline: true },
      ...trust,
      { name: 'Wars', value: `${ctx.warsWon} won · ${ctx.warsLost} lost · ${Object.keys(ctx.wars).length} ongoing`, inline: true },
      { name: 'Alliances', value: num(Object.keys(ctx.alliances).length), inline: true },
      { name: 'Stance', value: ctx.stance, inline: true },
      { name: 'Notifications', value: `${ctx.settings.channelId ? `<#${ctx.settings.channelId}>` : 'no channel'} · DMs to the leader ${ctx.settings.dm ? 'on' : 'off'}`, inline: true },
    ],
  };
}

export function militaryStatus(ctx: NationContext, balance: Balance): APIEmbed {
  const strength = leaderboardValues(balance, { resources: ctx.resources, units: ctx.units, territory: ctx.territory, population: 0, reputation: 0, warsWon: 0 }).military;
  const queued = ctx.buildQueue.reduce((sum, order) => sum + order.quantity, 0);
  return {
    title: `⚔️ Military of ${plain(ctx.name)}`,
    color: Colors.info,
    fields: [
      { name: 'Units', value: unitsLine(ctx.units) },
      { name: 'Strength', value: num(strength), inline: true },
      { name: 'Stance', value: ctx.stance, inline: true },
      { name: 'In the build queue', value: `${num(queued)} unit(s) in ${ctx.buildQueue.length} order(s)`, inline: true },
      { name: 'Spies', value: `${num(ctx.spies)} spies · ${num(ctx.counterIntel)} counter-intelligence`, inline: true },
    ],
  };
}

export function buildQueue(ctx: NationContext, page: number): { embed: APIEmbed; page: Page<unknown> } {
  const orders = [...ctx.buildQueue].sort((a, b) => a.readyAt - b.readyAt);
  const shown = pageOf(orders, page, 10);
  return {
    page: shown,
    embed: {
      title: `🏗️ Build queue of ${plain(ctx.name)}`,
      color: Colors.info,
      description: shown.items.length === 0 ? 'Nothing is being built. Start with /military build.' : shown.items.map((order) => `**${num(order.quantity)} ${order.unit}** — ready ${when(order.readyAt)}`).join('\n'),
      footer: footerPage(shown),
    },
  };
}

const phaseLabel: Record<string, string> = {
  joining: 'waiting for the war’s answer',
  proposed: 'waiting for an answer',
  preparation: 'preparing for battle',
  active: 'battle under way',
};

/** How a nation stands in one of its wars, as a player reads it: "against X", "supporting Y against X". */
export function warStanding(war: WarEntry, names: ReadonlyMap<string, string>): string {
  const name = (address: string): string => plain(names.get(address) ?? address);
  if (war.role === 'supporter') return war.enemy ? `supporting ${name(war.ally ?? '')} against ${name(war.enemy)}` : 'joining an ally’s war';
  return `${war.role === 'aggressor' ? 'against' : 'defending against'} ${name(war.enemy)}`;
}

/** Every nation a list of wars names (enemies, and the allies supporters fight beside), for one directory lookup. */
export function warNations(wars: readonly WarEntry[]): string[] {
  return [...new Set(wars.flatMap((war) => [war.enemy, war.ally ?? '']))].filter((address) => address !== '');
}

export function warList(ctx: NationContext, names: ReadonlyMap<string, string>, page: number): { embed: APIEmbed; page: Page<unknown> } {
  const wars = Object.entries(ctx.wars).sort(([a], [b]) => (a < b ? -1 : 1));
  const shown = pageOf(wars, page, 10);
  return {
    page: shown,
    embed: {
      title: `🔥 Wars of ${plain(ctx.name)}`,
      color: Colors.warning,
      description:
        shown.items.length === 0
          ? 'No wars. Declare one with /war declare — if you dare.'
          : shown.items.map(([id, war]) => `**${warStanding(war, names)}** — ${phaseLabel[war.phase] ?? war.phase}\n\`${id}\``).join('\n'),
      footer: footerPage(shown),
    },
  };
}

/** The allies fighting beside one side of a war, one line each. */
function supportersLine(war: WarContext, role: 'attacker' | 'defender'): string {
  return (war.supporters ?? [])
    .filter((supporter) => supporter.role === role)
    .map((supporter) => plain(supporter.name ?? supporter.nation))
    .join('\n');
}

export function warStatus(war: WarContext, phase: string): APIEmbed {
  const aggressor = plain(war.aggressorName ?? war.aggressor);
  const defender = plain(war.defenderName ?? war.defender);
  const fields: APIEmbed['fields'] = [
    { name: 'Aggressor', value: aggressor, inline: true },
    { name: 'Defender', value: defender, inline: true },
    { name: 'Phase', value: phase, inline: true },
  ];
  const withAggressor = supportersLine(war, 'attacker');
  const withDefender = supportersLine(war, 'defender');
  if (withAggressor || withDefender) {
    fields.push({ name: `Allies of ${aggressor}`, value: withAggressor || 'none', inline: true }, { name: `Allies of ${defender}`, value: withDefender || 'none', inline: true });
  } else if (phase === 'preparation') {
    fields.push({ name: 'Allies', value: 'None yet: allies of either side can join with /war join until the battle.' });
  }
  if (war.reason) fields.push({ name: 'Reason', value: plain(war.reason) });
  if (phase === 'proposed') fields.push({ name: 'Answer due', value: when(war.proposalDue) });
  if (war.battleAt !== null && war.outcome === null) fields.push({ name: 'Battle', value: when(war.battleAt) });
  if (war.outcome) fields.push({ name: 'Outcome', value: `${warOutcome(war.outcome)}${war.winner ? ` — winner ${war.winner === war.aggressor ? aggressor : defender}` : ''}` });
  return { title: `🔥 War ${aggressor} vs ${defender}`, color: Colors.warning, fields, footer: { text: `war ${war.id}` } };
}

interface BattleSide {
  readonly strength?: number;
  readonly casualties?: Record<string, number>;
  readonly supporters?: readonly SupporterLosses[];
}

/** One ally's part in the battle (actors/war/context.ts SupporterSummary). */
interface SupporterLosses {
  readonly nation?: string;
  readonly name?: string | null;
  readonly casualties?: Record<string, number>;
  readonly absent?: boolean;
}

const lossLine = (units: Record<string, number> | undefined): string =>
  units ? Object.entries(units).filter(([, n]) => n > 0).map(([unit, n]) => `${num(n)} ${unit}`).join(', ') || 'none' : 'none';

const supporterLosses = (supporter: SupporterLosses): string => (supporter.absent ? 'did not muster: fought with nothing, lost nothing' : lossLine(supporter.casualties));

/** What the notified nation reads of its own part when it fought as an ally ('' when it did not). */
function allyLine(supporters: Record<'attacker' | 'defender', readonly SupporterLosses[]>, recipient: string, names: Record<'attacker' | 'defender', string>): string {
  for (const role of ['attacker', 'defender'] as const) {
    const own = supporters[role].find((supporter) => supporter.nation === recipient);
    if (!own) continue;
    if (own.absent) return `\nYour nation never mustered beside ${names[role]}: it fought with nothing and lost nothing.`;
    return `\nYour nation fought beside ${names[role]} and lost ${lossLine(own.casualties)}.`;
  }
  return '';
}

/**
 * The battle report posted to the channels of every nation that fought (the
 * war's `battleResult` notification): each side's strength, the two warring
 * nations' losses, then each ally's. `recipient` (the notified nation) reads
 * its own losses in the description when it fought as an ally.
 */
export function battleReport(data: Record<string, unknown>, recipient?: string): APIEmbed {
  const aggressorName = plain(String(data.aggressorName ?? data.aggressor ?? 'aggressor'));
  const defenderName = plain(String(data.defenderName ?? data.defender ?? 'defender'));
  const sides = (data.sides ?? {}) as { attacker?: BattleSide; defender?: BattleSide };
  const casualties = (data.casualties ?? {}) as { attacker?: Record<string, number>; defender?: Record<string, number> };
  const listed = (data.supporters ?? {}) as { attacker?: readonly SupporterLosses[]; defender?: readonly SupporterLosses[] };
  const supporters = {
    attacker: listed.attacker ?? sides.attacker?.supporters ?? [],
    defender: listed.defender ?? sides.defender?.supporters ?? [],
  };
  const winnerName = data.winner === data.aggressor ? aggressorName : data.winner === data.defender ? defenderName : plain(String(data.winner ?? 'nobody'));
  const allyFields = (['attacker', 'defender'] as const).flatMap((role) =>
    supporters[role].map((supporter) => ({
      name: `${plain(supporter.name ?? supporter.nation ?? 'an ally')} losses (with ${role === 'attacker' ? aggressorName : defenderName})`,
      value: supporterLosses(supporter),
    })),
  );
  const ownLine = recipient === undefined ? '' : allyLine(supporters, recipient, { attacker: aggressorName, defender: defenderName });
  return {
    title: `💥 Battle report: ${aggressorName} vs ${defenderName}`,
    color: Colors.danger,
    description: `**${winnerName}** won the battle${data.terrain ? ` on ${plain(String(data.terrain))} terrain` : ''}.${ownLine}`,
    fields: [
      ...(sides.attacker?.strength !== undefined && sides.defender?.strength !== undefined
        ? [
            { name: `${aggressorName} strength`, value: num(sides.attacker.strength), inline: true },
            { name: `${defenderName} strength`, value: num(sides.defender.strength), inline: true },
          ]
        : []),
      { name: 'Territory won', value: num(Number(data.territory ?? 0)), inline: true },
      { name: `${aggressorName} losses`, value: lossLine(casualties.attacker ?? sides.attacker?.casualties) },
      { name: `${defenderName} losses`, value: lossLine(casualties.defender ?? sides.defender?.casualties) },
      ...allyFields,
    ],
    footer: { text: `war ${String(data.war ?? '')}` },
  };
}

export const BOARDS = ['power', 'military', 'resources', 'territory', 'reputation', 'wars_won'] as const;
export const PER_BOARD_PAGE = 10;

export function leaderboardPage(board: string, rows: readonly BoardRow[], page: number, pages: number): APIEmbed {
  return {
    title: `🏆 Leaderboard — ${board.replace('_', ' ')}`,
    color: Colors.info,
    description: rows.length === 0 ? 'Nobody is on this board yet.' : rows.map((row) => `**${row.rank}.** ${plain(row.name)} — ${num(row.score)}`).join('\n'),
    footer: { text: `Page ${page + 1} of ${Math.max(1, pages)}` },
  };
}

export function electionStatus(election: ElectionContext, now: number): APIEmbed {
  const totals = new Map<string, number>();
  for (const [voter, candidate] of Object.entries(election.votes)) totals.set(candidate, (totals.get(candidate) ?? 0) + Math.max(1, election.weights[voter] ?? 0));
  const candidates = [...election.candidates].sort((a, b) => (totals.get(b.user) ?? 0) - (totals.get(a.user) ?? 0));
  const deadline = election.phase === 'nominating' ? election.nominationEndsAt : election.phase === 'voting' ? election.votingEndsAt : null;
  return {
    title: `🗳️ Election #${election.n}`,
    color: Colors.info,
    description: `Phase: **${election.phase}**${deadline && deadline > now ? ` — ends ${when(deadline)}` : ''}${election.winner ? `\nWinner: <@${election.winner}>` : ''}`,
    fields: [
      {
        name: `Candidates (${candidates.length})`,
        value: candidates.length === 0 ? 'Nobody yet. Citizens can /election nominate.' : candidates.slice(0, 20).map((c) => `<@${c.user}> — ${num(totals.get(c.user) ?? 0)} vote weight`).join('\n'),
      },
      { name: 'Turnout', value: `${Object.keys(election.votes).length} of ${Object.keys(election.weights).length} citizens`, inline: true },
    ],
  };
}

export function seasonInfo(season: SeasonContext | null): APIEmbed {
  if (!season || season.phase === 'unstarted') return { title: '📅 Season', color: Colors.neutral, description: 'No season has started yet. A bot admin can start one with /admin season.' };
  return {
    title: `📅 Season ${season.number}${season.theme ? ` — ${plain(season.theme)}` : ''}`,
    color: Colors.info,
    description: `Phase: **${season.phase}**${season.phaseEndsAt ? ` — ends ${when(season.phaseEndsAt)}` : ''}`,
    fields: (season.standings ?? []).slice(0, 10).map((standing) => ({ name: `#${standing.rank}`, value: `${plain(standing.nation)} — ${num(standing.power)} power`, inline: true })),
  };
}

export function marketListings(listings: readonly ListingEntry[], names: ReadonlyMap<string, string>): APIEmbed {
  return {
    title: '🏪 Market',
    color: Colors.info,
    description:
      listings.length === 0
        ? 'Nothing for sale right now. Sell with /market sell.'
        : listings.map((l) => `**${num(l.quantity)} ${l.resource}** for ${num(l.price)} gold (${(l.price / Math.max(1, l.quantity)).toFixed(2)} each) — ${plain(names.get(l.seller) ?? l.seller)}\n\`${l.id}\``).join('\n'),
    footer: { text: 'Buy with /market buy (start typing to pick a listing).' },
  };
}
