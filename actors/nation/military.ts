// Wars from the nation's side: declaring (with betrayal / treaty checks),
// forwarding a player's answers to the war actor, bookkeeping of the war's
// phases, and the muster / battleResult half of the battle protocol.
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { MAX_ACTOR_ID, MAX_AMOUNT } from '../common/schemas.ts';
import { daysMs, hoursMs } from '../common/game-rules.ts';
import { mapResources, mapUnits, storageCap } from '../rules/index.ts';
import { MAX_ALLIES } from '../war/events.ts';
import { JOIN_ANSWER_MS, LIMITS } from './context.ts';
import { notify, reply, reputation, self, send, type Draft } from './draft.ts';
import type { NationEventOf } from './events.ts';
import { remember } from './relations.ts';
import { command, cooldown, feature, firstRefusal, namesItem, notSelf, seasonOpen, sender, startCooldown, type Refusal } from './guards.ts';

/** How long a peace treaty binds (timers.yaml war.peace_treaty_days). */
export function treatyMs(timers: Draft['rules']['timers']): number {
  return daysMs(timers.war.peace_treaty_days);
}

/** Every other nation in any of this nation's alliances. */
export function allies(draft: Draft): string[] {
  const me = self(draft);
  return [...new Set(Object.values(draft.ctx.alliances).flat())].filter((nation) => nation !== me);
}

const warAddress = (war: string): string => `war:${war}`;

/** Outcomes of a war that was accepted and fought out (not declined, expired or called off by a reset). */
const FOUGHT: ReadonlySet<string> = new Set(['victory', 'surrender', 'peace']);

/** A nation's wars are bounded (LIMITS.wars), joined ones and pending joins included. */
function warRoom(draft: Draft): Refusal {
  if (Object.keys(draft.ctx.wars).length < LIMITS.wars) return null;
  return refusal(GameErrorCodes.LIMIT_REACHED, `A nation may fight at most ${LIMITS.wars} wars at once.`);
}

export function declareWar(draft: Draft, event: NationEventOf<'declareWar'>): Refusal | void {
  const { ctx, meta, rules } = draft;
  dropUnansweredJoins(draft);
  const refused = firstRefusal(
    () => command(draft, event.by),
    () => feature(draft, 'wars'),
    () => seasonOpen(draft),
    () => cooldown(draft, 'war_declare_minutes'),
    () => namesItem(draft, MAX_ACTOR_ID),
    () => notSelf(draft, event.target),
    () =>
      allies(draft).includes(event.target)
        ? refusal(GameErrorCodes.ALLY_TARGET, 'That nation is your ally. Leave the alliance first (it will cost reputation).')
        : null,
    () =>
      Object.values(ctx.wars).some((war) => war.enemy === event.target)
        ? refusal(GameErrorCodes.WRONG_PHASE, 'You are already at war with that nation. See /war status.')
        : null,
    () => warRoom(draft),
  );
  if (refused) return refused;
  const brokenAt = ctx.brokenAlliances[event.target];
  const betrayal = brokenAt !== undefined && meta.at - brokenAt <= hoursMs(rules.timers.alliance.betrayal_window_hours);
  const treaty = (ctx.treaties[event.target] ?? 0) > meta.at;
  if (betrayal) {
    ctx.betrayals += 1;
    reputation(draft, 'betrayal');
    remember(draft, event.target, 'betrayals');
  } else if (treaty) {
    reputation(draft, 'treaty_violated');
    remember(draft, event.target, 'treatiesViolated');
  } else {
    reputation(draft, 'war_initiated');
  }
  delete ctx.treaties[event.target];
  ctx.wars[meta.id] = { role: 'aggressor', enemy: event.target, phase: 'proposed' };
  startCooldown(draft, 'war_declare_minutes');
  send(draft, warAddress(meta.id), { type: 'open', aggressor: self(draft), defender: event.target, reason: event.reason, aggressorName: ctx.name, betrayal });
  notify(draft, 'warDeclared', { war: meta.id, target: event.target, by: event.by });
  reply(draft, { war: meta.id, betrayal, treatyViolated: !betrayal && treaty, reputation: ctx.reputation });
}

function participant(draft: Draft, war: string): Refusal {
  if (draft.ctx.wars[war]) return null;
  return refusal(GameErrorCodes.NOT_PARTICIPANT, 'Your nation is not in that war. See /war list.');
}

/** Peace and surrender are the two warring nations' to decide, not their supporters'. */
function principal(draft: Draft, war: string): Refusal {
  const entry = draft.ctx.wars[war];
  if (entry?.role !== 'supporter') return participant(draft, war);
  return refusal(GameErrorCodes.NOT_PARTICIPANT, 'Your nation fights this war as an ally; only the two nations at war can make peace or surrender.');
}

/**
 * Asks to fight beside an ally in its war. The war picks the side (the one
 * of its two nations among this nation's allies) and answers `warJoined` or
 * `joinRefused`; the war is booked meanwhile, so it counts toward the limit.
 */
