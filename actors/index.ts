// The game's actor kinds, registered by the runtime's entry points. The game
// actors (nation, war, alliance, election, market, season) are step 3 of the
// roadmap; until they land the runtime runs with none and says so on `/`.
import type { ActorKind } from '../runtime/kinds.ts';

export const gameKinds: readonly ActorKind[] = [];
