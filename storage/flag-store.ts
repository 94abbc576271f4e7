// Feature flags switched at runtime (the ops console): a small hash in Redis
// with a version that grows on every change and a channel announcing it, or
// an in-memory twin for the embedded mode. Runtime nodes keep a copy
// (runtime/flags.ts) and stamp it into every event, so a switch is effective
// on every node at once and a replay sees the values each message saw.
import { Redis } from 'ioredis';
import { flagsChannel, flagsKey, flagsSeenKey } from './keys.ts';
import { closeRedis } from './redis-close.ts';

export interface FlagState {
  /** Grows by one on every change; 0 before the first. */
  readonly version: number;
  /** Only the flags switched at runtime; the rest keep their config/features.yaml value. */
  readonly values: Readonly<Record<string, boolean>>;
}

export interface FlagStore {
  readonly description: string;
  read(): Promise<FlagState>;
  /** Switches a flag on or off, or (null) back to its configured default; resolves to the new state. */
  set(flag: string, value: boolean | null): Promise<FlagState>;
  /**
   * Calls `changed` with the new version whenever a flag changes anywhere;
   * resolves, once listening, to a function that stops it.
   */
  watch(changed: (version: number) => void): Promise<() => void>;
  /** Records the flag version a runtime node applies now. */
  acknowledge(nodeId: string, version: number): Promise<void>;
  /** Node id → the flag version it last acknowledged. */
  acknowledgements(): Promise<Map<string, number>>;
  close(): Promise<void>;
}

const VERSION_FIELD = '~version';

/** Pure: the state a hash of flag fields stands for. */
export function decodeFlags(hash: Readonly<Record<string, string>>): FlagState {
  const values: Record<string, boolean> = {};
  for (const [field, value] of Object.entries(hash)) {
    if (field !== VERSION_FIELD) values[field] = value === '1';
  }
  return { version: Number(hash[VERSION_FIELD] ?? 0), values };
}

export class RedisFlagStore implements FlagStore {
  readonly description = 'Redis hash with a change channel';
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #url: string;
  #subscriber: Promise<Redis> | undefined;
  readonly #watchers = new Set<(version: number) => void>();

  constructor(url: string, prefix: string) {
    this.#url = url;
    this.#prefix = prefix;
    this.#redis = new Redis(url, { maxRetriesPerRequest: 3 });
    // Commands report connection problems to their callers; the event would only add noise.
    this.#redis.on('error', () => {});
  }

  async read(): Promise<FlagState> {
    return decodeFlags(await this.#redis.hgetall(flagsKey(this.#prefix)));
  }

  async set(flag: string, value: boolean | null): Promise<FlagState> {
    const key = flagsKey(this.#prefix);
    const change = this.#redis.multi();
    if (value === null) change.hdel(key, flag);
    else change.hset(key, flag, value ? '1' : '0');
    change.hincrby(key, VERSION_FIELD, 1).hgetall(key);
    const replies = (await change.exec()) ?? [];
    const failed = replies.find(([error]) => error);
    if (failed) throw failed[0];
    const state = decodeFlags(replies[replies.length - 1]![1] as Record<string, string>);
    await this.#redis.publish(flagsChannel(this.#prefix), String(state.version));
    return state;
  }

  async watch(changed: (version: number) => void): Promise<() => void> {
    this.#watchers.add(changed);
    // A subscribed connection can do nothing else: it gets one of its own,
    // and ioredis subscribes it again after a reconnect.
    this.#subscriber ??= (async () => {
      const subscriber = new Redis(this.#url, { maxRetriesPerRequest: null });
      subscriber.on('error', () => {});
      subscriber.on('message', (_channel: string, message: string) => {
        for (const watcher of this.#watchers) watcher(Number(message));
      });
      await subscriber.subscribe(flagsChannel(this.#prefix));
      return subscriber;
    })();
    await this.#subscriber;
    return () => this.#watchers.delete(changed);
  }

  async acknowledge(nodeId: string, version: number): Promise<void> {
    await this.#redis.hset(flagsSeenKey(this.#prefix), nodeId, String(version));
  }

  async acknowledgements(): Promise<Map<string, number>> {
    const seen = await this.#redis.hgetall(flagsSeenKey(this.#prefix));
    return new Map(Object.entries(seen).map(([node, version]) => [node, Number(version)]));
  }

  async close(): Promise<void> {
    this.#watchers.clear();
    (await this.#subscriber?.catch(() => undefined))?.disconnect();
    await closeRedis(this.#redis);
  }
}

/** The embedded twin: one process, so a change reaches its watchers directly. */
export class MemoryFlagStore implements FlagStore {
  readonly description = 'in-memory flags';
  #state: FlagState = { version: 0, values: {} };
  readonly #seen = new Map<string, number>();
  readonly #watchers = new Set<(version: number) => void>();

  async read(): Promise<FlagState> {
    return this.#state;
  }

  async set(flag: string, value: boolean | null): Promise<FlagState> {
    const values = { ...this.#state.values };
    if (value === null) delete values[flag];
    else values[flag] = value;
    this.#state = { version: this.#state.version + 1, values };
    for (const watcher of this.#watchers) watcher(this.#state.version);
    return this.#state;
  }

  async watch(changed: (version: number) => void): Promise<() => void> {
    this.#watchers.add(changed);
    return () => this.#watchers.delete(changed);
  }

  async acknowledge(nodeId: string, version: number): Promise<void> {
    this.#seen.set(nodeId, version);
  }

  async acknowledgements(): Promise<Map<string, number>> {
    return new Map(this.#seen);
  }

  async close(): Promise<void> {
    this.#watchers.clear();
  }
}