export function joinWar(draft: Draft, event: NationEventOf<'joinWar'>): Refusal | void {
  const { ctx } = draft;
  const friends = allies(draft);
  dropUnansweredJoins(draft);
  const refused = firstRefusal(
    () => command(draft, event.by),
    () => feature(draft, 'wars'),
    () => seasonOpen(draft),
    () => namesItem(draft, MAX_ACTOR_ID),
    () =>
      ctx.wars[event.war]?.phase === 'joining'
        ? refusal(GameErrorCodes.WRONG_PHASE, 'Your nation has already asked to join that war; its answer will be posted in your channel.')
        : ctx.wars[event.war]
          ? refusal(GameErrorCodes.WRONG_PHASE, 'Your nation is already in that war. See /war status.')
          : null,
    () =>
      friends.length === 0
        ? refusal(GameErrorCodes.NOT_PARTICIPANT, 'Your nation has no allies; only allies of a side can join its war. See /alliance propose.')
        : null,
    () => warRoom(draft),
  );
  if (refused) return refused;
  const ref = draft.meta.id;
  ctx.wars[event.war] = { role: 'supporter', enemy: '', ally: '', phase: 'joining', ref, until: draft.meta.at + JOIN_ANSWER_MS };
  send(draft, warAddress(event.war), { type: 'join', by: event.by, nation: self(draft), ref, name: ctx.name, allies: friends.slice(0, MAX_ALLIES) });
  reply(draft, { war: event.war });
}

/** Whether the nation's join `ref` to `war` is still waiting for the war's answer. */
function awaitsAnswer(draft: Draft, war: string, ref: string): boolean {
  const entry = draft.ctx.wars[war];
  return entry?.phase === 'joining' && entry.ref === ref;
}

/** Drops joins the war never answered (one sent to a war that does not exist): they must not hold a place for ever. */
export function dropUnansweredJoins(draft: Draft): void {
  const { ctx, meta } = draft;
  ctx.wars = Object.fromEntries(Object.entries(ctx.wars).filter(([, war]) => war.phase !== 'joining' || (war.until ?? 0) > meta.at));
}

/** The war took this nation in on `side`. */
export function warJoined(draft: Draft, event: NationEventOf<'warJoined'>): Refusal | void {
  const refused = sender(draft, 'war', warAddress(event.war));
  if (refused) return refused;
  // Not asked, or an answer to an earlier join (the season was reset since, which called that war off).
  if (!awaitsAnswer(draft, event.war, event.ref)) return reply(draft, { ignored: 'no such join pending' });
  const [ally, enemy] = event.side === 'attacker' ? [event.aggressor, event.defender] : [event.defender, event.aggressor];
  draft.ctx.wars[event.war] = { role: 'supporter', enemy, ally, phase: 'preparation', ref: event.ref };
  reply(draft);
}

export function joinRefused(draft: Draft, event: NationEventOf<'joinRefused'>): Refusal | void {
  const refused = sender(draft, 'war', warAddress(event.war));
  if (refused) return refused;
  if (!awaitsAnswer(draft, event.war, event.ref)) return reply(draft, { ignored: 'no such join pending' });
  delete draft.ctx.wars[event.war];
  notify(draft, 'warJoinRefused', { war: event.war, code: event.code, message: event.message });
  reply(draft);
}

export function respondWar(draft: Draft, event: NationEventOf<'respondWar'>): Refusal | void {
  const refused = firstRefusal(
    () => command(draft, event.by),
    () => participant(draft, event.war),
    () => (draft.ctx.wars[event.war]!.role === 'defender' ? null : refusal(GameErrorCodes.NOT_PARTICIPANT, 'Only the defender answers a declaration.')),
    () => (event.accept ? feature(draft, 'wars') : null),
    () => (event.accept ? seasonOpen(draft) : null),
  );
  if (refused) return refused;
  send(draft, warAddress(event.war), event.accept ? { type: 'accept', by: event.by, name: draft.ctx.name } : { type: 'decline', by: event.by });
  reply(draft, { war: event.war, accepted: event.accept });
}

export function offerPeace(draft: Draft, event: NationEventOf<'offerPeace'>): Refusal | void {
  const refused = firstRefusal(
    () => command(draft, event.by),
    () => principal(draft, event.war),
    () => cooldown(draft, 'war_peace_minutes'),
  );
  if (refused) return refused;
  startCooldown(draft, 'war_peace_minutes');
  send(draft, warAddress(event.war), { type: 'offerPeace', by: event.by });
  reply(draft, { war: event.war });
}

export function respondPeace(draft: Draft, event: NationEventOf<'respondPeace'>): Refusal | void {
  const refused = firstRefusal(() => command(draft, event.by), () => principal(draft, event.war));
  if (refused) return refused;
  send(draft, warAddress(event.war), { type: 'respondPeace', by: event.by, accept: event.accept });
  reply(draft, { war: event.war, accepted: event.accept });
}

