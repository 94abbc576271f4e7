// The graceful stop's steps, run in order. A step that fails is logged by
// name and the later steps still run: a role whose stop rejects must not
// keep the node from finishing its messages and flushing its actors, nor
// leave the backends' connections open.
import type { Logger } from 'pino';

export interface StopStep {
  readonly name: string;
  run(): Promise<unknown>;
}

/** Runs every step in order; resolves true when all of them succeeded. */
export async function runStopSteps(steps: readonly StopStep[], logger: Pick<Logger, 'error'>): Promise<boolean> {
  let clean = true;
  for (const step of steps) {
    try {
      await step.run();
    } catch (error) {
      clean = false;
      logger.error({ err: error, step: step.name }, `stop step '${step.name}' failed; going on with the rest`);
    }
  }
  return clean;
}
