// The effects an actor's machine asks the runtime to carry out (DESIGN §3).
// Machines name them as actions with params; `transition()` hands them back as
// data and the runtime acts on them — machines themselves do no I/O. Actor
// kinds spread `effectActions` into `setup({ actions })` to declare them.
import type { EventObject } from 'xstate';

/** Added by the runtime to every event it feeds a machine: time and chance come in. */
export interface EventMeta {
  /** When the message was processed (the runtime's clock; virtual in simulations), epoch ms. */
  readonly at: number;
  /** Seed for the actor's random source, derived from the message id, so a replay rolls the same dice. */
  readonly seed: number;
  /** The message id: unique, and the same when a request is retried, so ids derived from it are stable. */
  readonly id: string;
  /**
   * The actor that sent the message, set by the runtime from the sender's own
   * address; absent for requests from clients (bot, ops) and timer fires.
   * Machines accept actor-to-actor events only from the kinds they expect.
   */
  readonly from?: string;
  /**
   * Feature flags switched at runtime from the ops console (flag → on), set
   * only when some are; a machine reads `flags[name] ?? rules.features[name]`.
   * Stamped by the runtime and kept in the message log, so a replay sees the
   * values the message saw (runtime/flags.ts).
   */
  readonly flags?: Readonly<Record<string, boolean>>;
}

export interface SendParams {
  readonly to: string;
  readonly event: EventObject & Record<string, unknown>;
}

export type ReplyParams =
  | ({ readonly ok: true } & Record<string, unknown>)
  | { readonly ok: false; readonly code: string; readonly message: string; readonly details?: Record<string, unknown> };

export interface EmitParams {
  /** Realtime room, e.g. `war:<id>`, `nation:<id>`, `leaderboard:<board>`, `global`. */
  readonly room: string;
  readonly event: EventObject & Record<string, unknown>;
}

export interface NotifyParams {
  /** Who should hear of it, e.g. `nation:<guildId>` or `user:<userId>`. */
  readonly target: string;
  readonly kind: string;
  readonly data: Record<string, unknown>;
}

export interface RecordParams {
  /** History table, e.g. `battles`, `resource_transactions`. */
  readonly table: string;
  /** Idempotency key of the row. */
  readonly id: string;
  readonly row: Record<string, unknown>;
}

export const EffectTypes = ['send', 'reply', 'emit', 'notify', 'record'] as const;
export type EffectType = (typeof EffectTypes)[number];

/** No-op implementations: `transition()` returns these actions with resolved params. */
export const effectActions = {
  send: (_: unknown, _params: SendParams) => {},
  reply: (_: unknown, _params: ReplyParams) => {},
  emit: (_: unknown, _params: EmitParams) => {},
  notify: (_: unknown, _params: NotifyParams) => {},
  record: (_: unknown, _params: RecordParams) => {},
};
