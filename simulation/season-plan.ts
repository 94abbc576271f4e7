// How the simulated days map onto the season's phases. GAME.md's season is
// pre 7 + active 60 + post 3 days; a run of D days plays one whole season in
// them: pre-season shortened to one day (registration needs no week when the
// players are scripts), post-season at most its configured length, and the
// active phase whatever is left. The one other change to timers.yaml is the
// build-queue tick (below). The report states every override that was used.
import type { Timers } from '../config/index.ts';

export interface SeasonPlan {
  readonly preDays: number;
  readonly activeDays: number;
  readonly postDays: number;
  /** What was changed from config/timers.yaml, for the report. */
  readonly overrides: readonly string[];
}

export function planSeason(days: number, timers: Timers): SeasonPlan {
  const configured = timers.season;
  if (days >= configured.pre_days + configured.active_days + configured.post_days) {
    return { preDays: configured.pre_days, activeDays: configured.active_days, postDays: configured.post_days, overrides: [] };
  }
  const preDays = 1;
  const postDays = Math.max(1, Math.min(configured.post_days, Math.floor(days / 20)));
  const activeDays = days - preDays - postDays;
  const overrides = (
    [
      ['season.pre_days', configured.pre_days, preDays],
      ['season.active_days', configured.active_days, activeDays],
      ['season.post_days', configured.post_days, postDays],
    ] as const
  )
    .filter(([, from, to]) => from !== to)
    .map(([name, from, to]) => `${name} ${from} → ${to}`);
  return { preDays, activeDays, postDays, overrides };
}

/**
 * The build-queue tick sends every nation `completeBuilds` every 10 minutes;
 * builds also complete on any other message — the hourly generation among
 * them — so an hourly tick changes when a build lands by under an hour (all
 * builds take 30 min to 6 h, and war preparation is 24 h) while sending the
 * simulation's largest share of messages six times over.
 */
export const SIMULATION_BUILD_QUEUE_MINUTES = 60;

/** timers.yaml with the plan's season lengths and the simulation's build-queue cadence. */
export function simulationTimers(timers: Timers, plan: SeasonPlan): Timers {
  return {
    ...timers,
    season: { pre_days: plan.preDays, active_days: plan.activeDays, post_days: plan.postDays },
    periodic: { ...timers.periodic, build_queues_minutes: Math.max(timers.periodic.build_queues_minutes, SIMULATION_BUILD_QUEUE_MINUTES) },
  };
}

/** Every change simulationTimers makes, for the report. */
export function timerOverrides(timers: Timers, plan: SeasonPlan): string[] {
  const build = timers.periodic.build_queues_minutes;
  return [...plan.overrides, ...(build < SIMULATION_BUILD_QUEUE_MINUTES ? [`periodic.build_queues_minutes ${build} → ${SIMULATION_BUILD_QUEUE_MINUTES}`] : [])];
}
