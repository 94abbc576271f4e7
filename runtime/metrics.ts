// Prometheus metrics of a runtime node (prom-client). Each node has its own
// registry so several nodes in one process (tests, embedded mode) never clash.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface RuntimeMetrics {
  readonly registry: Registry;
  readonly processed: Counter<'outcome'>;
  readonly transitionSeconds: Histogram;
  readonly commitSeconds: Histogram;
  readonly queueWaitSeconds: Histogram;
  readonly deadLetters: Counter;
  readonly streamBacklog: Gauge;
  readonly writeBehindLag: Gauge;
  readonly writeBehindLagSeconds: Gauge;
  readonly writeBehindRoundSeconds: Histogram;
  readonly ownedShards: Gauge;
  readonly leasesLost: Counter;
  readonly messagesPruned: Counter;
  /** Requests to actors as a client (bot, ops, simulation) sees them, by outcome. */
  readonly commandSeconds: Histogram<'outcome'>;
  readonly commands: Counter<'type' | 'outcome'>;
}

export function createRuntimeMetrics(options: { defaults?: boolean } = {}): RuntimeMetrics {
  const registry = new Registry();
  if (options.defaults) collectDefaultMetrics({ register: registry });
  return {
    registry,
    processed: new Counter({
      name: 'runtime_messages_processed_total',
      help: 'Messages processed, by outcome (applied, refused, stale, duplicate, dead)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    transitionSeconds: new Histogram({
      name: 'runtime_transition_seconds',
      help: 'Time to validate and run one transition',
      buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
      registers: [registry],
    }),
    commitSeconds: new Histogram({
      name: 'runtime_commit_seconds',
      help: 'Time of one atomic commit script call (a batch of messages)',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
      registers: [registry],
    }),
    queueWaitSeconds: new Histogram({
      name: 'runtime_queue_wait_seconds',
      help: 'How long the oldest message of a batch waited in its inbox stream before the batch started (from its stream entry id, on the cluster clock)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    deadLetters: new Counter({ name: 'runtime_dead_letters_total', help: 'Messages moved to the dead-letter stream', registers: [registry] }),
    streamBacklog: new Gauge({ name: 'runtime_stream_backlog', help: 'Inbox entries not yet processed on owned shards', registers: [registry] }),
    writeBehindLag: new Gauge({ name: 'runtime_write_behind_lag_actors', help: 'Actors whose newest state PostgreSQL does not have yet', registers: [registry] }),
    writeBehindLagSeconds: new Gauge({
      name: 'runtime_write_behind_lag_seconds',
      help: 'Seconds since the write-behind flusher last caught up completely',
      registers: [registry],
    }),
    writeBehindRoundSeconds: new Histogram({
      name: 'runtime_write_behind_round_seconds',
      help: 'Time of one write-behind round (read what is dirty, write it to PostgreSQL, clear the marks); a Redis without persistence can lose what was acknowledged within the interval plus this',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    ownedShards: new Gauge({ name: 'runtime_owned_shards', help: 'Shards this node owns', registers: [registry] }),
    leasesLost: new Counter({
      name: 'runtime_leases_lost_total',
      help: 'Shards this node stopped owning without handing them over (lease expired or fenced): a node too busy to renew, or a network split',
      registers: [registry],
    }),
    messagesPruned: new Counter({
      name: 'runtime_messages_pruned_total',
      help: 'Logged messages deleted from actor_messages past MESSAGE_RETENTION_DAYS (by the node owning shard 0)',
      registers: [registry],
    }),
    commandSeconds: new Histogram({
      name: 'game_command_seconds',
      help: 'Time from sending a command to an actor to its reply, as the client sees it, by outcome (ok, refused, timeout, failed)',
      labelNames: ['outcome'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    commands: new Counter({
      name: 'game_commands_total',
      help: 'Commands sent to actors by this process, by event type and outcome',
      labelNames: ['type', 'outcome'],
      registers: [registry],
    }),
  };
}
