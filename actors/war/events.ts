// The events a war accepts (docs/game-protocol.md "war"), fields other than
// `type`; the runtime adds at/seed/id/from. Every one of them is actor-to-
// actor: the machine refuses them unless they come from the right nation.
import { z } from 'zod';
import { actorId, amount, displayName, nationAddress, playerText, resourcesSchema, snowflake, unitsSchema } from '../common/schemas.ts';

/** The player who made the nation act, when the nation passes it on (for notifications). */
const by = snowflake.optional();

/** Allies a nation can name when it joins a war (its allies are bounded far lower by its alliances' sizes). */
export const MAX_ALLIES = 100;

/** A nation's army and economy as it goes into battle (nation `mustered`); the war counts its allies. */
export const sideSchema = z
  .object({
    units: unitsSchema,
    stance: z.enum(['aggressive', 'balanced', 'defensive']),
    resources: resourcesSchema,
    storageCap: resourcesSchema,
    territory: amount,
  })
  .strict();

export const warEvents = {
  /** From the aggressor nation; creates the war. `aggressorName` is its display name, for overlays. */
  open: z
    .object({
      aggressor: nationAddress,
      defender: nationAddress,
      reason: playerText(0, 200),
      aggressorName: displayName.optional(),
      /** The aggressor broke an alliance with the defender within the betrayal window. */
      betrayal: z.boolean().optional(),
    })
    .strict(),
  /** From the defender; `name` is the defender's display name, for overlays. */
  accept: z.object({ by, name: displayName.optional() }).strict(),
  decline: z.object({ by }).strict(),
  /**
   * From a nation asking to fight beside whichever principal is among its
   * `allies`; answered with `warJoined` or `joinRefused` to that nation,
   * carrying the join's `ref`.
   */
  join: z
    .object({ by, nation: nationAddress, ref: z.string().min(1).max(300), name: displayName.optional(), allies: z.array(nationAddress).min(1).max(MAX_ALLIES) })
    .strict(),
  offerPeace: z.object({ by }).strict(),
  respondPeace: z.object({ by, accept: z.boolean() }).strict(),
  surrender: z.object({ by }).strict(),
  mustered: z.object({ war: actorId, nation: nationAddress, side: sideSchema }).strict(),
  collected: z.object({ ref: z.string().min(1).max(300), resources: resourcesSchema, nation: nationAddress }).strict(),
  collectFailed: z.object({ ref: z.string().min(1).max(300), nation: nationAddress }).strict(),
  /** From a participant whose season was reset: the war is called off, with no battle and no tribute. */
  seasonEnded: z.object({}).strict(),
};
