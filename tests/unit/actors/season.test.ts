// season:current — the phase cycle, admin control, the `seasons` flag,
// standings → legacy awards, and the bounded archive, driven through
// runtime/step.ts the way the runtime drives them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSeasonKind, type SeasonContext } from '../../../actors/season/index.ts';
import type { GameRules } from '../../../actors/common/game-rules.ts';
import type { StepResult } from '../../../runtime/step.ts';
import { shippedRules } from '../../support/game-rules.ts';
import { actorOnClock } from './actor-on-clock.ts';
import { applied, refusedWith } from './step-results.ts';

const T0 = Date.UTC(2025, 0, 1);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ADMIN = '42';

function season(rules: GameRules = shippedRules()) {
  const actor = actorOnClock(createSeasonKind(rules), 'season:current', T0);
  return {
    clock: actor.clock,
    get context(): SeasonContext {
      return actor.record?.snapshot.context as SeasonContext;
    },
    get state(): unknown {
      return actor.record?.snapshot.value;
    },
    get timer() {
      return actor.record?.timers.phase;
    },
    send: actor.send,
    fire: (): StepResult => actor.fire('phase'),
  };
}

const started = (rules?: GameRules) => {
  const s = season(rules);
  applied(s.send({ type: 'start', by: ADMIN }));
  return s;
};

const toPost = (s: ReturnType<typeof season>) => {
  applied(s.fire());
  applied(s.fire());
  assert.is(s.state, 'post');
};

test('only start creates the season; it opens season 1 in pre with the first theme', () => {
  const s = season();
  refusedWith(s.send({ type: 'advance', by: ADMIN }), 'RUNTIME_UNKNOWN_ACTOR');
  refusedWith(s.send({ type: 'info' }), 'RUNTIME_UNKNOWN_ACTOR');
  refusedWith(s.send({ type: 'start', by: ADMIN }, 'nation:1'), 'GAME_FORBIDDEN_SENDER');
  const result = applied(s.send({ type: 'start', by: ADMIN }));
  assert.is(s.state, 'pre');
  assert.equal([s.context.number, s.context.theme, s.context.phase, s.context.phaseEndsAt], [1, 'Age of Iron', 'pre', T0 + 7 * DAY]);
  assert.equal(result.emits, [{ room: 'global', event: { type: 'seasonPhase', number: 1, theme: 'Age of Iron', phase: 'pre', endsAt: T0 + 7 * DAY } }]);
  assert.is(s.timer?.due, T0 + 7 * DAY);
  refusedWith(s.send({ type: 'start', by: ADMIN }), 'GAME_WRONG_PHASE');
});

test('phases follow their timers: pre → active → post → pre of the next season', () => {
  const s = started();
  const active = applied(s.fire());
  assert.is(s.state, 'active');
  assert.is(active.at, T0 + 7 * DAY);
  assert.equal(active.emits.map((e) => [e.event.type, e.event.phase, e.event.endsAt]), [['seasonPhase', 'active', T0 + 67 * DAY]]);
  const post = applied(s.fire());
  assert.is(s.state, 'post');
  assert.is(post.emits[0]?.event.endsAt, T0 + 70 * DAY);
  const next = applied(s.fire());
  assert.is(s.state, 'pre');
  assert.equal([s.context.number, s.context.theme], [2, 'Silicon Frontier']);
  assert.equal(
    next.emits.map((e) => e.event),
    [
      { type: 'seasonReset', season: 2, theme: 'Silicon Frontier' },
      { type: 'seasonPhase', number: 2, theme: 'Silicon Frontier', phase: 'pre', endsAt: T0 + 77 * DAY },
    ],
  );
  assert.equal(s.context.archive, [{ number: 1, theme: 'Age of Iron', endedAt: T0 + 70 * DAY, winners: [] }]);
});

test('advance ends the phase now and re-arms the next deadline; admins only', () => {
  const s = started();
  s.clock.at = T0 + DAY;
  refusedWith(s.send({ type: 'advance', by: ADMIN }, 'nation:1'), 'GAME_FORBIDDEN_SENDER');
  const result = applied(s.send({ type: 'advance', by: ADMIN }));
  assert.is(s.state, 'active');
  assert.is(result.reply.endsAt, T0 + 61 * DAY);
  assert.is(s.timer?.due, T0 + 61 * DAY);
  assert.equal(result.cancel.map((c) => c.id), ['phase']);
});

test('an admin command names a Discord user or an ops console operator, nothing else', () => {
  const s = season();
  for (const by of ['0x1', 'ops:', 'ops:two words', `ops:${'a'.repeat(65)}`, 'operator:ann', '']) {
    refusedWith(s.send({ type: 'start', by }), 'RUNTIME_INVALID_EVENT');
  }
  assert.is(s.state, undefined, 'nothing started');
  applied(s.send({ type: 'start', by: 'ops:ann' }));
  s.clock.at = T0 + DAY;
  applied(s.send({ type: 'advance', by: 'ops:ops-team.lead_2' }));
  assert.is(s.state, 'active');
});

