// Trade, market, loans and investments from the nation's side: the leader's
// commands, checked here and forwarded to market:global. Goods offered leave
// the nation in the same step that sends them (escrow in flight).
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { MAX_ITEM_ID } from '../market/events.ts';
import { toResources } from '../common/schemas.ts';
import { mapResources, NO_RESOURCES, totalResources } from '../rules/index.ts';
import { change, negate, reply, send, type Draft } from './draft.ts';
import { remember } from './relations.ts';
import type { NationEventOf } from './events.ts';
import { affordable, command, cooldown, feature, firstRefusal, namesItem, notSelf, seasonOpen, sender, startCooldown, type Refusal } from './guards.ts';

export const MARKET = 'market:global';

const nameable = (draft: Draft): Refusal => namesItem(draft, MAX_ITEM_ID);

export function proposeTrade(draft: Draft, event: NationEventOf<'proposeTrade'>): Refusal | void {
  const give = toResources(event.give);
  const refused = firstRefusal(
    () => command(draft, event.by),
    () => feature(draft, 'trade'),
    () => seasonOpen(draft),
    () => cooldown(draft, 'trade_propose_minutes'),
    () => nameable(draft),
    () => notSelf(draft, event.partner),
    () =>
      totalResources(give) + totalResources(toResources(event.want)) === 0
        ? refusal(GameErrorCodes.OUT_OF_RANGE, 'A trade must give or ask for something.')
        : null,
    () => affordable(draft, give),
  );
  if (refused) return refused;
  const trade = draft.meta.id;
  change(draft, negate(give), 'trade_escrow', trade);
  startCooldown(draft, 'trade_propose_minutes');
  send(draft, MARKET, { type: 'openTrade', trade, partner: event.partner, give: { ...give }, want: { ...toResources(event.want) } });
  reply(draft, { trade, resources: draft.ctx.resources });
}

export function respondTrade(draft: Draft, event: NationEventOf<'respondTrade'>): Refusal | void {
  const refused = firstRefusal(
    () => command(draft, event.by),
    () => (event.accept ? feature(draft, 'trade') : null),
    () => (event.accept ? seasonOpen(draft) : null),
  );
  if (refused) return refused;
  send(draft, MARKET, { type: event.accept ? 'acceptTrade' : 'declineTrade', trade: event.trade });
  reply(draft, { trade: event.trade, accepted: event.accept });
}

/** A settled trade counts in the shared history with the partner, unless it belongs to the season just reset. */
export function tradeSettled(draft: Draft, event: NationEventOf<'tradeSettled'>): Refusal | void {
  const refused = sender(draft, 'market');
  if (refused) return refused;
  if (draft.ctx.marketClosing) return reply(draft, { ignored: 'a trade of the season that ended' });
  remember(draft, event.partner, 'trades');
  reply(draft);
}

export function sell(draft: Draft, event: NationEventOf<'sell'>): Refusal | void {
  const goods = mapResources((type) => (type === event.resource ? event.quantity : 0));
  const refused = firstRefusal(
    () => command(draft, event.by),
    () => feature(draft, 'market'),
    () => seasonOpen(draft),
    () => cooldown(draft, 'market_list_minutes'),
    () => nameable(draft),
    () =>
      event.resource === draft.rules.balance.economy.currency
        ? refusal(GameErrorCodes.OUT_OF_RANGE, `${event.resource} is the market's currency; sell food or materials for it.`)
        : null,
    () => affordable(draft, goods),
  );
  if (refused) return refused;
  const listing = draft.meta.id;
  change(draft, negate(goods), 'market_escrow', listing);
  startCooldown(draft, 'market_list_minutes');
  send(draft, MARKET, { type: 'list', listing, resource: event.resource, quantity: event.quantity, price: event.price });
  reply(draft, { listing, resources: draft.ctx.resources });
}

export function buy(draft: Draft, event: NationEventOf<'buy'>): Refusal | void {
  const refused = firstRefusal(() => command(draft, event.by), () => feature(draft, 'market'), () => seasonOpen(draft));
  if (refused) return refused;
  send(draft, MARKET, { type: 'buy', listing: event.listing });
  reply(draft, { listing: event.listing });
}

export function cancelListing(draft: Draft, event: NationEventOf<'cancelListing'>): Refusal | void {
  const refused = command(draft, event.by);
  if (refused) return refused;
  send(draft, MARKET, { type: 'withdraw', listing: event.listing });
  reply(draft, { listing: event.listing });
}

export function borrow(draft: Draft, event: NationEventOf<'borrow'>): Refusal | void {
  const { economy } = draft.rules.balance;
  const term = draft.rules.timers.loan.max_term_days;
  const refused = firstRefusal(
    () => command(draft, event.by),
    () => feature(draft, 'loans'),
    () => seasonOpen(draft),
    () => cooldown(draft, 'loan_minutes'),
    () => nameable(draft),
    () => (event.days > term ? refusal(GameErrorCodes.OUT_OF_RANGE, `A loan lasts at most ${term} days.`, { max: term }) : null),
    () =>
      event.amount > economy.max_loan
        ? refusal(GameErrorCodes.OUT_OF_RANGE, `You can borrow at most ${economy.max_loan} ${economy.currency}.`, { max: economy.max_loan })
        : null,
  );
  if (refused) return refused;
  startCooldown(draft, 'loan_minutes');
  send(draft, MARKET, { type: 'loan', loan: draft.meta.id, amount: event.amount, days: event.days });
  reply(draft, { loan: draft.meta.id });
}

/** Always allowed: with loans turned off, existing debt must still be payable. */
export function repay(draft: Draft, event: NationEventOf<'repay'>): Refusal | void {
  const refused = command(draft, event.by);
  if (refused) return refused;
  send(draft, MARKET, { type: 'repay', loan: event.loan });
  reply(draft, { loan: event.loan });
}

export function invest(draft: Draft, event: NationEventOf<'invest'>): Refusal | void {
  const { economy } = draft.rules.balance;
  const money = { ...NO_RESOURCES, [economy.currency]: event.amount };
  const refused = firstRefusal(
    () => command(draft, event.by),
    () => feature(draft, 'investments'),
    () => seasonOpen(draft),
    () => cooldown(draft, 'invest_minutes'),
    () => nameable(draft),
    () =>
      event.amount > economy.max_investment
        ? refusal(GameErrorCodes.OUT_OF_RANGE, `You can invest at most ${economy.max_investment} ${economy.currency}.`, { max: economy.max_investment })
        : null,
    () => affordable(draft, money),
  );
  if (refused) return refused;
  const investment = draft.meta.id;
  change(draft, negate(money), 'investment', investment);
  startCooldown(draft, 'invest_minutes');
  send(draft, MARKET, { type: 'deposit', investment, amount: event.amount });
  reply(draft, { investment, resources: draft.ctx.resources });
}

export function withdrawInvestment(draft: Draft, event: NationEventOf<'withdrawInvestment'>): Refusal | void {
  const refused = command(draft, event.by);
  if (refused) return refused;
  send(draft, MARKET, { type: 'withdrawInvestment', investment: event.investment });
  reply(draft, { investment: event.investment });
}
