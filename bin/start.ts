// `npm start`: every role that exists, in one process on one port (DESIGN §9).
// Without REDIS_URL / DATABASE_URL it runs on the embedded backends.
import { gameKinds, gameRules } from '../actors/index.ts';
import { gatewayRole } from '../realtime/index.ts';
import { createOpsRole } from '../ops/index.ts';
import { runProcess } from '../runtime/process.ts';
import { loadConfigOrExit } from './main.ts';

const config = loadConfigOrExit();
const running = await runProcess(config, gameKinds(gameRules(config)), { roles: [gatewayRole(), createOpsRole()] });
running.logger.info('roles not built yet and so not running: bot (Discord) — see the README roadmap');
