// Runs a process: its backends, an optional runtime node, the roles it was
// given (bot, gateway, ops…) and one HTTP server for all of them, with a
// graceful stop on SIGTERM/SIGINT bounded to 10 s: roles stop first (no new
// requests), then the node (stop intake, finish in-flight messages, flush
// write-behind, release leases).
import { hostname } from 'node:os';
import type { Server } from 'node:http';
import pino, { type Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../config/index.ts';
import { nodeSettings, openBackends, type Backends } from './backends.ts';
import { RuntimeClient } from './client.ts';
import { clusterView } from './cluster-view.ts';
import { systemClock } from './clock.ts';
import { HttpApp } from './http.ts';
import { LiveFlags } from './flags.ts';
import { KindRegistry, type ActorKind } from './kinds.ts';
import { createRuntimeMetrics } from './metrics.ts';
import { publishTelemetry } from './telemetry.ts';
import { RuntimeNode } from './node.ts';
import { runStopSteps } from './stop-steps.ts';

/** What a role is given to start: everything the process opened, and the shared HTTP app. */
export interface RoleContext {
  readonly config: Config;
  readonly backends: Backends;
  readonly logger: Logger;
  readonly app: HttpApp;
  /** The process's metrics registry: a role's metrics show on the same `/metrics`. */
  readonly registry: Registry;
  /** Request/reply to actors, shared by the process's roles. */
  readonly client: RuntimeClient;
  /** The game's actor kinds (schemas for validation, machines for replay). */
  readonly kinds: KindRegistry;
  /** The runtime node when this process runs one (embedded start, `runtime` processes). */
  readonly node?: RuntimeNode;
}

export interface StartedRole {
  /** Stops taking work and releases what the role holds. */
  stop(): Promise<void>;
}

export interface Role {
  readonly name: string;
  start(context: RoleContext): Promise<StartedRole>;
}

export interface RunningProcess {
  readonly node: RuntimeNode | undefined;
  readonly backends: Backends;
  readonly server: Server;
  readonly logger: Logger;
  readonly context: RoleContext;
  /** The graceful stop; resolves true when every step succeeded (a failed one is logged and skipped). */
  stop(reason: string): Promise<boolean>;
}

export interface RunProcessOptions {
  /** Run a runtime node in this process (default true). */
  readonly runtime?: boolean;
  readonly roles?: readonly Role[];
  /** Name in logs (default: the roles joined). */
  readonly name?: string;
}

const STOP_DEADLINE_MS = 10_000;

export async function runProcess(config: Config, kinds: readonly ActorKind[], options: RunProcessOptions = {}): Promise<RunningProcess> {
  const { env } = config;
  const withNode = options.runtime ?? true;
  const roles = options.roles ?? [];
  const roleNames = [...(withNode ? ['runtime'] : []), ...roles.map((role) => role.name)];
  const logger = pino({ level: env.LOG_LEVEL, base: { role: options.name ?? roleNames.join('+') } });
  // From here on, a failed start (a port in use, a backend that refuses) also ends in one fatal JSON line.
  exitOnFatal(logger);
  const nodeId = env.NODE_ID ?? `${hostname()}-${process.pid}`;
  const metrics = createRuntimeMetrics({ defaults: true });
  const registry = new KindRegistry(kinds);
  // Embedded: the machine's clock; distributed: Redis server time (openBackends).
  const backends = await openBackends({ env, logger, fireTimers: withNode, ...(env.REDIS_URL ? {} : { clock: systemClock }) });
  // A node starts with the flags in force and follows every change (runtime/flags.ts).
  const flags = withNode ? await new LiveFlags({ store: backends.flags, nodeId, logger }).start() : undefined;
  const node = withNode
    ? new RuntimeNode({
        nodeId,
        store: backends.store,
        timers: backends.timers,
        repo: backends.repo,
        kinds: registry,
        clock: backends.clock,
        metrics,
        logger,
        ...nodeSettings(env),
        flags: () => flags?.current(),
      })
    : undefined;
  await node?.start();

  const app = new HttpApp({ registry: metrics.registry, ready: () => (node ? node.ready : true) });
  app.section(() => [
    {
      title: 'This process',
      rows: [
        ['roles', roleNames.join(', ')],
        ...(node ? [['node id', nodeId] as const] : []),
        ['mode', backends.embedded ? 'embedded (in-memory streams and state, PGlite)' : 'distributed (Redis + PostgreSQL)'],
        ['live state', backends.store.description],
        ['durable state', backends.database.embedded ? 'PGlite (embedded PostgreSQL, in memory)' : 'PostgreSQL'],
        ['timers', backends.timers.description],
      ],
    },
  ]);
  if (node) {
    app.section(() => [
      {
        title: 'Runtime',
        rows: [
          ['shards', `${node.ownedShards.length} of ${env.SHARDS} owned (fair share ${node.view.target} among ${node.view.members.length} node(s))`],
          ['actor kinds', registry.names().length > 0 ? registry.names().join(', ') : 'none registered'],
          ['write-behind', `every ${env.WRITE_BEHIND_INTERVAL_MS} ms, up to ${env.WRITE_BEHIND_BATCH} actors per batch`],
          ['message log', `kept ${env.MESSAGE_RETENTION_DAYS} days in PostgreSQL (older messages deleted by the owner of shard 0)`],
        ],
      },
    ]);
    app.cluster(async () => ({ ...(await clusterView(backends.store, env.SHARDS, env.LEASE_TTL_MS)), self: { node: nodeId, ...node.view } }));
  }

  const client = new RuntimeClient({
    store: backends.store,
    prefix: env.KEY_PREFIX,
    shards: env.SHARDS,
    timeoutMs: env.REQUEST_TIMEOUT_MS,
    name: roleNames.join('-'),
    observe: (type, seconds, outcome) => {
      metrics.commandSeconds.observe({ outcome }, seconds);
      metrics.commands.inc({ type, outcome });
    },
  });
  // Cluster-wide figures for the ops console (runtime/telemetry.ts).
  const telemetryStop = new AbortController();
  const telemetry = publishTelemetry(
    { store: backends.store, prefix: env.KEY_PREFIX, registry: metrics.registry, source: node ? nodeId : `${roleNames.join('+')}@${nodeId}`, roles: roleNames },
    telemetryStop.signal,
  );
  const context: RoleContext = { config, backends, logger, app, registry: metrics.registry, client, kinds: registry, ...(node ? { node } : {}) };
  const started: { name: string; role: StartedRole }[] = [];
  for (const role of roles) {
    started.push({ name: role.name, role: await role.start(context) });
    logger.info({ role: role.name }, 'role started');
  }
  const server = await app.listen(env.PORT, env.HOST).catch((error: unknown) => {
    throw new Error(`cannot listen on ${env.HOST}:${env.PORT} (HOST, PORT): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  logger.info({ url: `http://${env.HOST}:${env.PORT}/`, ...(node ? { node: nodeId } : {}), roles: roleNames }, 'serving');

  let stopping: Promise<boolean> | undefined;
  const stop = (reason: string): Promise<boolean> =>
    (stopping ??= (async () => {
      logger.info({ reason }, 'stopping');
      const deadline = setTimeout(() => {
        logger.error('graceful stop took longer than 10 s; exiting now');
        process.exit(1);
      }, STOP_DEADLINE_MS - 500);
      deadline.unref();
      const clean = await runStopSteps(
        [
          // Roles first, the last started first: no new requests reach the node.
          ...[...started].reverse().map(({ name, role }) => ({ name: `role ${name}`, run: () => role.stop() })),
          {
            name: 'telemetry',
            run: () => {
              telemetryStop.abort();
              return telemetry;
            },
          },
          { name: 'request client', run: () => client.close() },
          { name: 'runtime node', run: async () => node?.stop() },
          { name: 'live flags', run: async () => flags?.stop() },
          { name: 'http server', run: () => app.close() },
          { name: 'backends', run: () => backends.close() },
        ],
        logger,
      );
      clearTimeout(deadline);
      if (clean) logger.info('stopped');
      else logger.error('stopped, with the failures above');
      return clean;
    })());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void stop(signal).then((clean) => process.exit(clean ? 0 : 1)));
  }
  return { node, backends, server, logger, context, stop };
}

/** Once per process: tests run several processes' roles in one. */
let fatalHandled = false;

/**
 * An error nothing caught ends the process, as Node would, but says so in the
 * JSON log first: a raw stack on stderr is a line an operator's log pipeline
 * cannot read. No graceful stop: the state after such an error is unknown, and
 * nothing is lost by skipping it (acknowledged messages are in Redis, dirty
 * actors are flushed by the shards' next owner once the leases lapse).
 */
function exitOnFatal(logger: Logger): void {
  if (fatalHandled) return;
  fatalHandled = true;
  const fatal = (kind: string) => (error: unknown) => {
    logger.fatal({ err: error }, `${kind}; exiting`);
    process.exit(1);
  };
  process.once('uncaughtException', fatal('uncaught exception'));
  process.once('unhandledRejection', fatal('unhandled rejection'));
}
