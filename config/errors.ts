// Configuration errors. Every problem — a missing file, a YAML syntax error, a
// value the schema rejects, a bad environment variable — becomes one
// ConfigIssue naming where it is (file + field) and what was wanted, so an
// operator can fix a deploy from the message alone.
import type { z } from 'zod';

/** One problem in one configuration source. */
export interface ConfigIssue {
  /** `config/timers.yaml` (relative to the working directory when inside it), or `environment`. */
  readonly file: string;
  /** Dotted path (`war.proposal_hours`), an environment variable name, `line 3, column 5` for a YAML syntax error, or `` for the whole file. */
  readonly field: string;
  /** What the field must be, phrased to follow "expected": `a positive number`. */
  readonly expected: string;
  /** What was found, already quoted or described: `"abc"`, `nothing`. */
  readonly got: string;
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.field === '' ? issue.file : `${issue.file}: ${issue.field}`;
  return `${where}: expected ${issue.expected}, got ${issue.got}`;
}

/**
 * Thrown by `loadConfig`. `file`, `field` and `expected` describe the first
 * problem; `issues` holds all of them (every file is checked before throwing)
 * and the message lists each on its own line.
 */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID' as const;
  readonly file: string;
  readonly field: string;
  readonly expected: string;
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly [ConfigIssue, ...ConfigIssue[]]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.file = issues[0].file;
    this.field = issues[0].field;
    this.expected = issues[0].expected;
    this.issues = issues;
  }
}

const MAX_SHOWN = 60;

/** Describes a parsed value for the "got …" half of a message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN)}…` : shown;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/**
 * Turns zod issues into ConfigIssues. The schemas put the "expected" phrase in
 * each issue's message (see schema.ts), so this only locates the field and
 * reads the offending value back out of `input`.
 */
export function issuesFromZod(file: string, error: z.ZodError, input: unknown): ConfigIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ file, field: [...path, key].join('.'), expected: issue.message, got: 'an unknown key' }));
    }
    if (issue.code === 'invalid_key') {
      // A bad key in a record: the key schema's phrase says what names may be.
      const expected = issue.issues[0]?.message ?? issue.message;
      return [{ file, field: path.join('.'), expected, got: describeValue(path.at(-1)) }];
    }
    return [{ file, field: path.join('.'), expected: issue.message, got: describeValue(valueAt(input, issue.path)) }];
  });
}
