// Admin actions on one actor, always through its own mailbox (DESIGN §3):
// an event checked against its kind's schema and previewed as a diff, then
// sent carrying the version it was based on (the step refuses it with
// RUNTIME_VERSION_MOVED if the actor moved on); a pending timer fired now.
// Never a direct write to the actor's state, so fencing and history stay whole.
import { ulid } from 'ulid';
import { RuntimeErrorCodes, step, type RuntimeClient, type Clock, type RuntimeEvent, type ReplyBody } from '../../runtime/index.ts';
import type { Operator } from '../auth/operators.ts';
import { OpsError, OpsErrorCodes } from '../errors.ts';
import type { ActorReader, ActorView } from './actor-reader.ts';
import type { Auditor } from './audit.ts';
import { diff, type Change } from './diff.ts';

export interface StateSummary {
  readonly version: number;
  readonly value: unknown;
  readonly context: unknown;
}

export interface Preview {
  readonly address: string;
  /** The version the preview (and so the send) is based on; 0 = the actor does not exist yet. */
  readonly version: number;
  readonly ok: boolean;
  /** Why the actor would refuse it (schema, game rules). */
  readonly refusal?: { readonly code: string; readonly message: string };
  readonly changes: readonly Change[];
  readonly valueBefore: unknown;
  readonly valueAfter?: unknown;
  /** Effects it would have: messages to other actors, public events, timers. */
  readonly effects?: { readonly sends: number; readonly emits: number; readonly notifies: number; readonly records: number; readonly timers: number };
}

export interface Sent {
  readonly ok: true;
  readonly address: string;
  readonly before: StateSummary | null;
  readonly after: StateSummary | null;
  readonly reply: ReplyBody;
  readonly audit: number | null;
}

export interface ActorAdminOptions {
  readonly reader: ActorReader;
  readonly client: RuntimeClient;
  readonly clock: Clock;
  readonly auditor: Auditor;
  readonly timeoutMs: number;
}

const summary = (actor: ActorView | null): StateSummary | null =>
  actor && { version: actor.version, value: actor.record.snapshot.value, context: actor.record.snapshot.context };

function eventOf(body: unknown): RuntimeEvent {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
    throw new OpsError(OpsErrorCodes.BAD_REQUEST, 'the event must be a JSON object with a string "type"');
  }
  // The runtime dead-letters a message with U+0000 (PostgreSQL's jsonb cannot hold it): refuse it here instead.
  if (JSON.stringify(body).includes('\\u0000')) throw new OpsError(OpsErrorCodes.BAD_REQUEST, 'the event contains a NUL character (\\u0000), which cannot be stored');
  return body as RuntimeEvent;
}

export class ActorAdmin {
  readonly #options: ActorAdminOptions;

  constructor(options: ActorAdminOptions) {
    this.#options = options;
  }

  /** What the event would do to the actor as it is now (the same pure step the runtime runs). */
  async preview(address: string, body: unknown): Promise<Preview> {
    const event = eventOf(body);
    const { kind, id } = this.#options.reader.kindOf(address, { strict: true });
    const actor = await this.#options.reader.read(address);
    const version = actor?.version ?? 0;
    const valueBefore = actor?.record.snapshot.value ?? null;
    const result = step({
      kind,
      id,
      version,
      record: actor?.record ?? null,
      // No colon: a message id names what it creates (a war, an alliance), and those ids cannot hold one.
      envelope: { id: `preview-${ulid()}`, to: address, event },
      at: this.#options.clock.now(),
    });
    if (result.outcome === 'refused') {
      return { address, version, ok: false, refusal: { code: result.reply.code, message: result.reply.message }, changes: [], valueBefore };
    }
    if (result.outcome === 'stale') return { address, version, ok: false, refusal: { code: RuntimeErrorCodes.STALE_TIMER, message: 'nothing to do' }, changes: [], valueBefore };
    const after = result.record.snapshot;
    return {
      address,
      version,
      ok: true,
      changes: [
        ...(JSON.stringify(valueBefore) === JSON.stringify(after.value) ? [] : [{ path: '(state)', kind: 'changed' as const, before: valueBefore, after: after.value }]),
        ...diff(actor?.record.snapshot.context ?? {}, after.context),
      ],
      valueBefore,
      valueAfter: after.value,
      effects: { sends: result.sends.length, emits: result.emits.length, notifies: result.notifies.length, records: result.records.length, timers: result.arm.length + result.cancel.length },
    };
  }

