// alliance:<id> — see docs/game-protocol.md "alliance".
import type { ActorKind } from '../../runtime/kinds.ts';
import type { GameRules } from '../common/game-rules.ts';
import { ACTOR_ID_PATTERN } from '../common/schemas.ts';
import { allianceEvents } from './events.ts';
import { createAllianceMachine } from './machine.ts';

export { createAllianceMachine } from './machine.ts';
export type { AllianceContext } from './context.ts';

export function createAllianceKind(rules: GameRules): ActorKind {
  // Named by the proposing message's id, which the nation's events carry as an actorId.
  return { name: 'alliance', machine: createAllianceMachine(rules), events: allianceEvents, creates: ['open'], idPattern: ACTOR_ID_PATTERN };
}
