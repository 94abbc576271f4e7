// Failed logins (and failed bearer tokens) per client address: after `limit`
// failures within `windowMs` the address is refused until the oldest of them
// leaves the window. Pure apart from the clock it is given.

export interface RateLimitOptions {
  readonly limit: number;
  readonly windowMs: number;
  /** Addresses tracked at most; the stalest are forgotten first. */
  readonly maxKeys?: number;
}

export class FailureLimiter {
  readonly #options: RateLimitOptions;
  readonly #failures = new Map<string, number[]>();

  constructor(options: RateLimitOptions) {
    this.#options = options;
  }

  #recent(key: string, now: number): number[] {
    const kept = (this.#failures.get(key) ?? []).filter((at) => at > now - this.#options.windowMs);
    if (kept.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, kept);
    return kept;
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  retryAfterMs(key: string, now: number): number {
    const recent = this.#recent(key, now);
    if (recent.length < this.#options.limit) return 0;
    return recent[recent.length - this.#options.limit]! + this.#options.windowMs - now;
  }

  fail(key: string, now: number): void {
    const recent = this.#recent(key, now);
    this.#failures.delete(key);
    this.#failures.set(key, [...recent, now]);
    const max = this.#options.maxKeys ?? 10_000;
    while (this.#failures.size > max) this.#failures.delete(this.#failures.keys().next().value!);
  }

  /** A success clears the address's failures. */
  succeed(key: string): void {
    this.#failures.delete(key);
  }
}
