// Procfile `runtime`: one runtime node. Scale by starting more of them.
import { gameKinds } from '../actors/index.ts';
import { runRuntimeProcess } from '../runtime/process.ts';
import { loadConfigOrExit } from './main.ts';

await runRuntimeProcess(loadConfigOrExit(), gameKinds, ['runtime']);
