// What notification delivery must remember across restarts: the stream
// position up to which everything is delivered (one cursor per gateway
// shard), and which (notification, destination) pairs were sent, so a
// restart that re-reads past the cursor sends nothing twice. In Redis when
// distributed; in memory in the embedded mode (whose streams are in memory
// too). The window between a send and its mark is covered by Discord's
// message nonce (enforce_nonce), derived from the same key.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface DeliveryLedger {
  cursor(): Promise<string>;
  saveCursor(id: string): Promise<void>;
  wasSent(key: string): Promise<boolean>;
  markSent(key: string): Promise<void>;
}

/** How long a sent mark is kept: far longer than any redelivery takes. */
const SENT_TTL_SECONDS = 7 * 24 * 3600;

export class RedisLedger implements DeliveryLedger {
  readonly #redis: Redis;
  readonly #cursorKey: string;
  readonly #sentPrefix: string;

  constructor(redis: Redis, prefix: string, scope: string) {
    this.#redis = redis;
    this.#cursorKey = `${prefix}bot:notify:cursor:${scope}`;
    this.#sentPrefix = `${prefix}bot:notify:sent:`;
  }

  async cursor(): Promise<string> {
    return (await this.#redis.get(this.#cursorKey)) ?? '0';
  }

  async saveCursor(id: string): Promise<void> {
    await this.#redis.set(this.#cursorKey, id);
  }

  async wasSent(key: string): Promise<boolean> {
    return (await this.#redis.exists(this.#sentPrefix + key)) === 1;
  }

  async markSent(key: string): Promise<void> {
    await this.#redis.set(this.#sentPrefix + key, '1', 'EX', SENT_TTL_SECONDS);
  }
}

export class MemoryLedger implements DeliveryLedger {
  #cursor = '0';
  readonly #sent = new Set<string>();

  async cursor(): Promise<string> {
    return this.#cursor;
  }

  async saveCursor(id: string): Promise<void> {
    this.#cursor = id;
  }

  async wasSent(key: string): Promise<boolean> {
    return this.#sent.has(key);
  }

  async markSent(key: string): Promise<void> {
    this.#sent.add(key);
  }
}

/** Discord's message nonce (≤ 25 characters) for a delivery key: the same key always gives the same nonce. */
export function nonceOf(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 25);
}
