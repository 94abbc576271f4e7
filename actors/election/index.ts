// election:<guildId>:<n> — see docs/game-protocol.md "election".
import type { ActorKind } from '../../runtime/kinds.ts';
import type { GameRules } from '../common/game-rules.ts';
import { electionEvents } from './events.ts';
import { createElectionMachine } from './machine.ts';

export { createElectionMachine } from './machine.ts';
export type { ElectionContext } from './context.ts';

export function createElectionKind(rules: GameRules): ActorKind {
  // `<guild id>:<n>` (actors/nation/politics.ts electionAddress).
  return { name: 'election', machine: createElectionMachine(rules), events: electionEvents, creates: ['open'], idPattern: /^\d{1,25}:\d{1,9}$/ };
}
