// Durable timers on BullMQ with real Redis: these wait real seconds, because
// BullMQ's delays run on the real clock.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readCounter } from '../../contract/runtime.ts';
import { startHarness, type Harness } from '../../support/runtime-harness.ts';
import { postgresAvailable, redisAvailable } from '../../support/services.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if ((await redisAvailable()) && (await postgresAvailable())) {
  let h: Harness;
  test.before(async () => {
    h = await startHarness({ backend: 'real' });
  });
  test.after(async () => {
    await h.close();
  });

  test('a timer due in 2 s fires exactly once, also when the node restarts in between; a cancelled one never fires', async () => {
    await h.client.request('counter:rt', { type: 'startTimer', ms: 2000 });
    await h.client.request('counter:cancelled', { type: 'startTimer', ms: 2000 });
    await sleep(500);
    await h.client.request('counter:cancelled', { type: 'stopTimer' });
    await h.restartNode();
    assert.is((await readCounter(h, 'counter:rt'))?.alarms, 0, 'not yet due');
    await sleep(2500);
    await h.settle();
    const fired = await readCounter(h, 'counter:rt');
    assert.equal([fired?.alarms, fired?.value, Object.keys(fired?.timers ?? {})], [1, 'idle', []]);
    const cancelled = await readCounter(h, 'counter:cancelled');
    assert.equal([cancelled?.alarms, cancelled?.value], [0, 'idle']);
    await sleep(1000);
    assert.is((await readCounter(h, 'counter:rt'))?.alarms, 1, 'exactly once');
  });

  test.run();
}
