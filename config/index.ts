// The one place configuration is read: three YAML files plus the environment,
// each validated, then deep-frozen and passed down. Nothing else in the game
// reads process.env or these files (only the test runner, test support and
// benches read a few variables of their own; README "Environment").
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { parseEnv, type envSchema } from './env.ts';
import { ConfigError, issuesFromZod, type ConfigIssue } from './errors.ts';
import { balanceSchema, featuresSchema, timersSchema } from './schema.ts';

export { ConfigError, type ConfigIssue } from './errors.ts';
export { RESOURCE_TYPES, UNIT_TYPES, type ResourceType, type UnitType } from './schema.ts';

/** Recursively readonly, matching what deepFreeze does at runtime. */
export type DeepReadonly<T> = T extends readonly (infer Item)[]
  ? readonly DeepReadonly<Item>[]
  : T extends object
    ? { readonly [Key in keyof T]: DeepReadonly<T[Key]> }
    : T;

export type Balance = DeepReadonly<z.output<typeof balanceSchema>>;
export type Timers = DeepReadonly<z.output<typeof timersSchema>>;
export type Features = DeepReadonly<z.output<typeof featuresSchema>>;
export type EnvConfig = DeepReadonly<z.output<typeof envSchema>>;

export interface Config {
  readonly balance: Balance;
  readonly timers: Timers;
  readonly features: Features;
  readonly env: EnvConfig;
}

export interface LoadConfigOptions {
  /** Variables to read; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Folder holding the three YAML files; defaults to defaultConfigDir(). */
  dir?: string;
}

const FILES = {
  balance: 'game_balance.yaml',
  timers: 'timers.yaml',
  features: 'features.yaml',
} as const;

/**
 * The YAML files sit next to this module when run from source (tsx). A
 * compiled copy lives in dist/config/; if the build did not copy the YAML
 * there, fall back to the repository's config/ two levels up, so both ways of
 * running work without a copy step.
 */
export function defaultConfigDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const source = join(here, '..', '..', 'config');
  if (existsSync(join(here, FILES.balance)) || !existsSync(join(source, FILES.balance))) return here;
  return source;
}

/** `config/timers.yaml` when under the working directory, else the absolute path. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function readYaml(path: string, file: string, issues: ConfigIssue[]): { ok: true; value: unknown } | { ok: false } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    issues.push({ file, field: '', expected: 'a readable YAML file', got: reason === 'ENOENT' ? 'no such file' : reason });
    return { ok: false };
  }
  const doc = parseDocument(text);
  const [syntax] = doc.errors;
  if (syntax !== undefined) {
    const at = syntax.linePos?.[0];
    const field = at === undefined ? '' : `line ${at.line}, column ${at.col}`;
    // yaml appends " at line L, column C:" and a code excerpt; the position is
    // already in `field`, so keep only the first clause.
    const reason = syntax.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? syntax.code;
    issues.push({ file, field, expected: 'valid YAML', got: `${reason} (${syntax.code})` });
    return { ok: false };
  }
  return { ok: true, value: doc.toJS() };
}

function loadFile<T>(dir: string, name: string, schema: z.ZodType<T>, issues: ConfigIssue[]): T | undefined {
  const path = join(dir, name);
  const file = displayPath(path);
  const read = readYaml(path, file, issues);
  if (!read.ok) return undefined;
  const result = schema.safeParse(read.value);
  if (result.success) return result.data;
  issues.push(...issuesFromZod(file, result.error, read.value));
  return undefined;
}

function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value as DeepReadonly<T>;
}

/**
 * Reads, validates and freezes the whole configuration. Every source is
 * checked before throwing, so one ConfigError lists every problem at once.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const source = options.env ?? process.env;
  // CONFIG_DIR lets an operator (or a test) point a process at another set of YAML files.
  const dir = options.dir ?? (source.CONFIG_DIR || defaultConfigDir());
  const issues: ConfigIssue[] = [];
  const balance = loadFile(dir, FILES.balance, balanceSchema, issues);
  const timers = loadFile(dir, FILES.timers, timersSchema, issues);
  const features = loadFile(dir, FILES.features, featuresSchema, issues);
  const env = parseEnv(source, issues);
  const [first, ...rest] = issues;
  if (first !== undefined) throw new ConfigError([first, ...rest]);
  if (balance === undefined || timers === undefined || features === undefined || env === undefined) {
    throw new Error('unreachable: a config source failed without reporting an issue');
  }
  return deepFreeze({ balance, timers, features, env });
}
