// The game's actor kinds, built from the validated config and registered by
// the runtime's entry points (docs/game-protocol.md).
import type { Config } from '../config/index.ts';
import type { ActorKind } from '../runtime/kinds.ts';
import { createAllianceKind } from './alliance/index.ts';
import type { GameRules } from './common/game-rules.ts';
import { createElectionKind } from './election/index.ts';
import { createMarketKind } from './market/index.ts';
import { createNationKind } from './nation/index.ts';
import { createSeasonKind } from './season/index.ts';
import { createWarKind } from './war/index.ts';

export type { GameRules } from './common/game-rules.ts';
export { GameErrorCodes, type GameErrorCode } from './common/errors.ts';

export function gameRules(config: Pick<Config, 'balance' | 'timers' | 'features'>): GameRules {
  return { balance: config.balance, timers: config.timers, features: config.features };
}

export function gameKinds(rules: GameRules): readonly ActorKind[] {
  return [
    createNationKind(rules),
    createWarKind(rules),
    createAllianceKind(rules),
    createElectionKind(rules),
    createMarketKind(rules),
    createSeasonKind(rules),
  ];
}

export { periodicJobs, periodId, seasonReactions, type FeedReaction, type PeriodicJob, type PeriodicTarget, type ReactionPlan } from './periodic.ts';
