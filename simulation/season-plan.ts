// How the simulated days map onto the season's phases. GAME.md's season is
// pre 7 + active 60 + post 3 days; a run of D days plays one whole season in
// them: pre-season shortened to one day (registration needs no week when the
// players are scripts), post-season at most its configured length, and the
// active phase whatever is left. The report states the plan that was used.
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
  const overrides = [
    `season.pre_days ${configured.pre_days} → ${preDays}`,
    `season.active_days ${configured.active_days} → ${activeDays}`,
    `season.post_days ${configured.post_days} → ${postDays}`,
  ];
  return { preDays, activeDays, postDays, overrides };
}

/** timers.yaml with the plan's season lengths. */
export function seasonTimers(timers: Timers, plan: SeasonPlan): Timers {
  return { ...timers, season: { pre_days: plan.preDays, active_days: plan.activeDays, post_days: plan.postDays } };
}
