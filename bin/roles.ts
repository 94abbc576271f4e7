// The roles `npm start` runs in one process (bin/start.ts), here so tests can
// start the very same set. In the embedded mode the leaderboard projection,
// the bot, the gateway and the scheduler (season standings read the power
// board) share ONE in-memory LeaderboardStore: each opening
// its own would leave /leaderboard, /rank and the leaderboard overlay empty
// while the projection fills a store nobody reads. Distributed, each opens its
// own connection to the same Redis sorted sets.
import { periodicJobs, seasonReactions } from '../actors/index.ts';
import { createBotRole, type BotRoleOptions } from '../bot/index.ts';
import type { Config } from '../config/index.ts';
import { createOpsRole } from '../ops/index.ts';
import { gatewayRole } from '../realtime/index.ts';
import { leaderboardRole } from '../runtime/leaderboard-role.ts';
import type { Role } from '../runtime/process.ts';
import { schedulerRole } from '../runtime/scheduler/index.ts';
import { BOARDS, MemoryLeaderboards } from '../storage/leaderboards.ts';

export function startRoles(config: Config, options: { readonly bot?: BotRoleOptions } = {}): Role[] {
  const shared = config.env.REDIS_URL ? {} : { leaderboards: new MemoryLeaderboards(BOARDS) };
  return [
    leaderboardRole(shared),
    schedulerRole({ jobs: periodicJobs(config.timers), reactions: seasonReactions(), ...shared }),
    createBotRole({ ...options.bot, ...shared }),
    gatewayRole(shared),
    createOpsRole(),
  ];
}