test('with the seasons flag off a due phase stays, re-checked hourly, and advance is refused', () => {
  const s = started(shippedRules({ features: { seasons: false } }));
  const fired = applied(s.fire());
  assert.is(s.state, 'pre');
  assert.is(fired.reply.paused, true);
  assert.equal(fired.emits, []);
  assert.is(s.timer?.due, T0 + 7 * DAY + HOUR);
  assert.is(s.context.phaseEndsAt, T0 + 7 * DAY);
  refusedWith(s.send({ type: 'advance', by: ADMIN }), 'GAME_FEATURE_DISABLED');
});

test('standings are taken only in post, once, from the scheduler', () => {
  const s = started();
  const ranks = [{ nation: 'nation:1', power: 10 }];
  refusedWith(s.send({ type: 'standings', ranks }), 'GAME_WRONG_PHASE');
  applied(s.fire());
  refusedWith(s.send({ type: 'standings', ranks }), 'GAME_WRONG_PHASE');
  applied(s.fire());
  refusedWith(s.send({ type: 'standings', ranks }, 'nation:1'), 'GAME_FORBIDDEN_SENDER');
  applied(s.send({ type: 'standings', ranks }));
  refusedWith(s.send({ type: 'standings', ranks }), 'GAME_WRONG_PHASE');
  refusedWith(s.send({ type: 'standings', ranks: [] }), 'RUNTIME_INVALID_EVENT');
  refusedWith(s.send({ type: 'standings', ranks: Array.from({ length: 1001 }, (_, i) => ({ nation: `nation:${i}`, power: 1 })) }), 'RUNTIME_INVALID_EVENT');
});

test('standings rank by power and award rank points plus participation to every ranked nation', () => {
  const s = started();
  toPost(s);
  const ranks = [
    { nation: 'nation:3', power: 50 },
    { nation: 'nation:1', power: 900 },
    { nation: 'nation:2', power: 400 },
    { nation: 'nation:1', power: 5 }, // a repeated nation keeps its first entry
    ...Array.from({ length: 9 }, (_, i) => ({ nation: `nation:${100 + i}`, power: 10 - i })),
  ];
  const result = applied(s.send({ type: 'standings', ranks }));
  const awards = result.sends.map((send) => [send.to, send.event]);
  assert.is(awards.length, 12);
  assert.equal(awards.slice(0, 3), [
    ['nation:1', { type: 'legacyAward', season: 1, rank: 1, points: 105 }],
    ['nation:2', { type: 'legacyAward', season: 1, rank: 2, points: 75 }],
    ['nation:3', { type: 'legacyAward', season: 1, rank: 3, points: 55 }],
  ]);
  // Ranks past rank_points (10 entries) get participation points only.
  assert.equal(awards[11], ['nation:108', { type: 'legacyAward', season: 1, rank: 12, points: 5 }]);
  assert.equal(result.records[0], {
    table: 'season_results',
    id: 'season-1:nation:1',
    row: { season: 1, nation: 'nation:1', rank: 1, power: 900, legacy_points: 105 },
  });
  assert.is(result.records.length, 12);
  assert.is(s.context.standings?.length, 10);
  // The season's winners go to the archive at the reset.
  applied(s.fire());
  assert.equal(s.context.archive[0]?.winners.map((w) => w.nation), ['nation:1', 'nation:2', 'nation:3']);
  assert.is(s.context.standings, null);
});

test('themes rotate and the archive keeps the last 20 seasons', () => {
  const s = started();
  for (let i = 0; i < 22 * 3; i += 1) applied(s.send({ type: 'advance', by: ADMIN }));
  assert.is(s.context.number, 23);
  assert.is(s.context.theme, 'The Long Winter'); // themes[(23 − 1) mod 5]
  assert.is(s.context.archive.length, 20);
  assert.equal([s.context.archive[0]?.number, s.context.archive[19]?.number], [3, 22]);
  assert.equal(s.context.archive.slice(0, 5).map((a) => a.theme), ['The Long Winter', 'Rising Tides', 'Shattered Crown', 'Age of Iron', 'Silicon Frontier']);
});

test('info answers with the season and changes nothing', () => {
  const s = started();
  const before = s.context;
  const result = applied(s.send({ type: 'info' }));
  assert.equal(
    { number: result.reply.number, theme: result.reply.theme, phase: result.reply.phase, phaseEndsAt: result.reply.phaseEndsAt },
    { number: 1, theme: 'Age of Iron', phase: 'pre', phaseEndsAt: T0 + 7 * DAY },
  );
  assert.equal(s.context, before);
  assert.equal(result.emits, []);
});

test.run();
