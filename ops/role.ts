// The ops role: builds the console's services from what the process opened
// and mounts the console at /ops on the process's HTTP app. Runs as its own
// process (bin/ops.ts, Procfile `ops`) or inside `npm start`.
import type { Role, RoleContext, StartedRole } from '../runtime/index.ts';
import { queuePrefix, createOpsRepo } from '../storage/index.ts';
import { Logouts } from './auth/logouts.ts';
import { Operators } from './auth/operators.ts';
import { FailureLimiter } from './auth/rate-limit.ts';
import type { OpsContext } from './context.ts';
import { opsHandler } from './http/handler.ts';
import { ActorAdmin } from './services/actor-admin.ts';
import { ActorReader } from './services/actor-reader.ts';
import { alertChecks, RedisIncidentClaims, type AlertBounds } from './services/alert-checks.ts';
import { AlertMonitor } from './services/alerts.ts';
import { Auditor } from './services/audit.ts';
import { DeadLetters } from './services/dead-letters.ts';
import { FlagService } from './services/flags.ts';
import { GameMetrics } from './services/game-metrics.ts';
import { QueueInspector } from './services/queues.ts';
import { TelemetryReader } from './services/telemetry.ts';

export interface OpsRoleOptions {
  /** How often alert conditions are checked (default 5 s). */
  readonly alertIntervalMs?: number;
  readonly bounds?: Partial<Omit<AlertBounds, 'leaseTtlMs'>>;
  /** Failed logins per address before it waits (default 5 per 5 minutes). */
  readonly loginLimit?: { readonly limit: number; readonly windowMs: number };
  /** How often the game figures are read from PostgreSQL (default 30 s). */
  readonly figuresIntervalMs?: number;
  /** How often a watching actor page looks for a new version (default 150 ms). */
  readonly watchIntervalMs?: number;
}

export function createOpsRole(options: OpsRoleOptions = {}): Role {
  return {
    name: 'ops',
    async start(context: RoleContext): Promise<StartedRole> {
      const { config, backends, logger: parent, app, client, kinds, registry } = context;
      const { env } = config;
      const logger = parent.child({ part: 'ops' });
      const repo = createOpsRepo(backends.database.sql);
      const auditor = new Auditor(repo, logger);
      const reader = new ActorReader({ store: backends.store, repo: backends.repo, kinds, shards: env.SHARDS });
      const queues = new QueueInspector({
        ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
        prefix: queuePrefix(env.KEY_PREFIX),
        ...(backends.memoryTimers ? { memoryTimers: backends.memoryTimers } : {}),
        auditor,
      });
      const telemetry = new TelemetryReader(backends.store, env.KEY_PREFIX, logger).start();
      const claims = env.REDIS_URL ? new RedisIncidentClaims(env.REDIS_URL, env.KEY_PREFIX) : undefined;
      const bounds: AlertBounds = {
        writeBehindMs: Math.max(30_000, 20 * env.WRITE_BEHIND_INTERVAL_MS),
        schedulerStallMs: 60_000,
        deadLetterQuietMs: 10 * 60_000,
        leaseLossQuietMs: 10 * 60_000,
        projectionLagMs: 60_000,
        liveStateLostMs: 60 * 60_000,
        ...options.bounds,
        leaseTtlMs: env.LEASE_TTL_MS,
      };
      const alerts = new AlertMonitor({
        checks: alertChecks({ store: backends.store, repo, actors: backends.repo, queues, shards: env.SHARDS, bounds, distributed: !backends.embedded, telemetry }),
        ...(env.OPS_ALERT_WEBHOOK ? { webhook: env.OPS_ALERT_WEBHOOK } : {}),
        ...(claims ? { claims } : {}),
        logger,
        now: () => backends.clock.now(),
        intervalMs: options.alertIntervalMs ?? 5_000,
      }).start();
      const game = new GameMetrics({ repo, clock: backends.clock, logger, registry, telemetry }).start(options.figuresIntervalMs ?? 30_000);
      const ctx: OpsContext = {
        config,
        logger,
        clock: backends.clock,
        store: backends.store,
        kinds,
        repo,
        operators: new Operators(env.OPS_TOKENS),
        logouts: new Logouts(repo, logger),
        limiter: new FailureLimiter(options.loginLimit ?? { limit: 5, windowMs: 5 * 60_000 }),
        reader,
        admin: new ActorAdmin({ reader, client, clock: backends.clock, auditor, timeoutMs: env.REQUEST_TIMEOUT_MS }),
        flags: new FlagService({ flags: backends.flags, store: backends.store, features: config.features, auditor, membershipTtlMs: env.LEASE_TTL_MS }),
        deadLetters: new DeadLetters(backends.store, env.SHARDS, auditor),
        queues,
        alerts,
        telemetry,
        game,
        watchIntervalMs: options.watchIntervalMs ?? 150,
        embedded: backends.embedded,
      };
      app.route('/ops', opsHandler(ctx)).link('/ops', '/ops (console)');
      app.section(() => [
        {
          title: 'Ops console',
          rows: [
            ['at', '/ops'],
            ['operators', env.OPS_TOKENS.length === 0 ? 'none: set OPS_TOKENS (name:role:token) to open the console' : env.OPS_TOKENS.map((operator) => `${operator.name} (${operator.role})`).join(', ')],
            ['alerts', `${alerts.incidents().open.length} open; webhook ${env.OPS_ALERT_WEBHOOK ? 'set' : 'not set'}`],
          ],
        },
      ]);
      if (env.OPS_TOKENS.length === 0) logger.warn('OPS_TOKENS is not set: the ops console at /ops is closed');
      return {
        async stop() {
          await Promise.allSettled([alerts.stop(), game.stop(), telemetry.stop()]);
          await queues.close();
          claims?.close();
        },
      };
    },
  };
}
