// A seeded random source for the game rules. Actors must replay the same
// message to the same result (DESIGN §3), so chance never comes from
// Math.random: the runtime hands each message a seed and the rules draw from
// createRandom(seed). mulberry32 is tiny, fast and passes the statistical
// tests that matter for dice rolls; it is not cryptographic, and need not be.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Uniform whole number in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** One element, each equally likely; throws RangeError on an empty list. */
  pick<T>(items: readonly T[]): T;
}

const TWO_POW_32 = 4294967296;

/**
 * Folds any safe integer (an epoch-ms timestamp, a negative number) into 32
 * bits using both halves, so seeds that differ only above bit 32 still differ.
 */
function toUint32(seed: number): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_POW_32) >>> 0;
  return (low ^ Math.imul(high, 0x9e3779b1)) >>> 0;
}

/** murmur3's finaliser: spreads every input bit over the whole output. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function createRandom(seed: number): Random {
  let state = toUint32(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };
  return {
    next,
    between(min, max) {
      if (!(min <= max)) throw new RangeError(`between(${min}, ${max}): min must be ≤ max`);
      return min + next() * (max - min);
    },
    int(min, max) {
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
        throw new RangeError(`int(${min}, ${max}): expected whole numbers with min ≤ max`);
      }
      return min + Math.floor(next() * (max - min + 1));
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick() from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
  };
}

/**
 * A new seed for an independent stream: one message's seed feeds several rolls
 * (terrain, each side's variance, ...) without one roll shifting the others
 * when a rule changes how many numbers it draws. FNV-1a over the label, keyed
 * by the seed, then mixed.
 */
export function deriveSeed(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ toUint32(seed)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return mix32(hash);
}
