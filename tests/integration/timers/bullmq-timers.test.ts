// BullMQ timers fire on the cluster's time: a job a worker takes up before it
// is due (BullMQ promotes by the worker's own wall clock, which may run ahead)
// is held back until it is due by the runtime's clock.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pino from 'pino';
import { Redis } from 'ioredis';
import { BullmqTimers } from '../../../runtime/timers/bullmq-timers.ts';
import { redisAvailable, redisUrl, uniqueName } from '../../support/services.ts';

if (await redisAvailable()) {
  const prefix = uniqueName('timers');
  const delivered: { body: string; at: number }[] = [];
  const timers = new BullmqTimers({
    connection: { url: redisUrl, maxRetriesPerRequest: null },
    prefix,
    deliver: async (_shard, body) => {
      delivered.push({ body, at: Date.now() });
    },
    now: () => Date.now(),
    logger: pino({ level: 'silent' }),
    work: true,
  });
  const waitFor = async (body: string, ms: number) => {
    for (let waited = 0; waited < ms; waited += 50) {
      const found = delivered.find((entry) => entry.body === body);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return undefined;
  };

  test('a timer armed twice with one job id fires once, when due', async () => {
    const due = Date.now() + 500;
    await timers.arm({ jobId: 'same', shard: 1, body: 'once', due });
    await timers.arm({ jobId: 'same', shard: 1, body: 'once', due });
    const fired = await waitFor('once', 5_000);
    assert.ok(fired && fired.at >= due, 'fired, not early');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.is(delivered.filter((entry) => entry.body === 'once').length, 1);
  });

  test('a job taken up early (short and long ahead of time) is delivered only once due', async () => {
    const soon = Date.now() + 1_200;
    const later = Date.now() + 3_500;
    // As a worker with a fast wall clock would see them: promoted at once.
    await timers.queue.add('fire', { shard: 1, body: 'soon', due: soon }, { jobId: 'early-soon', removeOnComplete: true });
    await timers.queue.add('fire', { shard: 1, body: 'later', due: later }, { jobId: 'early-later', removeOnComplete: true });
    const first = await waitFor('soon', 6_000);
    const second = await waitFor('later', 8_000);
    assert.ok(first && first.at >= soon, `soon: delivered ${first ? first.at - soon : 'never'} ms after due`);
    assert.ok(second && second.at >= later, `later: delivered ${second ? second.at - later : 'never'} ms after due`);
  });

  test('a cancelled timer never fires', async () => {
    await timers.arm({ jobId: 'cancelled', shard: 1, body: 'cancelled', due: Date.now() + 400 });
    await timers.cancel('cancelled');
    assert.is(await waitFor('cancelled', 1_200), undefined);
  });

  test.after(async () => {
    await timers.close();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  test.run();
}
