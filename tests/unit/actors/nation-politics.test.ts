import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { shippedRules } from '../../support/game-rules.ts';
import { ADDRESS, CITIZEN, DAY, GUILD, LEADER, MINUTE, Nation, rowsOf, statsOf, STRANGER, T0 } from './nation-harness.ts';

const PARTNER = 'nation:200';

test('proposeAlliance sends alliance open; guards: role, flag, cooldowns, self, limit', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'proposeAlliance', by: CITIZEN, partner: PARTNER, name: 'Pact', treaty: 'defense' }, T0), 'GAME_NOT_LEADER');
  assert.is(nation.refused({ type: 'proposeAlliance', by: LEADER, partner: ADDRESS, name: 'Pact', treaty: 'defense' }, T0), 'GAME_SELF_TARGET');
  const result = nation.ok({ type: 'proposeAlliance', by: LEADER, partner: PARTNER, name: 'Pact', treaty: 'defense' }, T0);
  const alliance = String(result.reply.alliance);
  assert.equal(result.sends.map((entry) => [entry.to, entry.event]), [
    [`alliance:${alliance}`, { type: 'open', founder: ADDRESS, invitee: PARTNER, name: 'Pact', treaty: 'defense' }],
  ]);
  assert.is(nation.refused({ type: 'proposeAlliance', by: LEADER, partner: PARTNER, name: 'Pact', treaty: 'defense' }, T0 + MINUTE), 'GAME_ON_COOLDOWN');
  // The partner accepts: the proposal forms; and this nation joins a second alliance.
  nation.ok({ type: 'allianceJoined', alliance, members: [ADDRESS, PARTNER] }, T0, `alliance:${alliance}`);
  nation.joinAlliance('a2', [ADDRESS, 'nation:300'], T0);
  assert.is(nation.refused({ type: 'proposeAlliance', by: LEADER, partner: 'nation:400', name: 'P', treaty: 'defense' }, T0 + DAY), 'GAME_LIMIT_REACHED');
  assert.is(nation.refused({ type: 'respondAlliance', by: LEADER, alliance: 'a3', accept: true }, T0 + DAY), 'GAME_LIMIT_REACHED');
  nation.ok({ type: 'respondAlliance', by: LEADER, alliance: 'a3', accept: false }, T0 + DAY);
  nation.ok({ type: 'setFlag', by: LEADER, flag: 'alliances', enabled: false }, T0);
  assert.is(nation.refused({ type: 'proposeAlliance', by: LEADER, partner: 'nation:400', name: 'P', treaty: 'defense' }, T0 + DAY), 'GAME_FEATURE_DISABLED');
  // Breaking starts alliance_break_minutes, which blocks new proposals and joins.
  nation.ok({ type: 'setFlag', by: LEADER, flag: 'alliances', enabled: true }, T0);
  nation.ok({ type: 'leaveAlliance', by: LEADER, alliance: 'a2' }, T0 + DAY);
  assert.is(nation.refused({ type: 'proposeAlliance', by: LEADER, partner: 'nation:400', name: 'P', treaty: 'defense' }, T0 + DAY + 2 * 60 * MINUTE), 'GAME_ON_COOLDOWN');
  assert.is(nation.refused({ type: 'respondAlliance', by: LEADER, alliance: 'a9', accept: true }, T0 + DAY + MINUTE), 'GAME_ON_COOLDOWN');
  nation.ok({ type: 'proposeAlliance', by: LEADER, partner: 'nation:400', name: 'P', treaty: 'non_aggression' }, T0 + 2 * DAY);
});

