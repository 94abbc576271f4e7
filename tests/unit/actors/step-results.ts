// Reading a step result (runtime/step.ts) in the actor tests: it was applied,
// or refused with a given code; what it sent and recorded, by type and table.
// Not a test file itself (no `.test.ts`).
import * as assert from 'uvu/assert';
import type { Applied, StepResult } from '../../../runtime/step.ts';

/** The result, which must have been applied, with its reply's fields readable by name. */
export function applied(result: StepResult): Applied & { reply: Record<string, unknown> } {
  if (result.outcome !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(result)}`);
  return result as Applied & { reply: Record<string, unknown> };
}

export function refusedWith(result: StepResult, code: string): void {
  assert.is(result.outcome, 'refused');
  if (result.outcome === 'refused') assert.is(result.reply.code, code);
}

/** The messages the step sent of one event type. */
export const sent = (result: Applied, type: string) => result.sends.filter((envelope) => envelope.event.type === type);

/** The rows the step recorded for one history table. */
export const rows = (result: Applied, table: string) => result.records.filter((row) => row.table === table).map((row) => row.row);
