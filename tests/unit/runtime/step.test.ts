// The pure step: validation, effects and timer bookkeeping from one transition,
// asserted on its output alone (no I/O anywhere).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeRecord, encodeRecord, step, type Applied, type StepInput } from '../../../runtime/step.ts';
import { z } from 'zod';
import { fnv1a } from '../../../runtime/address.ts';
import { counterKind } from '../../support/counter.ts';

const base = (overrides: Partial<StepInput> & Pick<StepInput, 'envelope'>): StepInput => ({
  kind: counterKind,
  id: 'a',
  version: 0,
  record: null,
  at: 1_000,
  ...overrides,
});

const applied = (input: StepInput): Applied => {
  const result = step(input);
  if (result.outcome !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(result)}`);
  return result;
};

test('a first message creates the actor at version 1 and the reply carries its state', () => {
  const result = applied(base({ envelope: { id: 'm1', to: 'counter:a', event: { type: 'inc', by: 4 } } }));
  assert.is(result.version, 1);
  assert.equal(result.reply, { ok: true, count: 4, version: 1, state: 'idle' });
  assert.equal(result.emits, [{ room: 'global', event: { type: 'counted', count: 4 } }]);
  assert.equal(result.event, { type: 'inc', by: 4, at: 1_000, seed: fnv1a('m1'), id: 'm1' }, 'time, seed and id come in with the event');
});

test('the sender of an actor-to-actor message comes in as `from`; a `from` in the event itself is dropped', () => {
  const sent = applied(base({ envelope: { id: 'm1', to: 'counter:a', from: 'counter:b', event: { type: 'inc', by: 1 } } }));
  assert.is((sent.event as { from?: string }).from, 'counter:b');
  const kind = { ...counterKind, events: { ...counterKind.events, inc: z.looseObject({ by: z.number() }) } };
  const forged = applied(base({ kind, envelope: { id: 'm2', to: 'counter:a', event: { type: 'inc', by: 1, from: 'nation:x', at: 5 } } }));
  assert.equal([(forged.event as { from?: string }).from, (forged.event as unknown as { at: number }).at], [undefined, 1_000]);
});

test('a machine that answers with an error refuses the event: no new state, version or effects', () => {
  const record = applied(base({ envelope: { id: 'm1', to: 'counter:a', event: { type: 'inc', by: 2 } } })).record;
  const result = step(base({ version: 1, record, envelope: { id: 'm2', to: 'counter:a', event: { type: 'refuse' } } }));
  assert.equal(result, { outcome: 'refused', reply: { ok: false, code: 'COUNTER_REFUSED', message: 'refused on purpose' } });
});

test('unknown event types and bad payloads are refused with codes and no new state', () => {
  const unknown = step(base({ envelope: { id: 'm', to: 'counter:a', event: { type: 'dance' } } }));
  assert.is(unknown.outcome === 'refused' && unknown.reply.code, 'RUNTIME_UNKNOWN_EVENT');
  const bad = step(base({ envelope: { id: 'm', to: 'counter:a', event: { type: 'inc', by: 2.5 } } }));
  assert.is(bad.outcome === 'refused' && bad.reply.code, 'RUNTIME_INVALID_EVENT');
  const inherited = step(base({ envelope: { id: 'm', to: 'counter:a', event: { type: 'toString' } } }));
  assert.is(inherited.outcome === 'refused' && inherited.reply.code, 'RUNTIME_UNKNOWN_EVENT', 'prototype names are not event types');
  const forged = step(base({ envelope: { id: 'm', to: 'counter:a', event: { type: 'inc', by: 1, at: 0 } } }));
  assert.is(forged.outcome, 'refused', 'a client cannot set the runtime meta fields');
});

test('kinds that list creating events refuse other events to a missing actor', () => {
  const kind = { ...counterKind, creates: ['startTimer'] };
  const result = step(base({ kind, envelope: { id: 'm', to: 'counter:a', event: { type: 'inc', by: 1 } } }));
  assert.is(result.outcome === 'refused' && result.reply.code, 'RUNTIME_UNKNOWN_ACTOR');
});

test('sends get ids derived from the message id, so a re-run sends the same messages', () => {
  const result = applied(base({ envelope: { id: 'parent', to: 'counter:a', event: { type: 'forward', to: 'counter:b', by: 2 } } }));
  assert.equal(result.sends, [{ id: 'parent/0', to: 'counter:b', event: { type: 'inc', by: 2 }, from: 'counter:a' }]);
});

test('a delayed event becomes a pending timer; leaving the state cancels it; its fire is stale afterwards', () => {
  const armed = applied(base({ envelope: { id: 'm1', to: 'counter:a', event: { type: 'startTimer', ms: 2000 } } }));
  const [timerId] = Object.keys(armed.record.timers);
  assert.ok(timerId);
  assert.equal(armed.arm, [{ id: timerId, seq: 1, due: 3_000 }]);
  assert.equal(armed.record.timers[timerId!]?.due, 3_000);

  const stopped = applied(base({ version: 1, record: armed.record, at: 2_000, envelope: { id: 'm2', to: 'counter:a', event: { type: 'stopTimer' } } }));
  assert.equal(stopped.cancel, [{ id: timerId, seq: 1 }]);
  assert.equal(stopped.record.timers, {});

  const fire = { id: `timer:counter:a:${timerId}:1`, to: 'counter:a', event: { type: 'xstate.timer' }, timer: { id: timerId!, seq: 1 } };
  assert.is(step(base({ version: 2, record: stopped.record, at: 3_000, envelope: fire })).outcome, 'stale');
});

test('a due fire performs the delayed transition once and clears the timer', () => {
  const armed = applied(base({ envelope: { id: 'm1', to: 'counter:a', event: { type: 'startTimer', ms: 2000 } } }));
  const [timerId] = Object.keys(armed.record.timers);
  const fire = { id: 'f', to: 'counter:a', event: { type: 'xstate.timer' }, timer: { id: timerId!, seq: 1 } };
  const fired = applied(base({ version: 1, record: armed.record, at: 3_000, envelope: fire }));
  assert.is(fired.record.snapshot.value, 'idle');
  assert.is((fired.record.snapshot.context as { alarms: number }).alarms, 1);
  assert.equal(fired.record.timers, {});
  assert.equal(fired.notifies, [{ target: 'user:1', kind: 'alarm', data: {} }]);
  assert.equal(fired.records, [{ table: 'alarms', id: '1', row: {} }]);
  assert.is(step(base({ version: 2, record: fired.record, at: 3_001, envelope: fire })).outcome, 'stale', 'a second fire is dropped');
  const wrongSeq = { ...fire, timer: { id: timerId!, seq: 7 } };
  assert.is(step(base({ version: 1, record: armed.record, at: 3_000, envelope: wrongSeq })).outcome, 'stale');
});

test('a fire processed a few ms before its due time (another node’s clock reading) takes effect at its due time', () => {
  const armed = applied(base({ envelope: { id: 'm1', to: 'counter:a', event: { type: 'startTimer', ms: 2000 } } }));
  const [timerId] = Object.keys(armed.record.timers);
  const fire = { id: 'f', to: 'counter:a', event: { type: 'xstate.timer' }, timer: { id: timerId!, seq: 1 } };
  const fired = applied(base({ version: 1, record: armed.record, at: 2_998, envelope: fire }));
  assert.is(fired.at, 3_000);
  assert.is((fired.event as { at?: number }).at, 3_000);
});

test('records survive encode/decode with their timers, and replay gives the same state', () => {
  const armed = applied(base({ envelope: { id: 'm1', to: 'counter:a', event: { type: 'startTimer', ms: 2000 } } }));
  const json = encodeRecord(counterKind, armed.record);
  const restored = decodeRecord(counterKind, json);
  assert.equal(restored.timers, armed.record.timers);
  const next = { id: 'm2', to: 'counter:a', event: { type: 'inc', by: 3 } };
  const fromLive = applied(base({ version: 1, record: armed.record, envelope: next, at: 1_500 }));
  const fromStored = applied(base({ version: 1, record: restored, envelope: next, at: 1_500 }));
  assert.is(encodeRecord(counterKind, fromStored.record), encodeRecord(counterKind, fromLive.record));
});

test('a throwing transition throws out of step (the node counts tries and dead-letters)', () => {
  assert.throws(() => step(base({ envelope: { id: 'm', to: 'counter:a', event: { type: 'boom' } } })), /exploded/);
});

test.run();
