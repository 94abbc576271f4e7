// Closing an ioredis connection: QUIT lets queued commands finish, but its
// promise has been seen never to settle once the socket is gone (ops-alerts
// e2e: a process stop hung in `quit()` with no handle left, so Node exited
// mid-test). Wait for QUIT at most `graceMs`, then drop the socket.
import type { Redis } from 'ioredis';

export async function closeRedis(redis: Redis | undefined, graceMs = 1_000): Promise<void> {
  if (!redis || redis.status === 'end') return;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => {
    // Referenced on purpose: it keeps the process alive until one side settles.
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const quit = redis.quit().then(
    () => 'quit' as const,
    () => 'failed' as const,
  );
  const outcome = await Promise.race([quit, gaveUp]);
  clearTimeout(timer);
  if (outcome !== 'quit') redis.disconnect();
}
