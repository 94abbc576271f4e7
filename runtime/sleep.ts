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
