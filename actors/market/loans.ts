// Loans: the market lends currency it creates (source `loan_principal`) and
// destroys what is paid back (sink `loan_repayment`). Interest is simple, on
// the principal, accrued by actors/rules accrueLoanInterest. A borrower repays
// in full with `repay`; the daily `collectLoans` takes what an overdue
// borrower has (`partial`) until the debt is cleared.
import type { EventMeta } from '../../runtime/effects.ts';
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { daysMs, featureOn, type GameRules } from '../common/game-rules.ts';
import { accrueLoanInterest, type Resources } from '../rules/index.ts';
import { countBy, MARKET_LIMITS, only, rememberPeriod, without, type MarketContext, type MarketLoan } from './context.ts';
import { clientOnly, nationOnly, senderOf } from './checks.ts';
import type { MarketEventOf } from './events.ts';
import { collect, credit, done, notify, refused, type MarketEffect, type Outcome } from './outcome.ts';

const ref = (loan: string): string => `loan:${loan}`;

/** The loan with interest brought up to `at`, and what is still owed. */
export function loanDebt(loan: MarketLoan, at: number, rules: GameRules): { readonly loan: MarketLoan; readonly owed: number } {
  const accrued = accrueLoanInterest(rules.balance.economy, { principal: loan.principal, takenAtMs: loan.takenAt, interest: loan.interest }, at);
  const updated = { ...loan, interest: accrued.loan.interest };
  return { loan: updated, owed: Math.max(0, updated.principal + updated.interest - updated.repaid) };
}

export function checkLoan(context: MarketContext, event: MarketEventOf<'loan'>, rules: GameRules) {
  const borrower = senderOf(event);
  const { max_loan: maxLoan } = rules.balance.economy;
  const maxDays = rules.timers.loan.max_term_days;
  if (!featureOn(rules, event, 'loans')) return refusal(GameErrorCodes.FEATURE_DISABLED, 'Loans are switched off right now; try again later.');
  if (event.days > maxDays) return refusal(GameErrorCodes.OUT_OF_RANGE, `A loan can run for at most ${maxDays} days: choose a shorter term.`);
  if (context.loans[event.loan]) return refusal(GameErrorCodes.OUT_OF_RANGE, 'That loan id is already in use; ask for the loan again.');
  const owed = Object.values(context.loans)
    .filter((loan) => loan.borrower === borrower)
    .reduce((sum, loan) => sum + loan.principal, 0);
  if (owed + event.amount > maxLoan) {
    return refusal(GameErrorCodes.LIMIT_REACHED, `Your nation may borrow at most ${maxLoan} in total and owes ${owed} already: borrow less or repay first.`, {
      owed,
      max: maxLoan,
    });
  }
  if (countBy(context.loans, (loan) => loan.borrower, borrower) >= MARKET_LIMITS.loansPerNation) {
    return refusal(GameErrorCodes.LIMIT_REACHED, `Your nation already has ${MARKET_LIMITS.loansPerNation} loans: repay one first.`);
  }
  if (Object.keys(context.loans).length >= MARKET_LIMITS.loans) {
    return refusal(GameErrorCodes.LIMIT_REACHED, 'The market is not lending right now; try again later.');
  }
  return null;
}

export function takeLoan(context: MarketContext, event: MarketEventOf<'loan'>, rules: GameRules): Outcome {
  const forged = nationOnly(event);
  if (forged) return refused(forged);
  const problem = checkLoan(context, event, rules);
  if (problem) return refused(problem);
  const { currency } = rules.balance.economy;
  const loan: MarketLoan = {
    id: event.loan,
    borrower: senderOf(event),
    principal: event.amount,
    takenAt: event.at,
    dueAt: event.at + daysMs(event.days),
    interest: 0,
    repaid: 0,
    collecting: null,
  };
  const principal = only(currency, loan.principal);
  // The source is recorded once, by the borrower when it applies this credit (reason loan_principal).
  return done(
    { ...context, loans: { ...context.loans, [loan.id]: loan } },
    credit(loan.borrower, ref(loan.id), principal, 'loan_principal'),
    { loan: loan.id, amount: loan.principal, dueAt: loan.dueAt, interestPerDay: rules.balance.economy.loan_interest_per_day },
  );
}

