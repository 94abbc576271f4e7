// Per-user and per-nation rate limits on every interaction (timers.yaml
// rate_limits), with rate-limiter-flexible: on Redis when the bot runs
// distributed, so every bot process counts against the same budget; in
// memory in the embedded mode. A Redis failure lets the command through
// (the actors still enforce the game's cooldowns) rather than locking
// every player out.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface RateLimitSettings {
  readonly windowSeconds: number;
  readonly perUser: number;
  readonly perNation: number;
}

export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly scope: 'user' | 'nation'; readonly retryAfterMs: number };

export class CommandLimiter {
  readonly #user: RateLimiterAbstract;
  readonly #nation: RateLimiterAbstract;
  readonly #onError: (error: unknown) => void;

  constructor(settings: RateLimitSettings, options: { redis?: Redis; prefix: string; onError?: (error: unknown) => void }) {
    const make = (points: number, scope: string): RateLimiterAbstract =>
      options.redis
        ? new RateLimiterRedis({ storeClient: options.redis, keyPrefix: `${options.prefix}bot:rl:${scope}`, points, duration: settings.windowSeconds })
        : new RateLimiterMemory({ keyPrefix: scope, points, duration: settings.windowSeconds });
    this.#user = make(settings.perUser, 'user');
    this.#nation = make(settings.perNation, 'nation');
    this.#onError = options.onError ?? (() => {});
  }

  async consume(userId: string, guildId: string | null): Promise<RateDecision> {
    const user = await this.#take(this.#user, userId, 'user');
    if (!user.ok || guildId === null) return user;
    return this.#take(this.#nation, guildId, 'nation');
  }

  async #take(limiter: RateLimiterAbstract, key: string, scope: 'user' | 'nation'): Promise<RateDecision> {
    try {
      await limiter.consume(key);
      return { ok: true };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return { ok: false, scope, retryAfterMs: rejection.msBeforeNext };
      this.#onError(rejection);
      return { ok: true };
    }
  }
}
