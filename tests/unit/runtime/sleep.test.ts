// The runtime's waits: a sleep ends at once on a stop, including a stop that
// came before the sleep began (loops that wait after a failed call rely on it:
// the notification delivery, the feed relay, the write-behind); withTimeout
// rejects a call that never answers, naming it, and passes on what does answer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sleep, withTimeout } from '../../../runtime/sleep.ts';

const LONG_MS = 60_000;

test('a sleep whose signal is already aborted returns at once', async () => {
  const stop = new AbortController();
  stop.abort();
  const started = performance.now();
  await sleep(LONG_MS, stop.signal);
  assert.ok(performance.now() - started < LONG_MS / 2, 'did not wait');
});

test('a sleep ends when its signal aborts meanwhile', async () => {
  const stop = new AbortController();
  const sleeping = sleep(LONG_MS, stop.signal);
  setTimeout(() => stop.abort(), 10);
  await withTimeout(sleeping, LONG_MS / 2, 'the sleep');
});

test('withTimeout rejects a call that never answers, naming it', async () => {
  try {
    await withTimeout(new Promise(() => {}), 20, 'the silent call');
    assert.unreachable('it rejects');
  } catch (error) {
    assert.is((error as Error).message, 'the silent call did not answer within 20 ms');
  }
});

test('withTimeout passes on an answer and a failure that come in time', async () => {
  assert.is(await withTimeout(Promise.resolve(7), 1_000, 'the call'), 7);
  try {
    await withTimeout(Promise.reject(new Error('refused')), 1_000, 'the call');
    assert.unreachable('it rejects');
  } catch (error) {
    assert.is((error as Error).message, 'refused');
  }
});

test.run();
