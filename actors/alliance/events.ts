// The alliance's event schemas (fields other than `type`; the runtime adds the
// meta). Every event comes from a nation actor; `open` creates the alliance.
import { z } from 'zod';
import { displayName, nationAddress } from '../common/schemas.ts';

const empty = z.object({}).strict();

export const allianceEvents = {
  open: z
    .object({ founder: nationAddress, invitee: nationAddress, name: displayName, treaty: z.enum(['defense', 'non_aggression']) })
    .strict(),
  join: empty,
  refuse: empty,
  invite: z.object({ nation: nationAddress }).strict(),
  leave: empty,
  /** From a member whose season was reset: the alliance dissolves (alliances do not outlive a season). */
  seasonEnded: empty,
};
