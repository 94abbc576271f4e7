// A process running the ops console for tests: runProcess with the game's
// kinds and the ops role (optionally a runtime node too), on the embedded
// backends or on real Redis + PostgreSQL under a fresh prefix and schema, on a
// free port. Also logs an operator in the way a browser does.
import { gameKinds, gameRules } from '../../actors/index.ts';
import { loadConfig } from '../../config/index.ts';
import { createOpsRole, type OpsRoleOptions } from '../../ops/index.ts';
import { runProcess, type RunningProcess } from '../../runtime/process.ts';
import { databaseUrl, dropKeys as dropKeysUnder, dropSchema, freePort, redisUrl, uniqueName } from './services.ts';

export const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
export const VIEWER_TOKEN = 'viewer-token-0123456789abcdef';
export const OPS_TOKENS = `ann:admin:${ADMIN_TOKEN},vic:viewer:${VIEWER_TOKEN}`;

export interface OpsProcessOptions {
  readonly backend: 'embedded' | 'real';
  /** Run a runtime node in the process (default true). */
  readonly runtime?: boolean;
  /** Run the ops role (default true). */
  readonly ops?: boolean;
  readonly ops_options?: OpsRoleOptions;
  /** Share a prefix and schema with another process of the same test. */
  readonly prefix?: string;
  readonly schema?: string;
  readonly env?: Record<string, string>;
  readonly nodeId?: string;
}

export interface OpsProcess {
  readonly base: string;
  readonly prefix: string;
  readonly schema: string;
  readonly running: RunningProcess;
  stop(): Promise<void>;
}

export async function startOpsProcess(options: OpsProcessOptions): Promise<OpsProcess> {
  const schema = options.schema ?? uniqueName('ops');
  const prefix = options.prefix ?? `${schema}:`;
  const port = await freePort();
  const env = {
    ...(options.backend === 'real' ? { REDIS_URL: redisUrl, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema } : {}),
    KEY_PREFIX: prefix,
    SHARDS: '8',
    PORT: String(port),
    HOST: '127.0.0.1',
    LEASE_TTL_MS: '2000',
    WRITE_BEHIND_INTERVAL_MS: '100',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    OPS_TOKENS,
    NODE_ID: options.nodeId ?? uniqueName('node'),
    ...options.env,
  };
  const config = loadConfig({ env });
  const running = await runProcess(config, gameKinds(gameRules(config)), {
    runtime: options.runtime ?? true,
    roles: options.ops === false ? [] : [createOpsRole({ alertIntervalMs: 500, figuresIntervalMs: 2_000, ...options.ops_options })],
  });
  return {
    base: `http://127.0.0.1:${port}`,
    prefix,
    schema,
    running,
    async stop() {
      await running.stop('test over');
    },
  };
}

/** Drops a real-services schema and key prefix once every process using them has stopped. */
export async function dropRealServices(prefix: string, schema: string): Promise<void> {
  await dropSchema(schema);
  await dropKeys(prefix);
}

/** Deletes every Redis key under a test's prefix. */
export async function dropKeys(prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl);
  await dropKeysUnder(redis, prefix);
  await redis.quit();
}

/** Logs in with a token as the login form does; resolves to the cookie and the session's CSRF token. */
export async function login(base: string, token: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${base}/ops/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, next: '/ops' }),
    redirect: 'manual',
  });
  if (response.status !== 303) throw new Error(`login answered ${response.status}`);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const session = (await (await fetch(`${base}/ops/api/session`, { headers: { cookie } })).json()) as { csrf: string };
  return { cookie, csrf: session.csrf };
}

/** Logs out as the console's button does; resolves to the response (303 to the login page). */
export async function logout(base: string, session: { cookie: string; csrf: string }): Promise<Response> {
  return fetch(`${base}/ops/logout`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: session.csrf }),
    redirect: 'manual',
  });
}
