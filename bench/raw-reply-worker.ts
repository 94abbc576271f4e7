// Child process of bench/runtime.ts: the server half of the raw request/reply
// ceiling. It does what the runtime's node does for a request with none of the
// runtime's work: one blocking XREADGROUP over every shard's stream, then for
// each entry an XADD of its reply to the requester's stream, and an XACK per
// stream, all written behind the read without waiting (one connection, so
// Redis runs them in order).
// argv: <redisUrl> <group> <count> <streamKey>…
// IPC: sends {type:'ready'}; on {type:'stop'} sends {type:'stopped', replied} and exits.
import { Redis } from 'ioredis';

type RawStreams = [key: string, entries: [id: string, fields: string[]][]][] | null;

async function main(): Promise<void> {
  const [url, group, countText, ...keys] = process.argv.slice(2);
  if (!url || !group || !countText || keys.length === 0) throw new Error('usage: raw-reply-worker <redisUrl> <group> <count> <streamKey>…');
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  await redis.ping();
  let stopping = false;
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stop') stopping = true;
  });
  process.send?.({ type: 'ready' });

  const read = ['GROUP', group, 'raw', 'COUNT', countText, 'BLOCK', '250', 'STREAMS', ...keys, ...keys.map(() => '>')];
  let replied = 0;
  while (!stopping) {
    const reply = (await redis.call('XREADGROUP', read)) as RawStreams;
    if (!reply) continue;
    const writes = redis.pipeline();
    for (const [key, rows] of reply) {
      // Fields: m <body> r <reply stream> c <correlation id>.
      for (const [, fields] of rows) writes.xadd(fields[3]!, '*', 'c', fields[5]!);
      writes.xack(key, group, ...rows.map(([id]) => id));
      replied += rows.length;
    }
    void writes.exec();
  }
  await redis.ping();
  process.send?.({ type: 'stopped', replied }, () => {
    redis.disconnect();
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`raw-reply-worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
