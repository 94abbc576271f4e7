// Which suspect entries (taken over unfinished, see shard-queue.ts) a node may
// have in flight together. A suspect in flight when the node dies is charged an
// attempt, whether or not it killed the node; one charged its last attempt is
// set aside as poison by the next owner. So a suspect on its last chance runs
// alone among the node's suspects, lest the poison one beside it take it down
// too; the others run side by side (one per shard), as an extra charge leaves
// them a chance still.

export class SuspectGate {
  #shared = 0;
  #alone = false;
  /** Last-chance suspects waiting: they go before any suspect that comes after them. */
  #aloneWaiting = 0;
  #waiters: (() => void)[] = [];

  /**
   * Runs `work` for a suspect entry: alone when it is on its last chance,
   * beside the others otherwise. Its delivery count tells, without asking
   * Redis: each take-over delivered it once more and at most one attempt is
   * counted per delivery, so at most deliveries - 1 are counted with this
   * node's; the next owner's count sets it aside once that reaches
   * DEAD_LETTER_AFTER - 1.
   */
  run<T>(deliveries: number, deadLetterAfter: number, work: () => Promise<T>): Promise<T> {
    return deliveries >= deadLetterAfter ? this.alone(work) : this.beside(work);
  }

  /** Runs `work` beside other ordinary suspects, never beside a last-chance one. */
  async beside<T>(work: () => Promise<T>): Promise<T> {
    while (this.#alone || this.#aloneWaiting > 0) await this.#turn();
    this.#shared++;
    try {
      return await work();
    } finally {
      this.#shared--;
      this.#wake();
    }
  }

  /** Runs `work` with no other suspect in flight on this node. */
  async alone<T>(work: () => Promise<T>): Promise<T> {
    this.#aloneWaiting++;
    try {
      while (this.#alone || this.#shared > 0) await this.#turn();
    } finally {
      this.#aloneWaiting--;
    }
    this.#alone = true;
    try {
      return await work();
    } finally {
      this.#alone = false;
      this.#wake();
    }
  }

  #turn(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Everyone waiting looks again; those still barred wait for the next change. */
  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
