// XState's pure `transition(machine, snapshot, event)` is `machine.transition(
// snapshot, event, scope)` with a scope that collects the actions instead of
// running them — but it builds that scope anew on every call, constructing a
// throw-away Actor with an eager initial snapshot: 13 % of a runtime node's CPU
// under load (bench/RESULTS.md). This makes the same call with one inert scope
// per machine, built once. Equivalence with `transition()` is tested
// (tests/unit/runtime/transition.test.ts).
//
// Sharing a scope is safe for machines that spawn no child actors (a child
// would register in the shared system); the runtime's kinds keep their state in
// context and talk to other actors by messages, never by spawning.
import { createActor, type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';

export interface TransitionAction {
  readonly type: string;
  readonly params?: unknown;
}

interface CachedScope {
  readonly scope: AnyActorScope;
  collected: TransitionAction[];
}

const scopes = new WeakMap<AnyStateMachine, CachedScope>();

function scopeFor(machine: AnyStateMachine): CachedScope {
  let cached = scopes.get(machine);
  if (!cached) {
    const self = createActor(machine);
    const entry: CachedScope = {
      collected: [],
      scope: {
        self,
        id: '',
        sessionId: '',
        system: self.system,
        logger: () => {},
        defer: () => {},
        emit: () => {},
        stopChild: () => {},
        actionExecutor: (action) => {
          entry.collected.push(action);
        },
      },
    };
    cached = entry;
    scopes.set(machine, cached);
  }
  return cached;
}

/** Same result as XState's `transition(machine, snapshot, event)`: the next snapshot and the actions to carry out. */
export function pureTransition(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): [AnyMachineSnapshot, TransitionAction[]] {
  const cached = scopeFor(machine);
  const actions: TransitionAction[] = [];
  cached.collected = actions;
  try {
    return [machine.transition(snapshot, event, cached.scope), actions];
  } finally {
    cached.collected = [];
  }
}
