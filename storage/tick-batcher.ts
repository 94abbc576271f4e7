// Calls made in the same turn of the event loop travel to Redis together, as
// one script call. A node's shard workers wake together (one inbox read feeds
// them all) and each commits, then publishes replies, a message or two at a
// time under moderate load: one call per worker cost more than the messages
// in it (bench/RESULTS.md).

/** Per item of a call: its answer, or the error that refused that item alone. */
export type ItemOutcome<Result> = Result | Error;

export interface TickBatcherOptions<Item, Result> {
  /** Sends several items in one call, answering for each in order. */
  readonly send: (items: readonly Item[]) => Promise<ItemOutcome<Result>[]>;
  /** Most items per call. */
  readonly maxItems: number;
  /** Most weight (e.g. messages) per call; an item is never split, so one heavier item goes alone. */
  readonly maxWeight: number;
  readonly weight: (item: Item) => number;
}

interface Waiting<Item, Result> {
  readonly item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

export class TickBatcher<Item, Result> {
  readonly #options: TickBatcherOptions<Item, Result>;
  #waiting: Waiting<Item, Result>[] = [];

  constructor(options: TickBatcherOptions<Item, Result>) {
    this.#options = options;
  }

  add(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      // After this turn's microtasks: every worker woken by the same read has called by then.
      if (this.#waiting.length === 0) setImmediate(() => this.#flush());
      this.#waiting.push({ item, resolve, reject });
    });
  }

  #flush(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    const { maxItems, maxWeight, weight } = this.#options;
    let call: Waiting<Item, Result>[] = [];
    let load = 0;
    for (const entry of waiting) {
      const itemWeight = weight(entry.item);
      if (call.length > 0 && (call.length >= maxItems || load + itemWeight > maxWeight)) {
        this.#send(call);
        call = [];
        load = 0;
      }
      call.push(entry);
      load += itemWeight;
    }
    if (call.length > 0) this.#send(call);
  }

  #send(call: readonly Waiting<Item, Result>[]): void {
    this.#options.send(call.map((entry) => entry.item)).then(
      (outcomes) =>
        call.forEach((entry, i) => {
          const outcome = outcomes[i];
          if (outcome === undefined) entry.reject(new Error(`no answer for item ${i} of a call of ${call.length}`));
          else if (outcome instanceof Error) entry.reject(outcome);
          else entry.resolve(outcome);
        }),
      (error: unknown) => {
        for (const entry of call) entry.reject(error);
      },
    );
  }
}
