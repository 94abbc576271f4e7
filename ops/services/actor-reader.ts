// Reads actors for the console, never writing: the live record from the store
// (Redis, or PostgreSQL's copy for an actor not in Redis), the recent messages
// with their effects (actor_messages plus what the write-behind has not
// copied yet), and the whole log for replay.
import { shardOf, loggedMessage, decodeRecord, RuntimeErrorCodes, type KindRegistry, type ActorKind, type LoggedMessage, type ActorRecord } from '../../runtime/index.ts';
import type { ActorStateRepo, ShardStore } from '../../storage/index.ts';
import { OpsError, OpsErrorCodes } from '../errors.ts';

export interface ActorView {
  readonly address: string;
  readonly kind: ActorKind;
  readonly id: string;
  readonly version: number;
  readonly record: ActorRecord;
  /** Where it was read from. */
  readonly source: 'live' | 'postgres';
  /** The record as stored (persisted snapshot and timers). */
  readonly stored: unknown;
}

export interface MessageView {
  readonly version: number;
  readonly id: string;
  readonly at: number;
  readonly message: Record<string, unknown>;
  readonly effects: Record<string, unknown>;
  /** Still only in Redis: the write-behind has not copied it yet. */
  readonly pending: boolean;
}

export interface ActorReaderOptions {
  readonly store: ShardStore;
  readonly repo: ActorStateRepo;
  readonly kinds: KindRegistry;
  readonly shards: number;
}

/** Entries of a shard's message log scanned for one actor's newest messages. */
const LOG_SCAN = 2_000;

export class ActorReader {
  readonly #options: ActorReaderOptions;

  constructor(options: ActorReaderOptions) {
    this.#options = options;
  }

  /**
   * The kind of an address; OPS_BAD_REQUEST for a malformed address, OPS_NOT_FOUND
   * for an unknown kind. `strict` (a change): also OPS_BAD_REQUEST for an id
   * the game never gives that kind (its `idPattern`), so no change creates an
   * actor nothing in the game addresses. Reads are not strict: an actor made
   * at such an address before stays visible.
   */
  kindOf(address: string, options: { readonly strict?: boolean } = {}): { kind: ActorKind; id: string } {
    try {
      return this.#options.kinds.forAddress(address, options);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if ((error as { code?: unknown }).code === RuntimeErrorCodes.BAD_ADDRESS) throw new OpsError(OpsErrorCodes.BAD_REQUEST, message);
      throw new OpsError(OpsErrorCodes.NOT_FOUND, message);
    }
  }

  /** The actor now, or null when it does not exist. */
  async read(address: string): Promise<ActorView | null> {
    const { kind, id } = this.kindOf(address);
    const live = (await this.#options.store.load(shardOf(address, this.#options.shards), [address])).get(address);
    const row = live ? null : await this.#options.repo.load(address);
    const stored = live ?? row;
    if (!stored) return null;
    return {
      address,
      kind,
      id,
      version: stored.version,
      record: decodeRecord(kind, stored.state),
      source: live ? 'live' : 'postgres',
      stored: JSON.parse(stored.state),
    };
  }

  /** Only the version (cheap enough to poll for a watching page); 0 when it does not exist. */
  async version(address: string): Promise<number> {
    const live = (await this.#options.store.load(shardOf(address, this.#options.shards), [address])).get(address);
    if (live) return live.version;
    return (await this.#options.repo.load(address))?.version ?? 0;
  }

  /** Newest first, up to `limit`, optionally only those before a version. */
  async messages(address: string, limit: number, beforeVersion?: number): Promise<MessageView[]> {
    this.kindOf(address);
    const [pending, copied] = await Promise.all([
      this.#pendingLog(address),
      this.#options.repo.messages(address, { limit, ...(beforeVersion === undefined ? {} : { beforeVersion }) }),
    ]);
    const byVersion = new Map<number, MessageView>();
    for (const row of copied) {
      byVersion.set(row.version, { version: row.version, id: row.messageId, at: row.at, message: JSON.parse(row.message), effects: JSON.parse(row.effects), pending: false });
    }
    for (const entry of pending) if (!byVersion.has(entry.version)) byVersion.set(entry.version, entry);
    return [...byVersion.values()]
      .filter((message) => beforeVersion === undefined || message.version < beforeVersion)
      .sort((a, b) => b.version - a.version)
      .slice(0, limit);
  }

  /** Every logged message of the actor, for replay. */
  async log(address: string): Promise<LoggedMessage[]> {
    const messages = await this.messages(address, 100_000);
    return messages.map((message) => loggedMessage({ version: message.version, at: message.at, message: message.message, effects: message.effects }));
  }

  async #pendingLog(address: string): Promise<MessageView[]> {
    const entries = await this.#options.store.readStream(shardOf(address, this.#options.shards), 'log', LOG_SCAN);
    const views: MessageView[] = [];
    for (const entry of entries) {
      // Cheap test before parsing: most entries of the shard are other actors'.
      if (!entry.body.includes(JSON.stringify(address))) continue;
      const parsed = JSON.parse(entry.body) as { address: string; version: number; id: string; at: number; message: Record<string, unknown>; effects: Record<string, unknown> };
      if (parsed.address !== address) continue;
      views.push({ version: parsed.version, id: parsed.id, at: parsed.at, message: parsed.message, effects: parsed.effects, pending: true });
    }
    return views;
  }
}
