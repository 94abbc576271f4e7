// Processes one batch of a shard's inbox: load the actors it needs, apply each
// message in order (one at a time per actor, the batch's actors side by side),
// and commit the whole batch in one script call in which every message is its
// own atomic step (DESIGN §4). Versions that moved under us are retried.
import type { Logger } from 'pino';
import type { ActorRow, ActorStateRepo, CommitStep, InboxEntry, ReplyTarget, ShardStore } from '../storage/index.ts';
import { shardOf } from './address.ts';
import type { ActorCache, CachedActor } from './actor-cache.ts';
import type { Clock } from './clock.ts';
import { RuntimeError, RuntimeErrorCodes } from './errors.ts';
import { decodeEnvelope, encodeEnvelope, type Envelope } from './envelope.ts';
import type { ActorKind, KindRegistry } from './kinds.ts';
import type { RuntimeMetrics } from './metrics.ts';
import type { FlagSnapshot } from './flags.ts';
import { encodeOutbox } from './outbox.ts';
import { decodeRecord, encodeRecord, step, type ReplyBody, type StepResult } from './step.ts';
import { timerJob, timerJobId, type TimerService } from './timers/timer-service.ts';
import { withTimeout } from './sleep.ts';

export interface BatchContext {
  readonly store: ShardStore;
  readonly kinds: KindRegistry;
  readonly clock: Clock;
  readonly shards: number;
  /** Durable copy of actor states: where an actor missing from Redis is loaded from. */
  readonly durable?: Pick<ActorStateRepo, 'loadMany'>;
  readonly metrics: RuntimeMetrics;
  readonly logger: Logger;
  readonly deadLetterAfter: number;
  /** Re-arms the pending timers of actors restored from PostgreSQL. */
  readonly timers: Pick<TimerService, 'arm'>;
  /** Runtime feature flags in force (runtime/flags.ts); undefined when none are set. */
  readonly flags?: () => FlagSnapshot | undefined;
}

// A lookup takes milliseconds; one that hangs (PostgreSQL unreachable without
// the connection closing) must not hold the whole shard.
const LOOKUP_LIMIT_MS = 5_000;

interface Prepared {
  readonly step: CommitStep;
  readonly envelope?: Envelope;
  /** The actor's state after this step, when the step writes one. */
  readonly next?: { address: string; actor: CachedActor };
  readonly outcome: 'applied' | 'refused' | 'stale' | 'dead';
}

const MAX_CONFLICT_ROUNDS = 3;

export interface BatchOutcome {
  /**
   * Entries put off: those of actors that are in neither Redis nor the cache
   * and could not be looked up in PostgreSQL (it is away), plus every later
   * entry for the same actors (`blocked`), so that each actor keeps its order.
   */
  readonly deferred: InboxEntry[];
  /** True when a committed step wrote to the outbox, which the relay must move on. */
  readonly outbox: boolean;
}

/**
 * How long the oldest of the entries has been in its stream: a stream entry id
 * starts with the milliseconds it was appended at (Redis server time, or the
 * embedded store's clock), which is the clock the runtime runs on.
 */
function oldestWaitMs(entries: readonly InboxEntry[], now: number): number {
  let oldest = now;
  for (const entry of entries) {
    const appendedAt = Number.parseInt(entry.streamId, 10);
    if (appendedAt < oldest) oldest = appendedAt;
  }
  return now - oldest;
}

