// Real runtime processes on loopback against the real Redis and PostgreSQL,
// each cluster under its own key prefix and schema, for the chaos scenarios.
import { spawn, type ChildProcess } from 'node:child_process';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { clusterView, type ClusterView } from '../../runtime/cluster-view.ts';
import { createActorStateRepo, migrate, openDatabase, type ActorStateRepo, type Database } from '../../storage/postgres/index.ts';
import { createRedisShardStore, type RedisShardStore } from '../../storage/redis-shard-store.ts';
import { databaseUrl, dropKeys, freePort, redisUrl, uniqueName } from '../support/services.ts';
import { runtimeNodeFlags } from '../support/procfile.ts';
import { lastProblem, loadByOwner, processState } from './diagnosis.ts';

const root = new URL('../../', import.meta.url).pathname;

export interface ClusterOptions {
  readonly shards?: number;
  readonly leaseTtlMs?: number;
  readonly label?: string;
  /** More environment for every node. */
  readonly env?: Record<string, string>;
  /** Another Redis than the shared one (a private server the scenario kills). */
  readonly redisUrl?: string;
}

export interface NodeProcess {
  readonly id: string;
  /** Where it serves /metrics, /cluster, /readyz. */
  readonly port: number;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
}


export class ChaosCluster {
  readonly prefix: string;
  readonly schema: string;
  readonly shards: number;
  readonly leaseTtlMs: number;
  readonly nodes = new Map<string, NodeProcess>();
  readonly #extraEnv: Record<string, string>;
  readonly redisUrl: string;
  store!: RedisShardStore;
  database!: Database;
  repo!: ActorStateRepo;
  #started = 0;

  constructor(options: ClusterOptions = {}) {
    this.schema = uniqueName(options.label ?? 'chaos');
    this.prefix = `${this.schema}:`;
    this.shards = options.shards ?? 64;
    this.leaseTtlMs = options.leaseTtlMs ?? 3000;
    this.#extraEnv = options.env ?? {};
    this.redisUrl = options.redisUrl ?? redisUrl;
  }

  async open(): Promise<this> {
    this.store = await createRedisShardStore({ url: this.redisUrl, prefix: this.prefix });
    this.database = await openDatabase({ url: databaseUrl, schema: this.schema });
    await migrate(this.database.sql);
    this.repo = createActorStateRepo(this.database.sql);
    return this;
  }

  env(nodeId: string, port: number): Record<string, string> {
    return {
      REDIS_URL: this.redisUrl,
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: this.schema,
      KEY_PREFIX: this.prefix,
      SHARDS: String(this.shards),
      LEASE_TTL_MS: String(this.leaseTtlMs),
      NODE_ID: nodeId,
      PORT: String(port),
      LOG_LEVEL: 'info',
      WRITE_BEHIND_INTERVAL_MS: '200',
      ...this.#extraEnv,
    };
  }

  /** Starts a runtime node process; resolves once it serves /readyz. */
  async startNode(id = `node-${++this.#started}`, env: Record<string, string> = {}): Promise<NodeProcess> {
    const port = await freePort();
    const clean = { ...process.env };
    for (const name of ['REDIS_URL', 'DATABASE_URL', 'NODE_ID', 'PORT']) delete clean[name];
    const child = spawn(process.execPath, [...runtimeNodeFlags(), '--import', 'tsx', 'tests/chaos/node.ts'], {
      cwd: root,
      env: { ...clean, ...this.env(id, port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const node: NodeProcess = { id, port, child, exited, output: () => output };
    this.nodes.set(id, node);
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) throw new Error(`${id} exited during start:\n${output}`);
      if (await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.ok, () => false)) return node;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${id} not ready within 20 s:\n${output}`);
  }

  signal(id: string, signal: NodeJS.Signals): void {
    this.nodes.get(id)?.child.kill(signal);
  }

  view(): Promise<ClusterView> {
    return clusterView(this.store, this.shards, this.leaseTtlMs);
  }

  /** Shards owned per live node id. */
  async owned(): Promise<Map<string, number>> {
    const view = await this.view();
    return new Map(view.nodes.map((node) => [node.id, node.shards.length]));
  }

  /** Polls until `done(view)` holds; resolves to the milliseconds it took. */
  async waitFor(done: (view: ClusterView) => boolean, timeoutMs: number, what: string): Promise<number> {
    const started = Date.now();
    for (;;) {
      const view = await this.view();
      if (done(view)) return Date.now() - started;
      if (Date.now() - started > timeoutMs) {
        throw new Error(`${what}: not within ${timeoutMs} ms; by owner:\n  ${loadByOwner(view).join('\n  ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The end of what each node printed, for a failing test's message, then a digest of each node (what CI shows of a long message is its start and its end). */
  logs(): string {
    const nodes = [...this.nodes.values()];
    const tails = nodes.map((node) => `--- ${node.id}\n${node.output().slice(-4000)}`);
    const digest = nodes.map((node) => `${node.id}: ${processState(node.child)}; last warning or error: ${lastProblem(node.output()) ?? 'none'}`);
    return `${tails.join('\n')}\n--- digest\n${digest.join('\n')}`;
  }

  async close(): Promise<void> {
    for (const node of this.nodes.values()) {
      if (node.child.exitCode === null && node.child.signalCode === null) {
        node.child.kill('SIGCONT');
        node.child.kill('SIGKILL');
      }
      await node.exited;
    }
    await this.store.close().catch(() => undefined);
    await this.database.close();
    const redis = new Redis(this.redisUrl, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
    redis.on('error', () => {});
    try {
      await dropKeys(redis, this.prefix);
      await redis.quit();
    } catch {
      redis.disconnect(); // a private Redis the scenario already shut down
    }
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    await sql.unsafe(`drop schema if exists ${this.schema} cascade`);
    await sql.end();
  }
}
