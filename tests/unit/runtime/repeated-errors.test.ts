// A worker's repeated error (every failed reconnect while Redis is down) is
// logged once per window, and the next line says how many were not.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repeatedErrors } from '../../../runtime/repeated-errors.ts';

test('the same error is logged once per window with the count of the repeats; another error is logged at once', () => {
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  let now = 0;
  const report = repeatedErrors({ error: (fields: Record<string, unknown>, message: string) => void lines.push({ fields, message }) } as never, 'timer worker error', 60_000, () => now);
  const refused = new Error('connect ECONNREFUSED 127.0.0.1:6379');
  for (let second = 0; second < 60; second++) {
    now = second * 1000;
    report(refused);
  }
  assert.is(lines.length, 1, 'one line in the first minute');
  report(new Error('READONLY You can\'t write against a read only replica.'));
  assert.is(lines.length, 2, 'a different error is news');
  now = 61_000;
  report(refused);
  assert.is(lines.length, 3);
  assert.is(lines[2]!.fields.repeatedSinceLastLog, 59);
  assert.is(lines[2]!.message, 'timer worker error');
});

test.run();
