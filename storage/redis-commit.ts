// The Redis store's writes on the hot path, batched per turn of the event loop
// (storage/tick-batcher.ts): the step script (storage/lua/step-8.lua), several
// shards' batches in one call, each shard with its own keys and epoch, with
// the requesters' answers in the same atomic steps; and the publish script.
import { StorageError, StorageErrorCodes, scriptError } from './errors.ts';
import { CONSUMER_GROUP, type ShardKeys } from './keys.ts';
import { runScript } from './scripts.ts';
import { REPLY_STREAM_MAX_LEN, REPLY_STREAM_TTL_MS, type CommitResult, type CommitStep } from './shard-store.ts';
import { TickBatcher, type ItemOutcome } from './tick-batcher.ts';
import type { Redis } from 'ioredis';

/** One shard's batch of a step-script call. */
export interface ShardCommit {
  readonly shard: number;
  readonly epoch: number;
  readonly steps: readonly CommitStep[];
}

/** Entries for one stream of a publish-script call. */
export interface Publication {
  readonly stream: string;
  readonly bodies: readonly string[];
  readonly maxLen: number;
  readonly ttlMs: number | undefined;
}

/**
 * Bounds of one batched script call: shards or streams, and messages or
 * entries. A call blocks Redis while it runs (~15 µs a message here,
 * bench/RESULTS.md): 1,000 messages keep that near 15 ms.
 */
const BATCHED_CALL_MAX_ITEMS = 64;
const BATCHED_CALL_MAX_WEIGHT = 1_000;

/** Commits and publishes made in one turn of the event loop, sent as one script call each. */
export class BatchedWrites {
  readonly #redis: Redis;
  readonly #cluster: boolean;
  readonly #settings: StepScriptSettings;
  readonly #commits: TickBatcher<ShardCommit, CommitResult[]>;
  readonly #publications: TickBatcher<Publication, true>;

  /** On Redis Cluster a script's keys must share a slot: one shard, or one stream, per call. */
  constructor(redis: Redis, cluster: boolean, settings: Omit<StepScriptSettings, 'repliesInScript'>) {
    this.#redis = redis;
    this.#cluster = cluster;
    // On a cluster a script cannot reach a reply stream (another slot): the answers follow the commit.
    this.#settings = { ...settings, repliesInScript: !cluster };
    const maxItems = cluster ? 1 : BATCHED_CALL_MAX_ITEMS;
    this.#commits = new TickBatcher({
      send: (commits) => this.#commitShards(commits),
      maxItems,
      maxWeight: BATCHED_CALL_MAX_WEIGHT,
      weight: (commit) => commit.steps.length,
    });
    this.#publications = new TickBatcher({
      send: (publications) => this.#publishStreams(publications),
      maxItems,
      maxWeight: BATCHED_CALL_MAX_WEIGHT,
      weight: (publication) => publication.bodies.length,
    });
  }

  commit(commit: ShardCommit): Promise<CommitResult[]> {
    return this.#commits.add(commit);
  }

  async publish(publication: Publication): Promise<void> {
    await this.#publications.add(publication);
  }

  async #commitShards(commits: readonly ShardCommit[]): Promise<ItemOutcome<CommitResult[]>[]> {
    const outcomes = await runStepScript(this.#redis, commits, this.#settings);
    if (this.#cluster) {
      // An answer lost here is not lost for good: the requester's retry (same
      // message id) is answered from the de-duplication record.
      await Promise.all(
        [...answersAfterCommit(commits, outcomes)].map(([stream, bodies]) =>
          this.publish({ stream, bodies, maxLen: REPLY_STREAM_MAX_LEN, ttlMs: REPLY_STREAM_TTL_MS }).catch(() => undefined),
        ),
      );
    }
    return outcomes;
  }

  async #publishStreams(publications: readonly Publication[]): Promise<true[]> {
    const args: (string | number)[] = [];
    for (const { bodies, maxLen, ttlMs } of publications) args.push(maxLen, ttlMs ?? 0, bodies.length, ...bodies);
    await runScript(this.#redis, 'publish', publications.map((publication) => publication.stream), args);
    return publications.map(() => true);
  }
}

