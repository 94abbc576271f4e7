// An error that repeats, logged once per window: a worker whose Redis is down
// reports every failed reconnect, and an operator needs the first report and
// a count, not a line a second. The first error of a kind (its message) is
// logged at `error`; the same message again within the window is only
// counted, and the count goes out with the next one logged after it.
import type { Logger } from 'pino';

/** How often the same error is logged: once a minute, with a count of the repeats. */
export const REPEATED_ERROR_WINDOW_MS = 60_000;

export function repeatedErrors(logger: Pick<Logger, 'error'>, message: string, windowMs = REPEATED_ERROR_WINDOW_MS, now: () => number = Date.now): (error: unknown) => void {
  const seen = new Map<string, { loggedAt: number; suppressed: number }>();
  return (error) => {
    const key = error instanceof Error ? error.message : String(error);
    const at = now();
    const last = seen.get(key);
    if (last && at - last.loggedAt < windowMs) {
      last.suppressed += 1;
      return;
    }
    const suppressed = last?.suppressed ?? 0;
    seen.set(key, { loggedAt: at, suppressed: 0 });
    // Bounded: a flood of distinct messages keeps only the most recent kinds.
    if (seen.size > 100) seen.delete(seen.keys().next().value!);
    logger.error({ err: error, ...(suppressed > 0 ? { repeatedSinceLastLog: suppressed } : {}) }, message);
  };
}
