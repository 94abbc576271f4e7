// Message ids: ULIDs (time-ordered, 80 random bits). The `ulid` package asks
// the OS for one random byte per character (16 syscalls per id: 16 % of a
// request/reply client's CPU under load); this takes them from a buffer filled
// a page at a time, and is monotonic within a millisecond.
import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

const PAGE = 4096;
const pool = new Uint8Array(PAGE);
let next = PAGE;

function bufferedRandom(): number {
  if (next === PAGE) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++]! / 256;
}

/** A new, unique message id (ULID). */
export const newMessageId: () => string = monotonicFactory(bufferedRandom);
