// election:<guildId>:<n> driven through runtime/step.ts exactly as the runtime drives it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { daysMs } from '../../../actors/common/game-rules.ts';
import { createElectionKind, type ElectionContext } from '../../../actors/election/index.ts';
import { decodeRecord, encodeRecord, step, type ActorRecord, type Applied, type StepResult } from '../../../runtime/step.ts';
import { shippedRules } from '../../support/game-rules.ts';

const rules = shippedRules();
const kind = createElectionKind(rules);
const GUILD = '100';
const NATION = `nation:${GUILD}`;
const ID = `${GUILD}:3`;
const ADDRESS = `election:${ID}`;
const T0 = 1_700_000_000_000;
const NOMINATION = daysMs(rules.timers.election.nomination_days);
const VOTING = daysMs(rules.timers.election.voting_days);
// Citizens and their contributions: 4 has none yet.
const WEIGHTS = { '1': 50, '2': 30, '3': 20, '4': 0 };

function election(id = ID, electionKind = kind) {
  let version = 0;
  let record: ActorRecord | null = null;
  let n = 0;
  const keep = (result: StepResult): StepResult => {
    if (result.outcome === 'applied') {
      version = result.version;
      record = result.record;
    }
    return result;
  };
  return {
    send(event: { type: string } & Record<string, unknown>, from?: string, at = T0): StepResult {
      n += 1;
      const envelope = { id: `m${n}`, to: `election:${id}`, event, ...(from === undefined ? {} : { from }) };
      return keep(step({ kind: electionKind, id, version, record, envelope, at }));
    },
    /** Fires the one pending deadline, at its due time unless told otherwise. */
    deadline(at?: number): StepResult {
      const entries = Object.entries(record?.timers ?? {});
      assert.is(entries.length, 1, 'one deadline pending');
      const [timerId, timer] = entries[0]!;
      n += 1;
      const envelope = { id: `t${n}`, to: `election:${id}`, event: { type: 'xstate.timer' }, timer: { id: timerId, seq: timer.seq } };
      return keep(step({ kind: electionKind, id, version, record, envelope, at: at ?? timer.due }));
    },
    get state(): unknown {
      return record?.snapshot.value;
    },
    get context(): ElectionContext {
      return record!.snapshot.context as ElectionContext;
    },
    get timers() {
      return record?.timers ?? {};
    },
    get record(): ActorRecord {
      return record!;
    },
  };
}

/** An applied step; its reply is an ok one, so its fields can be read. */
const applied = (result: StepResult): Applied & { reply: Record<string, unknown> } => {
  assert.is(result.outcome, 'applied', JSON.stringify('reply' in result ? result.reply : result));
  return result as Applied & { reply: Record<string, unknown> };
};
const refusedWith = (result: StepResult, code: string): void => {
  assert.is(result.outcome, 'refused');
  if (result.outcome === 'refused') assert.is(result.reply.code, code, result.reply.message);
};
const open = (weights: Record<string, number> = WEIGHTS) => ({ type: 'open', nation: NATION, weights });

function opened() {
  const actor = election();
  applied(actor.send(open(), NATION));
  return actor;
}

function voting(candidates: string[] = ['1', '2']) {
  const actor = opened();
  candidates.forEach((by, index) => applied(actor.send({ type: 'nominate', by }, undefined, T0 + index)));
  applied(actor.deadline());
  assert.is(actor.state, 'voting');
  return actor;
}

test('open: nominating, deadlines from timers.yaml, the nation hears of it', () => {
  const actor = election();
  const result = applied(actor.send(open(), NATION));
  assert.is(actor.state, 'nominating');
  assert.is(actor.context.phase, 'nominating');
  assert.is(actor.context.n, 3);
  assert.equal(actor.context.weights, WEIGHTS);
  assert.is(actor.context.nominationEndsAt, T0 + NOMINATION);
  assert.equal(result.reply, {
    ok: true,
    version: 1,
    state: 'nominating',
    election: ID,
    n: 3,
    nominationEndsAt: T0 + NOMINATION,
    votingEndsAt: T0 + NOMINATION + VOTING,
  });
  assert.equal(result.arm.map((timer) => timer.due), [T0 + NOMINATION]);
  assert.equal(result.emits.map((emit) => [emit.room, emit.event.type]), [[NATION, 'electionOpened']]);
  assert.equal(result.notifies.map((notice) => [notice.target, notice.kind]), [[NATION, 'electionOpened']]);
  assert.equal(result.sends, []);
});

