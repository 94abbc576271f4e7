// Child process of bench/runtime.ts: the consumer half of the raw stream
// ceiling, the bare loop XREADGROUP (COUNT n) → XACK with no runtime work, in
// its own process like MEASURED.md's 158k msg/s figure.
// argv: <redisUrl> <streamKey> <group> <expected> <count>
// IPC: sends {type:'ready'}, then {type:'done', acked, firstReadAt, lastAckAt} (performance.timeOrigin-based ms).
import { Redis } from 'ioredis';

type RawStreams = [key: string, entries: [id: string, fields: string[]][]][] | null;

async function main(): Promise<void> {
  const [url, key, group, expectedText, countText] = process.argv.slice(2);
  if (!url || !key || !group || !expectedText || !countText) throw new Error('usage: raw-stream-worker <redisUrl> <streamKey> <group> <expected> <count>');
  const expected = Number(expectedText);
  const count = Number(countText);
  // No auto-pipelining: each XREADGROUP is its own round trip; the XACK is
  // written right behind it without waiting, as an ordinary consumer would.
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  await redis.ping();
  process.send?.({ type: 'ready' });

  let acked = 0;
  let firstReadAt = 0;
  let lastAck: Promise<unknown> = Promise.resolve();
  while (acked < expected) {
    const reply = (await redis.call('XREADGROUP', ['GROUP', group, 'raw', 'COUNT', count, 'BLOCK', 2000, 'STREAMS', key, '>'])) as RawStreams;
    const rows = reply?.[0]?.[1] ?? [];
    if (rows.length === 0) continue;
    if (firstReadAt === 0) firstReadAt = performance.timeOrigin + performance.now();
    lastAck = redis.call('XACK', [key, group, ...rows.map(([id]) => id)]);
    acked += rows.length;
  }
  await lastAck;
  const lastAckAt = performance.timeOrigin + performance.now();
  process.send?.({ type: 'done', acked, firstReadAt, lastAckAt });
  redis.disconnect();
}

main().catch((error: unknown) => {
  process.stderr.write(`raw-stream-worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
