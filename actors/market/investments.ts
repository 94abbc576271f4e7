// Investments: currency a nation deposits is held in escrow and earns a
// return the market creates (source `investment_return`, actors/rules
// payInvestmentReturn), paid by the hourly `payInvestments`. Withdrawing
// returns the principal (reason `investment`) with any return still due.
import type { EventMeta } from '../../runtime/effects.ts';
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { featureOn, type GameRules } from '../common/game-rules.ts';
import { payInvestmentReturn } from '../rules/index.ts';
import { countBy, MARKET_LIMITS, only, rememberPeriod, without, type MarketContext, type MarketInvestment } from './context.ts';
import { clientOnly, nationOnly, returnEscrow, senderOf } from './checks.ts';
import type { MarketEventOf } from './events.ts';
import { credit, done, refused, type MarketEffect, type Outcome } from './outcome.ts';

const ref = (investment: string): string => `investment:${investment}`;

export function checkDeposit(context: MarketContext, event: MarketEventOf<'deposit'>, rules: GameRules) {
  const investor = senderOf(event);
  const { max_investment: max } = rules.balance.economy;
  if (!featureOn(rules, event, 'investments')) return refusal(GameErrorCodes.FEATURE_DISABLED, 'Investments are switched off right now; your deposit was returned.');
  if (context.investments[event.investment]) return refusal(GameErrorCodes.OUT_OF_RANGE, 'That investment id is already in use; invest again.');
  const invested = Object.values(context.investments)
    .filter((investment) => investment.investor === investor)
    .reduce((sum, investment) => sum + investment.amount, 0);
  if (invested + event.amount > max) {
    return refusal(GameErrorCodes.LIMIT_REACHED, `Your nation may invest at most ${max} and has ${invested} invested: invest less.`, { invested, max });
  }
  if (countBy(context.investments, (investment) => investment.investor, investor) >= MARKET_LIMITS.investmentsPerNation) {
    return refusal(GameErrorCodes.LIMIT_REACHED, `Your nation already has ${MARKET_LIMITS.investmentsPerNation} investments: withdraw one first.`);
  }
  if (Object.keys(context.investments).length >= MARKET_LIMITS.investments) {
    return refusal(GameErrorCodes.LIMIT_REACHED, 'The market takes no new investments right now; try again later.');
  }
  return null;
}

export function deposit(context: MarketContext, event: MarketEventOf<'deposit'>, rules: GameRules): Outcome {
  const forged = nationOnly(event);
  if (forged) return refused(forged);
  const investor = senderOf(event);
  const problem = checkDeposit(context, event, rules);
  if (problem) return returnEscrow(context, investor, ref(event.investment), only(rules.balance.economy.currency, event.amount), problem);
  const investment: MarketInvestment = { id: event.investment, investor, amount: event.amount, investedAt: event.at, paid: 0 };
  return done({ ...context, investments: { ...context.investments, [investment.id]: investment } }, [], {
    investment: investment.id,
    amount: investment.amount,
    returnPerDay: rules.balance.economy.investment_return_per_day,
  });
}

/** The return due on one investment up to `at`, created and paid to the investor. */
function payReturn(event: EventMeta, investment: MarketInvestment, rules: GameRules) {
  const { currency } = rules.balance.economy;
  const paid = payInvestmentReturn(rules.balance.economy, { amount: investment.amount, investedAtMs: investment.investedAt, paid: investment.paid }, event.at);
  const due = paid.investment.paid - investment.paid;
  const amount = only(currency, due);
  // The source is recorded once, by the investor when it applies this credit (reason investment_return).
  const effects: MarketEffect[] = credit(investment.investor, ref(investment.id), amount, 'investment_return');
  return { investment: { ...investment, paid: paid.investment.paid }, due, effects };
}

/** Hourly; a period already paid changes nothing. */
export function payInvestments(context: MarketContext, event: MarketEventOf<'payInvestments'>, rules: GameRules): Outcome {
  const forged = clientOnly(event);
  if (forged) return refused(forged);
  if (context.periods.payInvestments.includes(event.period)) return done(context, [], { period: event.period, duplicate: true });
  const investments: Record<string, MarketInvestment> = {};
  const effects: MarketEffect[] = [];
  let total = 0;
  for (const current of Object.values(context.investments)) {
    const paid = payReturn(event, current, rules);
    investments[current.id] = paid.investment;
    effects.push(...paid.effects);
    total += paid.due;
  }
  const periods = { ...context.periods, payInvestments: rememberPeriod(context.periods.payInvestments, event.period) };
  return done({ ...context, investments, periods }, effects, { period: event.period, paid: total });
}

export function withdrawInvestment(context: MarketContext, event: MarketEventOf<'withdrawInvestment'>, rules: GameRules): Outcome {
  const forged = nationOnly(event);
  if (forged) return refused(forged);
  const current = context.investments[event.investment];
  if (!current) return refused(refusal(GameErrorCodes.UNKNOWN_TARGET, 'There is no investment with that id: it may be withdrawn already.'));
  if (senderOf(event) !== current.investor) return refused(refusal(GameErrorCodes.NOT_PARTICIPANT, 'Only the nation that invested can withdraw this investment.'));
  const paid = payReturn(event, current, rules);
  const effects = [...paid.effects, ...credit(current.investor, ref(current.id), only(rules.balance.economy.currency, current.amount), 'investment')];
  return done({ ...context, investments: without(context.investments, current.id) }, effects, {
    investment: current.id,
    amount: current.amount,
    returned: paid.due,
  });
}
