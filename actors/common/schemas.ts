// zod pieces shared by the game's event schemas. Every number a player can
// send is bounded here, so an out-of-range value is refused by the runtime
// (RUNTIME_INVALID_EVENT) before any machine sees it.
import { z } from 'zod';

/** Largest amount of one resource or unit type in any single command. */
export const MAX_AMOUNT = 1_000_000_000;

/** A Discord snowflake (user, guild or channel id). */
export const snowflake = z.string().regex(/^\d{1,25}$/, 'a Discord id (digits only)');

/**
 * Who gives an admin command: a Discord user, or an ops console operator as
 * `ops:<name>` (the name OPS_TOKENS gives them), so the message log says who.
 */
export const adminRef = z.string().regex(/^(\d{1,25}|ops:[A-Za-z0-9._-]{1,64})$/, 'a Discord id, or ops:<operator name> from the ops console');

export const amount = z.number().int('a whole number').min(0).max(MAX_AMOUNT);
export const positiveAmount = z.number().int('a whole number').min(1).max(MAX_AMOUNT);

/** Some resources; missing types are 0. */
export const resourcesSchema = z
  .object({ gold: amount.optional(), food: amount.optional(), materials: amount.optional() })
  .strict();

export const unitsSchema = z
  .object({ infantry: amount.optional(), armor: amount.optional(), aircraft: amount.optional(), naval: amount.optional() })
  .strict();

export const resourceType = z.enum(['gold', 'food', 'materials']);
export const unitType = z.enum(['infantry', 'armor', 'aircraft', 'naval']);

export const nationAddress = z.string().regex(/^nation:\d{1,25}$/, 'a nation address (nation:<guild id>)');
/**
 * Not the name of a property every object has (`constructor`, `__proto__`,
 * `toString`…): ids index plain-object records in the actors' contexts, where
 * such a name would find the built-in instead of nothing.
 */
export const notBuiltIn = (id: string): boolean => !(id in Object.prototype);
export const MAX_ACTOR_ID = 120;
/** What an id may be made of: no spaces, braces (Redis hash tags) or colons (address separators). */
export const ID_CHARACTERS = /^[^\s{}:]+$/;
/** The ids the game names wars and alliances by (message ids), as a whole-string pattern. */
export const ACTOR_ID_PATTERN = new RegExp(`^[^\\s{}:]{1,${MAX_ACTOR_ID}}$`);
export const actorId = z
  .string()
  .min(1)
  .max(MAX_ACTOR_ID)
  .regex(ID_CHARACTERS, 'an id without spaces, braces or colons')
  .refine(notBuiltIn, 'an id, not the name of a built-in property');
/**
 * Unicode format characters that reorder or hide text: bidi embeddings,
 * overrides and isolates, zero-width spaces and marks, word joiners, the
 * BOM. In a name they fake what surrounds it ("Rome\u202e0 — 99999" shows a
 * false score on a leaderboard row). A zero-width joiner is kept inside an
 * emoji sequence (🏳️‍🌈, 👩🏽‍💻), where it is part of the picture.
 */
export const HIDDEN_CHARACTER = /[\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|(?<!\p{Extended_Pictographic}[\u{fe0f}\u{1f3fb}-\u{1f3ff}]?)\u200d|\u200d(?!\p{Extended_Pictographic})/u;
export const HIDDEN_CHARACTER_MESSAGE = 'text without invisible or direction-changing characters (such as U+202E or U+200B)';

/** Free text a player typed, shown to other players: trimmed, `min` to `max` characters, nothing hidden. */
export const playerText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((text) => !HIDDEN_CHARACTER.test(text), HIDDEN_CHARACTER_MESSAGE);

/** A free-text name shown to players (nation, alliance). */
export const displayName = playerText(1, 64);

type PartialResources = z.infer<typeof resourcesSchema>;
type PartialUnits = z.infer<typeof unitsSchema>;

/** A full Resources record from a partial one (missing types are 0). */
export const toResources = (partial: PartialResources) => ({ gold: partial.gold ?? 0, food: partial.food ?? 0, materials: partial.materials ?? 0 });
export const toUnits = (partial: PartialUnits) => ({
  infantry: partial.infantry ?? 0,
  armor: partial.armor ?? 0,
  aircraft: partial.aircraft ?? 0,
  naval: partial.naval ?? 0,
});
