// Procfile `gateway`: a Socket.IO gateway with its overlays and no runtime
// node. Scale by starting more of them against the same REDIS_URL: they share
// rooms, and one of them at a time reads the event feed for all.
import { gameKinds, gameRules } from '../actors/index.ts';
import { gatewayRole } from '../realtime/index.ts';
import { runProcess } from '../runtime/process.ts';
import { loadConfigOrExit } from './main.ts';

const config = loadConfigOrExit();
await runProcess(config, gameKinds(gameRules(config)), { runtime: false, roles: [gatewayRole()] });
