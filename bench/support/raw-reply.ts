// The raw request/reply ceiling: what a request costs in latency on this
// machine's Redis with none of the runtime's work. This process XADDs each
// request to one of `shards` streams (auto-pipelined, as the request client
// appends) and reads the answers off its own reply stream with a blocking
// XREAD; a child process (bench/raw-reply-worker.ts) answers them the way a
// node would, minus the transition, the script, the outbox and the log.
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { REDIS_URL, nextMessage, spawnWorker } from './streams.ts';
import type { Outcome } from './open-loop.ts';
import { describeCpu, measuredPhase, type PhaseSummary } from './latency-phase.ts';

type RawStreams = [key: string, entries: [id: string, fields: string[]][]][] | null;

const GROUP = 'raw';
const OK: Outcome = { ok: true };

export class RawReplyLoop {
  readonly #keys: string[];
  readonly #replyKey: string;
  readonly #body: string;
  readonly #writer: Redis;
  readonly #reader: Redis;
  readonly #worker: ChildProcess;
  /** Waiting requests by correlation id (the request's index). */
  readonly #waiting = new Map<string, (outcome: Outcome) => void>();
  #closed = false;
  /** Why requests can no longer be answered (the worker exited), once it cannot. */
  #gone: string | undefined;
  #reading: Promise<void> | undefined;

  private constructor(keys: string[], replyKey: string, body: string, writer: Redis, reader: Redis, worker: ChildProcess) {
    this.#keys = keys;
    this.#replyKey = replyKey;
    this.#body = body;
    this.#writer = writer;
    this.#reader = reader;
    this.#worker = worker;
  }

  /** Creates `shards` streams under `keyPrefix` with their group and starts the answering process. */
  static async start(url: string, keyPrefix: string, shards: number, batch: number, body: string): Promise<RawReplyLoop> {
    const keys = Array.from({ length: shards }, (_, shard) => `${keyPrefix}:{${shard}}`);
    const writer = new Redis(url, { enableAutoPipelining: true });
    await Promise.all(keys.map((key) => writer.xgroup('CREATE', key, GROUP, '$', 'MKSTREAM')));
    const worker = spawnWorker('raw-reply-worker.ts', [url, GROUP, String(batch), ...keys]);
    await nextMessage(worker, 'ready', 30_000);
    const loop = new RawReplyLoop(keys, `${keyPrefix}:replies`, body, writer, new Redis(url), worker);
    loop.#reading = loop.#readReplies();
    // The open loop waits for every answer: a worker that dies must not leave it waiting for ever.
    worker.once('exit', (code) => {
      if (loop.#closed) return;
      loop.#gone = `the raw reply worker exited (code ${code})`;
      for (const [corr] of loop.#waiting) loop.#answer(corr, { ok: false, message: loop.#gone });
    });
    return loop;
  }

  get workerPid(): number | undefined {
    return this.#worker.pid;
  }

  /** Request number `index`, answered by the worker. */
  request = (index: number): Promise<Outcome> => {
    if (this.#gone) return Promise.resolve({ ok: false, message: this.#gone });
    const corr = String(index);
    const answered = new Promise<Outcome>((resolve) => this.#waiting.set(corr, resolve));
    this.#writer.xadd(this.#keys[index % this.#keys.length]!, '*', 'm', this.#body, 'r', this.#replyKey, 'c', corr).catch((error: unknown) => {
      this.#answer(corr, { ok: false, message: error instanceof Error ? error.message : String(error) });
    });
    return answered;
  };

  #answer(corr: string, outcome: Outcome): void {
    const resolve = this.#waiting.get(corr);
    if (!resolve) return;
    this.#waiting.delete(corr);
    resolve(outcome);
  }

  async #readReplies(): Promise<void> {
    let lastId = '0';
    while (!this.#closed) {
      const reply = (await this.#reader.call('XREAD', ['COUNT', '1000', 'BLOCK', '250', 'STREAMS', this.#replyKey, lastId])) as RawStreams;
      for (const [id, fields] of reply?.[0]?.[1] ?? []) {
        lastId = id;
        this.#answer(fields[1]!, OK);
      }
    }
  }

  /** Stops the worker and removes every key the loop made; resolves to how many requests the worker answered. */
  async close(): Promise<number> {
    let replied = 0;
    if (!this.#gone) {
      const stopped = nextMessage<{ type: 'stopped'; replied: number }>(this.#worker, 'stopped', 30_000);
      this.#worker.send({ type: 'stop' });
      ({ replied } = await stopped);
    }
    this.#closed = true;
    await this.#reading;
    for (const [corr] of this.#waiting) this.#answer(corr, { ok: false, message: 'no answer before the raw loop closed' });
    await this.#writer.del(...this.#keys, this.#replyKey);
    this.#writer.disconnect();
    this.#reader.disconnect();
    if (this.#gone) throw new Error(this.#gone);
    return replied;
  }
}

/** A raw phase as the runtime bench reports it. */
export interface RawReplyPoint extends PhaseSummary {
  /** The answering worker, Redis and this client (PostgreSQL has nothing to do). */
  readonly cpu_us_per_request: Record<string, number | null>;
}

export interface RawReplyPhases {
  /** Where the loop's streams go (removed afterwards). */
  readonly keyPrefix: string;
  readonly shards: number;
  readonly batch: number;
  /** The body each request carries. */
  readonly body: string;
  /** Offered requests a second, one phase each, in turn. */
  readonly rates: readonly number[];
  readonly seconds: number;
  /** For Redis's own counters. */
  readonly redis: Redis;
  readonly databaseUrl: string;
  readonly log: (line: string) => void;
}

/** The raw request/reply loop at each offered rate in turn. */
export async function rawReplyPhases(options: RawReplyPhases): Promise<RawReplyPoint[]> {
  const { log } = options;
  const loop = await RawReplyLoop.start(REDIS_URL, options.keyPrefix, options.shards, options.batch, options.body);
  const points: RawReplyPoint[] = [];
  let sent = 0;
  try {
    for (const offered of options.rates) {
      const { phase, cpu, redisUse, summary } = await measuredPhase(loop.request, loop.workerPid, options.redis, options.databaseUrl, offered, options.seconds);
      sent += phase.sent;
      const point = { ...summary, cpu_us_per_request: { worker: cpu.us.node ?? null, redis: cpu.us.redis ?? null, client: cpu.us.client ?? null } };
      points.push(point);
      log(
        `raw request/reply, ${point.offered_per_s} req/s: p50 ${point.p50_ms} ms, p99 ${point.p99_ms} ms, max ${phase.latencies.at(-1)?.toFixed(1)} ms, ` +
          `${point.failed_requests} failed${phase.firstFailure ? ` (first: ${phase.firstFailure})` : ''}; ` +
          `${Math.round(point.machine_busy * 100)} % of the cores busy, CPU per request ${describeCpu(point.cpu_us_per_request)}; ${redisUse}`,
      );
    }
  } finally {
    const replied = await loop.close();
    if (replied !== sent) log(`raw request/reply: the worker answered ${replied} of ${sent} requests`);
  }
  return points;
}
