// A `notify` effect as a Discord message: an embed per kind (battle report,
// war declared with Accept/Decline for the defender, an ally joining a war,
// alliance invitation and trade offer with their buttons, …) and a generic
// one for kinds without their own. An ally fighting in a war gets the war's
// news too (`supporting: true`, `role` = the side it fights on) and reads
// its own part in it. Some kinds reach a nation twice — once from the war, once from
// the nation's own bookkeeping — and only the richer one is shown. Pure.
import type { APIEmbed } from 'discord.js';
import { respondRow } from '../buttons.ts';
import { Colors, num, plain, when } from '../embeds.ts';
import type { Reply } from '../types.ts';
import { battleReport, warOutcome } from '../views.ts';

/** One entry of the notifications stream (runtime/shard-batch.ts). */
export interface Notification {
  readonly id: string;
  /** The actor whose step produced it. */
  readonly from: string;
  readonly at: number;
  /** `nation:<guild>` (its channel) or `user:<id>` (a DM). */
  readonly target: string;
  readonly kind: string;
  readonly data: Record<string, unknown>;
}

export function decodeNotification(body: string): Notification | null {
  try {
    const value = JSON.parse(body) as Partial<Notification>;
    if (typeof value.id !== 'string' || typeof value.target !== 'string' || typeof value.kind !== 'string') return null;
    return { id: value.id, from: String(value.from ?? ''), at: Number(value.at ?? 0), target: value.target, kind: value.kind, data: (value.data ?? {}) as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** The nation's own copies of what its war already tells it, with more detail. */
const SHOWN_BY_THE_WAR = new Set(['warDeclared', 'warDeclaredOnYou', 'battleResult', 'warEnded']);

export function isDuplicate(notification: Notification): boolean {
  return notification.from.startsWith('nation:') && SHOWN_BY_THE_WAR.has(notification.kind);
}

/** Kinds that wait for the leader's answer: also DMed to the leader when the nation's DM setting is on. */
export function needsLeader(notification: Notification): boolean {
  if (notification.kind === 'warDeclared') return notification.data.role === 'defender';
  return ['allianceInvitation', 'tradeProposed', 'peaceOffered', 'electionOpened'].includes(notification.kind);
}

const str = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
/** A value from the game's state, which may carry what a player typed, as literal message text. */
const text = (value: unknown): string => plain(str(value));
const nameOf = (data: Record<string, unknown>, side: 'aggressor' | 'defender'): string => text(str(data[`${side}Name`]) || str(data[side]));
const amounts = (value: unknown): string =>
  Object.entries((value ?? {}) as Record<string, number>)
    .filter(([, n]) => n > 0)
    .map(([type, n]) => `${num(n)} ${type}`)
    .join(', ') || 'nothing';

function humanize(kind: string): string {
  return kind.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}

function generic(notification: Notification): APIEmbed {
  const fields = Object.entries(notification.data)
    .filter(([, value]) => value !== null && value !== undefined && typeof value !== 'object')
    .slice(0, 10)
    .map(([name, value]) => ({ name, value: text(str(value).slice(0, 200)) || '—', inline: true }));
  return { title: humanize(notification.kind), color: Colors.neutral, fields };
}

export function formatNotification(notification: Notification): Reply {
  const { data, kind } = notification;
  switch (kind) {
    case 'warDeclared': {
      const defender = data.role === 'defender';
      return {
        embeds: [
          {
            title: defender ? `🔥 ${nameOf(data, 'aggressor')} declared war on you` : `🔥 War declared on ${nameOf(data, 'defender')}`,
            color: Colors.warning,
            description: `${data.reason ? `“${text(data.reason)}”\n` : ''}${defender ? `Your leader must answer ${when(Number(data.proposalDue))} — silence counts as declining.` : `They must answer ${when(Number(data.proposalDue))}.`}`,
            footer: { text: `war ${str(data.war)}` },
          },
        ],
        ...(defender ? { components: respondRow('war', str(data.war), ['Accept the war', 'Decline']) } : {}),
      };
    }
    case 'warAccepted':
      return { embeds: [{ title: `⚔️ War accepted: ${nameOf(data, 'aggressor')} vs ${nameOf(data, 'defender')}`, color: Colors.warning, description: `The battle is ${when(Number(data.battleAt))}.` }] };
    case 'warJoined':
      return { embeds: [warJoined(notification)] };
    case 'warJoinRefused':
      return {
        embeds: [{ title: '🚫 Your nation could not join the war', color: Colors.neutral, description: `${text(data.message) || 'The war refused.'}\nSee /war list for the wars you are in.`, footer: { text: `war ${str(data.war)}` } }],
      };
    case 'battleResult':
      return { embeds: [battleReport(data, notification.target)] };
    case 'warSurrendered':
      return {
        embeds: [
          {
            title: '🏳️ Surrender',
            color: Colors.neutral,
            description: `${data.surrenderedBy === data.aggressor ? nameOf(data, 'aggressor') : data.surrenderedBy === data.defender ? nameOf(data, 'defender') : text(data.surrenderedBy)} surrendered the war ${nameOf(data, 'aggressor')} vs ${nameOf(data, 'defender')}.${data.supporting ? ` Your nation fought beside ${allyOf(data)}.` : ''}`,
          },
        ],
      };
    case 'warEnded':
      return { embeds: [warEnded(data)] };
    case 'peaceOffered':
      return {
        embeds: [{ title: '🕊️ Peace offered', color: Colors.info, description: `${nameOf(data, 'aggressor')} vs ${nameOf(data, 'defender')}: the other side offers peace until ${when(Number(data.until))}.` }],
        components: respondRow('peace', str(data.war), ['Accept peace', 'Refuse']),
      };
    case 'allianceInvitation':
      return {
        embeds: [{ title: `🤝 Invitation to the alliance ${text(data.name)}`, color: Colors.info, description: `Treaty: ${text(data.treaty) || 'alliance'}. Answer ${data.expiresAt ? when(Number(data.expiresAt)) : 'soon'}.` }],
        components: respondRow('ally', str(data.alliance)),
      };
    case 'allianceJoined':
      return { embeds: [{ title: '🤝 Alliance formed', color: Colors.success, description: `Your nation is now in alliance ${text(data.alliance)} with ${Array.isArray(data.members) ? data.members.length : 0} member(s).` }] };
    case 'tradeProposed':
      return {
        embeds: [{ title: '📦 Trade offer', color: Colors.info, description: `${text(data.proposer)} offers ${amounts(data.give)} for ${amounts(data.want)}. Answer ${when(Number(data.expiresAt))}.` }],
        components: respondRow('trade', str(data.trade)),
      };
    case 'tradeCompleted':
      return { embeds: [{ title: '📦 Trade completed', color: Colors.success, description: `Trade ${text(data.trade)} is settled.` }] };
    case 'electionOpened':
      return { embeds: [{ title: `🗳️ Election #${text(data.n)} is open`, color: Colors.info, description: `Nominations until ${when(Number(data.nominationEndsAt))}, voting until ${when(Number(data.votingEndsAt))}. /election nominate to stand.` }] };
    case 'nationRegistered':
      return { embeds: [{ title: `🏳️ ${text(data.name)} is founded`, color: Colors.success, description: `Led by <@${str(data.leader)}>. News of the nation will be posted here.` }] };
    case 'leaderChanged':
      return { embeds: [{ title: '👑 New leader', color: Colors.success, description: `<@${str(data.leader)}> now leads the nation${data.previous ? `, after <@${str(data.previous)}>` : ''}.` }] };
    case 'buildsCompleted':
      return { embeds: [{ title: '🏗️ Units ready', color: Colors.success, description: (Array.isArray(data.orders) ? data.orders : []).map((o: { unit?: string; quantity?: number }) => `${num(Number(o.quantity ?? 0))} ${text(o.unit)}`).join(', ') || 'Your build orders are ready.' }] };
    case 'seasonPhase':
      return { embeds: [seasonPhaseNotice(data)] };
    default:
      return { embeds: [generic(notification)] };
  }
}

/** The warring nation of a side (`attacker` | `defender`), and the one it fights. */
const principal = (data: Record<string, unknown>, side: unknown): string => nameOf(data, side === 'attacker' ? 'aggressor' : 'defender');
const opponent = (data: Record<string, unknown>, side: unknown): string => nameOf(data, side === 'attacker' ? 'defender' : 'aggressor');
/** A supporter's copy: the warring nation it fights beside (`role` is the side it fights on). */
const allyOf = (data: Record<string, unknown>): string => principal(data, data.role);

/** An ally joined the war: the ally itself, its new comrades and its new enemies each read it their way. */
function warJoined(notification: Notification): APIEmbed {
  const { data } = notification;
  const supporter = text(str(data.supporterName) || str(data.supporter));
  const battle = typeof data.battleAt === 'number' ? `The battle is ${when(data.battleAt)}` : 'The battle is yet to be fought';
  const footer = { text: `war ${str(data.war)}` };
  if (data.supporter === notification.target) {
    return {
      title: `🛡️ Your nation joins the war on ${principal(data, data.side)}’s side against ${opponent(data, data.side)}`,
      color: Colors.warning,
      description: `${battle}; your army musters beside ${principal(data, data.side)}’s then. Tribute and territory stay between the two warring nations, and only they can make peace or surrender.`,
      footer,
    };
  }
  if (data.side === data.role) {
    return { title: `🛡️ ${supporter} joins the war on your side`, color: Colors.success, description: `${supporter} fights beside you against ${opponent(data, data.side)}. ${battle}.`, footer };
  }
  return { title: `⚠️ ${supporter} joins the war on ${principal(data, data.side)}’s side`, color: Colors.danger, description: `Your enemy has an ally. ${battle}.`, footer };
}

/** The war's end; a supporter reads whether the nation it fought beside won. */
function warEnded(data: Record<string, unknown>): APIEmbed {
  const winner = data.winner ? ` — winner ${data.winner === data.aggressor ? nameOf(data, 'aggressor') : nameOf(data, 'defender')}` : '';
  // The war's tribute is { demanded, paid, received, lost }: what changed hands is what the loser paid.
  const paid = (data.tribute as { paid?: unknown } | null | undefined)?.paid;
  const tribute = paid ? ` Tribute paid: ${amounts(paid)}.` : '';
  let supporting = '';
  if (data.supporting) {
    const ally = data.role === 'attacker' ? data.aggressor : data.defender;
    supporting =
      data.winner === ally
        ? ` Your nation fought beside ${allyOf(data)}: your side won.`
        : data.winner
          ? ` Your nation fought beside ${allyOf(data)}: your side lost.`
          : data.outcome === 'peace'
            ? ` The peace binds ${nameOf(data, 'aggressor')} and ${nameOf(data, 'defender')}; your nation, their ally, signed no treaty.`
            : '';
  }
  return {
    title: `🏁 War over: ${nameOf(data, 'aggressor')} vs ${nameOf(data, 'defender')}`,
    color: Colors.neutral,
    description: `Outcome: **${warOutcome(data.outcome)}**${winner}.${tribute}${supporting}`,
  };
}

/** The season entering a phase: what opens or closes, and until when. */
function seasonPhaseNotice(data: Record<string, unknown>): APIEmbed {
  const season = text(data.season);
  const until = typeof data.endsAt === 'number' ? ` It ends ${when(data.endsAt)}.` : '';
  if (data.phase === 'active') {
    return { title: `🏁 Season ${season} has begun`, color: Colors.success, description: `Wars, espionage, trade and the market are open.${until}` };
  }
  if (data.phase === 'post') {
    return { title: `🏆 Season ${season} is over`, color: Colors.warning, description: `The standings are final: see /season and /leaderboard. Wars, espionage and the market are closed until the next season, which resets every nation.${until}` };
  }
  return { title: `📣 Season ${season} is coming`, color: Colors.info, description: `Pre-season: register, recruit citizens and build up. Wars, espionage and the market open when the season begins.${until}` };
}
