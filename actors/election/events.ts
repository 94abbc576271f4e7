// The election's event schemas (fields other than `type`; the runtime adds the
// meta). `open` comes from the nation and creates the election; the rest from
// clients (the bot, for a player `by`).
import { z } from 'zod';
import { amount, nationAddress, snowflake } from '../common/schemas.ts';
import { MAX_CITIZENS } from './context.ts';

export const electionEvents = {
  open: z
    .object({
      nation: nationAddress,
      weights: z
        .record(snowflake, amount)
        .refine((weights) => Object.keys(weights).length >= 1, 'at least one citizen')
        .refine((weights) => Object.keys(weights).length <= MAX_CITIZENS, `at most ${MAX_CITIZENS} citizens`),
    })
    .strict(),
  nominate: z.object({ by: snowflake }).strict(),
  vote: z.object({ by: snowflake, candidate: snowflake }).strict(),
  status: z.object({ by: snowflake.optional() }).strict(),
};
