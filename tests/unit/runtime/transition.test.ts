// The runtime's cached-scope transition must give exactly what XState's own
// pure `transition()` gives: same snapshots, same actions, same errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assign, createMachine, fromPromise, initialTransition, setup, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import { gameKinds } from '../../../actors/index.ts';
import { persistedSnapshot, pureTransition } from '../../../runtime/transition.ts';
import { counterMachine } from '../../support/counter.ts';
import { shippedRules } from '../../support/game-rules.ts';
import { Nation } from '../actors/nation-harness.ts';

const meta = { at: 1_000, seed: 7 };
const script: (EventObject & Record<string, unknown>)[] = [
  { type: 'inc', by: 3, ...meta },
  { type: 'startTimer', ms: 500, ...meta },
  { type: 'inc', by: -1, ...meta },
  { type: 'forward', to: 'counter:b', by: 2, ...meta },
  { type: 'xstate.after.alarm.counter.ticking' },
  { type: 'startTimer', ms: 900, ...meta },
  { type: 'stopTimer', ...meta },
  { type: 'no-such-event' },
];

const plain = (snapshot: AnyMachineSnapshot) => counterMachine.getPersistedSnapshot(snapshot) as unknown as { context: { count: number } };
const described = (actions: readonly { type: string; params?: unknown }[]) => actions.map(({ type, params }) => ({ type, params }));

test('every step of a script gives the same snapshot and actions as XState transition()', () => {
  let ours = initialTransition(counterMachine, { id: 'a' })[0];
  let theirs = ours;
  for (const event of script) {
    const [nextOurs, actionsOurs] = pureTransition(counterMachine, ours, event);
    const [nextTheirs, actionsTheirs] = transition(counterMachine, theirs, event as never);
    assert.equal(plain(nextOurs), plain(nextTheirs), event.type);
    assert.equal(described(actionsOurs), described(actionsTheirs), event.type);
    ours = nextOurs;
    theirs = nextTheirs;
  }
  assert.is(plain(ours).context.count, 2);
});

test('actions of one call never leak into the next', () => {
  const start = initialTransition(counterMachine, { id: 'a' })[0];
  const [, first] = pureTransition(counterMachine, start, { type: 'inc', by: 1, ...meta } as EventObject);
  const [, second] = pureTransition(counterMachine, start, { type: 'stopTimer', ...meta } as EventObject);
  assert.is(first.length, 2);
  assert.is(second.length, 0);
});

test('a throwing transition throws, as with transition(), and the next call works', () => {
  const start = initialTransition(counterMachine, { id: 'a' })[0];
  assert.throws(() => pureTransition(counterMachine, start, { type: 'boom', ...meta } as EventObject), /exploded/);
  assert.throws(() => transition(counterMachine, start, { type: 'boom', ...meta } as never), /exploded/);
  const [after, actions] = pureTransition(counterMachine, start, { type: 'inc', by: 5, ...meta } as EventObject);
  assert.is(plain(after).context.count, 5);
  assert.is(actions.length, 2);
});

const sameJson = (machine: AnyStateMachine, snapshot: AnyMachineSnapshot, label: string): void => {
  assert.is(JSON.stringify(persistedSnapshot(machine, snapshot)), JSON.stringify(machine.getPersistedSnapshot(snapshot)), label);
};

test('persistedSnapshot gives XState getPersistedSnapshot\'s JSON for every game kind and the counter', () => {
  for (const kind of gameKinds(shippedRules())) {
    sameJson(kind.machine, initialTransition(kind.machine, kind.input ? kind.input('7') : { id: '7' })[0], `${kind.name} initial`);
  }
  let counter = initialTransition(counterMachine, { id: 'a' })[0];
  for (const event of script) {
    counter = pureTransition(counterMachine, counter, event)[0];
    sameJson(counterMachine, counter, `counter after ${event.type}`);
  }
  const nation = Nation.registered();
  nation.ok({ type: 'build', by: '1', unit: 'infantry', quantity: 1 }, 1_700_000_100_000);
  sameJson(nation.kind.machine, nation.record!.snapshot, 'a registered nation with a build queued');
});

test('persistedSnapshot keeps history values in XState\'s form', () => {
  const machine = createMachine({
    initial: 'on',
    states: {
      on: { initial: 'a', states: { a: { on: { NEXT: 'b' } }, b: {}, hist: { type: 'history', history: 'deep' } }, on: { OFF: 'off' } },
      off: { on: { ON: 'on.hist' } },
    },
  });
  let snapshot = initialTransition(machine)[0];
  for (const type of ['NEXT', 'OFF', 'ON']) {
    snapshot = transition(machine, snapshot, { type })[0];
    sameJson(machine, snapshot, `after ${type}`);
  }
  assert.equal((persistedSnapshot(machine, snapshot) as { value: unknown }).value, { on: 'b' });
});

test('a snapshot with child actors takes XState\'s own path', () => {
  const machine = setup({ actors: { job: fromPromise(async () => 1) } }).createMachine({
    context: { n: 0 },
    invoke: { id: 'job', src: 'job' },
    on: { BUMP: { actions: assign({ n: ({ context }) => context.n + 1 }) } },
  });
  const snapshot = initialTransition(machine)[0];
  assert.ok(Object.keys(snapshot.children).length > 0, 'the snapshot has a child');
  sameJson(machine, snapshot, 'with a child');
});

test.run();