test('respondAlliance forwards join / refuse; invite and leave need membership', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'respondAlliance', by: CITIZEN, alliance: 'a1', accept: true }, T0), 'GAME_NOT_LEADER');
  const join = nation.ok({ type: 'respondAlliance', by: LEADER, alliance: 'a1', accept: true }, T0);
  assert.equal(join.sends.map((entry) => [entry.to, entry.event]), [['alliance:a1', { type: 'join' }]]);
  const refuse = nation.ok({ type: 'respondAlliance', by: LEADER, alliance: 'a1', accept: false }, T0);
  assert.equal(refuse.sends[0]!.event, { type: 'refuse' });
  assert.is(nation.refused({ type: 'inviteToAlliance', by: LEADER, alliance: 'a1', nation: 'nation:300' }, T0), 'GAME_NOT_PARTICIPANT');
  assert.is(nation.refused({ type: 'leaveAlliance', by: LEADER, alliance: 'a1' }, T0), 'GAME_NOT_PARTICIPANT');
  nation.joinAlliance('a1', [PARTNER, ADDRESS], T0);
  assert.is(nation.refused({ type: 'inviteToAlliance', by: CITIZEN, alliance: 'a1', nation: 'nation:300' }, T0), 'GAME_NOT_LEADER');
  assert.is(nation.refused({ type: 'leaveAlliance', by: CITIZEN, alliance: 'a1' }, T0), 'GAME_NOT_LEADER');
  assert.is(nation.refused({ type: 'leaveAlliance', by: STRANGER, alliance: 'a1' }, T0), 'GAME_NOT_CITIZEN');
  assert.is(nation.refused({ type: 'inviteToAlliance', by: LEADER, alliance: 'a1', nation: ADDRESS }, T0), 'GAME_SELF_TARGET');
  const invite = nation.ok({ type: 'inviteToAlliance', by: LEADER, alliance: 'a1', nation: 'nation:300' }, T0);
  assert.equal(invite.sends[0]!.event, { type: 'invite', nation: 'nation:300' });
  nation.ok({ type: 'setFlag', by: LEADER, flag: 'alliances', enabled: false }, T0);
  assert.is(nation.refused({ type: 'inviteToAlliance', by: LEADER, alliance: 'a1', nation: 'nation:300' }, T0), 'GAME_FEATURE_DISABLED');
  assert.is(nation.refused({ type: 'leaveAlliance', by: LEADER, alliance: 'a1' }, T0), 'GAME_FEATURE_DISABLED');
  assert.is(nation.refused({ type: 'respondAlliance', by: LEADER, alliance: 'a2', accept: true }, T0), 'GAME_FEATURE_DISABLED');
});

test('alliance bookkeeping: joined (+alliance_formed once), left, dissolved; sender checked', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'allianceJoined', alliance: 'a1', members: [ADDRESS] }, T0, 'nation:200'), 'GAME_FORBIDDEN_SENDER');
  assert.is(nation.refused({ type: 'allianceJoined', alliance: 'a1', members: [ADDRESS] }, T0, 'alliance:a2'), 'GAME_FORBIDDEN_SENDER');
  const ignored = nation.ok({ type: 'allianceJoined', alliance: 'a1', members: [PARTNER] }, T0, 'alliance:a1');
  assert.is(ignored.reply.ignored, 'not a member');
  // Neither proposed nor accepted by this nation (an alliance of a season before its reset): ignored.
  const unasked = nation.ok({ type: 'allianceJoined', alliance: 'a1', nation: ADDRESS, members: [PARTNER, ADDRESS] }, T0, 'alliance:a1');
  assert.is(unasked.reply.ignored, 'not proposed or joined this season');
  assert.equal(nation.context.alliances, {});
  nation.ok({ type: 'respondAlliance', by: LEADER, alliance: 'a1', accept: true }, T0);
  const formed = nation.ok({ type: 'allianceJoined', alliance: 'a1', nation: ADDRESS, members: [PARTNER, ADDRESS] }, T0, 'alliance:a1');
  assert.equal(rowsOf(formed, 'reputation_events'), [{ nation: ADDRESS, event: 'alliance_formed', delta: 10, score: 10 }]);
  assert.ok(statsOf(formed));
  const grew = nation.ok({ type: 'allianceJoined', alliance: 'a1', nation: 'nation:300', members: [PARTNER, ADDRESS, 'nation:300'] }, T0, 'alliance:a1');
  assert.equal(rowsOf(grew, 'reputation_events'), []);
  assert.equal(nation.context.alliances.a1, [PARTNER, ADDRESS, 'nation:300']);
  assert.is(nation.refused({ type: 'allianceLeft', alliance: 'a1', members: [] }, T0), 'GAME_FORBIDDEN_SENDER');
  const left = nation.ok({ type: 'allianceLeft', alliance: 'a1', nation: 'nation:300', members: [PARTNER, ADDRESS] }, T0, 'alliance:a1');
  assert.equal(nation.context.alliances.a1, [PARTNER, ADDRESS]);
  assert.ok(left.notifies.some((entry) => entry.kind === 'allyLeft'));
  nation.ok({ type: 'allianceLeft', alliance: 'a1', nation: ADDRESS, members: [PARTNER] }, T0, 'alliance:a1');
  assert.equal(nation.context.alliances, {});
  nation.joinAlliance('a2', [PARTNER, ADDRESS], T0);
  assert.is(nation.refused({ type: 'allianceDissolved', alliance: 'a2' }, T0), 'GAME_FORBIDDEN_SENDER');
  nation.ok({ type: 'allianceDissolved', alliance: 'a2', members: [ADDRESS] }, T0, 'alliance:a2');
  assert.equal(nation.context.alliances, {});
  nation.ok({ type: 'allianceDissolved', alliance: 'a2' }, T0, 'alliance:a2');
});

