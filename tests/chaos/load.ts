// Continuous load for the chaos scenarios: `inc` requests spread over many
// counter actors at a steady rate. A request that gets no reply is retried with
// the same message id until it does, as a careful client would — so every
// message is acknowledged in the end, and each actor's count must equal the
// number of acknowledgements it got: fewer is a lost message, more a doubled one.
import { ulid } from 'ulid';
import { shardOf } from '../../runtime/address.ts';
import { RuntimeClient } from '../../runtime/client.ts';
import type { ActorStateRepo } from '../../storage/postgres/actor-state-repo.ts';
import type { RedisShardStore } from '../../storage/redis-shard-store.ts';

export interface LoadReport {
  readonly sent: number;
  readonly acked: number;
  readonly retries: number;
  /** Requests still without a reply when the load stopped waiting. */
  readonly unacked: number;
  /** What the first few of them got on their last try, for the report. */
  readonly unackedErrors: string[];
}

export interface Verdict {
  readonly actors: number;
  readonly lost: number;
  readonly doubled: number;
}

export class Load {
  readonly actors: string[];
  readonly acked = new Map<string, number>();
  readonly #client: RuntimeClient;
  readonly #rate: number;
  readonly #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #sent = 0;
  #retries = 0;
  #unacked = 0;
  readonly #unackedErrors: string[] = [];
  #next = 0;
  /** Time of the last reply, for measuring pauses in processing. */
  lastReplyAt = Date.now();
  longestGapMs = 0;

  constructor(store: RedisShardStore, prefix: string, shards: number, options: { actors: number; rate: number }) {
    this.#client = new RuntimeClient({ store, prefix, shards, timeoutMs: 2_000, name: 'chaos-load' });
    this.actors = Array.from({ length: options.actors }, (_, i) => `counter:load-${i}`);
    this.#rate = options.rate;
  }

  start(): void {
    const tickMs = 20;
    let owed = 0;
    this.#timer = setInterval(() => {
      owed += (this.#rate * tickMs) / 1000;
      for (; owed >= 1; owed--) this.#track(this.#request(this.actors[this.#next++ % this.actors.length]!));
    }, tickMs);
  }

  #track(request: Promise<void>): void {
    this.#inFlight.add(request);
    void request.finally(() => this.#inFlight.delete(request));
  }

  async #request(actor: string): Promise<void> {
    const id = ulid();
    this.#sent++;
    let lastError = '';
    for (let attempt = 0; attempt < 60; attempt++) {
      if (attempt > 0) this.#retries++;
      try {
        const reply = await this.#client.request(actor, { type: 'inc', by: 1 }, { id });
        if (!reply.ok) throw new Error(`${actor}: ${reply.code} ${reply.message}`);
        const now = Date.now();
        this.longestGapMs = Math.max(this.longestGapMs, now - this.lastReplyAt);
        this.lastReplyAt = now;
        this.acked.set(actor, (this.acked.get(actor) ?? 0) + 1);
        return;
      } catch (error) {
        // No reply in time, or Redis unreachable for the moment: retry the same id, as a careful client does.
        const code = (error as { code?: string }).code;
        lastError = `${actor}: ${(error as Error).message}`;
        if (code === 'RUNTIME_STOPPED') throw error;
        if (code !== 'RUNTIME_TIMEOUT') await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    this.#unacked++;
    if (this.#unackedErrors.length < 5) this.#unackedErrors.push(lastError);
  }

  /** Stops sending and waits for every request to be acknowledged (retrying as needed). */
  async stop(): Promise<LoadReport> {
    clearInterval(this.#timer);
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
    await this.#client.close();
    const acked = [...this.acked.values()].reduce((a, b) => a + b, 0);
    return { sent: this.#sent, acked, retries: this.#retries, unacked: this.#unacked, unackedErrors: this.#unackedErrors };
  }

  /** Compares PostgreSQL's copy of every actor (once the write-behind caught up) with its acknowledgements. */
  async verifyDurable(durable: ActorStateRepo): Promise<Verdict> {
    let lost = 0;
    let doubled = 0;
    for (let i = 0; i < this.actors.length; i += 1_000) {
      const chunk = this.actors.slice(i, i + 1_000);
      const rows = new Map((await durable.loadMany(chunk)).map((row) => [row.address, row]));
      for (const actor of chunk) {
        const row = rows.get(actor);
        const count = row ? (JSON.parse(row.state) as { snapshot: { context: { count: number } } }).snapshot.context.count : 0;
        const acked = this.acked.get(actor) ?? 0;
        if (count < acked) lost += acked - count;
        if (count > acked) doubled += count - acked;
      }
    }
    return { actors: this.actors.length, lost, doubled };
  }

  /**
   * Compares every actor's count with the acknowledgements it got. An actor
   * missing from Redis (lost with it) lives on in PostgreSQL until its next
   * message, so that is where its count is read then.
   */
  async verify(store: RedisShardStore, shards: number, durable: ActorStateRepo): Promise<Verdict> {
    let lost = 0;
    let doubled = 0;
    const byShard = new Map<number, string[]>();
    for (const actor of this.actors) {
      const shard = shardOf(actor, shards);
      byShard.set(shard, [...(byShard.get(shard) ?? []), actor]);
    }
    for (const [shard, actors] of byShard) {
      const stored = await store.load(shard, actors);
      const missing = actors.filter((actor) => !stored.has(actor));
      const fromPostgres = new Map((await durable.loadMany(missing)).map((row) => [row.address, row]));
      for (const actor of actors) {
        const state = stored.get(actor) ?? fromPostgres.get(actor);
        const count = state ? (JSON.parse(state.state) as { snapshot: { context: { count: number } } }).snapshot.context.count : 0;
        const acked = this.acked.get(actor) ?? 0;
        if (count < acked) lost += acked - count;
        if (count > acked) doubled += count - acked;
      }
    }
    return { actors: this.actors.length, lost, doubled };
  }
}
