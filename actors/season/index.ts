// season:current — the season cycle, legacy awards and the archive.
import type { ActorKind } from '../../runtime/kinds.ts';
import type { GameRules } from '../common/game-rules.ts';
import { seasonEvents } from './events.ts';
import { createSeasonMachine } from './machine.ts';

export { SEASON_LIMITS, themeOf, type Phase, type SeasonContext, type Standing } from './context.ts';
export { createSeasonMachine } from './machine.ts';
export const SEASON_ADDRESS = 'season:current';

/** Only an admin's `start` creates the season actor; anything else to a missing one is refused. */
export function createSeasonKind(rules: GameRules): ActorKind {
  return { name: 'season', machine: createSeasonMachine(rules), events: seasonEvents, creates: ['start'], idPattern: /^current$/ };
}
