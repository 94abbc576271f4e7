// market:global — escrow for trades, listings, loans and investments.
import type { ActorKind } from '../../runtime/kinds.ts';
import type { GameRules } from '../common/game-rules.ts';
import { marketEvents } from './events.ts';
import { createMarketMachine } from './machine.ts';

export { escrowHeld, MARKET_ADDRESS, MARKET_LIMITS, type MarketContext } from './context.ts';
export { createMarketMachine } from './machine.ts';

/** Any event may create the one market actor: it starts empty. */
export function createMarketKind(rules: GameRules): ActorKind {
  return { name: 'market', machine: createMarketMachine(rules), events: marketEvents, idPattern: /^global$/ };
}
