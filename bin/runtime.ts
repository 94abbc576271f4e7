// Procfile `runtime`: one runtime node. Scale by starting more of them.
import { gameKinds, gameRules } from '../actors/index.ts';
import { runProcess } from '../runtime/process.ts';
import { loadConfigOrExit } from './main.ts';

const config = loadConfigOrExit();
await runProcess(config, gameKinds(gameRules(config)));
