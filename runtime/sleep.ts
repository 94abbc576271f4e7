/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Runs `round` every `everyMs` until `signal` aborts; a failed round goes to `failed` and the next one comes. */
export async function repeat(everyMs: number, signal: AbortSignal, round: () => Promise<void> | void, failed: (error: unknown) => void): Promise<void> {
  while (!signal.aborted) {
    await sleep(everyMs, signal);
    if (signal.aborted) break;
    try {
      await round();
    } catch (error) {
      failed(error);
    }
  }
}

/**
 * Rejects when `promise` has not settled within `ms`: a call on a socket that
 * died without closing can otherwise wait for ever. The timer stays referenced:
 * such a call holds no handle of its own, and with an unref'd timer Node could
 * exit mid-round (seen in the ops-alerts e2e after PostgreSQL restarted).
 */
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
