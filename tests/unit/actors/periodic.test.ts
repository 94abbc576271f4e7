// The periodic job table (actors/periodic.ts): period ids per cadence, their
// time order, and events every target actor's schema accepts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gameKinds, periodicJobs, periodId, seasonReactions } from '../../../actors/index.ts';
import { marketEvents } from '../../../actors/market/events.ts';
import { nationEvents } from '../../../actors/nation/events.ts';
import { shippedRules } from '../../support/game-rules.ts';

const rules = shippedRules();
const jobs = periodicJobs(rules.timers);
const byName = new Map(jobs.map((job) => [job.name, job]));
const at = Date.UTC(2026, 5, 1, 13, 47, 12, 345);
const MINUTE = 60_000;

test('the table has the jobs GAME.md runs on a cadence, with the configured cadences', () => {
  assert.equal(
    jobs.map((job) => [job.name, job.everyMinutes, 'kind' in job.target ? job.target.kind : job.target.address, job.event('p').type]),
    [
      ['resource_generation', 60, 'nation', 'generate'],
      ['build_queues', 10, 'nation', 'completeBuilds'],
      ['upkeep', 1440, 'nation', 'upkeep'],
      ['inactive_nations', 1440, 'nation', 'dailyCheck'],
      ['investments', 60, 'market:global', 'payInvestments'],
      ['loan_collection', 1440, 'market:global', 'collectLoans'],
    ],
  );
  assert.equal(new Set(jobs.map((job) => job.name)).size, jobs.length, 'job names are unique (they are scheduler ids)');
});

test('cadences follow the config', () => {
  const fast = periodicJobs({ periodic: { ...rules.timers.periodic, resource_generation_minutes: 5 } });
  assert.is(fast.find((job) => job.name === 'resource_generation')!.everyMinutes, 5);
});

test('period ids are the UTC tick start, as precise as the cadence', () => {
  assert.is(byName.get('resource_generation')!.period(at), '2026-06-01T13');
  assert.is(byName.get('build_queues')!.period(at), '2026-06-01T13:40');
  assert.is(byName.get('upkeep')!.period(at), '2026-06-01');
  assert.is(periodId(1, at), '2026-06-01T13:47');
  assert.is(periodId(120, at), '2026-06-01T12');
  // Every instant of one tick has the same id; the next tick a new one.
  assert.is(periodId(60, Date.UTC(2026, 5, 1, 13)), periodId(60, Date.UTC(2026, 5, 1, 14) - 1));
  assert.is.not(periodId(60, Date.UTC(2026, 5, 1, 14) - 1), periodId(60, Date.UTC(2026, 5, 1, 14)));
});

test('ids of one job sort in time order, across day, month and year boundaries', () => {
  for (const job of jobs) {
    const step = job.everyMinutes * MINUTE;
    let previous = job.period(Date.UTC(2026, 11, 30));
    for (let tick = 1; tick < 200; tick++) {
      const next = job.period(Date.UTC(2026, 11, 30) + tick * step);
      assert.ok(previous < next, `${job.name}: ${previous} < ${next}`);
      previous = next;
    }
  }
});

test('ids still sort when an operator changes a cadence (a coarser id is a prefix of a finer one)', () => {
  const hour = Date.UTC(2026, 5, 1, 13);
  assert.ok(periodId(1440, hour) < periodId(60, hour));
  assert.ok(periodId(60, hour) < periodId(10, hour + 10 * MINUTE));
  assert.ok(periodId(10, hour + 50 * MINUTE) < periodId(60, hour + 60 * MINUTE));
});

test('bad cadences and times are refused', () => {
  assert.throws(() => periodId(0, at), /whole minutes/);
  assert.throws(() => periodId(1.5, at), /whole minutes/);
  assert.throws(() => periodId(60, Number.NaN), /epoch ms/);
});

test("every job's event is valid against its target's schema, and every target kind exists", () => {
  const kinds = new Set(gameKinds(rules).map((kind) => kind.name));
  const schemas: Record<string, Record<string, { safeParse(value: unknown): { success: boolean } }>> = {
    nation: nationEvents,
    market: marketEvents,
  };
  for (const job of jobs) {
    const kind = 'kind' in job.target ? job.target.kind : job.target.address.split(':')[0]!;
    assert.ok(kinds.has(kind), `${job.name}: kind ${kind} is registered`);
    const { type, ...fields } = job.event(job.period(at));
    const schema = schemas[kind]?.[type];
    assert.ok(schema, `${job.name}: ${kind} accepts ${type}`);
    assert.ok(schema!.safeParse(fields).success, `${job.name}: ${JSON.stringify(fields)} is a valid ${type}`);
  }
});

test('each season phase goes to every nation as a seasonPhase its schema accepts; other events and senders do not', () => {
  const reaction = seasonReactions().find((entry) => entry.name === 'season_phase')!;
  for (const phase of ['pre', 'active', 'post'] as const) {
    const plan = reaction.react({ from: 'season:current', event: { type: 'seasonPhase', number: 3, theme: 'T', phase, endsAt: at } } as never)!;
    assert.equal([plan.key, plan.target], [`season-3:${phase}`, { kind: 'nation' }]);
    const { type, ...fields } = (plan as { event: (rows: never[]) => { type: string } }).event([]);
    assert.is(type, 'seasonPhase');
    assert.ok(nationEvents.seasonPhase.safeParse(fields).success, JSON.stringify(fields));
  }
  assert.is(reaction.react({ from: 'season:other', event: { type: 'seasonPhase', number: 3, phase: 'pre' } } as never), null);
  assert.is(reaction.react({ from: 'season:current', event: { type: 'seasonPhase', number: 3, phase: 'unstarted' } } as never), null);
  assert.is(reaction.react({ from: 'season:current', event: { type: 'seasonReset', season: 3, theme: 'T' } } as never), null);
});

test.run();