test('startElection sends open with every citizen\'s weight; guards', () => {
  const nation = Nation.registered();
  nation.ok({ type: 'contribute', by: CITIZEN, resources: { gold: 40 } }, T0);
  assert.is(nation.refused({ type: 'startElection', by: STRANGER }, T0), 'GAME_NOT_CITIZEN');
  nation.ok({ type: 'setFlag', by: LEADER, flag: 'elections', enabled: false }, T0);
  assert.is(nation.refused({ type: 'startElection', by: CITIZEN }, T0), 'GAME_FEATURE_DISABLED');
  nation.ok({ type: 'setFlag', by: LEADER, flag: 'elections', enabled: null }, T0);
  const started = nation.ok({ type: 'startElection', by: CITIZEN }, T0);
  assert.equal(started.sends.map((entry) => [entry.to, entry.event]), [
    [`election:${GUILD}:1`, { type: 'open', nation: ADDRESS, weights: { [LEADER]: 0, [CITIZEN]: 40 } }],
  ]);
  assert.equal(nation.context.election, { n: 1, open: true, endedAt: null });
  assert.is(nation.refused({ type: 'startElection', by: CITIZEN }, T0), 'GAME_WRONG_PHASE');
});

test('electionResult transfers leadership; only from the running election; min gap before the next', () => {
  const nation = Nation.registered();
  nation.ok({ type: 'appoint', by: LEADER, user: CITIZEN, officer: true }, T0);
  nation.ok({ type: 'startElection', by: CITIZEN }, T0);
  assert.is(nation.refused({ type: 'electionResult', n: 1, winner: CITIZEN }, T0), 'GAME_FORBIDDEN_SENDER');
  assert.is(nation.refused({ type: 'electionResult', n: 1, winner: CITIZEN }, T0, `election:${GUILD}:2`), 'GAME_FORBIDDEN_SENDER');
  assert.is(nation.refused({ type: 'electionResult', n: 2, winner: CITIZEN }, T0, `election:${GUILD}:2`), 'GAME_WRONG_PHASE');
  const result = nation.ok({ type: 'electionResult', n: 1, winner: CITIZEN }, T0 + 5 * DAY, `election:${GUILD}:1`);
  assert.is(nation.context.leader, CITIZEN);
  assert.equal(nation.context.officers, []);
  assert.is(result.reply.transferred, true);
  assert.ok(result.notifies.some((entry) => entry.kind === 'leaderChanged'));
  assert.is(nation.refused({ type: 'electionResult', n: 1, winner: CITIZEN }, T0 + 5 * DAY, `election:${GUILD}:1`), 'GAME_WRONG_PHASE');
  assert.is(nation.refused({ type: 'startElection', by: LEADER }, T0 + 18 * DAY), 'GAME_ON_COOLDOWN');
  nation.ok({ type: 'startElection', by: LEADER }, T0 + 19 * DAY);
  // A void election (no winner) or a winner who left keeps the leader.
  const none = nation.ok({ type: 'electionResult', n: 2, winner: null }, T0 + 24 * DAY, `election:${GUILD}:2`);
  assert.is(none.reply.transferred, false);
  assert.is(nation.context.leader, CITIZEN);
});