export interface StepScriptSettings {
  readonly keysOf: (shard: number) => ShardKeys;
  readonly dedupTtlMs: number;
  readonly jsonModule: boolean;
  /** Approximate cap of the events and dead-letter streams. */
  readonly maxLen: number;
  /** False on Redis Cluster, where a script cannot reach a reply stream (another slot). */
  readonly repliesInScript: boolean;
}

/** Commits the batches in one call; a fenced shard's batch is refused alone (its outcome is the error). */
async function runStepScript(
  redis: Redis,
  commits: readonly ShardCommit[],
  settings: StepScriptSettings,
): Promise<ItemOutcome<CommitResult[]>[]> {
  const keys: string[] = [];
  const replyStreams = new Map<string, number>();
  const args: (string | number)[] = [
    CONSUMER_GROUP, settings.dedupTtlMs, settings.jsonModule ? '1' : '0', settings.maxLen, commits.length,
    REPLY_STREAM_MAX_LEN, REPLY_STREAM_TTL_MS,
  ];
  for (const { shard, epoch, steps } of commits) {
    const k = settings.keysOf(shard);
    keys.push(k.inbox, k.outbox, k.events, k.log, k.versions, k.dirty, k.epoch, k.dead);
    args.push(k.tag, epoch, 0, steps.length);
    // Filled in below: how many arguments the batch's messages take, so a fenced batch is skipped whole.
    const lengthAt = args.length - 2;
    for (const step of steps) {
      let replyIndex = 0;
      if (step.reply && settings.repliesInScript) {
        replyIndex = replyStreams.get(step.reply.stream) ?? replyStreams.size + 1;
        replyStreams.set(step.reply.stream, replyIndex);
      }
      args.push(step.streamId, step.messageId, step.address, step.expectedVersion, step.version, step.state, step.dedupValue);
      args.push(replyIndex, replyIndex === 0 ? '' : step.reply!.head);
      args.push(step.outbox.length, ...step.outbox, step.events.length, ...step.events, step.log, step.dead);
    }
    args[lengthAt] = args.length - lengthAt - 2;
  }
  keys.push(...replyStreams.keys());
  const reply = await runScript(redis, 'step', keys, args);
  if (!Array.isArray(reply) || reply.length !== commits.length) {
    throw new StorageError(StorageErrorCodes.BAD_SCRIPT_REPLY, `step replied ${JSON.stringify(reply)} for ${commits.length} shards`);
  }
  return commits.map((commit, i) => shardResults(commit, reply[i]));
}

/**
 * The answers of committed steps, by reply stream, for a store that could not
 * send them from the script (Redis Cluster): a duplicate's is the stored one.
 */
function answersAfterCommit(commits: readonly ShardCommit[], outcomes: readonly ItemOutcome<CommitResult[]>[]): Map<string, string[]> {
  const lines = new Map<string, string[]>();
  commits.forEach((commit, c) => {
    const results = outcomes[c];
    if (!results || results instanceof Error) return;
    commit.steps.forEach((step, i) => {
      const result = results[i];
      if (!step.reply || !result || result.status === 'conflict') return;
      const answer = result.status === 'duplicate' ? result.stored : step.dedupValue;
      if (answer === '') return;
      const list = lines.get(step.reply.stream) ?? [];
      list.push(`${step.reply.head}${answer}}`);
      lines.set(step.reply.stream, list);
    });
  });
  return lines;
}

/** A shard's part of the script's reply: (code, value) per message, or -1 when fenced. */
function shardResults(commit: ShardCommit, reply: unknown): ItemOutcome<CommitResult[]> {
  if (typeof reply === 'number') return scriptError('step', reply);
  if (!Array.isArray(reply) || reply.length !== commit.steps.length * 2) {
    return new StorageError(StorageErrorCodes.BAD_SCRIPT_REPLY, `step replied ${JSON.stringify(reply)} for shard ${commit.shard}`);
  }
  const results: CommitResult[] = [];
  for (let i = 0; i < reply.length; i += 2) {
    const code = reply[i] as number;
    const value = String(reply[i + 1]);
    if (code === 1) results.push({ status: 'applied' });
    else if (code === 2) results.push({ status: 'duplicate', stored: value });
    else results.push({ status: 'conflict', current: Number(value) });
  }
  return results;
}