/** Processes a batch; every actor whose state can be had is served. */
export async function processBatch(
  ctx: BatchContext,
  shard: number,
  epoch: number,
  entries: readonly InboxEntry[],
  cache: ActorCache,
  blocked: Set<string> = new Set(),
): Promise<BatchOutcome> {
  ctx.metrics.queueWaitSeconds.observe(oldestWaitMs(entries, ctx.clock.now()) / 1000);
  const deferred: InboxEntry[] = [];
  let outbox = false;
  let todo = entries;
  for (let round = 0; round < MAX_CONFLICT_ROUNDS && todo.length > 0; round++) {
    const decoded = todo.map((entry) => ({ entry, decoded: decodeEnvelope(entry.body) }));
    const wanted = new Set<string>();
    for (const { decoded: d } of decoded) if (d.ok && !cache.has(d.envelope.to) && !blocked.has(d.envelope.to)) wanted.add(d.envelope.to);
    for (const address of await loadActors(ctx, shard, [...wanted], cache)) blocked.add(address);
    const ready = decoded.filter(({ entry, decoded: d }) => {
      if (!d.ok || !blocked.has(d.envelope.to)) return true;
      deferred.push(entry);
      return false;
    });
    if (ready.length === 0) {
      todo = [];
      break;
    }

    const working = new Map<string, CachedActor>();
    const prepared = ready.map(({ entry, decoded: d }) => {
      if (!d.ok) return deadLetter(ctx, entry, undefined, d.error, 1);
      // Tries so far: the first owner's, plus one per takeover before this one.
      const tries = 'attempts' in entry ? Number(entry.attempts) : 0;
      if (tries >= ctx.deadLetterAfter) {
        // Taken up again and again and never finished: it is most likely killing
        // the nodes that process it. Set it aside, unprocessed.
        const error = new RuntimeError(RuntimeErrorCodes.POISON, `tried ${tries} times by nodes that never finished it`);
        return deadLetter(ctx, entry, d.envelope, error, tries);
      }
      return prepare(ctx, shard, entry, d.envelope, working, cache);
    });
    const started = performance.now();
    const results = await ctx.store.commit(shard, epoch, prepared.map((p) => p.step));
    ctx.metrics.commitSeconds.observe((performance.now() - started) / 1000);

    const conflicted: InboxEntry[] = [];
    // Counted per batch: a labelled counter per message costs more than the step's own bookkeeping.
    const outcomes = new Map<string, number>();
    const count = (outcome: string): void => {
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    };
    // Requesters were answered by the commit itself (ReplyTarget), duplicates included.
    results.forEach((result, i) => {
      const p = prepared[i]!;
      const address = p.envelope?.to;
      if (result.status === 'applied') {
        if (p.next) cache.set(p.next.address, p.next.actor);
        count(p.outcome);
        if (p.outcome === 'dead') ctx.metrics.deadLetters.inc();
        if (p.step.outbox.length > 0) outbox = true;
      } else if (result.status === 'duplicate') {
        if (address) cache.delete(address);
        count('duplicate');
      } else {
        if (address) cache.delete(address);
        conflicted.push(ready[i]!.entry);
      }
    });
    for (const [outcome, n] of outcomes) ctx.metrics.processed.inc({ outcome }, n);
    todo = conflicted;
  }
  if (todo.length > 0) {
    ctx.logger.warn({ shard, count: todo.length }, 'messages left pending after repeated version conflicts');
  }
  return { deferred, outbox };
}

/** Loads actors into the cache; resolves to those that could not be looked up (PostgreSQL away). */
async function loadActors(ctx: BatchContext, shard: number, addresses: readonly string[], cache: ActorCache): Promise<string[]> {
  if (addresses.length === 0) return [];
  const stored = await ctx.store.load(shard, addresses);
  const missing = addresses.filter((address) => !stored.has(address));
  const inPostgres = new Map<string, ActorRow>();
  if (missing.length > 0 && ctx.durable) {
    // One query for all of them: after Redis lost its data every actor of a batch is missing.
    try {
      const rows = await withTimeout(ctx.durable.loadMany(missing), LOOKUP_LIMIT_MS, 'the lookup of actors missing from Redis');
      for (const row of rows) inPostgres.set(row.address, row);
    } catch (error) {
      ctx.logger.warn({ shard, actors: missing.length, err: error }, 'actors not in Redis and PostgreSQL unreachable; their messages wait');
      return missing;
    }
  }
  await Promise.all(
    addresses.map(async (address) => {
      let actor = stored.get(address);
      const row = inPostgres.get(address);
      if (!actor && row) {
        const restored = { version: row.version, state: row.state };
        // Someone may have written it meanwhile: the hydrate script keeps the newer copy.
        actor = (await ctx.store.hydrate(shard, address, restored))
          ? restored
          : (await ctx.store.load(shard, [address])).get(address);
        ctx.logger.info({ address, version: row.version }, 'actor restored from PostgreSQL');
      }
      if (!actor) {
        cache.set(address, { version: 0, record: null });
        return;
      }
      try {
        const { kind } = ctx.kinds.forAddress(address);
        const record = decodeRecord(kind, actor.state);
        cache.set(address, { version: actor.version, record });
        // Timer jobs lived in the Redis that lost this actor: arm its pending timers
        // again (same job ids, so a job that survived is not doubled).
        if (row) {
          await Promise.all(Object.entries(record.timers).map(([id, timer]) => ctx.timers.arm(timerJob(address, shard, { id, seq: timer.seq, due: timer.due }))));
        }
      } catch (error) {
        cache.set(address, { version: actor.version, record: null, corrupt: String(error) });
      }
    }),
  );
  return [];
}

