// Schemas for the three YAML files. Every node carries its own "expected"
// phrase as the zod error message, so errors.ts can print
// `file: field: expected <phrase>, got <value>` for any issue without
// knowing the schema. Objects are strict: a misspelt key is an error, not a
// silently ignored setting.
import { z } from 'zod';

export const RESOURCE_TYPES = ['gold', 'food', 'materials'] as const;
export const UNIT_TYPES = ['infantry', 'armor', 'aircraft', 'naval'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
export type UnitType = (typeof UNIT_TYPES)[number];

function section<T extends z.core.$ZodLooseShape>(shape: T) {
  const keys = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `a known key (${keys})` : `a mapping with keys ${keys}`),
  });
}

function numberIn(min: number, max: number, expected = `a number from ${min} to ${max}`) {
  return z.number({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
}

function positive(expected = 'a positive number') {
  return z.number({ error: expected }).gt(0, { error: expected });
}

function nonNegative(expected = 'a number ≥ 0') {
  return z.number({ error: expected }).min(0, { error: expected });
}

function integer(min: number, expected: string) {
  return z.int({ error: expected }).min(min, { error: expected });
}

const positiveInt = () => integer(1, 'a whole number ≥ 1');
const nonNegativeInt = () => integer(0, 'a whole number ≥ 0');
const fraction = () => numberIn(0, 1, 'a fraction from 0 to 1');
const modifier = () => numberIn(-1, 1, 'a modifier from -1 to 1');
const signedInt = () => z.int({ error: 'a whole number' });

function perResource<T extends z.ZodType>(value: T) {
  return section({ gold: value, food: value, materials: value });
}

function perUnit<T extends z.ZodType>(value: T) {
  return section({ infantry: value, armor: value, aircraft: value, naval: value });
}

const amounts = () => perResource(nonNegativeInt());

const resource = section({
  per_citizen_per_hour: nonNegative(),
  // Storage caps and stocks travel in actor messages as amounts ≤ 1e9 (actors/common/schemas.ts MAX_AMOUNT).
  base_storage_cap: integer(1, 'a whole number from 1 to 1000000000').max(1_000_000_000, { error: 'a whole number from 1 to 1000000000' }),
  storage_cap_per_territory: nonNegativeInt(),
  starting: nonNegativeInt(),
});

const unit = section({
  strength: positiveInt(),
  cost: amounts(),
  upkeep_per_day: amounts(),
  build_minutes: positive(),
});

const terrainName = z.string({ error: 'a terrain name' }).regex(/^[a-z_]+$/, { error: 'a terrain name of a–z and _' });

const battle = section({
  variance: fraction(),
  terrain: z
    .record(terrainName, perUnit(modifier()), { error: 'a mapping of terrain name → unit modifiers' })
    .refine((terrains) => Object.keys(terrains).length > 0, { error: 'at least one terrain' }),
  alliance_support_per_ally: fraction(),
  max_alliance_support: fraction(),
  stances: section({
    aggressive: section({ attacking: modifier(), defending: modifier() }),
    balanced: section({ attacking: modifier(), defending: modifier() }),
    defensive: section({ attacking: modifier(), defending: modifier() }),
  }),
  casualties: section({ winner_fraction: fraction(), loser_fraction: fraction() }),
  spoils_fraction: fraction(),
  territory_won_fraction: fraction(),
  min_territory_won: nonNegativeInt(),
});

const mission = section({ base_rate: fraction(), cost: amounts() });

const espionage = section({
  missions: section({ reconnaissance: mission, sabotage: mission, theft: mission }),
  per_spy_bonus: fraction(),
  counter_intel_penalty: fraction(),
  min_rate: fraction(),
  max_rate: fraction(),
  spy_cost: amounts(),
  counter_intel_cost: amounts(),
  // A mission carries its spies in a message capped at 1000 (actors/nation/events.ts spyMission).
  max_spies: integer(0, 'a whole number from 0 to 1000').max(1000, { error: 'a whole number from 0 to 1000' }),
  max_counter_intel: nonNegativeInt(),
  discovery_chance: fraction(),
  spies_lost_on_discovery: nonNegativeInt(),
  sabotage_queue_fraction: fraction(),
  sabotage_units_fraction: fraction(),
  theft_fraction: fraction(),
});

const reputation = section({
  initial_score: signedInt(),
  events: section({
    alliance_formed: signedInt(),
    alliance_broken: signedInt(),
    treaty_violated: signedInt(),
    war_initiated: signedInt(),
    war_won: signedInt(),
    war_lost: signedInt(),
    peace_treaty_honoured: signedInt(),
    betrayal: signedInt(),
    espionage_discovered: signedInt(),
  }),
});

const economy = section({
  currency: z.enum(RESOURCE_TYPES, { error: `one of ${RESOURCE_TYPES.join(', ')}` }),
  market_fee_fraction: fraction(),
  trade_fee_fraction: fraction(),
  loan_interest_per_day: fraction(),
  max_loan: nonNegativeInt(),
  investment_return_per_day: fraction(),
  max_investment: nonNegativeInt(),
});

const season = section({
  legacy_rewards: section({
    rank_points: z.array(nonNegativeInt(), { error: 'a list of whole numbers ≥ 0' }),
    participation_points: nonNegativeInt(),
    starting_bonus_per_point: fraction(),
    max_starting_bonus: fraction(),
  }),
  themes: z
    .array(z.string({ error: 'a theme name' }).min(1, { error: 'a non-empty theme name' }), { error: 'a list of theme names' })
    .min(1, { error: 'at least one theme' }),
});

export const balanceSchema = section({
  resources: perResource(resource),
  territory: section({ starting: positiveInt(), minimum: nonNegativeInt() }),
  units: perUnit(unit),
  battle,
  espionage,
  reputation,
  power_score: section({
    resources: nonNegative(),
    military_strength: nonNegative(),
    territory: nonNegative(),
    population: nonNegative(),
  }),
  // Member lists travel in messages capped at 50 nations (actors/nation/events.ts allianceJoined).
  alliances: section({
    max_members: integer(2, 'a whole number from 2 to 50').max(50, { error: 'a whole number from 2 to 50' }),
    max_alliances_per_nation: nonNegativeInt(),
  }),
  economy,
  season,
}).superRefine((balance, ctx) => {
  // Relations between fields that a per-field schema cannot see.
  const { espionage: spy, territory } = balance;
  if (spy.min_rate > spy.max_rate) {
    ctx.addIssue({ code: 'custom', path: ['espionage', 'max_rate'], message: `a fraction ≥ espionage.min_rate (${spy.min_rate})` });
  }
  if (territory.minimum > territory.starting) {
    ctx.addIssue({ code: 'custom', path: ['territory', 'minimum'], message: `a whole number ≤ territory.starting (${territory.starting})` });
  }
  for (const type of RESOURCE_TYPES) {
    const { starting, base_storage_cap, storage_cap_per_territory } = balance.resources[type];
    const cap = base_storage_cap + storage_cap_per_territory * territory.starting;
    if (starting > cap) {
      ctx.addIssue({ code: 'custom', path: ['resources', type, 'starting'], message: `a whole number ≤ the starting storage cap (${cap})` });
    }
  }
});

const hours = () => positive('a positive number of hours');
const days = () => positive('a positive number of days');
const minutes = () => positive('a positive number of minutes');
const cooldown = () => nonNegative('a number of minutes ≥ 0');
const cadence = () => integer(1, 'a whole number of minutes ≥ 1');

export const timersSchema = section({
  war: section({
    proposal_hours: hours(),
    preparation_hours: hours(),
    peace_offer_hours: hours(),
    peace_treaty_days: days(),
    muster_timeout_minutes: minutes(),
  }),
  alliance: section({ proposal_hours: hours(), betrayal_window_hours: hours() }),
  trade: section({ proposal_hours: hours() }),
  market: section({ listing_days: days() }),
  loan: section({ max_term_days: days() }),
  election: section({ nomination_days: days(), voting_days: days(), min_gap_days: days() }),
  season: section({ pre_days: days(), active_days: days(), post_days: days() }),
  espionage: section({ mission_minutes: minutes(), report_retention_days: days() }),
  nation: section({ inactive_after_days: days() }),
  leaderboard: section({ cache_ttl_minutes: minutes() }),
  cooldowns: section({
    war_declare_minutes: cooldown(),
    war_peace_minutes: cooldown(),
    alliance_propose_minutes: cooldown(),
    alliance_break_minutes: cooldown(),
    spy_recruit_minutes: cooldown(),
    spy_mission_minutes: cooldown(),
    trade_propose_minutes: cooldown(),
    market_list_minutes: cooldown(),
    loan_minutes: cooldown(),
    invest_minutes: cooldown(),
  }),
  // Whole seconds: the Redis limiter rounds the window down, and a 0 s window never expires its key.
  rate_limits: section({ window_seconds: integer(1, 'a whole number of seconds ≥ 1'), per_user: positiveInt(), per_nation: positiveInt() }),
  periodic: section({
    due_battles_minutes: cadence(),
    notifications_minutes: cadence(),
    build_queues_minutes: cadence(),
    espionage_missions_minutes: cadence(),
    leaderboards_minutes: cadence(),
    resource_generation_minutes: cadence(),
    investments_minutes: cadence(),
    loan_collection_minutes: cadence(),
    upkeep_minutes: cadence(),
    inactive_nations_minutes: cadence(),
    scheduled_elections_minutes: cadence(),
    season_events_minutes: cadence(),
  }),
});

const flag = () => z.boolean({ error: 'true or false' });

export const featuresSchema = section({
  wars: flag(),
  alliances: flag(),
  espionage: flag(),
  trade: flag(),
  market: flag(),
  loans: flag(),
  investments: flag(),
  elections: flag(),
  seasons: flag(),
  notifications: flag(),
});
