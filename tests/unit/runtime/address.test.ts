import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fnv1a, parseAddress, shardOf } from '../../../runtime/address.ts';
import { decodeEnvelope, MAX_MESSAGE_BYTES } from '../../../runtime/envelope.ts';
import { KindRegistry } from '../../../runtime/kinds.ts';
import { actorKey, dedupKey, shardKeys } from '../../../storage/keys.ts';
import { counterKind } from '../../support/counter.ts';

test('addresses are kind:id; anything else is refused with a code', () => {
  assert.equal(parseAddress('election:123:4'), { kind: 'election', id: '123:4' });
  for (const bad of ['', 'nation', ':1', 'Nation:1', 'nation:', 'nation:a b', 'nation:{1}']) {
    assert.throws(() => parseAddress(bad), (error: { code: string }) => error.code === 'RUNTIME_BAD_ADDRESS', bad);
  }
});

test('an address with a control character is refused, saying so', () => {
  for (const bad of ['nation:\u0000', 'nation:1\u0000', 'nation:a\u001fb', 'nation:a\u007fb', 'nation:a\u0085b']) {
    assert.throws(() => parseAddress(bad), (error: { code: string; message: string }) => error.code === 'RUNTIME_BAD_ADDRESS' && error.message.includes('control character'), JSON.stringify(bad));
  }
});

test('a kind\'s idPattern is checked only when asked (strict), with RUNTIME_BAD_ADDRESS naming the pattern', () => {
  const kinds = new KindRegistry([{ ...counterKind, idPattern: /^\d{3}$/ }]);
  assert.equal(kinds.forAddress('counter:abc').id, 'abc', 'the runtime delivers to any id');
  assert.equal(kinds.forAddress('counter:123', { strict: true }).id, '123');
  assert.throws(
    () => kinds.forAddress('counter:abc', { strict: true }),
    (error: { code: string; message: string }) => error.code === 'RUNTIME_BAD_ADDRESS' && error.message === '"counter:abc" is not an address the game uses: counter ids match /^\\d{3}$/',
  );
  assert.equal(new KindRegistry([counterKind]).forAddress('counter:abc', { strict: true }).id, 'abc', 'no idPattern: any id');
});

test('the shard of an address is stable and spreads addresses evenly', () => {
  assert.is(fnv1a('nation:1'), fnv1a('nation:1'));
  assert.is(fnv1a(''), 0x811c9dc5, 'FNV-1a offset basis');
  const counts = new Array<number>(64).fill(0);
  for (let i = 0; i < 64_000; i++) counts[shardOf(`nation:${i}`, 64)]!++;
  assert.ok(Math.min(...counts) > 800 && Math.max(...counts) < 1200, `per-shard counts ${Math.min(...counts)}..${Math.max(...counts)}`);
});

test('every key of a shard carries the shard hash tag', () => {
  const keys = shardKeys('sw:', 12);
  for (const key of [...Object.values(keys).filter((value) => value !== keys.tag), actorKey(keys.tag, 'nation:1'), dedupKey(keys.tag, 29_412)]) {
    assert.ok(key.startsWith('sw:{12}:'), key);
    assert.is(key.indexOf('{'), 3, `${key}: the first {…} is the hash tag`);
  }
});

test('envelopes decode purely; bad ones come back as coded errors, never thrown', () => {
  const good = decodeEnvelope(JSON.stringify({ id: 'm', to: 'counter:a', event: { type: 'inc', by: 1 } }));
  assert.ok(good.ok);
  const cases: [string, string][] = [
    ['not json', 'RUNTIME_MALFORMED_MESSAGE'],
    ['{"id":"m","to":"counter:a"}', 'RUNTIME_MALFORMED_MESSAGE'],
    ['{"id":"m","to":"counter:a","event":{"type":""}}', 'RUNTIME_MALFORMED_MESSAGE'],
    ['{"id":"m","to":"counter:a","event":{"type":"inc","name":"a\\u0000b"}}', 'RUNTIME_MALFORMED_MESSAGE'],
    [JSON.stringify({ id: 'm', to: 'counter:a', event: { type: 'x', pad: 'x'.repeat(MAX_MESSAGE_BYTES) } }), 'RUNTIME_MESSAGE_TOO_LARGE'],
  ];
  for (const [body, code] of cases) {
    const decoded = decodeEnvelope(body);
    assert.is(!decoded.ok && decoded.error.code, code, body.slice(0, 60));
  }
});

test.run();
