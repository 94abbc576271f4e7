// The events season:current accepts (docs/game-protocol.md "season:current").
import { z } from 'zod';
import type { EventMeta } from '../../runtime/effects.ts';
import { adminRef, nationAddress } from '../common/schemas.ts';

/** Most ranks a standings message may carry (the top of the power board). */
export const MAX_RANKS = 1_000;

export const seasonEvents = {
  /** Admin (the bot checks the rights): creates the actor and opens season 1. */
  start: z.object({ by: adminRef }).strict(),
  /** Admin: ends the current phase now. */
  advance: z.object({ by: adminRef }).strict(),
  /** The scheduler, from the power board when `post` begins. */
  standings: z
    .object({
      ranks: z
        .array(z.object({ nation: nationAddress, power: z.number().min(0).max(1e15) }).strict())
        .min(1)
        .max(MAX_RANKS),
    })
    .strict(),
  info: z.object({}).strict(),
} as const;

type Fields<Name extends keyof typeof seasonEvents> = { type: Name } & z.infer<(typeof seasonEvents)[Name]>;

/** The phase timer's event: not in `seasonEvents`, so only the timer can deliver it. */
export type PhaseEnded = { type: 'phaseEnded' };

export type SeasonEvent = EventMeta & ({ [Name in keyof typeof seasonEvents]: Fields<Name> }[keyof typeof seasonEvents] | PhaseEnded);

export type SeasonEventOf<Type extends SeasonEvent['type']> = Extract<SeasonEvent, { type: Type }>;
