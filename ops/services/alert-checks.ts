// The console's alert conditions (services/alerts.ts), each a small check over
// what any process can see: the store, PostgreSQL, the cluster view, the
// queues and the shards' message logs. Stateful where "for longer than" or
// "growing" needs memory of earlier rounds.
import { Redis } from 'ioredis';
import { clusterView, withTimeout } from '../../runtime/index.ts';
import { incidentKey, type ActorStateRepo, type OpsRepo, type ShardStore } from '../../storage/index.ts';
import type { AlertCheck, AlertKey, IncidentClaims } from './alerts.ts';
import type { QueueInspector } from './queues.ts';
import type { TelemetryReader } from './telemetry.ts';

export interface AlertBounds {
  /** Write-behind: the oldest message PostgreSQL does not have yet may be this old. */
  readonly writeBehindMs: number;
  /** A timer or scheduled job this late means nobody is firing them. */
  readonly schedulerStallMs: number;
  /** Dead letters stop "growing" after this long without a new one. */
  readonly deadLetterQuietMs: number;
  /** A lease holder gone for this long leaves its shard unowned (the lease TTL). */
  readonly leaseTtlMs: number;
  /** Lost leases stop alerting after this long without a new loss. */
  readonly leaseLossQuietMs: number;
  /** The leaderboards may be this far behind the public events. */
  readonly projectionLagMs: number;
  /** How long "Redis lost its data" stays up after the live state restarted from PostgreSQL. */
  readonly liveStateLostMs: number;
}

export interface AlertCheckDeps {
  readonly store: ShardStore;
  readonly repo: OpsRepo;
  /** Whether PostgreSQL held the cluster before Redis did (Redis lost its data). */
  readonly actors: Pick<ActorStateRepo, 'storedBefore'>;
  readonly queues: QueueInspector;
  readonly shards: number;
  readonly bounds: AlertBounds;
  /** Redis is distributed mode only; the embedded store cannot be unreachable. */
  readonly distributed: boolean;
  /** The processes' metric samples: lease losses and projection lag are only seen by the node concerned. */
  readonly telemetry: Pick<TelemetryReader, 'leaseLossesSince' | 'projectionLags'>;
}

const list = (items: readonly (string | number)[], max = 8): string => (items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', '));

export function alertChecks(deps: AlertCheckDeps): AlertCheck[] {
  const { store, repo, queues, shards, bounds } = deps;
  const unownedSince = new Map<number, number>();
  let deadCount: number | null = null;
  let lastDeadGrowth = 0;

  const reachability = (key: AlertKey, title: string, probe: () => Promise<unknown>): AlertCheck => ({
    key,
    title,
    async evaluate() {
      try {
        await withTimeout(probe(), 3_000, title.split(' ')[0]!);
        return { firing: false, detail: '' };
      } catch (error) {
        return { firing: true, detail: error instanceof Error ? error.message : String(error) };
      }
    },
  });

  const checks: AlertCheck[] = [
    reachability('postgres', 'PostgreSQL unreachable', () => repo.ping()),
    {
      key: 'shard-unowned',
      title: 'Shard unowned longer than its lease',
      causes: ['redis'],
      async evaluate(now) {
        const view = await clusterView(store, shards, bounds.leaseTtlMs);
        for (const shard of view.shards) {
          if (shard.owner !== null) unownedSince.delete(shard.shard);
          else if (!unownedSince.has(shard.shard)) unownedSince.set(shard.shard, now);
        }
        const long = [...unownedSince].filter(([, since]) => now - since > bounds.leaseTtlMs).map(([shard]) => shard).sort((a, b) => a - b);
        return { firing: long.length > 0, detail: `shard(s) ${list(long)} have had no owner for over ${bounds.leaseTtlMs} ms; ${view.totals.nodes} node(s) alive` };
      },
    },
    {
      key: 'leases-lost',
      title: 'Shard leases lost',
      causes: ['redis'],
      async evaluate(now) {
        const losses = deps.telemetry.leaseLossesSince(now - bounds.leaseLossQuietMs);
        const total = losses.reduce((sum, loss) => sum + loss.count, 0);
        const nodes = [...new Set(losses.map((loss) => loss.source))];
        const minutes = Math.round(bounds.leaseLossQuietMs / 60_000);
        return {
          firing: total > 0,
          detail: `${total} shard lease(s) lost without a hand-over in the last ${minutes} min, on ${list(nodes)}: a node too busy to renew within the lease TTL, or cut off from Redis (runtime_leases_lost_total)`,
        };
      },
    },
    {
      key: 'dead-letters',
      title: 'Dead letters growing',
      causes: ['redis'],
      async evaluate(now) {
        const stats = await Promise.all(Array.from({ length: shards }, (_, shard) => store.stats(shard)));
        const total = stats.reduce((sum, stat) => sum + stat.dead, 0);
        if (deadCount !== null && total > deadCount) lastDeadGrowth = now;
        const grew = total - (deadCount ?? total);
        deadCount = total;
        const growing = lastDeadGrowth > 0 && now - lastDeadGrowth < bounds.deadLetterQuietMs;
        return { firing: growing, detail: `${total} dead letter(s)${grew > 0 ? `, ${grew} new since the last look` : ''}; inspect them on the dead letters page` };
      },
    },
    {
      key: 'scheduler',
      title: 'Scheduler stalled',
      causes: ['redis'],
      async evaluate(now) {
        const late = (await queues.health(now)).filter((queue) => queue.overdueMs > bounds.schedulerStallMs);
        return { firing: late.length > 0, detail: late.map((queue) => `${queue.queue}: a job ${Math.round(queue.overdueMs / 1000)} s overdue`).join('; ') || 'on time' };
      },
    },
    {
      key: 'projection-lag',
      title: 'Leaderboards behind the game',
      causes: ['redis'],
      async evaluate(now) {
        const lags = deps.telemetry.projectionLags(now);
        const behind = lags.filter((lag) => lag.lagSeconds * 1000 > bounds.projectionLagMs);
        const bound = `bound ${Math.round(bounds.projectionLagMs / 1000)} s, projection_lag_seconds`;
        return {
          firing: behind.length > 0,
          detail: behind.length > 0
            ? `${behind.map((lag) => `${lag.projection} is ${Math.round(lag.lagSeconds)} s behind the public events (on ${lag.source})`).join('; ')} (${bound})`
            : `${lags.map((lag) => `${lag.projection} ${Math.round(lag.lagSeconds)} s behind`).join('; ') || 'no projection reported'} (${bound})`,
        };
      },
    },
    {
      key: 'write-behind',
      title: 'Write-behind lag over its bound',
      causes: ['redis', 'postgres'],
      async evaluate(now) {
        const oldest = await Promise.all(
          Array.from({ length: shards }, async (_, shard) => {
            const [first] = await store.readStream(shard, 'log', 1);
            return first ? Number(first.id.split('-')[0]) : null;
          }),
        );
        const times = oldest.filter((at): at is number => at !== null);
        const lag = times.length === 0 ? 0 : now - Math.min(...times);
        return { firing: lag > bounds.writeBehindMs, detail: `the oldest message not yet in PostgreSQL is ${Math.round(lag / 1000)} s old (bound ${Math.round(bounds.writeBehindMs / 1000)} s)` };
      },
    },
  ];
  if (deps.distributed) {
    checks.unshift(reachability('redis', 'Redis unreachable', () => store.serverTime()));
    checks.push(liveStateLost(deps));
  }
  return checks;
}

