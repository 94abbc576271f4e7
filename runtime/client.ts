// Request/reply from any process (bot, ops, tests): a message goes to the
// actor's shard stream with this client's reply stream and a correlation id;
// the reply is an effect like any other, so a retried request (same id) gets
// the reply its first delivery produced.
import { randomBytes } from 'node:crypto';
import { newMessageId } from './ids.ts';
import { replyStreamKey, type ShardStore } from '../storage/index.ts';
import { parseAddress, shardOf } from './address.ts';
import { encodeEnvelope, type Envelope, type RuntimeEvent } from './envelope.ts';
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
  timer: NodeJS.Timeout;
}

export class RuntimeClient {
  readonly replyStream: string;
  readonly #options: RuntimeClientOptions;
  readonly #waiting = new Map<string, Waiting>();
  #listening: Promise<void> | undefined;
  #closed = false;
  #lastId = '0';
  #requests = 0;

  constructor(options: RuntimeClientOptions) {
    this.#options = options;
    this.replyStream = replyStreamKey(options.prefix, `${options.name ?? 'client'}-${randomBytes(6).toString('hex')}`);
  }

  /** Sends an event and resolves to the actor's reply; rejects with RUNTIME_TIMEOUT. */
  async request(to: string, event: RuntimeEvent, options: RequestOptions = {}): Promise<ReplyBody> {
    if (this.#closed) throw new RuntimeError(RuntimeErrorCodes.STOPPED, 'client is closed');
    parseAddress(to);
    const started = performance.now();
    const id = options.id ?? newMessageId();
    // Unique within this client's own reply stream, which is all a correlation id needs.
    const corr = (++this.#requests).toString(36);
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
    const reply = new Promise<ReplyBody>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(corr);
        reject(new RuntimeError(RuntimeErrorCodes.TIMEOUT, `${to} did not answer within ${timeoutMs} ms`, { to, id }));
      }, timeoutMs);
      this.#waiting.set(corr, { resolve, reject, timer });
    });
    // The timeout can fire while the append is still queued (Redis reconnecting);
    // the caller then gets the append's outcome, so this rejection must not go unhandled.
    reply.catch(() => undefined);
    this.#listen();
    try {
      await this.#append({
        id,
        to,
        event,
        replyTo: this.replyStream,
        corr,
        ...(options.expect === undefined ? {} : { expect: options.expect }),
        ...(options.timer === undefined ? {} : { timer: options.timer }),
      });
    } catch (error) {
      const waiting = this.#waiting.get(corr);
      if (waiting) {
        clearTimeout(waiting.timer);
        this.#waiting.delete(corr);
      }
      throw error;
    }
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
      bodies.push(encodeEnvelope({ id: message.id, to: message.to, event: message.event }));
    }
    await Promise.all([...byShard].map(([shard, bodies]) => this.#options.store.append(shard, bodies)));
  }

  #append(envelope: Envelope): Promise<void> {
    return this.#options.store.append(shardOf(envelope.to, this.#options.shards), [encodeEnvelope(envelope)]);
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
        if (!waiting) continue; // a late or repeated reply
        clearTimeout(waiting.timer);
        this.#waiting.delete(reply.corr);
        waiting.resolve(reply.body as ReplyBody);
      }
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const waiting of this.#waiting.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(new RuntimeError(RuntimeErrorCodes.STOPPED, 'client closed before the reply arrived'));
    }
    this.#waiting.clear();
    await this.#listening;
  }
}
