// market:global (docs/game-protocol.md "market:global"): one state, every
// event handled by a pure function of (context, event, rules) in the file of
// its flow. This file only turns a handler's outcome into XState actions: a
// refusal becomes an error reply (the runtime then keeps nothing), anything
// else a context update, effects, timers and an ok reply.
import { enqueueActions, setup } from 'xstate';
import { effectActions } from '../../runtime/effects.ts';
import type { GameRules } from '../common/game-rules.ts';
import { collected, collectFailed } from './collections.ts';
import { initialMarketContext, type MarketContext } from './context.ts';
import type { MarketEvent, MarketEventOf } from './events.ts';
import { deposit, payInvestments, withdrawInvestment } from './investments.ts';
import { buy, list, listingExpired, withdraw } from './listings.ts';
import { collectLoans, repay, takeLoan } from './loans.ts';
import type { Outcome } from './outcome.ts';
import { listings, trades } from './queries.ts';
import { seasonEnded } from './season.ts';
import { acceptTrade, declineTrade, openTrade, tradeExpired } from './trades.ts';

type Handler<Type extends MarketEvent['type']> = (context: MarketContext, event: MarketEventOf<Type>, rules: GameRules) => Outcome;

export function createMarketMachine(rules: GameRules) {
  const machineSetup = setup({
    types: {} as { context: MarketContext; events: MarketEvent },
    actions: { ...effectActions },
  });

  const handle = <Type extends MarketEvent['type']>(handler: Handler<Type>) =>
    machineSetup.enqueueActions(({ context, event, enqueue }) => {
      const outcome = handler(context, event as MarketEventOf<Type>, rules);
      if ('refusal' in outcome) {
        enqueue({ type: 'reply', params: outcome.refusal });
        return;
      }
      if (outcome.context !== context) enqueue.assign(() => outcome.context);
      for (const effect of outcome.effects) {
        if (effect.type === 'arm') enqueue.raise(effect.event as unknown as MarketEvent, { delay: effect.delay, id: effect.id });
        else if (effect.type === 'disarm') enqueue.cancel(effect.id);
        else if (effect.type === 'send') enqueue({ type: 'send', params: effect.params });
        else if (effect.type === 'notify') enqueue({ type: 'notify', params: effect.params });
        else enqueue({ type: 'record', params: effect.params });
      }
      enqueue({ type: 'reply', params: { ok: true, ...outcome.reply } });
    });

  return machineSetup.createMachine({
    id: 'market',
    context: initialMarketContext(),
    initial: 'open',
    states: {
      open: {
        on: {
          openTrade: { actions: handle(openTrade) },
          acceptTrade: { actions: handle(acceptTrade) },
          declineTrade: { actions: handle(declineTrade) },
          tradeExpired: { actions: handle(tradeExpired) },
          list: { actions: handle(list) },
          buy: { actions: handle(buy) },
          withdraw: { actions: handle(withdraw) },
          listingExpired: { actions: handle(listingExpired) },
          loan: { actions: handle(takeLoan) },
          repay: { actions: handle(repay) },
          collectLoans: { actions: handle(collectLoans) },
          deposit: { actions: handle(deposit) },
          payInvestments: { actions: handle(payInvestments) },
          withdrawInvestment: { actions: handle(withdrawInvestment) },
          collected: { actions: handle(collected) },
          collectFailed: { actions: handle(collectFailed) },
          seasonEnded: { actions: handle(seasonEnded) },
          listings: { actions: handle(listings) },
          trades: { actions: handle(trades) },
        },
      },
    },
  });
}
