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

/**
 * Same JSON as XState's `machine.getPersistedSnapshot(snapshot)` for a machine
 * with no child actors, without its walk of the whole context looking for
 * actor refs (which only spawning puts there) — the walk was ~5 % of a node's
 * CPU. A snapshot with children takes XState's own path. Equivalence is tested
 * over every game kind (tests/unit/runtime/transition.test.ts).
 */
export function persistedSnapshot(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): unknown {
  for (const _child in snapshot.children) return machine.getPersistedSnapshot(snapshot);
  // XState's key order: the snapshot's own JSON values, then context, children, historyValue.
  return {
    status: snapshot.status,
    output: snapshot.output,
    error: snapshot.error,
    value: snapshot.value,
    historyValue: persistedHistory(snapshot.historyValue),
    context: snapshot.context,
    children: {},
  };
}

function persistedHistory(historyValue: unknown): Record<string, { id: string }[]> {
  const result: Record<string, { id: string }[]> = {};
  if (typeof historyValue !== 'object' || historyValue === null) return result;
  for (const [key, value] of Object.entries(historyValue)) {
    if (Array.isArray(value)) result[key] = value.map((item: { id: string }) => ({ id: item.id }));
  }
  return result;
}
