// The Redis that the gateways share their rooms through goes away while
// overlays are connected. Sockets keep dropping (OBS reloads, a viewer's tab,
// a flaky Wi-Fi), and each recoverable drop makes the Socket.IO adapter save
// the socket's session in that Redis without handling the outcome: unpatched,
// the first save that failed ended the gateway process with an unhandled
// rejection (patches/@socket.io+redis-streams-adapter+0.3.1.patch). The
// gateway must ride the outage out and serve again once Redis is back. Then
// a whole gateway process (bin/gateway.ts) with its store, feed lease and
// adapter on one Redis that is killed and started again: it lives, writes
// only JSON log lines, and sockets join again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { counterKind } from '../../support/counter.ts';
import { connected, disconnected, join, serveGateway, socketTo } from '../../support/gateway-harness.ts';
import { PrivateRedis } from '../../support/private-redis.ts';
import { startHarness } from '../../support/runtime-harness.ts';
import { databaseUrl, dropSchema, freePort, postgresAvailable, redisAvailable, uniqueName } from '../../support/services.ts';
import { nonJsonLines } from '../../support/captured-log.ts';
import { answering, pollUntil } from '../../support/poll.ts';
import { startRole } from '../../support/role-process.ts';

/** Longer than ioredis takes to give up on a queued command (maxRetriesPerRequest 3: ~0.3 s of reconnects). */
const FAILED_SAVE_SURFACES_MS = 2_000;

if ((await redisAvailable()) && (await postgresAvailable())) {
  test('a socket dropping while the adapter’s Redis is down does not end the gateway; it serves again once Redis is back', async () => {
    const harness = await startHarness({ backend: 'real', kinds: [counterKind] });
    const adapterRedis = new PrivateRedis({ aof: false });
    await adapterRedis.start();
    const served = await serveGateway(harness, { redisUrl: adapterRedis.url, gatewayId: 'gateway-outage' });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const serverSaw: string[] = [];
    served.gateway.io.on('connection', (socket) => socket.on('disconnect', (reason) => serverSaw.push(reason)));
    try {
      const first = socketTo(served.url);
      await connected(first);
      assert.is((await join<{ room: string }>(first, { room: 'global' })).room, 'global');

      await adapterRedis.kill();
      // Closing the transport, as a network drop would: a recoverable disconnect, so the server saves the session.
      first.io.engine.close();
      await disconnected(first);
      await new Promise((resolve) => setTimeout(resolve, FAILED_SAVE_SURFACES_MS));
      assert.equal(serverSaw, ['transport close'], 'a drop the server keeps the session for');
      assert.equal(unhandled.map(String), [], 'no unhandled rejection');

      await adapterRedis.start();
      const second = socketTo(served.url);
      try {
        await connected(second);
        assert.is((await join<{ room: string }>(second, { room: 'global' })).room, 'global');
      } finally {
        second.disconnect();
      }
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await served.stop();
      await adapterRedis.stop();
      await harness.close();
    }
  });

  test('a gateway process with everything on a Redis that goes away and comes back: it lives, logs only JSON, and serves again', async () => {
    const redis = new PrivateRedis({ aof: true });
    await redis.start();
    const schema = uniqueName('gwout');
    const port = await freePort();
    const gateway = startRole('gateway', { REDIS_URL: redis.url, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema, KEY_PREFIX: `${schema}:`, SHARDS: '8', PORT: String(port), NODE_ID: 'gateway-out', LOG_LEVEL: 'info', GATEWAY_TOKEN_SECRET: 'integration-secret-of-32-characters-at-least' });
    const url = `http://127.0.0.1:${port}`;
    try {
      await answering(`${url}/healthz`, { context: gateway.output });
      const first = socketTo(url);
      await connected(first);
      assert.is((await join<{ room: string }>(first, { room: 'global' })).room, 'global');

      await redis.kill();
      first.io.engine.close();
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      assert.is(gateway.child.exitCode, null, `the gateway lives through the outage:\n${gateway.output()}`);

      await redis.start();
      await pollUntil('a socket to join again', async () => {
        const second = socketTo(url);
        try {
          await connected(second);
          return (await join<{ room?: string }>(second, { room: 'global' })).room === 'global';
        } finally {
          second.disconnect();
        }
      }, { context: gateway.output });
      assert.equal(nonJsonLines(gateway.output()), [], 'every line the process wrote is a JSON log line');
    } finally {
      await gateway.stop();
      await redis.stop();
      await dropSchema(schema);
    }
  });

  test.run();
}
