// BullMQ as the console shows it: every queue under the runtime's BullMQ
// prefix (the timer queue, the scheduler's), its counts, its waiting, delayed
// and failed jobs, and a retry for a failed one. In the embedded mode timers
// are in memory and only their count and next due time are shown.
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { decodeEnvelope, type MemoryTimers } from '../../runtime/index.ts';
import type { Operator } from '../auth/operators.ts';
import { OpsError, OpsErrorCodes } from '../errors.ts';
import type { Auditor } from './audit.ts';

export interface JobView {
  readonly id: string;
  readonly name: string;
  readonly state: 'waiting' | 'delayed' | 'failed';
  /** When it is (or was) due, epoch ms. */
  readonly due: number;
  readonly attempts: number;
  readonly failedReason?: string;
  /** For a timer: the actor and its timer. */
  readonly actor?: string;
  readonly timer?: string;
}

export interface QueueView {
  readonly name: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly jobs: readonly JobView[];
}

export interface QueuesView {
  readonly mode: 'bullmq' | 'embedded';
  readonly queues: readonly QueueView[];
  /** Embedded mode: timers pending in memory and the next one's due time. */
  readonly memory?: { readonly pending: number; readonly nextDue: number | null };
}

/** How overdue the most overdue job is (ms, 0 when none), per queue: a stalled scheduler. */
export interface QueueHealth {
  readonly queue: string;
  readonly overdueMs: number;
}

const SHOWN = 50;

function jobView(job: Job, state: JobView['state']): JobView {
  const data = (job.data ?? {}) as { due?: number; body?: string };
  const decoded = typeof data.body === 'string' ? decodeEnvelope(data.body) : undefined;
  const envelope = decoded?.ok ? decoded.envelope : undefined;
  return {
    id: String(job.id),
    name: job.name,
    state,
    due: typeof data.due === 'number' ? data.due : job.timestamp + (job.delay ?? 0),
    attempts: job.attemptsMade,
    ...(job.failedReason ? { failedReason: job.failedReason } : {}),
    ...(envelope ? { actor: envelope.to, ...(envelope.timer ? { timer: envelope.timer.id } : {}) } : {}),
  };
}

export interface QueueInspectorOptions {
  readonly redisUrl?: string;
  /** BullMQ key prefix (storage/keys.ts queuePrefix). */
  readonly prefix: string;
  readonly memoryTimers?: MemoryTimers;
  readonly auditor: Auditor;
}

export class QueueInspector {
  readonly #options: QueueInspectorOptions;
  readonly #redis: Redis | undefined;
  readonly #queues = new Map<string, Queue>();

  constructor(options: QueueInspectorOptions) {
    this.#options = options;
    if (options.redisUrl) {
      this.#redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
      this.#redis.on('error', () => {});
    }
  }

  async #names(): Promise<string[]> {
    if (!this.#redis) return [];
    const names = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await this.#redis.scan(cursor, 'MATCH', `${this.#options.prefix}:*:meta`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) names.add(key.slice(this.#options.prefix.length + 1, -':meta'.length));
    } while (cursor !== '0');
    return [...names].sort();
  }

  #queue(name: string): Queue {
    let queue = this.#queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: { url: this.#options.redisUrl!, maxRetriesPerRequest: 1 }, prefix: this.#options.prefix });
      queue.on('error', () => {});
      this.#queues.set(name, queue);
    }
    return queue;
  }

  async view(): Promise<QueuesView> {
    if (!this.#redis) {
      const next = this.#options.memoryTimers?.next();
      return { mode: 'embedded', queues: [], memory: { pending: this.#options.memoryTimers?.size ?? 0, nextDue: next?.due ?? null } };
    }
    const queues = await Promise.all(
      (await this.#names()).map(async (name): Promise<QueueView> => {
        const queue = this.#queue(name);
        const [counts, waiting, delayed, failed] = await Promise.all([
          queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'),
          queue.getJobs(['waiting'], 0, SHOWN - 1, true),
          queue.getJobs(['delayed'], 0, SHOWN - 1, true),
          queue.getJobs(['failed'], 0, SHOWN - 1, false),
        ]);
        const jobs = [
          ...waiting.map((job) => jobView(job, 'waiting')),
          ...delayed.map((job) => jobView(job, 'delayed')),
          ...failed.map((job) => jobView(job, 'failed')),
        ];
        return { name, counts, jobs };
      }),
    );
    return { mode: 'bullmq', queues };
  }

  /** Per queue, how long past due its most overdue waiting or delayed job is. */
  async health(now: number): Promise<QueueHealth[]> {
    if (!this.#redis) {
      const next = this.#options.memoryTimers?.next();
      return [{ queue: 'memory', overdueMs: next ? Math.max(0, now - next.due) : 0 }];
    }
    return Promise.all(
      (await this.#names()).map(async (name) => {
        const queue = this.#queue(name);
        const [waiting, delayed] = await Promise.all([queue.getJobs(['waiting'], 0, 0, true), queue.getJobs(['delayed'], 0, 0, true)]);
        const dues = [...waiting.map((job) => job.timestamp), ...delayed.map((job) => jobView(job, 'delayed').due)];
        return { queue: name, overdueMs: dues.length === 0 ? 0 : Math.max(0, now - Math.min(...dues)) };
      }),
    );
  }

  async retry(operator: Operator, name: string, jobId: string): Promise<void> {
    if (!this.#redis || !(await this.#names()).includes(name)) throw new OpsError(OpsErrorCodes.NOT_FOUND, `no queue "${name}"`);
    await this.#options.auditor.ready();
    const job = await this.#queue(name).getJob(jobId);
    if (!job || !(await job.isFailed())) throw new OpsError(OpsErrorCodes.NOT_FOUND, `no failed job ${jobId} in queue ${name}`);
    const before = jobView(job, 'failed');
    await job.retry('failed');
    await this.#options.auditor.write(operator, { action: 'job.retry', target: `queue:${name}:${jobId}`, before, outcome: 'ok' });
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#queues.values()].map((queue) => queue.close()));
    this.#redis?.disconnect();
  }
}
