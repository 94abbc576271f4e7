// Procfile `runtime`: one runtime node. Scale by starting more of them.
import { gameKinds, gameRules } from '../actors/index.ts';
import { runRuntimeProcess } from '../runtime/process.ts';
import { loadConfigOrExit } from './main.ts';

const config = loadConfigOrExit();
await runRuntimeProcess(config, gameKinds(gameRules(config)), ['runtime']);
