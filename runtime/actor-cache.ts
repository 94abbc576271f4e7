// The owner's in-memory copy of its actors' latest states. It spares a read
// and a decode per message; it is never trusted blindly — every commit checks
// the version Redis holds, and a mismatch drops the entry and reloads.
import type { ActorRecord } from './step.ts';

export interface CachedActor {
  /** 0 = the actor does not exist. */
  readonly version: number;
  readonly record: ActorRecord | null;
  /** Set when the stored state could not be restored; messages to it are dead-lettered. */
  readonly corrupt?: string;
}

export class ActorCache {
  readonly #entries = new Map<string, CachedActor>();
  readonly #capacity: number;

  constructor(capacity = 50_000) {
    this.#capacity = capacity;
  }

  get(address: string): CachedActor | undefined {
    return this.#entries.get(address);
  }

  has(address: string): boolean {
    return this.#entries.has(address);
  }

  set(address: string, actor: CachedActor): void {
    if (this.#entries.size < this.#capacity) {
      // Room left, nothing to evict: updating in place spares the delete and
      // re-insert of every message (a few % of a node's CPU at saturation).
      this.#entries.set(address, actor);
      return;
    }
    // Full: re-inserting keeps Map order ≈ recency, so the oldest entry is the first.
    this.#entries.delete(address);
    this.#entries.set(address, actor);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  delete(address: string): void {
    this.#entries.delete(address);
  }

  clear(): void {
    this.#entries.clear();
  }
}
