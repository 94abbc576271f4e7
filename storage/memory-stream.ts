// A Redis stream in memory (the embedded store's inboxes, shard streams and
// reply streams): ids `<ms>-<seq>` that only grow, an optional length cap.
import type { StreamEntry } from './shard-store.ts';

export class MemoryStream {
  readonly entries: StreamEntry[] = [];
  #lastMs = 0;
  #seq = 0;

  constructor(readonly now: () => number) {}

  add(body: string, maxLen = Infinity): string {
    const ms = Math.max(this.now(), this.#lastMs);
    this.#seq = ms === this.#lastMs ? this.#seq + 1 : 0;
    this.#lastMs = ms;
    const id = `${ms}-${this.#seq}`;
    this.entries.push({ id, body });
    if (this.entries.length > maxLen) this.entries.splice(0, this.entries.length - maxLen);
    return id;
  }

  /**
   * Up to `count` entries after `afterId`. Ids only grow along the array (add
   * appends, delete keeps the order), so the start is found by binary search:
   * a reader that polls a long stream (the event feed) must not scan it whole.
   */
  after(afterId: string | undefined, count: number): StreamEntry[] {
    let start = 0;
    if (afterId !== undefined) {
      let end = this.entries.length;
      while (start < end) {
        const middle = (start + end) >>> 1;
        if (compareIds(this.entries[middle]!.id, afterId) > 0) end = middle;
        else start = middle + 1;
      }
    }
    return this.entries.slice(start, start + count);
  }

  delete(ids: readonly string[]): void {
    const doomed = new Set(ids);
    for (let i = this.entries.length - 1; i >= 0; i--) if (doomed.has(this.entries[i]!.id)) this.entries.splice(i, 1);
  }
}

function compareIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(Number) as [number, number];
  const [bMs, bSeq] = b.split('-').map(Number) as [number, number];
  return aMs - bMs || aSeq - bSeq;
}
