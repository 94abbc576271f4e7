// Who plays: every simulated nation's guild id, leader, citizens, strategy
// and when it registers, drawn once from the run's seed. Ids are Discord-like
// snowflakes (digits only), as the game's schemas require.
import { createRandom, type Random } from '../actors/rules/index.ts';

export const STRATEGIES = ['aggressive', 'defensive', 'trader', 'spy', 'idle'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

/** Share of each strategy among the playing nations. */
const MIX: Readonly<Record<StrategyName, number>> = { aggressive: 0.25, defensive: 0.25, trader: 0.2, spy: 0.15, idle: 0.15 };
/** Share of nations that register after the first day: the ones the first-day power check watches. */
const LATECOMER_SHARE = 0.2;

export interface SimNation {
  readonly address: string;
  readonly guild: string;
  readonly name: string;
  readonly founder: string;
  /** Founder first; all of them join at registration. */
  readonly citizens: readonly string[];
  /** `duel` nations only fight their twin with an identical army (the equal-armies sample). */
  readonly strategy: StrategyName | 'duel';
  /** Virtual ms since the run's start at which it registers. */
  readonly registersAt: number;
  /** Hour of the day (0–23) at which it takes its daily turn. */
  readonly turnHour: number;
  /** The duel partner, for duel nations. */
  readonly twin?: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const snowflake = (prefix: number, index: number): string => `${prefix}${String(index).padStart(12, '0')}`;

function strategyFor(index: number, count: number): StrategyName {
  // Cumulative shares over the shuffled index, so every strategy gets its share even in small runs.
  const position = (index + 0.5) / count;
  let total = 0;
  for (const name of STRATEGIES) {
    total += MIX[name];
    if (position < total) return name;
  }
  return 'idle';
}

function shuffled(count: number, random: Random): number[] {
  const order = Array.from({ length: count }, (_, index) => index);
  for (let index = order.length - 1; index > 0; index--) {
    const other = random.int(0, index);
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  return order;
}

function citizensOf(index: number, count: number): string[] {
  return Array.from({ length: count }, (_, citizen) => snowflake(3000 + citizen, index));
}

export function buildRoster(options: { nations: number; duelPairs: number; days: number; seed: number }): SimNation[] {
  const random = createRandom(options.seed);
  const order = shuffled(options.nations, random);
  const lateUntil = Math.max(2, Math.floor(options.days * 0.6));
  const nations: SimNation[] = order.map((slot, index) => {
    const guild = snowflake(1000, index);
    const late = index >= 2 && random.next() < LATECOMER_SHARE && options.days >= 4;
    // Late nations register on a random hour from day 2 on, when the board has settled leaders.
    const registersAt = late ? random.int(2 * 24, lateUntil * 24) * HOUR + random.int(0, 59) * 60_000 : random.int(0, 59) * 60_000;
    const citizens = citizensOf(index, random.int(3, 40));
    return {
      address: `nation:${guild}`,
      guild,
      name: `Nation ${index + 1}`,
      founder: citizens[0]!,
      citizens,
      strategy: strategyFor(slot, options.nations),
      registersAt,
      turnHour: random.int(0, 23),
    };
  });
  for (let pair = 0; pair < options.duelPairs; pair++) {
    const [a, b] = [options.nations + 2 * pair, options.nations + 2 * pair + 1];
    const [guildA, guildB] = [snowflake(1000, a), snowflake(1000, b)];
    const turnHour = random.int(0, 23);
    for (const [index, guild, twin] of [
      [a, guildA, guildB],
      [b, guildB, guildA],
    ] as const) {
      // Equal citizens, equal generation: the twins stay interchangeable all season.
      const citizens = citizensOf(index, 20);
      nations.push({
        address: `nation:${guild}`,
        guild,
        name: `Duelist ${pair + 1}${index === a ? 'A' : 'B'}`,
        founder: citizens[0]!,
        citizens,
        strategy: 'duel',
        registersAt: 0,
        turnHour,
        twin: `nation:${twin}`,
      });
    }
  }
  return nations;
}

export { DAY, HOUR };
