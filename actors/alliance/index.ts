// alliance:<id> — see docs/game-protocol.md "alliance".
import type { ActorKind } from '../../runtime/kinds.ts';
import type { GameRules } from '../common/game-rules.ts';
import { allianceEvents } from './events.ts';
import { createAllianceMachine } from './machine.ts';

export { createAllianceMachine } from './machine.ts';
export type { AllianceContext } from './context.ts';

export function createAllianceKind(rules: GameRules): ActorKind {
  return { name: 'alliance', machine: createAllianceMachine(rules), events: allianceEvents, creates: ['open'] };
}
