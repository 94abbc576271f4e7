// The runtime's clock is injected (STYLE.md 2): real time in production, a
// virtual clock that tests and the simulation move by hand.

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class VirtualClock implements Clock {
  #now: number;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward (never back: timers and stream ids rely on it). */
  set(time: number): void {
    if (time < this.#now) throw new Error(`virtual time cannot go back from ${this.#now} to ${time}`);
    this.#now = time;
  }
}

/**
 * Redis server time, read with TIME and carried forward on the monotonic clock
 * between reads (DESIGN §4: time decisions never rest on a node's own wall
 * clock). Re-read every few seconds, so a node whose wall clock jumps keeps
 * stamping messages and arming timers with the cluster's time.
 */
export class ServerClock implements Clock {
  #base = Date.now();
  #at = performance.now();
  #timer: NodeJS.Timeout | undefined;

  constructor(readonly read: () => Promise<number>) {}

  now(): number {
    return Math.round(this.#base + (performance.now() - this.#at));
  }

  async sync(): Promise<void> {
    const sent = performance.now();
    const server = await this.read();
    const received = performance.now();
    // The server read its clock somewhere during the round trip: assume the middle.
    this.#base = server + (received - sent) / 2;
    this.#at = received;
  }

  /** Syncs now and then every `intervalMs` (failures keep the last reading). */
  async start(intervalMs = 5_000): Promise<this> {
    await this.sync();
    this.#timer = setInterval(() => void this.sync().catch(() => undefined), intervalMs);
    this.#timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
