// The war actor kind: `war:<id>`, created by the aggressor nation's `open`.
import type { ActorKind } from '../../runtime/kinds.ts';
import type { GameRules } from '../common/game-rules.ts';
import { ACTOR_ID_PATTERN } from '../common/schemas.ts';
import { warEvents } from './events.ts';
import { createWarMachine } from './machine.ts';

export { createWarMachine } from './machine.ts';
export { warEvents } from './events.ts';
export { type Outcome, type WarContext } from './context.ts';

export function createWarKind(rules: GameRules): ActorKind {
  // Named by the declaring message's id, which warOpened carries as an actorId.
  return { name: 'war', machine: createWarMachine(rules), events: warEvents, creates: ['open'], idPattern: ACTOR_ID_PATTERN };
}
