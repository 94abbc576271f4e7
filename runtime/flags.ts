// A runtime node's copy of the feature flags switched from the ops console
// (storage/flag-store.ts). It is refreshed the moment a change is announced
// (and every second in case an announcement was missed), acknowledges the
// version it applies so the console can tell when every node has it, and
// hands the shard workers one frozen snapshot to stamp into each event's meta
// (`flags`) and the message log: transitions stay a pure function of their
// inputs, and a replay sees exactly what each message saw.
import type { Logger } from 'pino';
import type { FlagState, FlagStore } from '../storage/index.ts';
import { sleep } from './sleep.ts';

/** The overrides in force, with their JSON computed once for the message log. */
export interface FlagSnapshot {
  readonly version: number;
  readonly values: Readonly<Record<string, boolean>>;
  readonly json: string;
}

export interface LiveFlagsOptions {
  readonly store: FlagStore;
  /** Acknowledges under this id (runtime nodes); omit to only read. */
  readonly nodeId?: string;
  readonly logger: Logger;
  /** Safety net behind the change channel. */
  readonly pollMs?: number;
}

/** Pure: the snapshot of a state; undefined when nothing is switched (events then carry no `flags`). */
export function flagSnapshot(state: FlagState): FlagSnapshot | undefined {
  const names = Object.keys(state.values).sort();
  if (names.length === 0) return undefined;
  const values: Record<string, boolean> = {};
  for (const name of names) values[name] = state.values[name]!;
  return { version: state.version, values: Object.freeze(values), json: JSON.stringify(values) };
}

export class LiveFlags {
  readonly #options: LiveFlagsOptions;
  readonly #abort = new AbortController();
  #snapshot: FlagSnapshot | undefined;
  #version = -1;
  #unwatch: (() => void) | undefined;
  #refreshing: Promise<void> | undefined;
  #again = false;
  #poll: Promise<void> | undefined;

  constructor(options: LiveFlagsOptions) {
    this.#options = options;
  }

  /** Reads the flags once (a node starts with the current values) and then follows their changes. */
  async start(): Promise<this> {
    // Listening first, then reading: a change between the two is not missed.
    try {
      this.#unwatch = await this.#options.store.watch(() => void this.refresh());
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'cannot listen for flag changes; polling only');
    }
    await this.refresh();
    this.#poll = this.#pollLoop();
    return this;
  }

  /** What workers stamp into events now. */
  current(): FlagSnapshot | undefined {
    return this.#snapshot;
  }

  get version(): number {
    return this.#version;
  }

  /** Re-reads the store; concurrent calls share one read and a change during it triggers one more. */
  refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#again = true;
      return this.#refreshing;
    }
    this.#refreshing = (async () => {
      do {
        this.#again = false;
        const state = await this.#options.store.read();
        if (state.version !== this.#version) {
          this.#snapshot = flagSnapshot(state);
          this.#version = state.version;
          this.#options.logger.info({ version: state.version, flags: state.values }, 'feature flags applied');
        }
        if (this.#options.nodeId) await this.#options.store.acknowledge(this.#options.nodeId, state.version);
      } while (this.#again);
    })()
      .catch((error: unknown) => this.#options.logger.warn({ err: error }, 'could not read feature flags; keeping the last ones'))
      .finally(() => {
        this.#refreshing = undefined;
      });
    return this.#refreshing;
  }

  async #pollLoop(): Promise<void> {
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      await sleep(this.#options.pollMs ?? 1_000, signal);
      if (!signal.aborted) await this.refresh();
    }
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    this.#unwatch?.();
    await this.#poll;
    await this.#refreshing;
  }
}
