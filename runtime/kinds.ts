// Actor kinds: each pairs an XState v5 machine with zod schemas for the events
// it accepts. The runtime is generic over kinds; only a process's entry point
// registers the game's (or a test's) kinds.
import type { AnyStateMachine } from 'xstate';
import type { ZodType } from 'zod';
import { parseAddress } from './address.ts';
import { RuntimeError, RuntimeErrorCodes } from './errors.ts';

export interface ActorKind {
  readonly name: string;
  readonly machine: AnyStateMachine;
  /** Event type → schema of the event's other fields. Types not listed are refused. */
  readonly events: Readonly<Record<string, ZodType<Record<string, unknown>>>>;
  /** Event types that may create a missing actor; any other event to a missing actor is refused. Default: all. */
  readonly creates?: readonly string[];
  /** Machine input for a new actor; default `{ id }`. */
  readonly input?: (id: string) => unknown;
  /**
   * The ids the game gives this kind's actors (e.g. `/^current$/` for the one
   * season). Checked only where an address comes from outside the game (the
   * ops console, `forAddress(…, { strict: true })`); the runtime delivers to
   * any id, so tests and tools may use short ones. Default: any id. No `g`
   * flag (`test` would then depend on the previous call).
   */
  readonly idPattern?: RegExp;
}

export class KindRegistry {
  readonly #kinds = new Map<string, ActorKind>();

  constructor(kinds: readonly ActorKind[] = []) {
    for (const kind of kinds) this.register(kind);
  }

  register(kind: ActorKind): void {
    if (this.#kinds.has(kind.name)) throw new Error(`actor kind "${kind.name}" is registered twice`);
    this.#kinds.set(kind.name, kind);
  }

  names(): string[] {
    return [...this.#kinds.keys()];
  }

  /**
   * The kind of an address; throws RUNTIME_BAD_ADDRESS / RUNTIME_UNKNOWN_KIND.
   * `strict`: also RUNTIME_BAD_ADDRESS for an id outside the kind's `idPattern`.
   */
  forAddress(address: string, options?: { readonly strict?: boolean }): { kind: ActorKind; id: string } {
    const parsed = parseAddress(address);
    const kind = this.#kinds.get(parsed.kind);
    if (!kind) throw new RuntimeError(RuntimeErrorCodes.UNKNOWN_KIND, `no actor kind "${parsed.kind}"`, { address });
    if (options?.strict && kind.idPattern && !kind.idPattern.test(parsed.id)) {
      throw new RuntimeError(RuntimeErrorCodes.BAD_ADDRESS, `"${address.slice(0, 80)}" is not an address the game uses: ${kind.name} ids match ${String(kind.idPattern)}`, { address });
    }
    return { kind, id: parsed.id };
  }
}
