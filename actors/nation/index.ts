// The nation actor kind (docs/game-protocol.md "nation"): address nation:<guildId>.
import type { ActorKind } from '../../runtime/kinds.ts';
import type { GameRules } from '../common/game-rules.ts';
import { nationEvents } from './events.ts';
import { createNationMachine } from './machine.ts';

export { createNationMachine } from './machine.ts';
export { initialNationContext, type NationContext } from './context.ts';
export { nationEvents, type NationEvent } from './events.ts';
export { nationBoardValues, nationStats, type NationStats } from './stats.ts';
export { sharedHistory, trustBetween } from './relations.ts';

export function createNationKind(rules: GameRules): ActorKind {
  return {
    name: 'nation',
    machine: createNationMachine(rules),
    events: nationEvents,
    // Only registration creates a nation; anything else to a missing one is refused by the runtime.
    creates: ['register'],
    // A Discord guild id, as the game's nation addresses take it (common/schemas.ts nationAddress).
    idPattern: /^\d{1,25}$/,
  };
}
