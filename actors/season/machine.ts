// season:current (docs/game-protocol.md "season:current"): unstarted → pre →
// active → post → pre of the next season, each phase ended by its durable
// timer or an admin's `advance`. With the `seasons` flag off a due phase
// stays (the timer re-arms hourly) and `advance` is refused. The flows are
// pure functions in phases.ts; this file wires them to states.
import { setup } from 'xstate';
import { effectActions } from '../../runtime/effects.ts';
import { GameErrorCodes, refusal } from '../common/errors.ts';
import { featureOn, type GameRules } from '../common/game-rules.ts';
import { initialSeasonContext, type SeasonContext } from './context.ts';
import type { SeasonEvent, SeasonEventOf } from './events.ts';
import { awardStandings, checkStandings, clientOnly, endPhase, info, PHASE_TIMER, start, stayPaused, type SeasonOutcome } from './phases.ts';

export function createSeasonMachine(rules: GameRules) {
  const machineSetup = setup({
    types: {} as { context: SeasonContext; events: SeasonEvent },
    actions: { ...effectActions },
    guards: {
      fromActor: ({ event }) => clientOnly(event) !== null,
      seasonsOff: ({ event }) => !featureOn(rules, event, 'seasons'),
      standingsRefused: ({ context, event }) => checkStandings(context, event as SeasonEventOf<'standings'>) !== null,
    },
  });

  const apply = (run: (context: SeasonContext, event: SeasonEvent) => SeasonOutcome) =>
    machineSetup.enqueueActions(({ context, event, enqueue }) => {
      const outcome = run(context, event);
      if (outcome.context !== context) enqueue.assign(() => outcome.context);
      for (const effect of outcome.effects) {
        if (effect.type === 'arm') enqueue.raise(effect.event as SeasonEvent, { delay: effect.delay, id: PHASE_TIMER });
        else if (effect.type === 'send') enqueue({ type: 'send', params: effect.params });
        else if (effect.type === 'emit') enqueue({ type: 'emit', params: effect.params });
        else enqueue({ type: 'record', params: effect.params });
      }
      enqueue({ type: 'reply', params: { ok: true, ...outcome.reply } });
    });

  const refuse = (code: (typeof GameErrorCodes)[keyof typeof GameErrorCodes], message: string) =>
    ({ type: 'reply', params: refusal(code, message) }) as const;
  const forged = { guard: 'fromActor', actions: refuse(GameErrorCodes.FORBIDDEN_SENDER, 'Only the game server can change the season.') } as const;
  const ended = apply((context, event) => endPhase(context, event, rules));
  const phaseEvents = (next: 'pre' | 'active' | 'post') => ({
    advance: [
      forged,
      { guard: 'seasonsOff' as const, actions: refuse(GameErrorCodes.FEATURE_DISABLED, 'Seasons are switched off: turn the `seasons` flag on to advance.') },
      { target: next, actions: ended } as const,
    ],
    phaseEnded: [{ guard: 'seasonsOff' as const, actions: apply(stayPaused) }, { target: next, actions: ended } as const],
    start: { actions: refuse(GameErrorCodes.WRONG_PHASE, 'The season has already started: use /admin season advance to move it on.') },
  });
  const tooEarly = { actions: refuse(GameErrorCodes.WRONG_PHASE, 'Final standings are taken when the season ends (post-season).') };

  return machineSetup.createMachine({
    id: 'season',
    context: initialSeasonContext(),
    initial: 'unstarted',
    on: { info: { actions: apply(info) } },
    states: {
      unstarted: {
        on: {
          start: [forged, { target: 'pre', actions: apply((context, event) => start(context, event as SeasonEventOf<'start'>, rules)) }],
          advance: { actions: refuse(GameErrorCodes.WRONG_PHASE, 'No season has started yet: start one first.') },
          standings: tooEarly,
        },
      },
      pre: { on: { ...phaseEvents('active'), standings: tooEarly } },
      active: { on: { ...phaseEvents('post'), standings: tooEarly } },
      post: {
        on: {
          ...phaseEvents('pre'),
          standings: [
            {
              guard: 'standingsRefused',
              actions: machineSetup.enqueueActions(({ context, event, enqueue }) => {
                const problem = checkStandings(context, event as SeasonEventOf<'standings'>);
                if (problem) enqueue({ type: 'reply', params: problem });
              }),
            },
            { actions: apply((context, event) => awardStandings(context, event as SeasonEventOf<'standings'>, rules)) },
          ],
        },
      },
    },
  });
}
