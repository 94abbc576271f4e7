// Alliances from the nation's side: proposals and answers forwarded to the
// alliance actor, the member lists it reports back, and breaking an alliance
// (which starts the betrayal window against every former ally).
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { MAX_ACTOR_ID } from '../common/schemas.ts';
import { hoursMs } from '../common/game-rules.ts';
import { notify, reply, reputation, self, send, type Draft } from './draft.ts';
import type { NationEventOf } from './events.ts';
import { remember } from './relations.ts';
import { command, cooldown, feature, firstRefusal, namesItem, notSelf, sender, startCooldown, type Refusal } from './guards.ts';

const allianceAddress = (alliance: string): string => `alliance:${alliance}`;

/** Proposals and joins not answered yet count too, so answers in flight cannot take a nation past the limit. */
function room(draft: Draft): Refusal {
  const { ctx, meta } = draft;
  const max = draft.rules.balance.alliances.max_alliances_per_nation;
  const pending = Object.entries(ctx.pendingAlliances).filter(([alliance, until]) => !ctx.alliances[alliance] && (until === null || until > meta.at));
  if (Object.keys(ctx.alliances).length + pending.length < max) return null;
  if (pending.length === 0) return refusal(GameErrorCodes.LIMIT_REACHED, `A nation may be in at most ${max} alliances. Leave one first.`, { max });
  return refusal(
    GameErrorCodes.LIMIT_REACHED,
    `A nation may be in at most ${max} alliances, counting ${pending.length} proposed or accepted and not formed yet. Wait for them, or leave one first.`,
    { max },
  );
}

function member(draft: Draft, alliance: string): Refusal {
  if (draft.ctx.alliances[alliance]) return null;
  return refusal(GameErrorCodes.NOT_PARTICIPANT, 'Your nation is not a member of that alliance. See /alliance list.');
}

export function proposeAlliance(draft: Draft, event: NationEventOf<'proposeAlliance'>): Refusal | void {
  const refused = firstRefusal(
    () => command(draft, event.by),
    () => feature(draft, 'alliances'),
    () => cooldown(draft, 'alliance_propose_minutes'),
    () => namesItem(draft, MAX_ACTOR_ID),
    () => cooldown(draft, 'alliance_break_minutes'),
    () => notSelf(draft, event.partner),
    () => room(draft),
  );
  if (refused) return refused;
  startCooldown(draft, 'alliance_propose_minutes');
  const alliance = draft.meta.id;
  draft.ctx.pendingAlliances[alliance] = null;
  send(draft, allianceAddress(alliance), { type: 'open', founder: self(draft), invitee: event.partner, name: event.name, treaty: event.treaty });
  reply(draft, { alliance });
}

export function respondAlliance(draft: Draft, event: NationEventOf<'respondAlliance'>): Refusal | void {
  const refused = firstRefusal(
    () => command(draft, event.by),
    () => (event.accept ? feature(draft, 'alliances') : null),
    () => (event.accept ? cooldown(draft, 'alliance_break_minutes') : null),
    () => (event.accept ? room(draft) : null),
  );
  if (refused) return refused;
  // An invitation lasts at most proposal_hours; a join the alliance refuses is not answered.
  if (event.accept) draft.ctx.pendingAlliances[event.alliance] = draft.meta.at + hoursMs(draft.rules.timers.alliance.proposal_hours);
  send(draft, allianceAddress(event.alliance), { type: event.accept ? 'join' : 'refuse' });
  reply(draft, { alliance: event.alliance, accepted: event.accept });
}

export function inviteToAlliance(draft: Draft, event: NationEventOf<'inviteToAlliance'>): Refusal | void {
  const refused = firstRefusal(
    () => command(draft, event.by),
    () => feature(draft, 'alliances'),
    () => member(draft, event.alliance),
    () => notSelf(draft, event.nation),
  );
  if (refused) return refused;
  send(draft, allianceAddress(event.alliance), { type: 'invite', nation: event.nation });
  reply(draft, { alliance: event.alliance, invited: event.nation });
}

/** Costs alliance_broken now; declaring war on a former ally within the window is betrayal. */
export function leaveAlliance(draft: Draft, event: NationEventOf<'leaveAlliance'>): Refusal | void {
  const refused = firstRefusal(
    () => command(draft, event.by),
    () => feature(draft, 'alliances'),
    () => member(draft, event.alliance),
  );
  if (refused) return refused;
  const { ctx, meta } = draft;
  const me = self(draft);
  for (const nation of ctx.alliances[event.alliance]!) {
    if (nation === me) continue;
    ctx.brokenAlliances[nation] = meta.at;
    remember(draft, nation, 'alliancesBroken');
  }
  delete ctx.alliances[event.alliance];
  reputation(draft, 'alliance_broken');
  startCooldown(draft, 'alliance_break_minutes');
  send(draft, allianceAddress(event.alliance), { type: 'leave' });
  reply(draft, { alliance: event.alliance, reputation: ctx.reputation });
}

export function allianceJoined(draft: Draft, event: NationEventOf<'allianceJoined'>): Refusal | void {
  const refused = sender(draft, 'alliance', allianceAddress(event.alliance));
  if (refused) return refused;
  const me = self(draft);
  if (!event.members.includes(me)) return reply(draft, { ignored: 'not a member' });
  const { ctx } = draft;
  const isNew = ctx.alliances[event.alliance] === undefined;
  // Neither proposed nor joined by this nation since its last season reset: an alliance of the old season.
  if (isNew && !Object.hasOwn(ctx.pendingAlliances, event.alliance)) return reply(draft, { ignored: 'not proposed or joined this season' });
  delete ctx.pendingAlliances[event.alliance];
  ctx.alliances[event.alliance] = [...event.members];
  const newAllies = isNew ? event.members : event.nation && event.members.includes(event.nation) ? [event.nation] : [];
  for (const ally of newAllies) remember(draft, ally, 'alliancesFormed');
  if (isNew) {
    reputation(draft, 'alliance_formed');
    notify(draft, 'allianceJoined', { alliance: event.alliance, members: event.members });
  }
  reply(draft, { members: event.members });
}

export function allianceLeft(draft: Draft, event: NationEventOf<'allianceLeft'>): Refusal | void {
  const refused = sender(draft, 'alliance', allianceAddress(event.alliance));
  if (refused) return refused;
  const { ctx } = draft;
  const me = self(draft);
  if (event.nation === me || !event.members.includes(me)) delete ctx.alliances[event.alliance];
  else if (ctx.alliances[event.alliance]) ctx.alliances[event.alliance] = [...event.members];
  if (event.nation && event.nation !== me) {
    remember(draft, event.nation, 'alliancesBroken');
    notify(draft, 'allyLeft', { alliance: event.alliance, nation: event.nation });
  }
  reply(draft);
}

export function allianceDissolved(draft: Draft, event: NationEventOf<'allianceDissolved'>): Refusal | void {
  const refused = sender(draft, 'alliance', allianceAddress(event.alliance));
  if (refused) return refused;
  delete draft.ctx.pendingAlliances[event.alliance];
  if (draft.ctx.alliances[event.alliance]) {
    delete draft.ctx.alliances[event.alliance];
    notify(draft, 'allianceDissolved', { alliance: event.alliance });
  }
  reply(draft);
}
