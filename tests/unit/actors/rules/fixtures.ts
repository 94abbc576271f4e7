// Balance slices for the rule tests, copied from config/game_balance.yaml at
// the time of writing. Tests assert exact numbers against these, so retuning
// the shipped balance does not break them; the balance checks (e.g. the
// aggressor's win rate) load the shipped file instead, via shippedBalance().
import { loadConfig, type Balance } from '../../../../config/index.ts';

export function shippedBalance(): Balance {
  return loadConfig({ env: {} }).balance;
}

const resource = (per_citizen_per_hour: number, starting: number) => ({
  per_citizen_per_hour,
  base_storage_cap: 5000,
  storage_cap_per_territory: 100,
  starting,
});

export const resources: Balance['resources'] = {
  gold: resource(10, 1000),
  food: resource(8, 1000),
  materials: resource(6, 500),
};

export const territory: Balance['territory'] = { starting: 100, minimum: 20 };

export const units: Balance['units'] = {
  infantry: { strength: 10, cost: { gold: 20, food: 10, materials: 5 }, upkeep_per_day: { gold: 0, food: 2, materials: 0 }, build_minutes: 30 },
  armor: { strength: 50, cost: { gold: 80, food: 10, materials: 70 }, upkeep_per_day: { gold: 4, food: 2, materials: 2 }, build_minutes: 120 },
  aircraft: { strength: 80, cost: { gold: 150, food: 0, materials: 120 }, upkeep_per_day: { gold: 8, food: 0, materials: 4 }, build_minutes: 240 },
  naval: { strength: 120, cost: { gold: 200, food: 20, materials: 200 }, upkeep_per_day: { gold: 10, food: 4, materials: 6 }, build_minutes: 360 },
};

export const battle: Balance['battle'] = {
  variance: 0.15,
  terrain: {
    plains: { infantry: 0, armor: 0.1, aircraft: 0.05, naval: -0.1 },
    forest: { infantry: 0.1, armor: -0.05, aircraft: -0.05, naval: -0.1 },
    mountains: { infantry: 0.1, armor: -0.1, aircraft: 0.05, naval: -0.15 },
    coastal: { infantry: 0, armor: 0, aircraft: 0.05, naval: 0.15 },
    urban: { infantry: 0.1, armor: 0, aircraft: -0.05, naval: -0.1 },
  },
  alliance_support_per_ally: 0.05,
  max_alliance_support: 0.15,
  stances: {
    aggressive: { attacking: 0.1, defending: -0.05 },
    balanced: { attacking: 0, defending: 0 },
    defensive: { attacking: -0.05, defending: 0.1 },
  },
  casualties: { winner_fraction: 0.1, loser_fraction: 0.3 },
  spoils_fraction: 0.2,
  territory_won_fraction: 0.1,
  min_territory_won: 1,
};

export const espionage: Balance['espionage'] = {
  missions: {
    reconnaissance: { base_rate: 0.6, cost: { gold: 100, food: 0, materials: 0 } },
    sabotage: { base_rate: 0.35, cost: { gold: 250, food: 0, materials: 50 } },
    theft: { base_rate: 0.3, cost: { gold: 200, food: 0, materials: 0 } },
  },
  per_spy_bonus: 0.05,
  counter_intel_penalty: 0.1,
  min_rate: 0.05,
  max_rate: 0.95,
  spy_cost: { gold: 300, food: 50, materials: 0 },
  counter_intel_cost: { gold: 400, food: 0, materials: 100 },
  max_spies: 10,
  max_counter_intel: 5,
  discovery_chance: 0.5,
  spies_lost_on_discovery: 1,
  sabotage_queue_fraction: 0.5,
  sabotage_units_fraction: 0.05,
  theft_fraction: 0.1,
};

export const reputation: Balance['reputation'] = {
  initial_score: 0,
  events: {
    alliance_formed: 10,
    alliance_broken: -25,
    treaty_violated: -50,
    war_initiated: -5,
    war_won: 10,
    war_lost: -5,
    peace_treaty_honoured: 15,
    betrayal: -75,
    espionage_discovered: -10,
  },
};

export const powerScore: Balance['power_score'] = { resources: 0.3, military_strength: 0.4, territory: 0.2, population: 0.1 };

export const economy: Balance['economy'] = {
  currency: 'gold',
  market_fee_fraction: 0.05,
  trade_fee_fraction: 0,
  loan_interest_per_day: 0.02,
  max_loan: 10000,
  investment_return_per_day: 0.01,
  max_investment: 20000,
};