/** Actor states written this long before Redis's mark count as older than it (node clocks differ). */
const CLOCK_MARGIN_MS = 60_000;

/**
 * Redis without the cluster's mark (runtime/node.ts sets it) while PostgreSQL
 * holds actors from before: Redis lost its data (restarted without
 * persistence, or replaced), the actors went back to their PostgreSQL copies
 * and acknowledged messages of the write-behind window may be lost. Up until a
 * node marks Redis again, then for `liveStateLostMs` after.
 */
function liveStateLost(deps: AlertCheckDeps): AlertCheck {
  return {
    key: 'live-state-lost',
    title: 'Redis lost its data',
    causes: ['redis', 'postgres'],
    async evaluate(now) {
      const mark = await deps.store.liveMark();
      if (!mark) {
        const older = await deps.actors.storedBefore(now);
        return {
          firing: older,
          detail: older ? 'Redis holds no mark of this cluster although PostgreSQL has its actors: it lost its data, and no runtime node has noticed yet' : 'no mark yet: no runtime node has started',
        };
      }
      const at = new Date(mark.since).toISOString();
      if (now - mark.since > deps.bounds.liveStateLostMs) return { firing: false, detail: `Redis has held this cluster since ${at} (marked by ${mark.by})` };
      const lost = await deps.actors.storedBefore(mark.since - CLOCK_MARGIN_MS);
      return {
        firing: lost,
        detail: lost
          ? `Redis held none of this cluster's state at ${at}: it lost its data (restarted without persistence?) or was replaced. Actors went on from their PostgreSQL copies, so messages acknowledged within the write-behind window before that may be lost; ${mark.by} armed the pending timers again. Shown for ${Math.round(deps.bounds.liveStateLostMs / 60_000)} min.`
          : `Redis has held this cluster since ${at} (marked by ${mark.by}, at the cluster's first start)`,
      };
    },
  };
}

/** Incident claims in Redis: the first ops process to SET the key notifies. */
export class RedisIncidentClaims implements IncidentClaims {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(url: string, prefix: string) {
    this.#redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    this.#redis.on('error', () => {});
    this.#prefix = prefix;
  }

  async claim(key: AlertKey): Promise<boolean> {
    return (await this.#redis.set(incidentKey(this.#prefix, key), String(Date.now()), 'PX', 7 * 24 * 3600_000, 'NX')) === 'OK';
  }

  async release(key: AlertKey): Promise<boolean> {
    return (await this.#redis.del(incidentKey(this.#prefix, key))) === 1;
  }

  close(): void {
    this.#redis.disconnect();
  }
}