function startCollection(context: MarketContext, loan: MarketLoan, collection: string, owed: number, partial: boolean, rules: GameRules) {
  const amount = only(rules.balance.economy.currency, owed);
  return {
    context: {
      ...context,
      loans: { ...context.loans, [loan.id]: { ...loan, collecting: collection } },
      collecting: { ...context.collecting, [collection]: { purpose: 'repay' as const, item: loan.id, payer: loan.borrower, resources: amount, partial } },
    },
    effect: collect(loan.borrower, collection, amount, 'loan_repayment', partial),
  };
}

export function repay(context: MarketContext, event: MarketEventOf<'repay'>, rules: GameRules): Outcome {
  const forged = nationOnly(event);
  if (forged) return refused(forged);
  const current = context.loans[event.loan];
  if (!current) return refused(refusal(GameErrorCodes.UNKNOWN_TARGET, 'There is no open loan with that id: it may be repaid already.'));
  if (senderOf(event) !== current.borrower) return refused(refusal(GameErrorCodes.NOT_PARTICIPANT, 'Only the nation that borrowed can repay this loan.'));
  if (current.collecting) return refused(refusal(GameErrorCodes.WRONG_PHASE, 'A payment on this loan is being collected right now; wait a moment.'));
  const { loan, owed } = loanDebt(current, event.at, rules);
  const started = startCollection(context, loan, event.id, owed, false, rules);
  return done(started.context, [started.effect], { loan: loan.id, owed });
}

/** Daily: every overdue loan not already being collected is collected, taking what the borrower has. */
export function collectLoans(context: MarketContext, event: MarketEventOf<'collectLoans'>, rules: GameRules): Outcome {
  const forged = clientOnly(event);
  if (forged) return refused(forged);
  if (context.periods.collectLoans.includes(event.period)) return done(context, [], { period: event.period, duplicate: true });
  let next: MarketContext = { ...context, periods: { ...context.periods, collectLoans: rememberPeriod(context.periods.collectLoans, event.period) } };
  const effects: MarketEffect[] = [];
  for (const current of Object.values(context.loans)) {
    if (current.collecting || current.dueAt > event.at) continue;
    const { loan, owed } = loanDebt(current, event.at, rules);
    const started = startCollection(next, loan, `${loan.id}@${event.period}`, owed, true, rules);
    next = started.context;
    effects.push(started.effect, notify(loan.borrower, 'loanOverdue', { loan: loan.id, owed }));
  }
  return done(next, effects, { period: event.period, collecting: effects.length / 2 });
}

/**
 * A repayment arrived (all of it, or with `partial` what the borrower had):
 * it is destroyed, not held. The sink is recorded once, by the borrower when
 * it paid (collect reason loan_repayment).
 */
export function loanPaid(context: MarketContext, loan: MarketLoan, received: Resources, rules: GameRules): Outcome {
  const { currency } = rules.balance.economy;
  const paid = received[currency];
  // Interest was brought up to date when the collection started; the debt is
  // what was asked for then, so a full payment always closes the loan.
  const updated = { ...loan, repaid: loan.repaid + paid, collecting: null };
  const remaining = Math.max(0, updated.principal + updated.interest - updated.repaid);
  if (remaining === 0) {
    return done({ ...context, loans: without(context.loans, loan.id) }, [notify(loan.borrower, 'loanRepaid', { loan: loan.id, paid })], {
      loan: loan.id,
      closed: true,
    });
  }
  return done(
    { ...context, loans: { ...context.loans, [loan.id]: updated } },
    [notify(loan.borrower, 'loanPaymentCollected', { loan: loan.id, paid, remaining })],
    { loan: loan.id, closed: false, remaining },
  );
}

export function loanUnpaid(context: MarketContext, loan: MarketLoan, owed: number): Outcome {
  return done(
    { ...context, loans: { ...context.loans, [loan.id]: { ...loan, collecting: null } } },
    [notify(loan.borrower, 'loanRepayFailed', { loan: loan.id, owed })],
    { loan: loan.id, closed: false },
  );
}
