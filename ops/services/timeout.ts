// A probe of PostgreSQL or Redis that may never answer (a dead socket) is
// given up after `ms`. The timer stays referenced: a probe stuck on a dead socket holds no handle of
// its own, and with an unref'd timer Node could exit mid-round (seen in the
// ops-alerts e2e after PostgreSQL restarted).
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