test('seasonReset clears game state, keeps citizens and legacy; legacyAward is per season', () => {
  const nation = Nation.registered();
  assert.is(nation.refused({ type: 'legacyAward', season: 1, rank: 1, points: 100 }, T0), 'GAME_FORBIDDEN_SENDER');
  nation.ok({ type: 'legacyAward', season: 1, rank: 1, points: 100 }, T0, 'season:current');
  const again = nation.ok({ type: 'legacyAward', season: 1, rank: 1, points: 100 }, T0, 'season:current');
  assert.is(again.reply.skipped, 'season already awarded');
  assert.is(nation.context.legacyPoints, 100);
  nation.ok({ type: 'build', by: LEADER, unit: 'infantry', quantity: 10 }, T0);
  nation.joinAlliance('a1', [ADDRESS, 'nation:7'], T0);
  const reset = nation.ok({ type: 'seasonReset', season: 2, theme: 'Rising Tides', startingBonus: 0.05 }, T0 + DAY);
  // Legacy bonus 100 × 0.001 = 0.1, plus the season's 0.05.
  assert.equal(nation.context.resources, { gold: 1150, food: 1150, materials: 575 });
  assert.equal(nation.context.units, { infantry: 0, armor: 0, aircraft: 0, naval: 0 });
  assert.equal(nation.context.alliances, {});
  assert.is(nation.context.reputation, 0);
  assert.equal(Object.keys(nation.context.citizens).sort(), [LEADER, CITIZEN].sort());
  assert.is(nation.context.legacyPoints, 100);
  const rows = rowsOf(reset, 'resource_transactions');
  assert.equal(rows.map((row) => row.reason), ['season_reset', 'season_reset', 'season_reset', 'starting', 'starting', 'starting']);
  assert.ok(statsOf(reset));
  const twice = nation.ok({ type: 'seasonReset', season: 2, theme: 'Rising Tides', startingBonus: 0.05 }, T0 + DAY);
  assert.is(twice.reply.skipped, 'season already reset');
});


test('proposals and accepted invitations not formed yet count against max_alliances_per_nation', () => {
  const nation = Nation.registered();
  const HOUR = 60 * MINUTE;
  const first = String(nation.ok({ type: 'proposeAlliance', by: LEADER, partner: PARTNER, name: 'One', treaty: 'defense' }, T0).reply.alliance);
  nation.ok({ type: 'respondAlliance', by: LEADER, alliance: 'a9', accept: true }, T0 + HOUR);
  // Two places held, none formed yet: a third proposal or acceptance would go past the limit of 2.
  assert.is(nation.refused({ type: 'proposeAlliance', by: LEADER, partner: 'nation:400', name: 'Three', treaty: 'defense' }, T0 + 2 * HOUR), 'GAME_LIMIT_REACHED');
  const refusal = nation.try({ type: 'respondAlliance', by: LEADER, alliance: 'a10', accept: true }, T0 + 2 * HOUR);
  if (refusal.outcome !== 'refused') throw new Error(`respondAlliance was ${refusal.outcome}, expected a refusal`);
  assert.match(String(refusal.reply.message), /counting 2 proposed or accepted/);
  // The proposal lapses unanswered (the alliance dissolves): its place is free again.
  nation.ok({ type: 'allianceDissolved', alliance: first }, T0 + 3 * HOUR, `alliance:${first}`);
  nation.ok({ type: 'respondAlliance', by: LEADER, alliance: 'a10', accept: true }, T0 + 3 * HOUR);
  // An accepted invitation the alliance never confirms stops counting once an invitation would have lapsed.
  const lapsed = T0 + HOUR + shippedRules().timers.alliance.proposal_hours * HOUR;
  assert.is(nation.refused({ type: 'proposeAlliance', by: LEADER, partner: 'nation:400', name: 'Three', treaty: 'defense' }, lapsed - 1), 'GAME_LIMIT_REACHED');
  nation.ok({ type: 'proposeAlliance', by: LEADER, partner: 'nation:400', name: 'Three', treaty: 'defense' }, lapsed);
});

test.run();