  /**
   * Sends an event through the actor's mailbox, based on version `expect`
   * (default: the version it has now). A payload its kind's schema refuses is
   * refused here with the reason, and never sent.
   */
  async send(operator: Operator, address: string, body: unknown, expect?: number, action = 'actor.event'): Promise<Sent> {
    const event = eventOf(body);
    this.#options.reader.kindOf(address, { strict: true });
    await this.#options.auditor.ready();
    const before = await this.#options.reader.read(address);
    const preview = await this.preview(address, event);
    const schemaRefusal = preview.refusal && [RuntimeErrorCodes.UNKNOWN_EVENT, RuntimeErrorCodes.INVALID_EVENT].includes(preview.refusal.code as 'RUNTIME_INVALID_EVENT');
    if (schemaRefusal) {
      await this.#options.auditor.write(operator, { action, target: address, request: { event, expect }, before: summary(before), outcome: 'refused', detail: `${preview.refusal!.code}: ${preview.refusal!.message}` });
      throw new OpsError(OpsErrorCodes.REFUSED, preview.refusal!.message, { reason: preview.refusal!.code });
    }
    return this.#deliver(operator, address, event, { expect: expect ?? before?.version ?? 0 }, before, action);
  }

  /** Fires a pending timer of the actor now, through its mailbox, based on version `expect`. */
  async fireTimer(operator: Operator, address: string, timerId: string, expect?: number): Promise<Sent> {
    await this.#options.auditor.ready();
    const before = await this.#options.reader.read(address);
    // Own keys only: a name such as "__proto__" or "constructor" is no pending timer.
    const pending = before && Object.hasOwn(before.record.timers, timerId) ? before.record.timers[timerId] : undefined;
    if (!before || !pending) throw new OpsError(OpsErrorCodes.NOT_FOUND, `${address} has no pending timer "${timerId}"`);
    return this.#deliver(operator, address, { type: 'xstate.timer' }, { expect: expect ?? before.version, timer: { id: timerId, seq: pending.seq, now: true } }, before, 'timer.fire');
  }

  async #deliver(
    operator: Operator,
    address: string,
    event: RuntimeEvent,
    options: { expect: number; timer?: { id: string; seq: number; now: true } },
    before: ActorView | null,
    action: string,
  ): Promise<Sent> {
    const request = { event, expect: options.expect, ...(options.timer ? { timer: options.timer } : {}) };
    let reply: ReplyBody;
    try {
      reply = await this.#options.client.request(address, event, { ...options, timeoutMs: this.#options.timeoutMs });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.#options.auditor.write(operator, { action, target: address, request, before: summary(before), outcome: 'failed', detail: message });
      throw new OpsError(OpsErrorCodes.UNAVAILABLE, `no answer from ${address}: ${message}`);
    }
    if (!reply.ok) {
      await this.#options.auditor.write(operator, { action, target: address, request, before: summary(before), outcome: 'refused', detail: `${reply.code}: ${reply.message}` });
      throw new OpsError(OpsErrorCodes.REFUSED, reply.message, { reason: reply.code, ...(reply.details ? { details: reply.details } : {}) });
    }
    const after = await this.#options.reader.read(address);
    const audit = await this.#options.auditor.write(operator, { action, target: address, request, before: summary(before), after: summary(after), outcome: 'ok', detail: `version ${reply.version}` });
    return { ok: true, address, before: summary(before), after: summary(after), reply, audit };
  }
}
