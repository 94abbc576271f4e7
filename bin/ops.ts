// Procfile `ops`: the ops console (/ops) without a runtime node. Scale like
// the other stateless roles; sessions are signed, so any ops process accepts
// any session.
import { gameKinds, gameRules } from '../actors/index.ts';
import { createOpsRole } from '../ops/index.ts';
import { runProcess } from '../runtime/process.ts';
import { loadConfigOrExit } from './main.ts';

const config = loadConfigOrExit();
await runProcess(config, gameKinds(gameRules(config)), { runtime: false, roles: [createOpsRole()], name: 'ops' });
