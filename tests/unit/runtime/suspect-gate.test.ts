import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SuspectGate } from '../../../runtime/suspect-gate.ts';

/** Work that logs its start and end and finishes when told to. */
function job(log: string[], name: string): { run: () => Promise<string>; finish: () => void } {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      log.push(`${name} starts`);
      await done;
      log.push(`${name} ends`);
      return name;
    },
    finish: () => finish(),
  };
}

const turns = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('ordinary suspects run side by side', async () => {
  const gate = new SuspectGate();
  const log: string[] = [];
  const [a, b] = [job(log, 'a'), job(log, 'b')];
  const running = [gate.beside(a.run), gate.beside(b.run)];
  await turns();
  assert.equal(log, ['a starts', 'b starts']);
  a.finish();
  b.finish();
  assert.equal(await Promise.all(running), ['a', 'b']);
});

test('a last-chance suspect waits for those in flight, and goes before those that come after it', async () => {
  const gate = new SuspectGate();
  const log: string[] = [];
  const [a, last, b] = [job(log, 'a'), job(log, 'last'), job(log, 'b')];
  const running = [gate.beside(a.run), gate.alone(last.run), gate.beside(b.run)];
  await turns();
  assert.equal(log, ['a starts'], 'the last-chance one waits for a; b waits behind it');
  a.finish();
  await turns();
  assert.equal(log, ['a starts', 'a ends', 'last starts']);
  last.finish();
  await turns();
  assert.equal(log, ['a starts', 'a ends', 'last starts', 'last ends', 'b starts']);
  b.finish();
  assert.equal(await Promise.all(running), ['a', 'last', 'b']);
});

test('last-chance suspects never overlap, and one that fails lets the next go', async () => {
  const gate = new SuspectGate();
  const log: string[] = [];
  const second = job(log, 'second');
  const failed = gate
    .alone(async () => {
      log.push('first starts');
      await turns();
      throw new Error('Redis away');
    })
    .then(
      () => 'went through',
      (error: Error) => error.message,
    );
  const running = gate.alone(second.run);
  assert.equal(log, ['first starts']);
  assert.is(await failed, 'Redis away');
  await turns();
  assert.equal(log, ['first starts', 'second starts']);
  second.finish();
  assert.is(await running, 'second');
});

test.run();
