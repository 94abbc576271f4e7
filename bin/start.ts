// `npm start`: every role that exists, in one process on one port (DESIGN §9).
// Without REDIS_URL / DATABASE_URL it runs on the embedded backends; without
// DISCORD_TOKEN the bot stays off Discord but /play works.
import { gameKinds, gameRules } from '../actors/index.ts';
import { runProcess } from '../runtime/process.ts';
import { loadConfigOrExit } from './main.ts';
import { startRoles } from './roles.ts';

const config = loadConfigOrExit();
await runProcess(config, gameKinds(gameRules(config)), { roles: startRoles(config) });
