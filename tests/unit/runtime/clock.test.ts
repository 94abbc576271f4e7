import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ServerClock, VirtualClock } from '../../../runtime/clock.ts';

test('the server clock follows the server’s readings, not the machine’s wall clock', async () => {
  let server = 1_000_000;
  const clock = new ServerClock(async () => server);
  await clock.sync();
  assert.ok(Math.abs(clock.now() - 1_000_000) < 50, `${clock.now()}`);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.ok(clock.now() >= 1_000_025, 'it runs on between readings');
  server = 5_000_000; // the server's time moved (or ours was wrong): the next sync takes it
  await clock.sync();
  assert.ok(Math.abs(clock.now() - 5_000_000) < 50);
});

test('a failed sync keeps the last reading', async () => {
  let fail = false;
  const clock = new ServerClock(async () => {
    if (fail) throw new Error('Redis away');
    return 2_000_000;
  });
  await clock.start(10);
  fail = true;
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.ok(Math.abs(clock.now() - 2_000_040) < 50);
  clock.stop();
});

test('virtual time only moves forward', () => {
  const clock = new VirtualClock(100);
  clock.set(200);
  assert.is(clock.now(), 200);
  assert.throws(() => clock.set(150), /cannot go back/);
});

test.run();
