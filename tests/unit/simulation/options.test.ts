// The simulate CLI's flags: defaults, both spellings, and a clear error per bad flag.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../../config/index.ts';
import { parseOptions, SimulationError } from '../../../simulation/options.ts';
import { planSeason, simulationTimers, timerOverrides } from '../../../simulation/season-plan.ts';

function refusal(argv: string[]): SimulationError {
  try {
    parseOptions(argv);
  } catch (error) {
    assert.instance(error, SimulationError);
    return error as SimulationError;
  }
  throw new Error(`accepted ${argv.join(' ')}`);
}

test('defaults, and --flag value / --flag=value', () => {
  assert.equal(parseOptions([]), { nations: 200, days: 60, seed: 1, duelPairs: 20, out: 'reports' });
  assert.equal(parseOptions(['--nations', '40', '--days=12', '--seed', '9', '--duel-pairs', '5', '--out', 'x']), {
    nations: 40,
    days: 12,
    seed: 9,
    duelPairs: 5,
    out: 'x',
  });
  assert.is(parseOptions(['--nations', '30']).duelPairs, 10, 'at least ten duel pairs');
});

test('out-of-range, malformed, unknown, repeated and missing flags are refused by name', () => {
  assert.match(refusal(['--nations', '1']).message, /--nations must be the number of nations, a whole number from 2 to 10000; got "1"/);
  assert.match(refusal(['--nations', '10001']).message, /--nations/);
  assert.match(refusal(['--days', '2.5']).message, /--days must be simulated days/);
  assert.match(refusal(['--seed', '-3']).message, /--seed must be the random seed, a whole number from 0 to 2147483647; got "-3"/);
  assert.match(refusal(['--seed']).message, /--seed needs a value/);
  assert.match(refusal(['--speed', '3']).message, /unknown flag --speed/);
  assert.match(refusal(['--days', '5', '--days', '6']).message, /--days given twice/);
  assert.match(refusal(['60']).message, /unexpected argument "60"/);
  assert.is(refusal(['--nations', 'many']).code, 'SIM_BAD_FLAG');
});

test('the season is fitted into the days: pre-season shortened to one day, the rest active, and the plan says so', () => {
  const timers = loadConfig({ env: {} }).timers;
  const plan = planSeason(60, timers);
  assert.equal([plan.preDays, plan.activeDays, plan.postDays], [1, 56, 3]);
  assert.equal(plan.overrides, ['season.pre_days 7 → 1', 'season.active_days 60 → 56'], 'only what changed');
  const short = planSeason(10, timers);
  assert.equal([short.preDays, short.activeDays, short.postDays], [1, 8, 1]);
  assert.equal(planSeason(70, timers).overrides, [], 'a run as long as the configured season changes nothing');
  const simulated = simulationTimers(timers, plan);
  assert.equal(simulated.season, { pre_days: 1, active_days: 56, post_days: 3 });
  assert.is(simulated.periodic.build_queues_minutes, 60);
  assert.is(simulated.periodic.resource_generation_minutes, timers.periodic.resource_generation_minutes, 'generation keeps its cadence');
  assert.equal(timerOverrides(timers, plan).at(-1), 'periodic.build_queues_minutes 10 → 60');
});

test.run();
