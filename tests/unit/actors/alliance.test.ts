// alliance:<id>: forming, joining, invitations and their timers, leaving,
// dissolving, and a season reset (the harness is alliance-harness.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createAllianceKind } from '../../../actors/alliance/index.ts';
import { step } from '../../../runtime/step.ts';
import { shippedRules } from '../../support/game-rules.ts';
import { A, activeAlliance, ADDRESS, alliance, applied, B, C, D, kind, open, PROPOSAL, refusedWith, rules, T0 } from './alliance-harness.ts';

test('open: forming with an invitation, a timer and a notice to the invitee', () => {
  const actor = alliance();
  const result = applied(actor.send(open(), A));
  assert.is(actor.state, 'forming');
  assert.equal(actor.context.members, [A]);
  assert.equal(actor.context.invited, { [B]: T0 + PROPOSAL });
  assert.equal(result.reply, { ok: true, version: 1, state: 'forming', alliance: 'a1', invitee: B, expiresAt: T0 + PROPOSAL });
  assert.equal(result.arm, [{ id: `invitation:${B}`, seq: 1, due: T0 + PROPOSAL }]);
  assert.is(result.notifies.length, 1);
  assert.is(result.notifies[0]!.target, B);
  assert.is(result.notifies[0]!.kind, 'allianceInvitation');
  assert.equal(result.sends, []);
  assert.equal(result.emits, []);
});

test('open: forged or wrong senders, self-alliance and a second open are refused', () => {
  refusedWith(alliance().send(open(), undefined), 'GAME_FORBIDDEN_SENDER');
  refusedWith(alliance().send(open(), 'war:x'), 'GAME_FORBIDDEN_SENDER');
  refusedWith(alliance().send(open(), C), 'GAME_FORBIDDEN_SENDER');
  refusedWith(alliance().send(open(A), A), 'GAME_SELF_TARGET');
  const actor = alliance();
  applied(actor.send(open(), A));
  refusedWith(actor.send(open(C), A), 'GAME_WRONG_PHASE');
  const off = createAllianceKind(shippedRules({ features: { alliances: false } }));
  const result = step({ kind: off, id: 'a1', version: 0, record: null, at: T0, envelope: { id: 'x', to: ADDRESS, event: open(), from: A } });
  refusedWith(result, 'GAME_FEATURE_DISABLED');
});

test('events other than open cannot create an alliance; bad fields are refused by the schema', () => {
  refusedWith(alliance().send({ type: 'join' }, B), 'RUNTIME_UNKNOWN_ACTOR');
  refusedWith(alliance().send({ ...open(), treaty: 'trade' }, A), 'RUNTIME_INVALID_EVENT');
  refusedWith(alliance().send({ ...open(), invitee: '2' }, A), 'RUNTIME_INVALID_EVENT');
  refusedWith(alliance().send({ type: 'invitationExpired', nation: B }, A), 'RUNTIME_UNKNOWN_EVENT');
});

test('join: forming → active, every member told, the world told, the timer cancelled', () => {
  const actor = alliance();
  applied(actor.send(open(), A));
  const result = applied(actor.send({ type: 'join' }, B, T0 + 1000));
  assert.is(actor.state, 'active');
  assert.equal(actor.context.members, [A, B]);
  assert.equal(actor.context.invited, {});
  assert.is(actor.context.formedAt, T0 + 1000);
  assert.equal(result.cancel, [{ id: `invitation:${B}`, seq: 1 }]);
  assert.equal(actor.timers, {});
  const joined = { type: 'allianceJoined', alliance: 'a1', name: 'Iron Pact', treaty: 'defense', members: [A, B] };
  assert.equal(result.sends.map((send) => [send.to, send.event, send.from]), [
    [A, joined, ADDRESS],
    [B, joined, ADDRESS],
  ]);
  assert.equal(result.emits, [
    { room: 'global', event: { type: 'allianceFormed', alliance: 'a1', name: 'Iron Pact', treaty: 'defense', members: [A, B] } },
  ]);
  assert.equal(
    actor.context.history.map((entry) => entry.event),
    ['joined', 'formed'],
  );
});

