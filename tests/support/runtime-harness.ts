// Starts a runtime node and a request/reply client on real Redis + PostgreSQL
// (unique key prefix and schema per harness) or on the embedded backends
// (optionally with a virtual clock), and tears everything down again.
import pino from 'pino';
import { Redis } from 'ioredis';
import { loadConfig, type EnvConfig } from '../../config/index.ts';
import { nodeSettings, openBackends, type Backends } from '../../runtime/backends.ts';
import { RuntimeClient } from '../../runtime/client.ts';
import { VirtualClock, systemClock, type Clock } from '../../runtime/clock.ts';
import { LiveFlags } from '../../runtime/flags.ts';
import { KindRegistry, type ActorKind } from '../../runtime/kinds.ts';
import { createRuntimeMetrics } from '../../runtime/metrics.ts';
import { RuntimeNode, type RuntimeNodeOptions } from '../../runtime/node.ts';
import { advanceTime, settle } from '../../runtime/virtual-time.ts';
import { counterKind } from './counter.ts';
import { databaseUrl, dropKeys, dropSchema, redisUrl, uniqueName } from './services.ts';

export interface HarnessOptions {
  readonly backend: 'real' | 'embedded';
  readonly virtualTime?: boolean;
  readonly shards?: number;
  readonly kinds?: readonly ActorKind[];
  readonly deadLetterAfter?: number;
  readonly nodeId?: string;
  /** Reuse a key prefix and schema (e.g. one a backup was restored into); default a fresh pair. close() still drops them. */
  readonly prefix?: string;
  readonly schema?: string;
}

export interface Harness {
  readonly env: EnvConfig;
  readonly prefix: string;
  readonly schema: string;
  readonly clock: Clock;
  /** True when time only moves through advance(). */
  readonly virtual: boolean;
  backends: Backends;
  node: RuntimeNode;
  /** The nodes' copy of the runtime feature flags. */
  readonly flags: LiveFlags;
  client: RuntimeClient;
  /** Stops the node (graceful) and starts a new one on the same backends, optionally under another id. */
  restartNode(nodeId?: string): Promise<void>;
  /** Stops the node without starting another. */
  stopNode(): Promise<void>;
  /** Another node on these backends (not started), with some of its options replaced. */
  nodeWith(overrides: Partial<RuntimeNodeOptions>): RuntimeNode;
  settle(): Promise<void>;
  /** Virtual time only: moves the clock, firing due timers in order. */
  advance(ms: number): Promise<number>;
  /** Drops Redis (or the in-memory live state) outright, keeping PostgreSQL. */
  loseLiveState(): Promise<void>;
  close(): Promise<void>;
}

export const quietLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const schema = options.schema ?? uniqueName('rt');
  const prefix = options.prefix ?? `${schema}:`;
  const shards = options.shards ?? 8;
  const env = loadConfig({
    env: {
      ...(options.backend === 'real' ? { REDIS_URL: redisUrl, DATABASE_URL: databaseUrl } : {}),
      SHARDS: String(shards),
      KEY_PREFIX: prefix,
      DEAD_LETTER_AFTER: String(options.deadLetterAfter ?? 3),
      WRITE_BEHIND_INTERVAL_MS: '100',
      LEASE_TTL_MS: '3000',
      REQUEST_TIMEOUT_MS: '15000',
      LOG_LEVEL: 'silent',
    },
  }).env;
  const virtual = options.backend === 'embedded' && options.virtualTime ? new VirtualClock() : undefined;
  const kinds = new KindRegistry(options.kinds ?? [counterKind]);
  // Real backends run on Redis server time, as in production; embedded on the machine's or a virtual clock.
  const backends = await openBackends({
    env,
    logger: quietLogger,
    ...(options.backend === 'real' ? {} : { clock: virtual ?? systemClock }),
    virtualTime: Boolean(virtual),
    schema: options.backend === 'real' ? schema : undefined,
    prefix,
  });

  const clock = backends.clock;
  // Every node of a harness shares the flags' copy: the backends are one.
  const flags = await new LiveFlags({ store: backends.flags, nodeId: options.nodeId ?? 'node-a', logger: quietLogger, pollMs: 200 }).start();
  const makeNode = (nodeId = options.nodeId ?? 'node-a', overrides: Partial<RuntimeNodeOptions> = {}): RuntimeNode =>
    new RuntimeNode({
      nodeId,
      store: backends.store,
      timers: backends.timers,
      repo: backends.repo,
      kinds,
      clock,
      metrics: createRuntimeMetrics(),
      logger: quietLogger,
      ...nodeSettings(env, prefix),
      blockMs: 100,
      flags: () => flags.current(),
      ...overrides,
    });

  const harness: Harness = {
    env,
    prefix,
    schema,
    clock,
    virtual: Boolean(virtual),
    backends,
    node: makeNode(),
    client: new RuntimeClient({ store: backends.store, prefix, shards, timeoutMs: env.REQUEST_TIMEOUT_MS, name: 'test' }),
    async restartNode(nodeId) {
      await harness.node.stop();
      harness.node = makeNode(nodeId);
      await harness.node.start();
    },
    stopNode: () => harness.node.stop(),
    nodeWith: (overrides) => makeNode(overrides.nodeId, overrides),
    settle: () => settle([harness.node]),
    async advance(ms) {
      if (!virtual || !backends.memoryTimers) throw new Error('advance() needs the embedded backends with virtual time');
      return advanceTime(virtual, backends.memoryTimers, [harness.node], ms);
    },
    async loseLiveState() {
      if (options.backend === 'real') {
        // Only this harness's keys: other test files share the server.
        const redis = new Redis(redisUrl);
        await dropKeys(redis, prefix);
        await redis.quit();
      } else {
        (backends.store as unknown as { flushAll(): void }).flushAll();
        // BullMQ's jobs live in the Redis that is lost; the embedded timers stand for them.
        backends.memoryTimers?.flushAll();
      }
    },
    flags,
    async close() {
      await harness.client.close();
      await harness.node.stop();
      await flags.stop();
      await backends.close();
      if (options.backend === 'real') {
        await dropSchema(schema);
        await harness.loseLiveState();
      }
    },
  };
  await harness.node.start();
  return harness;
}
