// One simulation run: the config with the season fitted into the run, the
// roster, the runtime, the driver; resolves to everything the checks and the
// report need.
import { gameRules, type GameRules } from '../actors/index.ts';
import { loadConfig } from '../config/index.ts';
import { Driver } from './driver.ts';
import type { SimulationOptions } from './options.ts';
import { buildRoster, type SimNation } from './roster.ts';
import { startRuntime, type SimRuntime } from './runtime.ts';
import { planSeason, simulationTimers, timerOverrides, type SeasonPlan } from './season-plan.ts';
import type { Tally } from './tally.ts';

/** The simulated season starts at midnight UTC, so day boundaries and daily period ids line up. */
export const SIMULATION_START = Date.UTC(2026, 5, 1);

export interface Progress {
  day(day: number, days: number, tally: Tally, elapsedMs: number): void;
}

export interface SimulationRun {
  readonly options: SimulationOptions;
  readonly plan: SeasonPlan;
  readonly rules: GameRules;
  readonly roster: readonly SimNation[];
  readonly tally: Tally;
  readonly elapsedMs: number;
}

/**
 * `prepare` is handed the runtime before the season starts: tests use it to
 * make replies come back in another order.
 */
export async function runSimulation(options: SimulationOptions, progress?: Progress, prepare?: (runtime: SimRuntime) => void): Promise<SimulationRun> {
  const started = performance.now();
  const config = loadConfig({ env: {} });
  const seasonPlan = planSeason(options.days, config.timers);
  const plan = { ...seasonPlan, overrides: timerOverrides(config.timers, seasonPlan) };
  const rules = gameRules({ ...config, timers: simulationTimers(config.timers, seasonPlan) });
  const roster = buildRoster(options);
  const runtime = await startRuntime(rules, SIMULATION_START);
  try {
    prepare?.(runtime);
    const driver = new Driver({
      runtime,
      rules,
      roster,
      days: options.days,
      seed: options.seed,
      start: SIMULATION_START,
      onDay: (day, tally) => progress?.day(day, options.days, tally, performance.now() - started),
    });
    await driver.run();
    return { options, plan, rules, roster, tally: driver.tally, elapsedMs: performance.now() - started };
  } finally {
    await runtime.close();
  }
}