test('join / refuse: only an invited nation, only before the invitation lapses, only from a nation', () => {
  const actor = alliance();
  applied(actor.send(open(), A));
  refusedWith(actor.send({ type: 'join' }, C), 'GAME_NOT_PARTICIPANT');
  refusedWith(actor.send({ type: 'refuse' }, C), 'GAME_NOT_PARTICIPANT');
  refusedWith(actor.send({ type: 'join' }, undefined), 'GAME_FORBIDDEN_SENDER');
  refusedWith(actor.send({ type: 'join' }, 'market:global'), 'GAME_FORBIDDEN_SENDER');
  refusedWith(actor.send({ type: 'join' }, B, T0 + PROPOSAL), 'GAME_WRONG_PHASE');
  refusedWith(actor.send({ type: 'refuse' }, B, T0 + PROPOSAL), 'GAME_WRONG_PHASE');
  refusedWith(actor.send({ type: 'join' }, A), 'GAME_NOT_PARTICIPANT');
  assert.is(actor.state, 'forming');
  applied(actor.send({ type: 'join' }, B, T0 + PROPOSAL - 1));
});

test('refuse of the only invitation dissolves a forming alliance; the founder is told', () => {
  const actor = alliance();
  applied(actor.send(open(), A));
  const result = applied(actor.send({ type: 'refuse' }, B));
  assert.is(actor.state, 'dissolved');
  assert.is(actor.context.phase, 'dissolved');
  assert.equal(actor.context.invited, {});
  assert.equal(result.sends.map((send) => [send.to, send.event]), [[A, { type: 'allianceDissolved', alliance: 'a1' }]]);
  assert.equal(result.emits, [], 'a proposal that never formed is no news');
  assert.equal(result.notifies.map((notice) => [notice.target, notice.kind]), [
    [A, 'allianceInvitationRefused'],
    [A, 'allianceDissolved'],
  ]);
  assert.equal(actor.timers, {});
});

test('refuse with another invitation pending keeps it forming', () => {
  const actor = alliance();
  applied(actor.send(open(), A));
  applied(actor.send({ type: 'invite', nation: C }, A));
  applied(actor.send({ type: 'refuse' }, B));
  assert.is(actor.state, 'forming');
  assert.equal(Object.keys(actor.context.invited), [C]);
});

test('expiry: a lapsed invitation dissolves a forming alliance', () => {
  const actor = alliance();
  applied(actor.send(open(), A));
  const result = applied(actor.fire(`invitation:${B}`, T0 + PROPOSAL));
  assert.is(actor.state, 'dissolved');
  assert.is(actor.context.dissolvedAt, T0 + PROPOSAL);
  assert.equal(result.sends.map((send) => send.to), [A]);
  assert.equal(
    result.notifies.map((notice) => [notice.target, notice.kind]),
    [
      [B, 'allianceInvitationExpired'],
      [A, 'allianceInvitationExpired'],
      [A, 'allianceDissolved'],
    ],
  );
  refusedWith(actor.send({ type: 'join' }, B, T0 + PROPOSAL), 'GAME_WRONG_PHASE');
});

test('expiry with a renewed invitation does nothing; with another pending, only drops the one', () => {
  const actor = alliance();
  applied(actor.send(open(), A));
  const timer = actor.timers[`invitation:${B}`]!;
  // Renewing re-arms the same timer id: the old fire is stale.
  applied(actor.send({ type: 'invite', nation: B }, A, T0 + 10));
  assert.is(actor.context.invited[B], T0 + 10 + PROPOSAL);
  const stale = actor.fireAt(`invitation:${B}`, timer.seq, T0 + PROPOSAL);
  assert.is(stale.outcome, 'stale');
  applied(actor.send({ type: 'invite', nation: C }, A, T0 + 20));
  applied(actor.fire(`invitation:${B}`, T0 + 10 + PROPOSAL));
  assert.is(actor.state, 'forming');
  assert.equal(Object.keys(actor.context.invited), [C]);
  applied(actor.fire(`invitation:${C}`, T0 + 20 + PROPOSAL));
  assert.is(actor.state, 'dissolved');
});

// An early fire is one an admin forced (`timer.now`: the runtime drops stale
// fires by their seq); like every kind's forced timer, it takes effect now.
test('an invitation timer fired by hand before it is due lapses the invitation now', () => {
  const actor = alliance();
  applied(actor.send(open(), A));
  const early = applied(actor.fireNow(`invitation:${B}`, T0 + 60_000));
  assert.equal(actor.context.invited, {});
  assert.is(actor.state, 'dissolved', 'it was the only invitation: the forming alliance dissolves');
  assert.ok(early.notifies.some((notify) => notify.kind === 'allianceInvitationExpired'));
  refusedWith(actor.send({ type: 'join' }, B, T0 + 120_000), 'GAME_WRONG_PHASE');
});

