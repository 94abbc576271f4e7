// One message applied to one actor, as a pure function of (record, message,
// time): validate the event, run the machine's pure transition
// (runtime/transition.ts), and turn the actions it returns into effects and
// timer changes. No I/O happens here; the
// node commits the outcome atomically (storage/lua/step-8.lua).
import { initialTransition, type AnyMachineSnapshot, type EventObject } from 'xstate';
import { fnv1a } from './address.ts';
import { RuntimeError, RuntimeErrorCodes } from './errors.ts';
import type { EmitParams, EventMeta, NotifyParams, RecordParams, ReplyParams, SendParams } from './effects.ts';
import type { Envelope } from './envelope.ts';
import type { ActorKind } from './kinds.ts';
import { persistedSnapshot, pureTransition } from './transition.ts';

/** A delayed event the machine is waiting for; kept beside the snapshot (DESIGN §3 "Timers are state"). */
export interface PendingTimer {
  readonly event: EventObject;
  readonly due: number;
  /** Actor version that armed it: a fire carrying another seq is stale. */
  readonly seq: number;
}

export interface ActorRecord {
  readonly snapshot: AnyMachineSnapshot;
  readonly timers: Readonly<Record<string, PendingTimer>>;
}

export interface TimerArm {
  readonly id: string;
  readonly seq: number;
  readonly due: number;
}

export interface TimerCancel {
  readonly id: string;
  readonly seq: number;
}

export type ReplyBody =
  | ({ readonly ok: true; readonly version: number; readonly state: unknown } & Record<string, unknown>)
  | { readonly ok: false; readonly code: string; readonly message: string; readonly details?: Record<string, unknown> };

export interface Applied {
  readonly outcome: 'applied';
  readonly version: number;
  readonly record: ActorRecord;
  readonly reply: ReplyBody;
  readonly sends: readonly Envelope[];
  readonly emits: readonly EmitParams[];
  readonly notifies: readonly NotifyParams[];
  readonly records: readonly RecordParams[];
  readonly arm: readonly TimerArm[];
  readonly cancel: readonly TimerCancel[];
  /** The event as the machine saw it (with `at` and `seed`), for the message log. */
  readonly event: EventObject;
  /** When the message took effect (for a timer, never before its due time). */
  readonly at: number;
}

export interface Refused {
  readonly outcome: 'refused';
  readonly reply: ReplyBody & { ok: false };
}

/** A timer fire whose timer is no longer pending (cancelled, re-armed or already fired). */
export interface Stale {
  readonly outcome: 'stale';
}

export type StepResult = Applied | Refused | Stale;

export interface StepInput {
  readonly kind: ActorKind;
  readonly id: string;
  /** Current version; 0 when the actor does not exist yet. */
  readonly version: number;
  readonly record: ActorRecord | null;
  readonly envelope: Envelope;
  readonly at: number;
  /** Runtime flag overrides in force (runtime/flags.ts); absent when there are none. */
  readonly flags?: Readonly<Record<string, boolean>>;
}

function refuse(code: string, message: string, details?: Record<string, unknown>): Refused {
  return { outcome: 'refused', reply: { ok: false, code, message, ...(details ? { details } : {}) } };
}

/** Validates a client's event against its kind; the runtime's own meta fields are not the client's to set. */
function validate(kind: ActorKind, event: EventObject & Record<string, unknown>): { readonly fields: Record<string, unknown> } | Refused {
  const schema = kind.events[event.type];
  if (!schema || !Object.hasOwn(kind.events, event.type)) {
    return refuse(RuntimeErrorCodes.UNKNOWN_EVENT, `a ${kind.name} does not understand "${event.type}"`, {
      known: Object.keys(kind.events),
    });
  }
  const parsed = schema.safeParse(withoutKeys(event, TYPE_KEY));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    return refuse(RuntimeErrorCodes.INVALID_EVENT, `"${event.type}": ${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'}`, {
      path,
    });
  }
  return { fields: parsed.data };
}

const TYPE_KEY: ReadonlySet<string> = new Set(['type']);
/** Fields only the runtime sets (EventMeta); a sender's are dropped. */
const META_KEYS: ReadonlySet<string> = new Set(['at', 'seed', 'id', 'from', 'flags']);

/**
 * A copy of `object` without `keys`. Object rest patterns (`{ type, ...rest }`)
 * compile to a slow runtime call in V8: two of them per message cost more than
 * the zod validation and a fifth of a transition (bench/RESULTS.md).
 */
function withoutKeys(object: Readonly<Record<string, unknown>>, keys: ReadonlySet<string>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(object)) if (!keys.has(key)) copy[key] = object[key];
  return copy;
}

