// Message ids are valid, unique and time-ordered ULIDs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeTime, isValid } from 'ulid';
import { newMessageId } from '../../../runtime/ids.ts';

test('ids are valid ULIDs, unique, increasing, and carry the current time', () => {
  const before = Date.now();
  const ids = Array.from({ length: 20_000 }, () => newMessageId());
  const after = Date.now();
  assert.ok(ids.every((id) => isValid(id)), 'valid');
  assert.is(new Set(ids).size, ids.length, 'unique');
  assert.ok(ids.every((id, i) => i === 0 || id > ids[i - 1]!), 'strictly increasing');
  const time = decodeTime(ids[0]!);
  assert.ok(time >= before && time <= after, `time ${time} within [${before}, ${after}]`);
});

test('the random part differs between millisecond starts (not a counter from zero)', () => {
  const randoms = new Set<string>();
  let last = '';
  for (let i = 0; i < 5; i++) {
    const started = Date.now();
    while (Date.now() === started);
    const id = newMessageId();
    randoms.add(id.slice(10, 18));
    assert.ok(id > last);
    last = id;
  }
  assert.ok(randoms.size >= 4, `random parts: ${[...randoms].join(', ')}`);
});

test.run();