function prepare(
  ctx: BatchContext,
  shard: number,
  entry: InboxEntry,
  envelope: Envelope,
  working: Map<string, CachedActor>,
  cache: ActorCache,
): Prepared {
  let kind: ActorKind;
  let id: string;
  try {
    ({ kind, id } = ctx.kinds.forAddress(envelope.to));
  } catch (error) {
    const refused = error instanceof RuntimeError ? error : new RuntimeError(RuntimeErrorCodes.BAD_ADDRESS, String(error));
    return refusedStep(ctx, entry, envelope, { ok: false, code: refused.code, message: refused.message });
  }
  if (shardOf(envelope.to, ctx.shards) !== shard) {
    const error = new RuntimeError(RuntimeErrorCodes.MALFORMED_MESSAGE, `${envelope.to} does not live on shard ${shard}`);
    return deadLetter(ctx, entry, envelope, error, 1);
  }
  const actor = working.get(envelope.to) ?? cache.get(envelope.to) ?? { version: 0, record: null };
  if (actor.corrupt) {
    return deadLetter(ctx, entry, envelope, new RuntimeError(RuntimeErrorCodes.TRANSITION_FAILED, actor.corrupt), 1);
  }

  const at = ctx.clock.now();
  const flags = ctx.flags?.();
  let result: StepResult | undefined;
  let lastError: unknown;
  let tries = 0;
  // Transitions are pure, so a throw is nearly always a bug; the retries are for
  // the rare transient failure (e.g. memory pressure) before giving up.
  while (!result && tries < ctx.deadLetterAfter) {
    tries++;
    const started = performance.now();
    try {
      result = step({ kind, id, version: actor.version, record: actor.record, envelope, at, ...(flags ? { flags: flags.values } : {}) });
    } catch (error) {
      lastError = error;
      ctx.logger.warn({ address: envelope.to, message: envelope.id, tries, err: error }, 'transition threw');
    } finally {
      ctx.metrics.transitionSeconds.observe((performance.now() - started) / 1000);
    }
  }
  if (!result) return deadLetter(ctx, entry, envelope, lastError, tries);
  if (result.outcome === 'refused') return refusedStep(ctx, entry, envelope, result.reply);
  if (result.outcome === 'stale') return noChange(entry, envelope, 'stale', '');

  const effectiveAt = result.at;
  const next: CachedActor = { version: result.version, record: result.record };
  working.set(envelope.to, next);
  const outbox: string[] = [];
  for (const send of result.sends) {
    outbox.push(encodeOutbox({ t: 'msg', shard: shardOf(send.to, ctx.shards), body: encodeEnvelope(send) }));
  }
  for (const cancel of result.cancel) outbox.push(encodeOutbox({ t: 'cancel', jobId: timerJobId(envelope.to, cancel.id, cancel.seq) }));
  for (const timer of result.arm) outbox.push(encodeOutbox({ t: 'arm', ...timerJob(envelope.to, shard, timer) }));
  for (const notify of result.notifies) {
    outbox.push(encodeOutbox({ t: 'notify', body: JSON.stringify({ id: `${envelope.id}/n${outbox.length}`, from: envelope.to, at: effectiveAt, ...notify }) }));
  }
  const replyJson = JSON.stringify(result.reply);
  const events = result.emits.map((emit) => JSON.stringify({ room: emit.room, from: envelope.to, at: effectiveAt, version: result.version, event: emit.event }));
  // Built by hand around texts already encoded (the message as it arrived, the
  // reply): this runs for every message, and the log is half its JSON work.
  // With `at` and the message id (the seed's source) the message replays exactly.
  let effects = `{"reply":${replyJson}`;
  if (result.sends.length > 0) effects += `,"sends":${JSON.stringify(result.sends)}`;
  if (result.emits.length > 0) effects += `,"emits":${JSON.stringify(result.emits)}`;
  if (result.notifies.length > 0) effects += `,"notifies":${JSON.stringify(result.notifies)}`;
  if (result.records.length > 0) effects += `,"records":${JSON.stringify(result.records)}`;
  if (result.arm.length > 0) effects += `,"arm":${JSON.stringify(result.arm)}`;
  if (result.cancel.length > 0) effects += `,"cancel":${JSON.stringify(result.cancel)}`;
  // An input, not an effect, kept beside them so a replay feeds the machine the flags it saw.
  if (flags) effects += `,"flags":${flags.json}`;
  const log = `{"address":${JSON.stringify(envelope.to)},"version":${result.version},"id":${JSON.stringify(envelope.id)},"at":${effectiveAt},"message":${entry.body},"effects":${effects}}}`;
  return {
    envelope,
    outcome: 'applied',
    next: { address: envelope.to, actor: next },
    step: {
      streamId: entry.streamId,
      messageId: envelope.id,
      address: envelope.to,
      expectedVersion: actor.version,
      version: result.version,
      state: encodeRecord(kind, result.record),
      dedupValue: replyJson,
      ...replyTarget(envelope),
      outbox,
      events,
      log,
      dead: '',
    },
  };
}

