// The entries of one shard waiting for its worker, in stream order, and the
// entries put off because their actor could not be loaded (PostgreSQL away)
// with the actors they block: a blocked actor's later entries wait too, so
// every actor keeps its order.
import type { InboxEntry } from '../storage/index.ts';

/**
 * Taken over from an owner that never finished it (delivered more than once):
 * possibly what killed that owner, so it is processed alone.
 */
export function isSuspect(entry: InboxEntry): boolean {
  return 'deliveries' in entry && Number(entry.deliveries) > 1;
}

export class ShardQueue {
  readonly #entries: InboxEntry[] = [];
  #putOff: InboxEntry[] = [];
  #retry: NodeJS.Timeout | undefined;
  /** Actors whose entries are put off; entries for them are put off as well. */
  readonly blocked = new Set<string>();

  /** Entries ready for the worker. */
  get length(): number {
    return this.#entries.length;
  }

  /** Entries put off until the next retry. */
  get waiting(): number {
    return this.#putOff.length;
  }

  push(entries: readonly InboxEntry[]): void {
    this.#entries.push(...entries);
  }

  /** Puts entries back in front (a failed batch is retried before anything queued after it). */
  unshift(entries: readonly InboxEntry[]): void {
    this.#entries.unshift(...entries);
  }

  /** The next batch: a suspect entry alone, otherwise up to `limit` entries, stopping before a suspect one. */
  take(limit: number): { readonly batch: InboxEntry[]; readonly suspect: boolean } {
    const first = this.#entries[0];
    if (!first) return { batch: [], suspect: false };
    if (isSuspect(first)) return { batch: this.#entries.splice(0, 1), suspect: true };
    let end = 1;
    while (end < this.#entries.length && end < limit && !isSuspect(this.#entries[end]!)) end++;
    return { batch: this.#entries.splice(0, end), suspect: false };
  }

  /**
   * Holds entries until `retryMs` from the first put-off, then moves them in
   * front of everything queued since and calls `retry` (to wake the worker).
   */
  putOff(entries: readonly InboxEntry[], retryMs: number, retry: () => void): void {
    this.#putOff.push(...entries);
    this.#retry ??= setTimeout(() => {
      this.#retry = undefined;
      this.#entries.unshift(...this.#putOff);
      this.#putOff = [];
      this.blocked.clear();
      retry();
    }, retryMs);
  }

  /** Forgets everything (the shard was dropped; its entries stay pending in the stream). */
  clear(): number {
    clearTimeout(this.#retry);
    this.#retry = undefined;
    const dropped = this.#entries.length + this.#putOff.length;
    this.#entries.length = 0;
    this.#putOff = [];
    this.blocked.clear();
    return dropped;
  }
}