test('open: only the nation of the address, naming itself; forged senders change nothing', () => {
  refusedWith(election().send(open()), 'GAME_FORBIDDEN_SENDER');
  refusedWith(election().send(open(), 'nation:200'), 'GAME_FORBIDDEN_SENDER');
  refusedWith(election().send(open(), 'war:x'), 'GAME_FORBIDDEN_SENDER');
  refusedWith(election().send({ ...open(), nation: 'nation:200' }, NATION), 'GAME_FORBIDDEN_SENDER');
  refusedWith(election('100:x').send(open(), NATION), 'GAME_FORBIDDEN_SENDER');
  refusedWith(election('100:0').send(open(), NATION), 'GAME_FORBIDDEN_SENDER');
  const actor = opened();
  refusedWith(actor.send(open(), NATION), 'GAME_WRONG_PHASE');
  const off = createElectionKind(shippedRules({ features: { elections: false } }));
  refusedWith(election(ID, off).send(open(), NATION), 'GAME_FEATURE_DISABLED');
});

test('schemas: only open creates; weights bounded; ids are Discord ids', () => {
  refusedWith(election().send({ type: 'status' }), 'RUNTIME_UNKNOWN_ACTOR');
  refusedWith(election().send(open({}), NATION), 'RUNTIME_INVALID_EVENT');
  refusedWith(election().send(open({ '1': -1 }), NATION), 'RUNTIME_INVALID_EVENT');
  refusedWith(election().send(open({ abc: 1 }), NATION), 'RUNTIME_INVALID_EVENT');
  const many = Object.fromEntries(Array.from({ length: 2_001 }, (_, index) => [String(index + 1), 1]));
  refusedWith(election().send(open(many), NATION), 'RUNTIME_INVALID_EVENT');
  const actor = opened();
  refusedWith(actor.send({ type: 'nominate', by: 'me' }), 'RUNTIME_INVALID_EVENT');
  refusedWith(actor.send({ type: 'nominate', by: '1', extra: true }), 'RUNTIME_INVALID_EVENT');
});

test('nominate: citizens only, once, only while nominating', () => {
  const actor = opened();
  const result = applied(actor.send({ type: 'nominate', by: '1' }));
  assert.equal(result.reply.candidates, 1);
  assert.equal(actor.context.candidates, [{ user: '1', nominatedAt: T0 }]);
  refusedWith(actor.send({ type: 'nominate', by: '1' }), 'GAME_ALREADY_NOMINATED');
  refusedWith(actor.send({ type: 'nominate', by: '9' }), 'GAME_NOT_CITIZEN');
  refusedWith(actor.send({ type: 'vote', by: '2', candidate: '1' }), 'GAME_WRONG_PHASE');
  applied(actor.deadline());
  refusedWith(actor.send({ type: 'nominate', by: '2' }), 'GAME_WRONG_PHASE');
});

test('nominations close: voting opens with its own deadline and the nation hears of it', () => {
  const actor = opened();
  applied(actor.send({ type: 'nominate', by: '2' }));
  // The timer fires a little late: voting runs its full length from then.
  const result = applied(actor.deadline(T0 + NOMINATION + 5_000));
  assert.is(actor.state, 'voting');
  assert.is(actor.context.votingEndsAt, T0 + NOMINATION + 5_000 + VOTING);
  assert.equal(result.arm.map((timer) => timer.due), [T0 + NOMINATION + 5_000 + VOTING]);
  assert.equal(result.emits, [
    { room: NATION, event: { type: 'votingOpened', election: ID, n: 3, candidates: ['2'], votingEndsAt: T0 + NOMINATION + 5_000 + VOTING } },
  ]);
  assert.equal(result.notifies.map((notice) => [notice.target, notice.kind]), [[NATION, 'votingOpened']]);
});

test('no candidate: void when nominations close; the nation closes its election', () => {
  const actor = opened();
  const result = applied(actor.deadline());
  assert.is(actor.state, 'void');
  assert.is(actor.context.phase, 'void');
  assert.equal(result.sends.map((send) => [send.to, send.event]), [[NATION, { type: 'electionResult', n: 3, winner: null }]]);
  assert.equal(result.records, [
    { table: 'elections', id: ID, row: { election: ID, nation: NATION, winner: null, candidates: [], turnout: 0 } },
  ]);
  assert.is(result.emits[0]!.event.outcome, 'void');
  assert.is(result.emits[0]!.event.reason, 'no_candidates');
  assert.equal(actor.timers, {});
});