export function step(input: StepInput): StepResult {
  const { kind, envelope } = input;
  let at = input.at;
  // An event based on a version the actor has left (ops console) would act on what is no longer there.
  if (envelope.expect !== undefined && envelope.expect !== input.version) {
    return refuse(RuntimeErrorCodes.VERSION_MOVED, `${envelope.to} is at version ${input.version}, not ${envelope.expect}`, { version: input.version });
  }
  const seed = fnv1a(envelope.id);
  const flags = input.flags ? { flags: input.flags } : {};
  const timers: Record<string, PendingTimer> = { ...(input.record?.timers ?? {}) };
  let event: EventObject;

  if (envelope.timer) {
    const pending = timers[envelope.timer.id];
    if (!pending || pending.seq !== envelope.timer.seq || !input.record) {
      // Only a fire by hand has someone waiting for an answer.
      return envelope.replyTo ? refuse(RuntimeErrorCodes.STALE_TIMER, `timer ${envelope.timer.id} of ${envelope.to} is no longer pending`) : { outcome: 'stale' };
    }
    delete timers[envelope.timer.id];
    // Never before its due time, even by the few ms two nodes' readings of the
    // server clock may differ: a timer's event happens when it is due or later
    // (unless fired by hand, `now`).
    if (!envelope.timer.now) at = Math.max(at, pending.due);
    const fed: EventObject & EventMeta = Object.assign({}, pending.event, { at, seed, id: envelope.id }, flags);
    event = fed;
  } else {
    const validated = validate(kind, envelope.event);
    if ('outcome' in validated) return validated;
    if (!input.record && kind.creates && !kind.creates.includes(envelope.event.type)) {
      return refuse(RuntimeErrorCodes.UNKNOWN_ACTOR, `${envelope.to} does not exist`, { address: envelope.to });
    }
    // Meta fields are the runtime's to set, never the sender's: a forged `from` is dropped.
    const meta: EventObject & EventMeta = envelope.from === undefined
      ? { type: envelope.event.type, at, seed, id: envelope.id }
      : { type: envelope.event.type, at, seed, id: envelope.id, from: envelope.from };
    event = Object.assign(withoutKeys(validated.fields, META_KEYS), meta, flags);
  }

  const version = input.version + 1;
  const current =
    input.record?.snapshot ?? initialTransition(kind.machine, kind.input ? kind.input(input.id) : { id: input.id })[0];
  const [snapshot, actions] = pureTransition(kind.machine, current, event);

  const sends: Envelope[] = [];
  const emits: EmitParams[] = [];
  const notifies: NotifyParams[] = [];
  const records: RecordParams[] = [];
  const arm: TimerArm[] = [];
  const cancel: TimerCancel[] = [];
  let reply: ReplyParams | undefined;

  for (const action of actions) {
    const params = action.params as Record<string, unknown> | undefined;
    switch (action.type) {
      case 'send': {
        const send = params as unknown as SendParams;
        // Derived ids make a re-run of this step send the very same messages, which receivers de-duplicate.
        sends.push({ id: `${envelope.id}/${sends.length}`, to: send.to, event: send.event, from: envelope.to });
        break;
      }
      case 'reply':
        reply = params as unknown as ReplyParams;
        break;
      case 'emit':
        emits.push(params as unknown as EmitParams);
        break;
      case 'notify':
        notifies.push(params as unknown as NotifyParams);
        break;
      case 'record':
        records.push(params as unknown as RecordParams);
        break;
      case 'xstate.raise': {
        const raise = params as { event: EventObject; id?: string; delay?: number };
        if (typeof raise.delay !== 'number') break;
        const id = raise.id ?? `${raise.event.type}#${version}`;
        const previous = timers[id];
        if (previous) cancel.push({ id, seq: previous.seq });
        timers[id] = { event: raise.event, due: at + raise.delay, seq: version };
        arm.push({ id, seq: version, due: at + raise.delay });
        break;
      }
      case 'xstate.cancel': {
        const id = (params as { sendId: string }).sendId;
        const pending = timers[id];
        if (pending) {
          delete timers[id];
          cancel.push({ id, seq: pending.seq });
        }
        break;
      }
      default:
        break;
    }
  }

  // A machine that answers with an error has refused the event: nothing it did
  // while refusing is kept (players' mistakes change nothing, DESIGN §10.5).
  if (reply && reply.ok === false) return { outcome: 'refused', reply };
  // Object.assign, not `{ ...reply, ok: true, ... }`: V8 makes a spread followed by
  // more properties a slow runtime call, ~1 µs here, 15 times the cost of this.
  const body: ReplyBody = Object.assign({}, reply, { ok: true as const, version, state: snapshot.value });
  return {
    outcome: 'applied',
    version,
    record: { snapshot, timers },
    reply: body,
    sends,
    emits,
    notifies,
    records,
    arm: arm.filter((timer) => timers[timer.id]?.seq === timer.seq),
    cancel,
    event,
    at,
  };
}

/** Persisted form of a record: XState's persisted snapshot plus the pending timers. */
export function encodeRecord(kind: ActorKind, record: ActorRecord): string {
  return JSON.stringify({ snapshot: persistedSnapshot(kind.machine, record.snapshot), timers: record.timers });
}

export function decodeRecord(kind: ActorKind, json: string): ActorRecord {
  const stored = JSON.parse(json) as { snapshot: unknown; timers?: Record<string, PendingTimer> };
  try {
    const snapshot = kind.machine.resolveState(stored.snapshot as Parameters<typeof kind.machine.resolveState>[0]);
    return { snapshot, timers: stored.timers ?? {} };
  } catch (error) {
    throw new RuntimeError(RuntimeErrorCodes.TRANSITION_FAILED, `cannot restore a ${kind.name}: ${String(error)}`);
  }
}
