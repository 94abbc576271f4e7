// Which gateway reads the event feed. Every gateway could read it, but each
// emits to rooms through the adapter, which reaches every gateway's sockets:
// two readers would deliver everything twice. So one gateway holds a lease and
// reads; the others stand by and take over when it lapses, resuming from the
// cursor the last reader saved (a takeover repeats at most the batch in
// flight, which clients drop by position; it loses nothing).
import { Redis } from 'ioredis';
import { closeRedis, gatewayKeys, loadFeedCursor, saveFeedCursor } from '../storage/index.ts';

export interface FeedLease {
  /** Takes the lease when free or renews it when held; true while this gateway holds it. */
  hold(): Promise<boolean>;
  release(): Promise<void>;
  /** Where the last reader got to (shard → event id), if any reader saved one. */
  loadCursor(): Promise<Map<number, string> | undefined>;
  saveCursor(positions: ReadonlyMap<number, string>): Promise<void>;
  close(): Promise<void>;
}

/** One process (embedded mode): always the reader, nothing to resume from. */
export class LocalFeedLease implements FeedLease {
  #cursor: Map<number, string> | undefined;
  async hold(): Promise<boolean> {
    return true;
  }
  async release(): Promise<void> {}
  async loadCursor(): Promise<Map<number, string> | undefined> {
    return this.#cursor && new Map(this.#cursor);
  }
  async saveCursor(positions: ReadonlyMap<number, string>): Promise<void> {
    this.#cursor = new Map([...(this.#cursor ?? []), ...positions]);
  }
  async close(): Promise<void> {}
}

export class RedisFeedLease implements FeedLease {
  // Its own connection: WATCH/MULTI must not interleave with other commands.
  readonly #redis: Redis;
  readonly #keys: ReturnType<typeof gatewayKeys>;
  readonly #owner: string;
  readonly #ttlMs: number;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: { url: string; prefix: string; owner: string; ttlMs: number }) {
    this.#redis = new Redis(options.url, { maxRetriesPerRequest: 2, lazyConnect: false });
    this.#redis.on('error', () => {});
    this.#keys = gatewayKeys(options.prefix);
    this.#owner = options.owner;
    this.#ttlMs = options.ttlMs;
  }

  /** WATCH state is per connection: run one transaction at a time. */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  hold(): Promise<boolean> {
    return this.#serial(async () => {
      const key = this.#keys.feedLease;
      if ((await this.#redis.set(key, this.#owner, 'PX', this.#ttlMs, 'NX')) === 'OK') return true;
      await this.#redis.watch(key);
      if ((await this.#redis.get(key)) !== this.#owner) {
        await this.#redis.unwatch();
        return false;
      }
      // Renewed only if nobody took it between the GET and now.
      return (await this.#redis.multi().pexpire(key, this.#ttlMs).exec()) !== null;
    });
  }

  release(): Promise<void> {
    return this.#serial(async () => {
      const key = this.#keys.feedLease;
      await this.#redis.watch(key);
      if ((await this.#redis.get(key)) !== this.#owner) {
        await this.#redis.unwatch();
        return;
      }
      await this.#redis.multi().del(key).exec();
    });
  }

  loadCursor(): Promise<Map<number, string> | undefined> {
    return loadFeedCursor(this.#redis, this.#keys.feedCursor);
  }

  saveCursor(positions: ReadonlyMap<number, string>): Promise<void> {
    return saveFeedCursor(this.#redis, this.#keys.feedCursor, positions);
  }

  async close(): Promise<void> {
    await this.#queue;
    await closeRedis(this.#redis);
  }
}