test('vote: weighted by contribution (at least 1), recorded, one per citizen, for a candidate', () => {
  const actor = voting();
  const first = applied(actor.send({ type: 'vote', by: '3', candidate: '2' }));
  assert.equal(first.records, [{ table: 'votes', id: `${ID}:3`, row: { election: ID, voter: '3', candidate: '2', weight: 20 } }]);
  assert.is(first.reply.weight, 20);
  const newcomer = applied(actor.send({ type: 'vote', by: '4', candidate: '1' }));
  assert.is(newcomer.reply.weight, 1, 'a citizen with no contribution yet still counts');
  refusedWith(actor.send({ type: 'vote', by: '3', candidate: '1' }), 'GAME_ALREADY_VOTED');
  refusedWith(actor.send({ type: 'vote', by: '9', candidate: '1' }), 'GAME_NOT_CITIZEN');
  refusedWith(actor.send({ type: 'vote', by: '1', candidate: '3' }), 'GAME_NOT_CANDIDATE');
  refusedWith(actor.send({ type: 'vote', by: '1', candidate: '9' }), 'GAME_NOT_CANDIDATE');
  assert.equal(actor.context.votes, { '3': '2', '4': '1' });
});

test('decided: the highest total weight wins, not the most votes; leadership goes to the nation', () => {
  const actor = voting(['1', '2', '3']);
  applied(actor.send({ type: 'vote', by: '1', candidate: '1' })); // 50
  applied(actor.send({ type: 'vote', by: '2', candidate: '2' })); // 30
  applied(actor.send({ type: 'vote', by: '3', candidate: '2' })); // 20 → 50
  applied(actor.send({ type: 'vote', by: '4', candidate: '2' })); // 1 → 51
  const result = applied(actor.deadline());
  assert.is(actor.state, 'decided');
  assert.is(actor.context.winner, '2');
  assert.equal(result.sends.map((send) => [send.to, send.event, send.from]), [
    [NATION, { type: 'electionResult', n: 3, winner: '2' }, ADDRESS],
  ]);
  const row = result.records[0]!;
  assert.is(row.table, 'elections');
  assert.is(row.id, ID);
  assert.equal(Object.keys(row.row).sort(), ['candidates', 'election', 'nation', 'turnout', 'winner']);
  assert.is(row.row.winner, '2');
  assert.is(row.row.turnout, 4);
  assert.equal(
    (row.row.candidates as { user: string; total: number; votes: number }[]).map((c) => [c.user, c.total, c.votes]),
    [
      ['2', 51, 3],
      ['1', 50, 1],
      ['3', 0, 0],
    ],
  );
  assert.equal(result.emits.map((emit) => [emit.room, emit.event.type, emit.event.winner]), [[NATION, 'electionDecided', '2']]);
  assert.equal(result.notifies.map((notice) => [notice.target, notice.kind]), [[NATION, 'electionDecided']]);
});

test('tie: the higher own contribution wins, then the earlier nomination', () => {
  // 3 was nominated first; both end on 50, and 2's own contribution (30) beats 3's (20).
  const byContribution = voting(['3', '2']);
  applied(byContribution.send({ type: 'vote', by: '1', candidate: '3' })); // 3: 50
  applied(byContribution.send({ type: 'vote', by: '2', candidate: '2' })); // 2: 30
  applied(byContribution.send({ type: 'vote', by: '3', candidate: '2' })); // 2: 50
  const decided = applied(byContribution.deadline());
  assert.equal(
    (decided.records[0]!.row.candidates as { user: string; total: number }[]).map((c) => [c.user, c.total]),
    [
      ['2', 50],
      ['3', 50],
    ],
  );
  assert.is(byContribution.context.winner, '2');

  const equal = election();
  applied(equal.send(open({ '1': 10, '2': 10, '3': 10, '4': 10 }), NATION));
  applied(equal.send({ type: 'nominate', by: '2' }, undefined, T0 + 1));
  applied(equal.send({ type: 'nominate', by: '1' }, undefined, T0 + 2));
  applied(equal.deadline());
  applied(equal.send({ type: 'vote', by: '3', candidate: '1' }));
  applied(equal.send({ type: 'vote', by: '4', candidate: '2' }));
  const result = applied(equal.deadline());
  assert.is(equal.context.winner, '2', 'same total, same contribution: the earlier nomination');
  assert.is(result.sends[0]!.event.winner, '2');

});

