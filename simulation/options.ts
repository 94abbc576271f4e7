// The simulation's command-line flags, parsed and checked in one place: a bad
// flag is a SimulationError naming the flag, what it expects and what it got,
// before anything starts.

export class SimulationError extends Error {
  readonly code: 'SIM_BAD_FLAG' | 'SIM_CHECKS_FAILED';
  constructor(code: SimulationError['code'], message: string) {
    super(message);
    this.name = 'SimulationError';
    this.code = code;
  }
}

export interface SimulationOptions {
  /** Nations playing scripted strategies. */
  readonly nations: number;
  /** Simulated days; the season is fitted into them (simulation/season-plan.ts). */
  readonly days: number;
  readonly seed: number;
  /**
   * Extra pairs of nations with identical armies that only fight each other,
   * the controlled sample behind the equal-armies check (default: nations / 10, at least 10).
   */
  readonly duelPairs: number;
  /** Where the report files go. */
  readonly out: string;
}

interface FlagSpec {
  readonly min: number;
  readonly max: number;
  readonly what: string;
}

const FLAGS: Record<'nations' | 'days' | 'seed' | 'duel-pairs', FlagSpec> = {
  nations: { min: 2, max: 10_000, what: 'the number of nations' },
  days: { min: 3, max: 400, what: 'simulated days' },
  seed: { min: 0, max: 2 ** 31 - 1, what: 'the random seed' },
  'duel-pairs': { min: 1, max: 5_000, what: 'pairs of equal-army nations' },
};

export const USAGE =
  'usage: npm run simulate -- --nations N --days D --seed S [--duel-pairs P] [--out DIR]\n' +
  `  --nations     ${FLAGS.nations.min}..${FLAGS.nations.max}  nations with scripted strategies (default 200)\n` +
  `  --days        ${FLAGS.days.min}..${FLAGS.days.max}  simulated days (default 60)\n` +
  `  --seed        ${FLAGS.seed.min}..${FLAGS.seed.max}  random seed (default 1)\n` +
  '  --duel-pairs  pairs of equal-army nations for the aggressor win-rate check (default max(10, nations/10))\n' +
  '  --out         report folder (default reports)';

function wholeNumber(flag: keyof typeof FLAGS, raw: string | undefined): number {
  const spec = FLAGS[flag];
  if (raw === undefined || raw.startsWith('--')) {
    throw new SimulationError('SIM_BAD_FLAG', `--${flag} needs a value: ${spec.what}, a whole number from ${spec.min} to ${spec.max}`);
  }
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < spec.min || value > spec.max) {
    throw new SimulationError('SIM_BAD_FLAG', `--${flag} must be ${spec.what}, a whole number from ${spec.min} to ${spec.max}; got "${raw}"`);
  }
  return value;
}

export function parseOptions(argv: readonly string[]): SimulationOptions {
  const values = new Map<string, string | undefined>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (!arg.startsWith('--')) throw new SimulationError('SIM_BAD_FLAG', `unexpected argument "${arg}"\n${USAGE}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (!(name in FLAGS) && name !== 'out') throw new SimulationError('SIM_BAD_FLAG', `unknown flag --${name}\n${USAGE}`);
    if (values.has(name)) throw new SimulationError('SIM_BAD_FLAG', `--${name} given twice`);
    if (inline !== undefined) values.set(name, inline);
    else {
      values.set(name, argv[index + 1]);
      index++;
    }
  }
  const read = (flag: keyof typeof FLAGS, fallback: number): number => (values.has(flag) ? wholeNumber(flag, values.get(flag)) : fallback);
  const nations = read('nations', 200);
  const out = values.has('out') ? values.get('out') : 'reports';
  if (out === undefined || out === '' || out.startsWith('--')) throw new SimulationError('SIM_BAD_FLAG', '--out needs a folder name');
  return {
    nations,
    days: read('days', 60),
    seed: read('seed', 1),
    duelPairs: read('duel-pairs', Math.max(10, Math.round(nations / 10))),
    out,
  };
}