test('the founder leaving a forming alliance withdraws it', () => {
  const actor = alliance();
  applied(actor.send(open(), A));
  refusedWith(actor.send({ type: 'leave' }, B), 'GAME_NOT_PARTICIPANT');
  const result = applied(actor.send({ type: 'leave' }, A));
  assert.is(actor.state, 'dissolved');
  assert.equal(actor.context.members, []);
  assert.equal(result.sends.map((send) => [send.to, send.event.type]), [[A, 'allianceLeft']]);
  assert.equal(result.cancel, [{ id: `invitation:${B}`, seq: 1 }]);
  assert.ok(result.notifies.some((notice) => notice.target === B && notice.kind === 'allianceInvitationWithdrawn'));
});

test('invite in an active alliance: members only, not members, a limit counting pending invitations', () => {
  const actor = activeAlliance();
  refusedWith(actor.send({ type: 'invite', nation: D }, C), 'GAME_NOT_PARTICIPANT');
  refusedWith(actor.send({ type: 'invite', nation: D }, undefined), 'GAME_FORBIDDEN_SENDER');
  refusedWith(actor.send({ type: 'invite', nation: B }, A), 'GAME_ALLY_TARGET');
  refusedWith(actor.send({ type: 'invite', nation: B }, B), 'GAME_SELF_TARGET');
  const result = applied(actor.send({ type: 'invite', nation: C }, B));
  assert.equal(result.notifies.map((notice) => [notice.target, notice.kind, notice.data.from]), [[C, 'allianceInvitation', B]]);
  applied(actor.send({ type: 'invite', nation: D }, A));
  applied(actor.send({ type: 'invite', nation: 'nation:5' }, A));
  // 2 members + 3 invitations = max_members (5)
  assert.is(rules.balance.alliances.max_members, 5);
  refusedWith(actor.send({ type: 'invite', nation: 'nation:6' }, A), 'GAME_LIMIT_REACHED');
  // renewing a pending invitation is not growth
  applied(actor.send({ type: 'invite', nation: D }, A));
  actor.use(createAllianceKind(shippedRules({ features: { alliances: false } })));
  refusedWith(actor.send({ type: 'invite', nation: D }, A), 'GAME_FEATURE_DISABLED');
  // Breaking up stays possible with the feature off: the nation decides whether to forward it.
  applied(actor.send({ type: 'leave' }, B));
});

test('join in an active alliance: everyone hears the new member list; the limit holds', () => {
  const actor = activeAlliance();
  for (const nation of [C, D, 'nation:5']) applied(actor.send({ type: 'invite', nation }, A));
  const result = applied(actor.send({ type: 'join' }, C));
  assert.equal(result.sends.map((send) => send.to), [A, B, C]);
  assert.equal(result.emits, [
    { room: 'global', event: { type: 'allianceJoined', alliance: 'a1', name: 'Iron Pact', nation: C, members: [A, B, C] } },
  ]);
  applied(actor.send({ type: 'join' }, D));
  applied(actor.send({ type: 'join' }, 'nation:5'));
  assert.is(actor.context.members.length, 5);
  refusedWith(actor.send({ type: 'invite', nation: 'nation:6' }, A), 'GAME_LIMIT_REACHED');
});

test('the member limit is checked on join too (a limit lowered under open invitations)', () => {
  const actor = activeAlliance();
  for (const nation of [C, D, 'nation:5']) applied(actor.send({ type: 'invite', nation }, A));
  applied(actor.send({ type: 'join' }, C));
  const limit = { ...rules.balance.alliances, max_members: 3 };
  actor.use(createAllianceKind({ ...rules, balance: { ...rules.balance, alliances: limit } }));
  refusedWith(actor.send({ type: 'join' }, D), 'GAME_LIMIT_REACHED');
  assert.equal(actor.context.members, [A, B, C]);
});

test('refuse and expiry in an active alliance only drop the invitation', () => {
  const actor = activeAlliance();
  applied(actor.send({ type: 'invite', nation: C }, A, T0 + 5));
  applied(actor.send({ type: 'invite', nation: D }, A, T0 + 5));
  const refused = applied(actor.send({ type: 'refuse' }, C));
  assert.equal(refused.notifies.map((notice) => [notice.target, notice.kind]), [
    [A, 'allianceInvitationRefused'],
    [B, 'allianceInvitationRefused'],
  ]);
  applied(actor.fire(`invitation:${D}`, T0 + 5 + PROPOSAL));
  assert.is(actor.state, 'active');
  assert.equal(actor.context.invited, {});
  assert.equal(actor.context.members, [A, B]);
});

