// The graceful stop runs every step in order even when one fails, so a role
// whose stop rejects cannot keep the node from flushing nor the connections
// from closing; the failure is logged by the step's name and the stop
// reports it (the process then exits 1).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runStopSteps } from '../../../runtime/stop-steps.ts';

function recordingLogger() {
  const errors: { step: unknown; message: string }[] = [];
  return { errors, logger: { error: (fields: { step?: unknown }, message: string) => void errors.push({ step: fields.step, message }) } };
}

test('every step runs in order and a clean stop reports true', async () => {
  const ran: string[] = [];
  const { errors, logger } = recordingLogger();
  const clean = await runStopSteps(
    ['roles', 'node', 'backends'].map((name) => ({ name, run: async () => void ran.push(name) })),
    logger as never,
  );
  assert.ok(clean);
  assert.equal(ran, ['roles', 'node', 'backends']);
  assert.equal(errors, []);
});

test('a failing step is logged by name, the later steps still run, and the stop reports false', async () => {
  const ran: string[] = [];
  const { errors, logger } = recordingLogger();
  const clean = await runStopSteps(
    [
      { name: 'role gateway', run: async () => Promise.reject(new Error('socket server already closed')) },
      { name: 'runtime node', run: async () => void ran.push('runtime node') },
      {
        name: 'backends',
        run: () => {
          ran.push('backends');
          throw new Error('thrown, not rejected');
        },
      },
    ],
    logger as never,
  );
  assert.not.ok(clean);
  assert.equal(ran, ['runtime node', 'backends']);
  assert.equal(errors.map((entry) => entry.step), ['role gateway', 'backends']);
  assert.match(errors[0]!.message, /'role gateway' failed/);
});

test.run();
