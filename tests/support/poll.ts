// Waiting in tests for something another process or loop will do: poll, and
// fail saying what was awaited (with, say, the process's output) when it does
// not come in time.

export interface PollOptions {
  /** How long to wait at most (default 20 s). */
  readonly withinMs?: number;
  /** Pause between probes (default 200 ms). */
  readonly everyMs?: number;
  /** Appended to the failure, e.g. the output of the processes under test. */
  readonly context?: () => string;
}

/** Resolves to the first probe result other than undefined or false; a probe that throws counts as not yet. */
export async function pollUntil<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, options: PollOptions = {}): Promise<T> {
  const { withinMs = 20_000, everyMs = 200, context } = options;
  const deadline = Date.now() + withinMs;
  for (;;) {
    const found = await Promise.resolve()
      .then(probe)
      .catch(() => undefined);
    if (found !== undefined && found !== false) return found;
    if (Date.now() >= deadline) throw new Error(`${what}: not within ${withinMs} ms${context ? `\n${context()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Resolves once `url` answers 2xx. */
export function answering(url: string, options: PollOptions = {}): Promise<true> {
  return pollUntil(`${url} answering`, async () => (await fetch(url)).ok || undefined, options);
}