test('leave: the rest hear it, and so does the leaver; two members leaving to one dissolves', () => {
  const actor = activeAlliance();
  applied(actor.send({ type: 'invite', nation: C }, A));
  applied(actor.send({ type: 'join' }, C));
  applied(actor.send({ type: 'invite', nation: D }, A, T0 + 50));
  const left = applied(actor.send({ type: 'leave' }, B, T0 + 100));
  assert.is(actor.state, 'active');
  const event = { type: 'allianceLeft', alliance: 'a1', nation: B, members: [A, C] };
  assert.equal(left.sends.map((send) => [send.to, send.event]), [
    [A, event],
    [C, event],
    [B, event],
  ]);
  assert.equal(left.emits, [{ room: 'global', event: { ...event, name: 'Iron Pact' } }]);
  refusedWith(actor.send({ type: 'leave' }, B), 'GAME_NOT_PARTICIPANT');
  refusedWith(actor.send({ type: 'leave' }, undefined), 'GAME_FORBIDDEN_SENDER');

  const last = applied(actor.send({ type: 'leave' }, C, T0 + 200));
  assert.is(actor.state, 'dissolved');
  assert.equal(actor.context.members, [A]);
  assert.equal(actor.context.invited, {});
  assert.equal(last.sends.map((send) => [send.to, send.event.type]), [
    [A, 'allianceLeft'],
    [C, 'allianceLeft'],
    [A, 'allianceDissolved'],
  ]);
  assert.equal(last.emits.map((emit) => [emit.room, emit.event.type]), [
    ['global', 'allianceLeft'],
    ['global', 'allianceDissolved'],
  ]);
  assert.equal(last.cancel.map((cancel) => cancel.id), [`invitation:${D}`]);
  assert.equal(
    actor.context.history.map((entry) => [entry.event, entry.nation ?? null, entry.at]),
    [
      ['joined', B, T0],
      ['formed', null, T0],
      ['joined', C, T0],
      ['left', B, T0 + 100],
      ['left', C, T0 + 200],
      ['dissolved', null, T0 + 200],
    ],
  );
});

test('a dissolved alliance refuses everything, forged senders first', () => {
  const actor = activeAlliance();
  applied(actor.send({ type: 'leave' }, A));
  assert.is(actor.state, 'dissolved');
  actor.use(kind); // stored and restored, as the runtime does between messages
  refusedWith(actor.send({ type: 'join' }, B), 'GAME_WRONG_PHASE');
  refusedWith(actor.send({ type: 'refuse' }, B), 'GAME_WRONG_PHASE');
  refusedWith(actor.send({ type: 'invite', nation: C }, B), 'GAME_WRONG_PHASE');
  refusedWith(actor.send({ type: 'leave' }, B), 'GAME_WRONG_PHASE');
  refusedWith(actor.send(open(), A), 'GAME_WRONG_PHASE');
  refusedWith(actor.send({ type: 'leave' }, undefined), 'GAME_FORBIDDEN_SENDER');
});

test('history stays bounded through many joins and leaves', () => {
  const actor = activeAlliance();
  for (let round = 0; round < 40; round += 1) {
    applied(actor.send({ type: 'invite', nation: C }, A));
    applied(actor.send({ type: 'join' }, C));
    applied(actor.send({ type: 'leave' }, C));
  }
  assert.is(actor.state, 'active');
  assert.is(actor.context.history.length, 50);
  assert.equal(JSON.parse(JSON.stringify(actor.context)), actor.context);
});

test('seasonEnded: a member\'s season reset dissolves the alliance, forming or active; others are refused', () => {
  const forming = alliance();
  applied(forming.send(open(), A));
  refusedWith(forming.send({ type: 'seasonEnded' }, undefined), 'GAME_FORBIDDEN_SENDER');
  refusedWith(forming.send({ type: 'seasonEnded' }, B), 'GAME_NOT_PARTICIPANT');
  const withdrawn = applied(forming.send({ type: 'seasonEnded' }, A));
  assert.is(forming.state, 'dissolved');
  assert.equal(withdrawn.reply, { ok: true, version: 2, state: 'dissolved', alliance: 'a1', dissolved: 'season ended' });
  assert.ok(withdrawn.notifies.some((notice) => notice.target === B && notice.kind === 'allianceInvitationWithdrawn'));
  assert.equal(withdrawn.cancel.map((timer) => timer.id), [`invitation:${B}`]);

  const active = alliance();
  applied(active.send(open(), A));
  applied(active.send({ type: 'join' }, B));
  applied(active.send({ type: 'invite', nation: C }, B));
  const ended = applied(active.send({ type: 'seasonEnded' }, B));
  assert.is(active.state, 'dissolved');
  assert.equal(
    ended.sends.map((send) => [send.to, send.event.type]),
    [
      [A, 'allianceDissolved'],
      [B, 'allianceDissolved'],
    ],
  );
  refusedWith(active.send({ type: 'join' }, C), 'GAME_WRONG_PHASE');
});

test.run();
