// Environment variables: the deployment-specific half of the configuration.
// Every variable is optional; defaults suit one process on a developer's
// machine (embedded backends, loopback only). An empty value counts as unset,
// so `REDIS_URL=` in a compose file means "embedded", not "invalid".
import { isIP } from 'node:net';
import { z } from 'zod';
import { describeValue, issuesFromZod, type ConfigIssue } from './errors.ts';

function intVar(min: number, max: number, fallback: number) {
  const expected = `an integer from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\s*\d+\s*$/, { error: expected })
    .transform(Number)
    .pipe(z.int({ error: expected }).min(min, { error: expected }).max(max, { error: expected }))
    .default(fallback);
}

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens. */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function urlVar(protocols: readonly string[]) {
  const expected = `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`;
  return z
    .string()
    .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), { error: expected })
    .optional();
}

const OPS_ROLES = ['viewer', 'admin'] as const;
const OPS_TOKENS_EXPECTED = 'comma-separated name:role:token entries (role viewer or admin, a token of at least 16 characters; names and tokens unique)';

/** One `name:role:token` of OPS_TOKENS. */
const opsOperator = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}:(viewer|admin):[^\s,]{16,}$/, { error: OPS_TOKENS_EXPECTED })
  .transform((entry) => {
    const [name, role, ...token] = entry.split(':');
    return { name: name!, role: role as (typeof OPS_ROLES)[number], token: token.join(':') };
  });

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const envSchema = z.object({
  PORT: intVar(1, 65535, 3000),
  // Loopback by default so a developer's instance (ops endpoints included) is
  // never reachable from the network by accident; containers set 0.0.0.0.
  HOST: z
    .string()
    .refine((value) => isIP(value) !== 0 || HOST_NAME.test(value), { error: 'an IP address or a host name, e.g. 127.0.0.1 or 0.0.0.0' })
    .default('127.0.0.1'),
  // Absent ⇒ embedded in-process backends (single process only).
  REDIS_URL: urlVar(['redis:', 'rediss:']),
  // Absent ⇒ embedded PGlite.
  DATABASE_URL: urlVar(['postgres:', 'postgresql:']),
  // Schema for the game's tables (default: the connection's search_path, i.e. public).
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'a lowercase SQL identifier (letters, digits, _)' })
    .optional(),
  // Actor shards; 16384 matches Redis Cluster's hash slots, the most that can
  // be spread usefully.
  SHARDS: intVar(1, 16384, 64),
  // Left undefined when absent: the caller derives hostname-pid. Restricted
  // because it is embedded in keys and lease values.
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,128}$/, { error: 'up to 128 letters, digits, ".", "_" or "-"' })
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  // Prepended to every Redis key. No braces: a "{...}" in the prefix would
  // become the Redis Cluster hash tag and pin every key to one slot.
  KEY_PREFIX: z
    .string()
    .regex(/^[a-z0-9_:-]*$/i, { error: 'letters, digits, "_", ":" or "-" only (no braces)' })
    .default('sw:'),
  WRITE_BEHIND_INTERVAL_MS: intVar(10, 1000, 500),
  WRITE_BEHIND_BATCH: intVar(1, 10000, 500),
  // Messages per stream read.
  READ_BATCH: intVar(1, 1000, 100),
  // Deliveries of one message before it is dead-lettered.
  DEAD_LETTER_AFTER: intVar(1, 100, 3),
  // Upper bound keeps a stuck request from holding a Discord interaction
  // past its 15-minute token life.
  REQUEST_TIMEOUT_MS: intVar(100, 600000, 5000),
  // How long processed message ids are remembered for de-duplication.
  DEDUP_TTL_HOURS: intVar(1, 720, 24),
  // How long actor_messages keeps a processed message (replay, the console's
  // history); older ones are deleted. Longer than a 60-day season by default.
  MESSAGE_RETENTION_DAYS: intVar(1, 36500, 90),
  // Shard lease lifetime; a dead node's shards move after at most this long.
  LEASE_TTL_MS: intVar(500, 600000, 5000),
  DISCORD_TOKEN: z.string().optional(),
  DISCORD_APP_ID: z.string().regex(/^\d{17,20}$/, { error: 'a Discord application id (17–20 digits)' }).optional(),
  // Overrides https://discord.com/api for REST calls and the gateway lookup
  // (a REST proxy at scale, or the local Discord emulator in tests).
  DISCORD_API_URL: urlVar(['http:', 'https:']),
  // Gateway shards this bot process runs, e.g. "0,1" (default: all of them,
  // or what discord.js's ShardingManager assigns), out of DISCORD_SHARD_COUNT
  // (unset or "auto" = Discord's recommendation from GET /gateway/bot, which
  // every process of the bot then shares; bot/discord/shard-plan.ts).
  DISCORD_SHARDS: z
    .string()
    .regex(/^\d{1,5}(,\d{1,5})*$/, { error: 'comma-separated shard ids, e.g. 0,1' })
    .transform((value) => value.split(',').map(Number))
    .optional(),
  DISCORD_SHARD_COUNT: z
    .string()
    .regex(/^(auto|\d{1,5})$/, { error: '"auto" or a number of shards' })
    .transform((value) => (value === 'auto' ? ('auto' as const) : Number(value)))
    .pipe(z.union([z.literal('auto'), z.int().min(1, { error: '"auto" or a number of shards' })]))
    .optional(),
  // Guild to register commands in (npm run deploy-commands); unset = globally.
  DISCORD_GUILD_ID: z.string().regex(/^\d{15,25}$/, { error: 'a Discord guild id (digits)' }).optional(),
  // Discord user ids of the bot's admins (/admin ban, unban, season, audit).
  BOT_ADMINS: z
    .string()
    .transform((value) => value.split(',').map((id) => id.trim()).filter((id) => id !== ''))
    .pipe(z.array(z.string().regex(/^\d{15,25}$/, { error: 'comma-separated Discord user ids' })))
    .default([]),
  // An interaction whose answer is not ready after this long is deferred
  // (Discord allows 3 s for the first response, network included).
  BOT_DEFER_MS: intVar(100, 2500, 2000),
  // The ops console's operators, comma-separated `name:role:token` (role
  // viewer or admin); none ⇒ the console is closed. 16 characters minimum so
  // a token cannot be guessed by brute force; names and tokens are unique.
  OPS_TOKENS: z
    .string()
    .transform((value) => value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))
    .pipe(z.array(opsOperator))
    .refine((operators) => new Set(operators.map((operator) => operator.name)).size === operators.length, { error: OPS_TOKENS_EXPECTED })
    .refine((operators) => new Set(operators.map((operator) => operator.token)).size === operators.length, { error: OPS_TOKENS_EXPECTED })
    .default([]),
  OPS_ALERT_WEBHOOK: urlVar(['http:', 'https:']),
  // Signs the expiring tokens of private overlay rooms (a nation's own live
  // view); every gateway of a cluster must share it. Unset: each process makes
  // a random one, so private links last only as long as that process.
  GATEWAY_TOKEN_SECRET: z.string().min(32, { error: 'a secret of at least 32 characters' }).optional(),
  // Comma-separated origins (scheme://host[:port]) besides the gateway's own
  // that may open sockets, e.g. a site embedding the overlays.
  GATEWAY_ORIGINS: z
    .string()
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== ''))
    .pipe(
      z.array(
        z.string().refine((origin) => URL.canParse(origin) && new URL(origin).origin === origin, {
          error: 'comma-separated origins such as https://example.com (scheme, host and port only)',
        }),
      ),
    )
    .optional(),
  // Where streamers reach the gateway (overlay links, /overlay command);
  // default http://HOST:PORT.
  GATEWAY_PUBLIC_URL: urlVar(['http:', 'https:']),
  CI: z
    .enum(['true', 'false', '1', '0'], { error: 'true, false, 1 or 0' })
    .transform((value) => value === 'true' || value === '1')
    .default(false),
});

const SECRET_VARS = new Set(['DISCORD_TOKEN', 'OPS_TOKENS', 'OPS_ALERT_WEBHOOK', 'GATEWAY_TOKEN_SECRET']);

/** Never echo a secret into a log line; URLs lose their credentials. */
function describeEnvValue(name: string, value: string | undefined): string {
  if (value === undefined) return describeValue(value);
  if (SECRET_VARS.has(name)) return `a hidden value of ${value.length} characters`;
  return describeValue(value.replace(/\/\/[^/@]*@/, '//***@'));
}

/** Parses the known variables out of `env`; problems are appended to `issues`. */
export function parseEnv(env: Record<string, string | undefined>, issues: ConfigIssue[]): z.output<typeof envSchema> | undefined {
  const picked: Record<string, string> = {};
  for (const name of Object.keys(envSchema.shape)) {
    const value = env[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  const result = envSchema.safeParse(picked);
  if (result.success) return result.data;
  // The field is the variable name alone (an operator sets OPS_TOKENS, not
  // OPS_TOKENS.1), so one variable yields at most one issue.
  const seen = new Set<string>();
  for (const issue of issuesFromZod('environment', result.error, picked)) {
    const name = issue.field.split('.')[0] ?? issue.field;
    if (seen.has(name)) continue;
    seen.add(name);
    issues.push({ ...issue, field: name, got: describeEnvValue(name, picked[name]) });
  }
  return undefined;
}
