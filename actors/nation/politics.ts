// Who the nation is: registration, citizens and their contribution, the
// leader and officers, settings, per-guild flags, and elections.
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { daysMs } from '../common/game-rules.ts';
import { toResources } from '../common/schemas.ts';
import { floorAmount, mapResources, totalResources } from '../rules/index.ts';
import { LIMITS } from './context.ts';
import { change, enabled, notify, reply, self, send, type Draft } from './draft.ts';
import type { NationEventOf } from './events.ts';
import { citizen, feature, firstRefusal, leader, sender, type Refusal } from './guards.ts';

/** Starting stock, grown by lifetime legacy points (capped) plus a season-wide bonus. */
export function startingResources(draft: Draft, seasonBonus: number) {
  const legacy = draft.rules.balance.season.legacy_rewards;
  const bonus = Math.min(legacy.max_starting_bonus, draft.ctx.legacyPoints * legacy.starting_bonus_per_point) + seasonBonus;
  return mapResources((type) => floorAmount(draft.rules.balance.resources[type].starting * (1 + bonus)));
}

export function register(draft: Draft, event: NationEventOf<'register'>): void {
  const { ctx, meta, rules } = draft;
  ctx.registered = true;
  ctx.name = event.name;
  ctx.leader = event.by;
  ctx.citizens = { [event.by]: { contribution: 0, joinedAt: meta.at } };
  ctx.territory = rules.balance.territory.starting;
  ctx.reputation = rules.balance.reputation.initial_score;
  ctx.lastActiveAt = meta.at;
  ctx.settings = { channelId: event.channelId ?? null, dm: true };
  change(draft, startingResources(draft, 0), 'starting', 'register');
  notify(draft, 'nationRegistered', { name: ctx.name, leader: ctx.leader });
  reply(draft, { nation: self(draft), name: ctx.name, resources: ctx.resources, territory: ctx.territory });
}

export function alreadyRegistered(draft: Draft): Refusal {
  return refusal(GameErrorCodes.ALREADY_REGISTERED, `This server is already the nation ${draft.ctx.name}. Use /nation info.`);
}

export function join(draft: Draft, event: NationEventOf<'join'>): Refusal | void {
  const { ctx } = draft;
  if (ctx.citizens[event.by]) return refusal(GameErrorCodes.ALREADY_CITIZEN, `You are already a citizen of ${ctx.name}.`);
  if (Object.keys(ctx.citizens).length >= LIMITS.citizens) {
    return refusal(GameErrorCodes.LIMIT_REACHED, `${ctx.name} has the most citizens a nation may have (${LIMITS.citizens}).`);
  }
  ctx.citizens[event.by] = { contribution: 0, joinedAt: draft.meta.at };
  reply(draft, { citizens: Object.keys(ctx.citizens).length });
}

export function leave(draft: Draft, event: NationEventOf<'leave'>): Refusal | void {
  const { ctx } = draft;
  const refused = firstRefusal(
    () => citizen(draft, event.by),
    () =>
      ctx.leader === event.by
        ? refusal(GameErrorCodes.WRONG_PHASE, 'The leader cannot leave. Hand over leadership through an election first.')
        : null,
  );
  if (refused) return refused;
  delete ctx.citizens[event.by];
  ctx.officers = ctx.officers.filter((user) => user !== event.by);
  reply(draft, { citizens: Object.keys(ctx.citizens).length });
}

export function settings(draft: Draft, event: NationEventOf<'settings'>): Refusal | void {
  const refused = leader(draft, event.by);
  if (refused) return refused;
  const { ctx } = draft;
  if (event.channelId !== undefined) ctx.settings.channelId = event.channelId;
  if (event.dm !== undefined) ctx.settings.dm = event.dm;
  if (event.stance !== undefined) ctx.stance = event.stance;
  reply(draft, { settings: ctx.settings, stance: ctx.stance });
}

