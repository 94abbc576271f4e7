// The bot's way into the game. Commands go to actors through the runtime's
// request/reply client (the actors are the authority: they check leaders,
// citizens, cooldowns and costs and refuse in player-facing words). Displays
// read an actor's latest committed state straight from the live store (Redis,
// or memory when embedded), falling back to PostgreSQL's copy: a read changes
// nothing, whereas a query event would cost the actor a new version and a
// write-behind row each time someone looks.
import { shardOf, type ReplyBody, type RuntimeClient, type RuntimeEvent, type Backends } from '../runtime/index.ts';

/** An actor's refusal `{ ok: false, code, message }`; the message is written for players. */
export class GameRefusal extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'GameRefusal';
    this.code = code;
    this.details = details;
  }
}

export interface ActorView<Context> {
  readonly version: number;
  /** XState's state value (e.g. 'active', { active: 'mustering' }). */
  readonly value: unknown;
  readonly status: string;
  readonly context: Context;
}

export interface GameOptions {
  readonly client: RuntimeClient;
  readonly backends: Pick<Backends, 'store' | 'repo'>;
  readonly shards: number;
  /** Default wait for a reply (REQUEST_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}

export type Accepted = Extract<ReplyBody, { ok: true }>;

export class Game {
  readonly #options: GameOptions;

  constructor(options: GameOptions) {
    this.#options = options;
  }

  /** Sends `event` and waits for the actor's reply (rejects with RUNTIME_TIMEOUT when it does not come). */
  ask(address: string, event: RuntimeEvent, options: { timeoutMs?: number; id?: string } = {}): Promise<ReplyBody> {
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
    return this.#options.client.request(address, event, { ...options, ...(timeoutMs ? { timeoutMs } : {}) });
  }

  /** Like ask, but a refusal throws GameRefusal: what command handlers use. */
  async command(address: string, event: RuntimeEvent, options: { timeoutMs?: number; id?: string } = {}): Promise<Accepted> {
    const reply = await this.ask(address, event, options);
    if (!reply.ok) throw new GameRefusal(reply.code, reply.message, reply.details);
    return reply;
  }

  /** Sends without waiting for the effect (activity pings). */
  send(address: string, event: RuntimeEvent): Promise<string> {
    return this.#options.client.send(address, event);
  }

  /** The actor's latest committed state, or null when it has never existed. */
  async read<Context>(address: string): Promise<ActorView<Context> | null> {
    const { store, repo } = this.#options.backends;
    const stored = (await store.load(shardOf(address, this.#options.shards), [address])).get(address);
    let version: number;
    let json: string;
    if (stored) {
      ({ version, state: json } = stored);
    } else {
      const row = await repo.load(address);
      if (!row) return null;
      ({ version, state: json } = row);
    }
    const record = JSON.parse(json) as { snapshot?: { value?: unknown; status?: string; context?: Context } };
    if (!record.snapshot?.context) return null;
    return { version, value: record.snapshot.value, status: record.snapshot.status ?? 'active', context: record.snapshot.context };
  }
}
