// Runs the runtime role in this process: backends, node, status server, and
// a graceful stop on SIGTERM/SIGINT (stop intake, finish in-flight messages,
// flush write-behind, release leases) bounded to 10 s.
import { hostname } from 'node:os';
import type { Server } from 'node:http';
import pino, { type Logger } from 'pino';
import type { Config } from '../config/index.ts';
import { nodeSettings, openBackends, type Backends } from './backends.ts';
import { clusterView } from './cluster-view.ts';
import { systemClock } from './clock.ts';
import { startStatusServer, type StatusSection } from './http.ts';
import { KindRegistry, type ActorKind } from './kinds.ts';
import { createRuntimeMetrics } from './metrics.ts';
import { RuntimeNode } from './node.ts';

export interface RunningRuntime {
  readonly node: RuntimeNode;
  readonly backends: Backends;
  readonly server: Server;
  readonly logger: Logger;
  stop(reason: string): Promise<void>;
}

const STOP_DEADLINE_MS = 10_000;

export async function runRuntimeProcess(config: Config, kinds: readonly ActorKind[], roles: readonly string[]): Promise<RunningRuntime> {
  const { env } = config;
  const logger = pino({ level: env.LOG_LEVEL, base: { role: 'runtime' } });
  const nodeId = env.NODE_ID ?? `${hostname()}-${process.pid}`;
  const metrics = createRuntimeMetrics({ defaults: true });
  const registry = new KindRegistry(kinds);
  // Embedded: the machine's clock; distributed: Redis server time (openBackends).
  const backends = await openBackends({ env, logger, ...(env.REDIS_URL ? {} : { clock: systemClock }) });
  const node = new RuntimeNode({
    nodeId,
    store: backends.store,
    timers: backends.timers,
    repo: backends.repo,
    kinds: registry,
    clock: backends.clock,
    metrics,
    logger,
    ...nodeSettings(env),
  });
  await node.start();

  const status = async (): Promise<StatusSection[]> => [
    {
      title: 'This process',
      rows: [
        ['roles', roles.join(', ')],
        ['node id', nodeId],
        ['mode', backends.embedded ? 'embedded (in-memory streams and state, PGlite)' : 'distributed (Redis + PostgreSQL)'],
        ['live state', backends.store.description],
        ['durable state', backends.database.embedded ? 'PGlite (embedded PostgreSQL, in memory)' : 'PostgreSQL'],
        ['timers', backends.timers.description],
      ],
    },
    {
      title: 'Runtime',
      rows: [
        ['shards', `${node.ownedShards.length} of ${env.SHARDS} owned (fair share ${node.view.target} among ${node.view.members.length} node(s))`],
        ['actor kinds', registry.names().length > 0 ? registry.names().join(', ') : 'none registered yet (the game actors are not built)'],
        ['write-behind', `every ${env.WRITE_BEHIND_INTERVAL_MS} ms, up to ${env.WRITE_BEHIND_BATCH} actors per batch`],
      ],
    },
  ];
  const cluster = async () => ({
    ...(await clusterView(backends.store, env.SHARDS, env.LEASE_TTL_MS)),
    self: { node: nodeId, ...node.view },
  });
  const server = await startStatusServer({ host: env.HOST, port: env.PORT, registry: metrics.registry, ready: () => node.ready, status, cluster });
  logger.info({ url: `http://${env.HOST}:${env.PORT}/`, node: nodeId, roles }, 'serving');

  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> =>
    (stopping ??= (async () => {
      logger.info({ reason }, 'stopping');
      const deadline = setTimeout(() => {
        logger.error('graceful stop took longer than 10 s; exiting now');
        process.exit(1);
      }, STOP_DEADLINE_MS - 500);
      deadline.unref();
      await node.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await backends.close();
      clearTimeout(deadline);
      logger.info('stopped');
    })());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void stop(signal).then(() => process.exit(0)));
  }
  return { node, backends, server, logger, stop };
}
