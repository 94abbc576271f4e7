// Every command group, one module each (GAME.md § Commands).
import type { BotCommand } from '../context.ts';
import * as admin from './admin.ts';
import * as alliance from './alliance.ts';
import * as citizen from './citizen.ts';
import * as election from './election.ts';
import * as help from './help.ts';
import * as invest from './invest.ts';
import * as leaderboard from './leaderboard.ts';
import * as loan from './loan.ts';
import * as market from './market.ts';
import * as military from './military.ts';
import * as nation from './nation.ts';
import * as overlay from './overlay.ts';
import * as rank from './rank.ts';
import * as season from './season.ts';
import * as spy from './spy.ts';
import * as trade from './trade.ts';
import * as war from './war.ts';

export const commands: readonly BotCommand[] = [nation, citizen, military, war, alliance, spy, trade, market, loan, invest, election, leaderboard, rank, season, overlay, help, admin];

/** The JSON Discord is given for every command (what deploy-commands PUTs). */
export function commandsJson() {
  return commands.map((command) => command.data.toJSON());
}

export { queuePage } from './military.ts';
export { respondToWar, warsPage } from './war.ts';
export { respondToAlliance } from './alliance.ts';
export { respondToTrade } from './trade.ts';
export { boardPage } from './leaderboard.ts';
