// The shards' dead-letter streams: messages the runtime gave up on, with their
// error. An admin retries one (sent again under a new message id: the old id's
// de-duplication record holds its failure) or discards it; both are audited.
import { ulid } from 'ulid';
import { shardOf, decodeEnvelope, encodeEnvelope } from '../../runtime/index.ts';
import type { ShardStore, StreamEntry } from '../../storage/index.ts';
import type { Operator } from '../auth/operators.ts';
import { OpsError, OpsErrorCodes } from '../errors.ts';
import type { Auditor } from './audit.ts';

export interface DeadLetter {
  readonly shard: number;
  /** The dead-letter stream entry's id. */
  readonly entry: string;
  readonly id?: string;
  readonly to?: string;
  readonly body: string;
  readonly code: string;
  readonly error: string;
  readonly stack?: string;
  readonly tries: number;
  readonly at: number;
}

/** Pure: a dead-letter stream entry as the runtime wrote it (runtime/shard-batch.ts). */
export function decodeDeadLetter(shard: number, entry: StreamEntry): DeadLetter {
  try {
    const parsed = JSON.parse(entry.body) as Omit<DeadLetter, 'shard' | 'entry'>;
    return { ...parsed, shard, entry: entry.id };
  } catch {
    return { shard, entry: entry.id, body: entry.body, code: 'UNREADABLE', error: 'the dead-letter entry is not JSON', tries: 0, at: 0 };
  }
}

const PER_SHARD = 200;

export class DeadLetters {
  readonly #store: ShardStore;
  readonly #shards: number;
  readonly #auditor: Auditor;

  constructor(store: ShardStore, shards: number, auditor: Auditor) {
    this.#store = store;
    this.#shards = shards;
    this.#auditor = auditor;
  }

  /** Newest first, across every shard. */
  async list(limit = 200): Promise<DeadLetter[]> {
    const all = Array.from({ length: this.#shards }, (_, shard) => shard);
    const entries = await Promise.all(all.map(async (shard) => (await this.#store.readStream(shard, 'dead', PER_SHARD)).map((entry) => decodeDeadLetter(shard, entry))));
    return entries.flat().sort((a, b) => b.at - a.at || (a.entry < b.entry ? 1 : -1)).slice(0, limit);
  }

  async #find(shard: number, entry: string): Promise<DeadLetter> {
    if (!Number.isInteger(shard) || shard < 0 || shard >= this.#shards) throw new OpsError(OpsErrorCodes.NOT_FOUND, `no shard ${shard}`);
    const found = (await this.#store.readStream(shard, 'dead', 10_000)).find((candidate) => candidate.id === entry);
    if (!found) throw new OpsError(OpsErrorCodes.NOT_FOUND, `no dead letter ${entry} on shard ${shard} (already retried or discarded?)`);
    return decodeDeadLetter(shard, found);
  }

  /** Sends the message again under a new id and removes the dead letter; resolves to the new message id. */
  async retry(operator: Operator, shard: number, entry: string): Promise<{ readonly id: string; readonly to: string }> {
    await this.#auditor.ready();
    const letter = await this.#find(shard, entry);
    const decoded = decodeEnvelope(letter.body);
    if (!decoded.ok) {
      await this.#auditor.write(operator, { action: 'dead_letter.retry', target: `dead:${shard}:${entry}`, before: letter, outcome: 'refused', detail: decoded.error.message });
      throw new OpsError(OpsErrorCodes.REFUSED, `this message cannot be sent again: ${decoded.error.message}`, { reason: decoded.error.code });
    }
    // The requester is long gone: no reply stream. The old id stays as the retry's origin.
    const { replyTo: _replyTo, corr: _corr, ...envelope } = decoded.envelope;
    const retried = { ...envelope, id: `retry:${ulid()}:${envelope.id}`.slice(0, 300) };
    await this.#store.append(shardOf(retried.to, this.#shards), [encodeEnvelope(retried)]);
    await this.#store.deleteEntries(shard, 'dead', [entry]);
    await this.#auditor.write(operator, { action: 'dead_letter.retry', target: retried.to, request: { shard, entry }, before: letter, after: { id: retried.id }, outcome: 'ok' });
    return { id: retried.id, to: retried.to };
  }

  async discard(operator: Operator, shard: number, entry: string): Promise<void> {
    await this.#auditor.ready();
    const letter = await this.#find(shard, entry);
    await this.#store.deleteEntries(shard, 'dead', [entry]);
    await this.#auditor.write(operator, { action: 'dead_letter.discard', target: letter.to ?? `dead:${shard}:${entry}`, request: { shard, entry }, before: letter, outcome: 'ok' });
  }
}
