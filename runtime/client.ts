// Request/reply from any process (bot, ops, tests): a message goes to the
// actor's shard stream with this client's reply stream and a correlation id;
// the reply is an effect like any other, so a retried request (same id) gets
// the reply its first delivery produced.
import { randomBytes } from 'node:crypto';
import { newMessageId } from './ids.ts';
import { replyStreamKey, type ShardStore } from '../storage/index.ts';
import { parseAddress, shardOf } from './address.ts';
import { encodeForSending, type Envelope, type RuntimeEvent } from './envelope.ts';
import { RuntimeError, RuntimeErrorCodes } from './errors.ts';
import type { ReplyEnvelope } from './outbox.ts';
import type { ReplyBody } from './step.ts';

export interface RuntimeClientOptions {
  readonly store: ShardStore;
  readonly prefix: string;
  readonly shards: number;
  readonly timeoutMs: number;
  /** Names the client in logs and its reply stream; made unique per instance. */
  readonly name?: string;
  /** Told of every request's outcome and latency (the process's command metrics). */
  readonly observe?: (type: string, seconds: number, outcome: CommandOutcome) => void;
}

export type CommandOutcome = 'ok' | 'refused' | 'timeout' | 'failed';

export interface RequestOptions {
  /** Message id; pass the same id to retry a request without applying it twice. */
  readonly id?: string;
  readonly timeoutMs?: number;
  /** The actor version the request is based on: refused with RUNTIME_VERSION_MOVED if the actor moved on (ops console). */
  readonly expect?: number;
  /** Fires this pending timer of the actor (ops console: a timer fired by hand); `event` is then ignored. */
  readonly timer?: Envelope['timer'];
}

interface Waiting {
  resolve(reply: ReplyBody): void;
  reject(error: Error): void;
  /** performance.now() past which the request times out. */
  readonly deadline: number;
  readonly to: string;
  readonly id: string;
  readonly timeoutMs: number;
  /** The append is still in flight: a timeout waits for its outcome (see #expire). */
  appending: boolean;
  timedOut: boolean;
}

export class RuntimeClient {
  readonly replyStream: string;
  readonly #options: RuntimeClientOptions;
  readonly #waiting = new Map<string, Waiting>();
  #listening: Promise<void> | undefined;
  #closed = false;
  #lastId = '0';
  #requests = 0;
  /**
   * One timer for every request's timeout, armed for the earliest deadline:
   * a timer per request was a Timeout object per request that outlived the
   * young generation whenever replies took longer than a scavenge.
   */
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Number.POSITIVE_INFINITY;

  constructor(options: RuntimeClientOptions) {
    this.#options = options;
    this.replyStream = replyStreamKey(options.prefix, `${options.name ?? 'client'}-${randomBytes(6).toString('hex')}`);
  }

