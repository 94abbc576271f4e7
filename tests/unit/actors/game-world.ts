// A whole game in memory: every actor kind driven through runtime/step.ts
// exactly as a runtime node drives it, with a router in place of the shard
// streams. Each applied step's `send`s join one queue; a message is
// deliverable when it is the oldest queued one on its (sender → receiver)
// channel — the order the outbox relay keeps — so a test may deliver the
// deliverable ones in any order it likes. Timers are the ones each actor's
// record keeps pending (DESIGN §3); `advance` fires them in due order.
// Not a test file itself: conservation.property.test.ts drives it.
import type { EventObject } from 'xstate';
import type { GameRules } from '../../../actors/common/game-rules.ts';
import { gameKinds } from '../../../actors/index.ts';
import type { Envelope } from '../../../runtime/envelope.ts';
import { KindRegistry } from '../../../runtime/kinds.ts';
import { step, type ActorRecord, type StepResult } from '../../../runtime/step.ts';

/** One message applied (or refused) by one actor, as the observer sees it. */
export interface Delivery {
  readonly envelope: Envelope;
  readonly at: number;
  readonly result: StepResult;
}

interface Actor {
  version: number;
  record: ActorRecord | null;
}

/** How many trace lines a failure report shows. */
const TRACE_LINES = 60;

export class GameWorld {
  readonly #kinds: KindRegistry;
  readonly #actors = new Map<string, Actor>();
  readonly #queue: Envelope[] = [];
  readonly #trace: string[] = [];
  readonly #observe: (delivery: Delivery) => void;
  #requests = 0;
  #steps = 0;
  now: number;
  /** Runtime feature flags switched from the ops console; stamped into every event as the node does (runtime/flags.ts). */
  flags: Record<string, boolean> = {};

  constructor(rules: GameRules, start: number, observe: (delivery: Delivery) => void = () => {}) {
    this.#kinds = new KindRegistry(gameKinds(rules));
    this.now = start;
    this.#observe = observe;
  }

  /** A client's request (bot, scheduler, ops): applied at once, its sends queued. `id` defaults to a fresh one. */
  request(to: string, event: EventObject & Record<string, unknown>, id?: string): Delivery {
    this.#requests += 1;
    return this.#apply({ id: id ?? `c${this.#requests}`, to, event });
  }

  /** Messages applied or refused so far, timer fires included. */
  get steps(): number {
    return this.#steps;
  }

  /** Messages in flight, oldest first. */
  get queued(): readonly Envelope[] {
    return this.#queue;
  }

  /** The oldest queued message of each (sender → receiver) channel. */
  deliverable(): Envelope[] {
    const seen = new Set<string>();
    const heads: Envelope[] = [];
    for (const envelope of this.#queue) {
      const channel = `${envelope.from ?? ''}>${envelope.to}`;
      if (seen.has(channel)) continue;
      seen.add(channel);
      heads.push(envelope);
    }
    return heads;
  }

  /** Delivers the `pick`-th deliverable message (modulo their number); null when nothing is queued. */
  deliver(pick = 0): Delivery | null {
    const heads = this.deliverable();
    if (heads.length === 0) return null;
    const envelope = heads[pick % heads.length]!;
    this.#queue.splice(this.#queue.indexOf(envelope), 1);
    return this.#apply(envelope);
  }

  /** Delivers until nothing is queued (bounded: a message storm is a bug). */
  drain(limit = 10_000): void {
    for (let delivered = 0; this.#queue.length > 0; delivered++) {
      if (delivered >= limit) throw new Error(`still ${this.#queue.length} messages queued after ${limit} deliveries`);
      this.deliver();
    }
  }

  /** Moves the clock on by `ms`, firing every timer that falls due meanwhile, earliest first. */
  advance(ms: number, settle = false): void {
    const until = this.now + ms;
    for (let next = this.#nextTimer(); next && next.due <= until; next = this.#nextTimer()) {
      this.now = Math.max(this.now, next.due);
      const id = `timer:${next.address}:${next.id}:${next.seq}`;
      this.#apply({ id, to: next.address, event: { type: 'xstate.timer' }, timer: { id: next.id, seq: next.seq } });
      if (settle) this.drain();
    }
    this.now = until;
  }

  record(address: string): ActorRecord | null {
    return this.#actors.get(address)?.record ?? null;
  }

  context<T>(address: string): T | undefined {
    return this.record(address)?.snapshot.context as T | undefined;
  }

  /** Every actor that exists, by address. */
  addresses(): string[] {
    return [...this.#actors.keys()];
  }

  /** The last steps, one line each, for a failure report. */
  trace(): string {
    return this.#trace.join('\n');
  }

  #nextTimer(): { address: string; id: string; seq: number; due: number } | null {
    let next: { address: string; id: string; seq: number; due: number } | null = null;
    for (const [address, actor] of this.#actors) {
      for (const [id, timer] of Object.entries(actor.record?.timers ?? {})) {
        if (!next || timer.due < next.due) next = { address, id, seq: timer.seq, due: timer.due };
      }
    }
    return next;
  }

  #apply(envelope: Envelope): Delivery {
    const { kind, id } = this.#kinds.forAddress(envelope.to);
    const actor = this.#actors.get(envelope.to) ?? { version: 0, record: null };
    const flags = Object.keys(this.flags).length > 0 ? { flags: { ...this.flags } } : {};
    const result = step({ kind, id, version: actor.version, record: actor.record, envelope, at: this.now, ...flags });
    this.#steps += 1;
    if (result.outcome === 'applied') {
      this.#actors.set(envelope.to, { version: result.version, record: result.record });
      this.#queue.push(...result.sends);
    }
    this.#remember(envelope, result);
    const delivery = { envelope, at: this.now, result };
    this.#observe(delivery);
    return delivery;
  }

  #remember(envelope: Envelope, result: StepResult): void {
    const event = envelope.timer ? `timer ${envelope.timer.id}` : describe(envelope.event);
    const outcome = result.outcome === 'refused' ? `refused ${result.reply.code}` : result.outcome;
    this.#trace.push(`${new Date(this.now).toISOString()} ${envelope.from ?? 'client'} → ${envelope.to} ${event}: ${outcome}`);
    if (this.#trace.length > TRACE_LINES) this.#trace.shift();
  }
}

/** An event on one line, without the noise of its meta. */
function describe(event: EventObject & Record<string, unknown>): string {
  const { type, ...fields } = event;
  const text = JSON.stringify(fields);
  return `${type} ${text.length > 160 ? `${text.slice(0, 157)}...` : text}`;
}
