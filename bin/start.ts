// `npm start`: every role that exists, in one process on one port (DESIGN §9).
// Without REDIS_URL / DATABASE_URL it runs on the embedded backends; without
// DISCORD_TOKEN the bot stays off Discord but /play works.
import { gameKinds, gameRules, periodicJobs, seasonReactions } from '../actors/index.ts';
import { gatewayRole } from '../realtime/index.ts';
import { createOpsRole } from '../ops/index.ts';
import { createBotRole } from '../bot/index.ts';
import { runProcess } from '../runtime/process.ts';
import { schedulerRole } from '../runtime/scheduler/index.ts';
import { loadConfigOrExit } from './main.ts';

const config = loadConfigOrExit();
await runProcess(config, gameKinds(gameRules(config)), {
  roles: [schedulerRole({ jobs: periodicJobs(config.timers), reactions: seasonReactions() }), createBotRole(), gatewayRole(), createOpsRole()],
});