  /** Sends an event and resolves to the actor's reply; rejects with RUNTIME_TIMEOUT. */
  request(to: string, event: RuntimeEvent, options: RequestOptions = {}): Promise<ReplyBody> {
    if (this.#closed) return Promise.reject(new RuntimeError(RuntimeErrorCodes.STOPPED, 'client is closed'));
    try {
      parseAddress(to);
    } catch (error) {
      return Promise.reject(error);
    }
    const started = performance.now();
    const id = options.id ?? newMessageId();
    // Unique within this client's own reply stream, which is all a correlation id needs.
    const corr = (++this.#requests).toString(36);
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
    const deadline = started + timeoutMs;
    const reply = new Promise<ReplyBody>((resolve, reject) => {
      this.#waiting.set(corr, { resolve, reject, deadline, to, id, timeoutMs, appending: true, timedOut: false });
    });
    if (deadline < this.#timerAt) this.#armTimer(deadline);
    this.#listen();
    const envelope: Envelope = { id, to, event, replyTo: this.replyStream, corr };
    if (options.expect !== undefined) envelope.expect = options.expect;
    if (options.timer !== undefined) envelope.timer = options.timer;
    this.#append(envelope).then(
      () => {
        const waiting = this.#waiting.get(corr);
        if (!waiting) return;
        waiting.appending = false;
        if (waiting.timedOut) this.#settle(corr, waiting, timeoutError(waiting));
      },
      (error: Error) => {
        const waiting = this.#waiting.get(corr);
        if (waiting) this.#settle(corr, waiting, error);
      },
    );
    if (!this.#options.observe) return reply;
    const observe = this.#options.observe;
    const seconds = (): number => (performance.now() - started) / 1000;
    return reply.then(
      (body) => {
        observe(event.type, seconds(), body.ok ? 'ok' : 'refused');
        return body;
      },
      (error: unknown) => {
        observe(event.type, seconds(), error instanceof RuntimeError && error.code === RuntimeErrorCodes.TIMEOUT ? 'timeout' : 'failed');
        throw error;
      },
    );
  }

  /** Sends an event without waiting for its effect; resolves to the message id. */
  async send(to: string, event: RuntimeEvent, options: { id?: string } = {}): Promise<string> {
    parseAddress(to);
    const id = options.id ?? newMessageId();
    await this.#append({ id, to, event });
    return id;
  }

  /**
   * Sends many events at once, each with its own (caller-derived) message id:
   * grouped by shard, one append per shard, all in flight together, so ten
   * thousand messages cost a few pipelined round trips rather than one each.
   * Resolves once every append is acknowledged by the store.
   */
  async sendMany(messages: readonly { readonly to: string; readonly event: RuntimeEvent; readonly id: string }[]): Promise<void> {
    const byShard = new Map<number, string[]>();
    for (const message of messages) {
      parseAddress(message.to);
      const shard = shardOf(message.to, this.#options.shards);
      const bodies = byShard.get(shard) ?? [];
      if (bodies.length === 0) byShard.set(shard, bodies);
      bodies.push(encodeForSending({ id: message.id, to: message.to, event: message.event }));
    }
    await Promise.all([...byShard].map(([shard, bodies]) => this.#options.store.append(shard, bodies)));
  }

  /** Async, so an event that cannot be encoded rejects its request instead of throwing past it. */
  async #append(envelope: Envelope): Promise<void> {
    return this.#options.store.append(shardOf(envelope.to, this.#options.shards), [encodeForSending(envelope)]);
  }

  #listen(): void {
    if (this.#listening) return;
    this.#listening = this.#readReplies().finally(() => {
      this.#listening = undefined;
      // A request may have arrived while the loop was winding down.
      if (!this.#closed && this.#waiting.size > 0) this.#listen();
    });
  }

  async #readReplies(): Promise<void> {
    while (!this.#closed && this.#waiting.size > 0) {
      let entries;
      try {
        entries = await this.#options.store.subscribe(this.replyStream, this.#lastId, 500, 250);
      } catch (error) {
        if (this.#closed) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      for (const entry of entries) {
        this.#lastId = entry.id;
        let reply: ReplyEnvelope;
        try {
          reply = JSON.parse(entry.body) as ReplyEnvelope;
        } catch {
          continue;
        }
        const waiting = this.#waiting.get(reply.corr);
        if (!waiting || waiting.timedOut) continue; // a late or repeated reply
        this.#waiting.delete(reply.corr);
        waiting.resolve(reply.body as ReplyBody);
      }
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const waiting of this.#waiting.values()) {
      waiting.reject(new RuntimeError(RuntimeErrorCodes.STOPPED, 'client closed before the reply arrived'));
    }
    this.#waiting.clear();
    await this.#listening;
  }

  #armTimer(at: number): void {
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => this.#expire(), Math.max(0, at - performance.now()));
  }

  /** Times out every request past its deadline, and arms the timer for the next one. */
  #expire(): void {
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [corr, waiting] of this.#waiting) {
      if (waiting.timedOut) continue;
      if (waiting.deadline > now) {
        if (waiting.deadline < next) next = waiting.deadline;
        continue;
      }
      waiting.timedOut = true;
      // An append still queued (Redis reconnecting) decides: its error, or the timeout once it is in.
      if (!waiting.appending) this.#settle(corr, waiting, timeoutError(waiting));
    }
    if (next !== Number.POSITIVE_INFINITY && !this.#closed) this.#armTimer(next);
  }

  #settle(corr: string, waiting: Waiting, error: Error): void {
    this.#waiting.delete(corr);
    waiting.reject(error);
  }
}

function timeoutError(waiting: Waiting): RuntimeError {
  return new RuntimeError(RuntimeErrorCodes.TIMEOUT, `${waiting.to} did not answer within ${waiting.timeoutMs} ms`, { to: waiting.to, id: waiting.id });
}
