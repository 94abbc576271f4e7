// actor_messages keeps processed messages for MESSAGE_RETENTION_DAYS (DESIGN §5
// "retention configurable"); one node (the owner of LEADER_SHARD, node.ts)
// deletes older ones every few minutes.
import type { Logger } from 'pino';
import type { ActorStateRepo } from '../storage/index.ts';
import type { RuntimeMetrics } from './metrics.ts';

/** Rows per statement, and statements per round: a backlog goes in later rounds, never holding the table long. */
const BATCH = 5_000;
const BATCHES = 100;

export interface MessageRetentionDeps {
  readonly repo: Pick<ActorStateRepo, 'pruneMessages'>;
  readonly metrics: Pick<RuntimeMetrics, 'messagesPruned'>;
  readonly logger: Logger;
}

/** One round: deletes logged messages older than `before` (epoch ms), oldest first; resolves to how many went. */
export async function pruneMessageLog(deps: MessageRetentionDeps, before: number, signal: AbortSignal): Promise<number> {
  let pruned = 0;
  for (let batch = 0; batch < BATCHES && !signal.aborted; batch++) {
    const deleted = await deps.repo.pruneMessages(before, BATCH);
    pruned += deleted;
    deps.metrics.messagesPruned.inc(deleted);
    if (deleted < BATCH) break;
  }
  if (pruned > 0) deps.logger.info({ pruned, before: new Date(before).toISOString() }, 'deleted logged messages past retention');
  return pruned;
}