export function surrender(draft: Draft, event: NationEventOf<'surrender'>): Refusal | void {
  const refused = firstRefusal(() => command(draft, event.by), () => principal(draft, event.war));
  if (refused) return refused;
  send(draft, warAddress(event.war), { type: 'surrender', by: event.by });
  reply(draft, { war: event.war });
}

/** The defender learns of a war declared on it (the aggressor booked it at declaration). */
export function warOpened(draft: Draft, event: NationEventOf<'warOpened'>): Refusal | void {
  const refused = sender(draft, 'war', warAddress(event.war));
  if (refused) return refused;
  const me = self(draft);
  if (event.aggressor !== me && event.defender !== me) return refusal(GameErrorCodes.NOT_PARTICIPANT, 'this nation is not in that war');
  if (!draft.ctx.wars[event.war]) {
    const role = event.aggressor === me ? 'aggressor' : 'defender';
    draft.ctx.wars[event.war] = { role, enemy: role === 'aggressor' ? event.defender : event.aggressor, phase: 'proposed' };
    if (role === 'defender') notify(draft, 'warDeclaredOnYou', { war: event.war, aggressor: event.aggressor });
  }
  reply(draft);
}

export function warPhase(draft: Draft, event: NationEventOf<'warPhase'>): Refusal | void {
  const refused = sender(draft, 'war', warAddress(event.war));
  if (refused) return refused;
  const war = draft.ctx.wars[event.war];
  if (war) draft.ctx.wars[event.war] = { ...war, phase: event.phase };
  reply(draft);
}

/** Outcome bookkeeping: wins and losses, reputation, and the treaty a peace leaves. */
export function warEnded(draft: Draft, event: NationEventOf<'warEnded'>): Refusal | void {
  const refused = sender(draft, 'war', warAddress(event.war));
  if (refused) return refused;
  const { ctx, meta, rules } = draft;
  const war = ctx.wars[event.war];
  if (!war) return reply(draft, { ignored: 'unknown war' });
  delete ctx.wars[event.war];
  const me = self(draft);
  if (FOUGHT.has(event.outcome)) {
    remember(draft, war.enemy, 'warsFought');
    for (const comrade of event.comrades ?? []) remember(draft, comrade, 'foughtTogether');
  }
  const won = event.winner === me || (war.role === 'supporter' && event.winner === war.ally);
  if (event.outcome === 'peace') {
    // The treaty binds the two nations that made it; a supporter signed nothing.
    if (war.role !== 'supporter') ctx.treaties[war.enemy] = meta.at + treatyMs(rules.timers);
  } else if (won) {
    ctx.warsWon += 1;
    reputation(draft, 'war_won');
  } else if (event.winner === war.enemy) {
    ctx.warsLost += 1;
    reputation(draft, 'war_lost');
  }
  notify(draft, 'warEnded', { war: event.war, outcome: event.outcome, winner: event.winner ?? null });
  reply(draft, { warsWon: ctx.warsWon, warsLost: ctx.warsLost });
}

export function muster(draft: Draft, event: NationEventOf<'muster'>): Refusal | void {
  const refused = sender(draft, 'war', warAddress(event.war));
  if (refused) return refused;
  const { ctx, rules } = draft;
  // The war's schema takes amounts up to MAX_AMOUNT; a side past it would be refused and fight as absent.
  const cap = (value: number): number => Math.min(value, MAX_AMOUNT);
  const side = {
    units: mapUnits((unit) => cap(ctx.units[unit])),
    stance: ctx.stance,
    resources: mapResources((type) => cap(ctx.resources[type])),
    storageCap: mapResources((type) => cap(storageCap(rules.balance.resources, ctx.territory)[type])),
    territory: cap(ctx.territory),
  };
  send(draft, draft.meta.from!, { type: 'mustered', war: event.war, nation: self(draft), side });
  reply(draft);
}

/** Casualties and territory; resources move separately (the war's collect / credit). */
export function battleResult(draft: Draft, event: NationEventOf<'battleResult'>): Refusal | void {
  const refused = sender(draft, 'war', warAddress(event.war));
  if (refused) return refused;
  const { ctx } = draft;
  // A war the season reset called off, fought before it heard so: the new season's army is not its to take.
  if (!ctx.wars[event.war]) return reply(draft, { ignored: 'unknown war' });
  ctx.units = mapUnits((unit) => Math.max(0, ctx.units[unit] - (event.casualties[unit] ?? 0)));
  ctx.territory = Math.max(0, ctx.territory + (event.won ? event.territory : -event.territory));
  notify(draft, 'battleResult', { war: event.war, won: event.won, casualties: event.casualties, territory: event.territory });
  reply(draft, { units: ctx.units, territory: ctx.territory });
}
