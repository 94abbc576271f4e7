// Procfile `runtime`: one runtime node, with the leaderboards role (the
// projection runs on whichever runtime node owns shard 0; every node serves
// /api/leaderboards). Scale by starting more of them.
import { gameKinds, gameRules } from '../actors/index.ts';
import { leaderboardRole } from '../runtime/leaderboard-role.ts';
import { runProcess } from '../runtime/process.ts';
import { loadConfigOrExit } from './main.ts';

const config = loadConfigOrExit();
await runProcess(config, gameKinds(gameRules(config)), { roles: [leaderboardRole()] });
