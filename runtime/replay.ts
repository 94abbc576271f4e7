// Rebuilds an actor's state from its message log (DESIGN §3 "Determinism"):
// starting from the machine's initial state, each logged message goes through
// the very step the runtime ran (runtime/step.ts) with the time (`at`), the
// message id (the seed's source) and the runtime flags it was processed with.
// Pure: the caller reads the log (Redis log stream, actor_messages) and gets
// back the record at any version — the ops console's replay slider and the
// tests that check a recorded actor replays to its current snapshot.
import { decodeEnvelope, type Envelope } from './envelope.ts';
import { RuntimeError, RuntimeErrorCodes } from './errors.ts';
import type { ActorKind } from './kinds.ts';
import { encodeRecord, step, type ActorRecord, type Applied } from './step.ts';

/** One processed message as the log keeps it. */
export interface LoggedMessage {
  /** The actor version this message produced. */
  readonly version: number;
  /** When it took effect (the step's `at`). */
  readonly at: number;
  readonly envelope: Envelope;
  /** Runtime flag overrides the step saw (absent: none). */
  readonly flags?: Readonly<Record<string, boolean>>;
}

export interface ReplayResult {
  /** 0 when no message was replayed. */
  readonly version: number;
  readonly record: ActorRecord | null;
  /** The last replayed step (its effects and the event as the machine saw it). */
  readonly last: Applied | null;
}

/** A log entry's parts as actor_messages or the log stream hold them (JSON text or parsed). */
export interface LogRow {
  readonly version: number;
  readonly at: number;
  readonly message: string | Record<string, unknown>;
  readonly effects: string | Record<string, unknown>;
}

function parsed(value: string | Record<string, unknown>): Record<string, unknown> {
  return typeof value === 'string' ? (JSON.parse(value) as Record<string, unknown>) : value;
}

/** Reads a log row; throws RUNTIME_MALFORMED_MESSAGE when its message is not an envelope. */
export function loggedMessage(row: LogRow): LoggedMessage {
  const message = row.message;
  const decoded = decodeEnvelope(typeof message === 'string' ? message : JSON.stringify(message));
  if (!decoded.ok) throw decoded.error;
  const flags = parsed(row.effects).flags as Record<string, boolean> | undefined;
  return { version: row.version, at: row.at, envelope: decoded.envelope, ...(flags ? { flags } : {}) };
}

/**
 * Replays `messages` (any order; each version once) up to `upTo` (default:
 * all). The log must start at the actor's first message and have no hole;
 * each replayed step must give the version the log says it gave.
 */
export function replay(kind: ActorKind, id: string, messages: readonly LoggedMessage[], upTo = Number.POSITIVE_INFINITY): ReplayResult {
  const ordered = [...messages].sort((a, b) => a.version - b.version);
  let record: ActorRecord | null = null;
  let version = 0;
  let last: Applied | null = null;
  for (const message of ordered) {
    if (message.version > upTo) break;
    if (message.version !== version + 1) {
      throw new RuntimeError(
        RuntimeErrorCodes.REPLAY_GAP,
        version === 0
          ? `the log of ${kind.name}:${id} starts at version ${message.version}, not 1 (older messages are past retention)`
          : `the log of ${kind.name}:${id} has no message for version ${version + 1}`,
        { version: version + 1 },
      );
    }
    const result = step({
      kind,
      id,
      version,
      record,
      envelope: message.envelope,
      at: message.at,
      ...(message.flags ? { flags: message.flags } : {}),
    });
    if (result.outcome !== 'applied' || result.version !== message.version) {
      throw new RuntimeError(
        RuntimeErrorCodes.REPLAY_DIVERGED,
        `replaying message ${message.envelope.id} of ${kind.name}:${id} gave ${result.outcome === 'applied' ? `version ${result.version}` : result.outcome}, the log says version ${message.version}`,
        { version: message.version, message: message.envelope.id },
      );
    }
    record = result.record;
    version = result.version;
    last = result;
  }
  return { version, record, last };
}

/** True when two records persist to the same JSON (snapshot and pending timers), whatever their key order. */
export function sameRecord(kind: ActorKind, a: ActorRecord, b: ActorRecord): boolean {
  return canonical(JSON.parse(encodeRecord(kind, a))) === canonical(JSON.parse(encodeRecord(kind, b)));
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonical(child)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
