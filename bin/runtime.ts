// Procfile `runtime`: one runtime node. Scale by starting more of them. Every
// node upserts the periodic schedules; the owner of shard 0 runs their ticks.
import { gameKinds, gameRules, periodicJobs, seasonReactions } from '../actors/index.ts';
import { runProcess } from '../runtime/process.ts';
import { schedulerRole } from '../runtime/scheduler/index.ts';
import { loadConfigOrExit } from './main.ts';

const config = loadConfigOrExit();
await runProcess(config, gameKinds(gameRules(config)), {
  roles: [schedulerRole({ jobs: periodicJobs(config.timers), reactions: seasonReactions() })],
});
