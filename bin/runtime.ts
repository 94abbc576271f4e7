// Procfile `runtime`: one runtime node, with the leaderboards role (the
// projection runs on whichever runtime node owns shard 0; every node serves
// /api/leaderboards) and the periodic jobs' scheduler (every node upserts the
// schedules; the owner of shard 0 runs their ticks). Scale by starting more of them.
import { gameKinds, gameRules, periodicJobs, seasonReactions } from '../actors/index.ts';
import { leaderboardRole } from '../runtime/leaderboard-role.ts';
import { runProcess } from '../runtime/process.ts';
import { schedulerRole } from '../runtime/scheduler/index.ts';
import { loadConfigOrExit } from './main.ts';

const config = loadConfigOrExit();
await runProcess(config, gameKinds(gameRules(config)), {
  roles: [leaderboardRole(), schedulerRole({ jobs: periodicJobs(config.timers), reactions: seasonReactions() })],
});