export function appoint(draft: Draft, event: NationEventOf<'appoint'>): Refusal | void {
  const { ctx } = draft;
  const refused = firstRefusal(
    () => leader(draft, event.by),
    () => (event.user === event.by ? refusal(GameErrorCodes.SELF_TARGET, 'You lead the nation already; appoint someone else.') : null),
    () => (ctx.citizens[event.user] ? null : refusal(GameErrorCodes.UNKNOWN_TARGET, 'That user is not a citizen. They must /citizen join first.')),
    () =>
      event.officer && !ctx.officers.includes(event.user) && ctx.officers.length >= LIMITS.officers
        ? refusal(GameErrorCodes.LIMIT_REACHED, `A nation may have at most ${LIMITS.officers} officers. Dismiss one first.`)
        : null,
  );
  if (refused) return refused;
  ctx.officers = ctx.officers.filter((user) => user !== event.user);
  if (event.officer) ctx.officers.push(event.user);
  reply(draft, { officers: ctx.officers });
}

/** Activity only: the amounts count as contribution (election weight); no resources move. */
export function contribute(draft: Draft, event: NationEventOf<'contribute'>): Refusal | void {
  const refused = citizen(draft, event.by);
  if (refused) return refused;
  const current = draft.ctx.citizens[event.by]!;
  const contribution = current.contribution + totalResources(toResources(event.resources));
  draft.ctx.citizens[event.by] = { ...current, contribution };
  reply(draft, { contribution });
}

export function setFlag(draft: Draft, event: NationEventOf<'setFlag'>): void {
  if (event.enabled === null) delete draft.ctx.flags[event.flag];
  else draft.ctx.flags[event.flag] = event.enabled;
  reply(draft, { flag: event.flag, enabled: enabled(draft, event.flag) });
}

export const electionAddress = (draft: Draft, n: number): string => `election:${draft.ctx.id}:${n}`;

export function startElection(draft: Draft, event: NationEventOf<'startElection'>): Refusal | void {
  const { ctx, meta, rules } = draft;
  const nextAt = (ctx.election.endedAt ?? -Infinity) + daysMs(rules.timers.election.min_gap_days);
  const refused = firstRefusal(
    () => citizen(draft, event.by),
    () => feature(draft, 'elections'),
    () => (ctx.election.open ? refusal(GameErrorCodes.WRONG_PHASE, 'An election is already running. Nominate or vote in it.') : null),
    () =>
      nextAt > meta.at
        ? refusal(GameErrorCodes.ON_COOLDOWN, `The last election ended recently; the next can start in ${Math.ceil((nextAt - meta.at) / 3_600_000)} hour(s).`, {
            until: nextAt,
          })
        : null,
  );
  if (refused) return refused;
  const n = ctx.election.n + 1;
  ctx.election = { n, open: true, endedAt: ctx.election.endedAt };
  const weights = Object.fromEntries(Object.entries(ctx.citizens).map(([user, entry]) => [user, entry.contribution]));
  send(draft, electionAddress(draft, n), { type: 'open', nation: self(draft), weights });
  notify(draft, 'electionStarted', { election: electionAddress(draft, n), by: event.by });
  reply(draft, { election: electionAddress(draft, n) });
}

export function electionResult(draft: Draft, event: NationEventOf<'electionResult'>): Refusal | void {
  const { ctx } = draft;
  const refused = firstRefusal(
    () => sender(draft, 'election', electionAddress(draft, event.n)),
    () =>
      ctx.election.open && ctx.election.n === event.n
        ? null
        : refusal(GameErrorCodes.WRONG_PHASE, `election ${event.n} is not the one running`),
  );
  if (refused) return refused;
  ctx.election = { n: event.n, open: false, endedAt: draft.meta.at };
  // A winner who has left since the election opened cannot lead: the leader stays.
  const transfer = event.winner !== null && ctx.citizens[event.winner] !== undefined && event.winner !== ctx.leader;
  if (transfer) {
    const previous = ctx.leader;
    ctx.leader = event.winner!;
    ctx.officers = ctx.officers.filter((user) => user !== event.winner);
    notify(draft, 'leaderChanged', { previous, leader: ctx.leader, election: event.n });
  }
  reply(draft, { leader: ctx.leader, transferred: transfer });
}