test('nobody votes: void, recorded with its candidates', () => {
  const actor = voting(['1']);
  const result = applied(actor.deadline());
  assert.is(actor.state, 'void');
  assert.is(actor.context.winner, null);
  assert.equal(result.sends[0]!.event, { type: 'electionResult', n: 3, winner: null });
  assert.is(result.emits[0]!.event.reason, 'no_votes');
  const row = result.records[0]!.row;
  assert.is(row.winner, null);
  assert.is(row.turnout, 0);
  assert.is((row.candidates as unknown[]).length, 1);
});

test('status: answers in every phase and changes nothing', () => {
  const actor = opened();
  applied(actor.send({ type: 'nominate', by: '1' }));
  const before = actor.context;
  const nominating = applied(actor.send({ type: 'status', by: '2' }));
  assert.equal(actor.context, before);
  assert.equal(nominating.sends, []);
  assert.equal(nominating.records, []);
  assert.equal(nominating.arm, []);
  assert.is(nominating.reply.ok, true);
  assert.is(nominating.reply.phase, 'nominating');
  assert.is(nominating.reply.nominationEndsAt, T0 + NOMINATION);
  assert.is(nominating.reply.voted, null);
  applied(actor.deadline());
  applied(actor.send({ type: 'vote', by: '2', candidate: '1' }));
  const votingStatus = applied(actor.send({ type: 'status', by: '2' }));
  assert.is(votingStatus.reply.phase, 'voting');
  assert.is(votingStatus.reply.voted, '1');
  assert.is(votingStatus.reply.turnout, 1);
  assert.equal(
    (votingStatus.reply.candidates as { user: string; total: number }[]).map((c) => [c.user, c.total]),
    [['1', 30]],
  );
  applied(actor.deadline());
  const decided = applied(actor.send({ type: 'status' }));
  assert.is(decided.reply.state, 'decided');
  assert.is(decided.reply.phase, 'decided');
  assert.is(decided.reply.winner, '1');
  assert.is('voted' in decided.reply, false);
});

test('a decided or void election refuses commands with the phase', () => {
  const decided = voting(['1']);
  applied(decided.send({ type: 'vote', by: '1', candidate: '1' }));
  applied(decided.deadline());
  refusedWith(decided.send({ type: 'vote', by: '2', candidate: '1' }), 'GAME_WRONG_PHASE');
  refusedWith(decided.send({ type: 'nominate', by: '2' }), 'GAME_WRONG_PHASE');
  refusedWith(decided.send(open(), NATION), 'GAME_WRONG_PHASE');
  refusedWith(decided.send(open(), 'nation:200'), 'GAME_FORBIDDEN_SENDER');
  const empty = opened();
  applied(empty.deadline());
  refusedWith(empty.send({ type: 'vote', by: '2', candidate: '1' }), 'GAME_WRONG_PHASE');
  refusedWith(empty.send({ type: 'nominate', by: '2' }), 'GAME_WRONG_PHASE');
});

test('a finished election survives being stored and restored, and still answers', () => {
  const actor = voting(['1']);
  applied(actor.send({ type: 'vote', by: '2', candidate: '1' }));
  applied(actor.deadline());
  const record = decodeRecord(kind, encodeRecord(kind, actor.record));
  const envelope = { id: 'q', to: ADDRESS, event: { type: 'status' } };
  const answer = applied(step({ kind, id: ID, version: 9, record, envelope, at: T0 }));
  assert.is(answer.reply.winner, '1');
  refusedWith(step({ kind, id: ID, version: 9, record, envelope: { id: 'v', to: ADDRESS, event: { type: 'vote', by: '3', candidate: '1' } }, at: T0 }), 'GAME_WRONG_PHASE');
});

test('the context stays plain JSON', () => {
  const actor = voting();
  applied(actor.send({ type: 'vote', by: '1', candidate: '2' }));
  assert.equal(JSON.parse(JSON.stringify(actor.context)), actor.context);
});

test.run();
