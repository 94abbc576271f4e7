import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ActorCache } from '../../../runtime/actor-cache.ts';

const at = (version: number) => ({ version, record: null });

test('below capacity every actor stays, and a set replaces the cached copy', () => {
  const cache = new ActorCache(3);
  cache.set('c:1', at(1));
  cache.set('c:2', at(1));
  cache.set('c:1', at(2));
  assert.equal(cache.get('c:1'), at(2));
  assert.equal(cache.get('c:2'), at(1));
  assert.is(cache.has('c:3'), false);
});

test('when full, a new actor evicts the one set longest ago', () => {
  const cache = new ActorCache(3);
  for (const address of ['c:1', 'c:2', 'c:3']) cache.set(address, at(1));
  // Full from here on: setting c:1 again makes it the most recent.
  cache.set('c:1', at(2));
  cache.set('c:4', at(1));
  assert.equal(['c:1', 'c:2', 'c:3', 'c:4'].map((address) => cache.has(address)), [true, false, true, true]);
  cache.set('c:5', at(1));
  assert.equal(['c:1', 'c:3', 'c:4', 'c:5'].map((address) => cache.has(address)), [true, false, true, true]);
  assert.equal(cache.get('c:1'), at(2));
});

test('delete and clear forget actors', () => {
  const cache = new ActorCache(2);
  cache.set('c:1', at(1));
  cache.set('c:2', at(1));
  cache.delete('c:1');
  assert.is(cache.get('c:1'), undefined);
  cache.clear();
  assert.is(cache.has('c:2'), false);
});

test.run();
