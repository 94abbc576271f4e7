// Durable timers on the embedded backends with a virtual clock: time is moved
// by the test, never slept for.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readCounter } from '../../contract/runtime.ts';
import { startHarness, type Harness } from '../../support/runtime-harness.ts';

let h: Harness;
test.before(async () => {
  h = await startHarness({ backend: 'embedded', virtualTime: true });
});
test.after(async () => {
  await h.close();
});

test('a timer due in 2 s fires once, at its due time, also across a node restart', async () => {
  await h.client.request('counter:t1', { type: 'startTimer', ms: 2000 });
  await h.advance(1999);
  assert.is((await readCounter(h, 'counter:t1'))?.alarms, 0, 'not before it is due');
  await h.restartNode();
  await h.advance(1);
  const fired = await readCounter(h, 'counter:t1');
  assert.equal([fired?.alarms, fired?.value, Object.keys(fired?.timers ?? {})], [1, 'idle', []]);
  await h.advance(60_000);
  assert.is((await readCounter(h, 'counter:t1'))?.alarms, 1, 'exactly once');
});

test('a cancelled timer never fires', async () => {
  await h.client.request('counter:t2', { type: 'startTimer', ms: 2000 });
  await h.advance(500);
  await h.client.request('counter:t2', { type: 'stopTimer' });
  await h.advance(10_000);
  const state = await readCounter(h, 'counter:t2');
  assert.equal([state?.alarms, state?.value, Object.keys(state?.timers ?? {})], [0, 'idle', []]);
});

test('timers of many actors fire in due order as time advances', async () => {
  const delays = [3000, 1000, 2000];
  for (const [i, ms] of delays.entries()) await h.client.request(`counter:order${i}`, { type: 'startTimer', ms });
  const start = h.clock.now();
  const fired = await h.advance(5000);
  assert.is(fired, 3);
  for (const [i] of delays.entries()) assert.is((await readCounter(h, `counter:order${i}`))?.alarms, 1);
  assert.is(h.clock.now(), start + 5000);
});

test('re-arming a timer (stop, start again) fires only the new one', async () => {
  await h.client.request('counter:t3', { type: 'startTimer', ms: 1000 });
  await h.client.request('counter:t3', { type: 'stopTimer' });
  await h.client.request('counter:t3', { type: 'startTimer', ms: 5000 });
  await h.advance(1500);
  assert.is((await readCounter(h, 'counter:t3'))?.alarms, 0);
  await h.advance(4000);
  assert.is((await readCounter(h, 'counter:t3'))?.alarms, 1);
});

test.run();