/** Where the requester of `envelope` waits for its answer; none for a one-way message. */
function replyTarget(envelope: Envelope): { reply?: ReplyTarget } {
  if (!envelope.replyTo) return {};
  return { reply: { stream: envelope.replyTo, head: `{"corr":${JSON.stringify(envelope.corr ?? envelope.id)},"body":` } };
}

function noChange(entry: InboxEntry, envelope: Envelope | undefined, outcome: Prepared['outcome'], dedupValue: string, dead = ''): Prepared {
  return {
    ...(envelope ? { envelope } : {}),
    outcome,
    step: {
      streamId: entry.streamId,
      // An undecodable entry has no message id of its own; its stream entry id stands in.
      messageId: envelope?.id ?? `entry:${entry.streamId}`,
      address: '',
      expectedVersion: 0,
      version: 0,
      state: '',
      dedupValue,
      ...(envelope ? replyTarget(envelope) : {}),
      outbox: [],
      events: [],
      log: '',
      dead,
    },
  };
}

function refusedStep(ctx: BatchContext, entry: InboxEntry, envelope: Envelope, reply: ReplyBody): Prepared {
  ctx.logger.debug({ address: envelope.to, message: envelope.id, reply }, 'message refused');
  const replyJson = JSON.stringify(reply);
  return noChange(entry, envelope, 'refused', replyJson);
}

function deadLetter(ctx: BatchContext, entry: InboxEntry, envelope: Envelope | undefined, error: unknown, tries: number): Prepared {
  const code = error instanceof RuntimeError ? error.code : RuntimeErrorCodes.TRANSITION_FAILED;
  const message = error instanceof Error ? error.message : String(error);
  ctx.logger.error({ shard: entry.shard, address: envelope?.to, message: envelope?.id, tries, code, error: message }, 'message dead-lettered');
  const reply: ReplyBody = { ok: false, code, message: `the message could not be processed: ${message}` };
  const replyJson = JSON.stringify(reply);
  const dead = JSON.stringify({
    streamId: entry.streamId,
    id: envelope?.id,
    to: envelope?.to,
    body: entry.body.slice(0, 65_536),
    code,
    error: message,
    stack: error instanceof Error ? error.stack?.split('\n').slice(0, 8).join('\n') : undefined,
    tries,
    at: ctx.clock.now(),
  });
  return noChange(entry, envelope, 'dead', replyJson, dead);
}
