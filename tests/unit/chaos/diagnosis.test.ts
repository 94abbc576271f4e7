// The digest a failing chaos scenario ends with: which node holds what is left,
// whether it is alive, and the last thing it complained about.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ClusterShard, ClusterView } from '../../../runtime/cluster-view.ts';
import { lastProblem, loadByOwner, processState } from '../../chaos/diagnosis.ts';

function shard(shardId: number, owner: string | null, counts: Partial<ClusterShard> = {}): ClusterShard {
  return { shard: shardId, owner, epoch: 1, leaseMsLeft: 1000, backlog: 0, pending: 0, outbox: 0, dirty: 0, dead: 0, ...counts };
}

test('loadByOwner sums each owner’s shards, unowned ones apart', () => {
  const view = {
    shards: [shard(0, 'node-2', { dirty: 200 }), shard(1, 'node-1', { backlog: 3 }), shard(2, 'node-2', { dirty: 25, pending: 1 }), shard(3, null, { outbox: 4 })],
  } as unknown as ClusterView;
  assert.equal(loadByOwner(view), [
    'node-1: 1 shards, backlog 3, pending 0, outbox 0, dirty 0',
    'node-2: 2 shards, backlog 0, pending 1, outbox 0, dirty 225',
    'unowned: 1 shards, backlog 0, pending 0, outbox 4, dirty 0',
  ]);
});

test('processState tells running, exited and killed apart', () => {
  assert.is(processState({ exitCode: null, signalCode: null }), 'running');
  assert.is(processState({ exitCode: 1, signalCode: null }), 'exited with 1');
  assert.is(processState({ exitCode: null, signalCode: 'SIGKILL' }), 'killed by SIGKILL');
});

test('lastProblem finds the last warning or error, a dying TypeError included, and ignores info lines', () => {
  const time = Date.UTC(2026, 11, 1, 2, 0, 0);
  const error = JSON.stringify({ level: 50, time, msg: 'write-behind flush failed', err: { message: 'connect ECONNREFUSED 127.0.0.1:5432' } });
  const info = JSON.stringify({ level: 30, time, msg: 'claimed shards' });
  assert.is(lastProblem(`${error}\n${info}\n`), '2026-12-01T02:00:00.000Z write-behind flush failed: connect ECONNREFUSED 127.0.0.1:5432');
  const crash = `${error}\nfile:///x/connection.js:255\n    const x = socket.write(chunk, fn)\n\nTypeError: Cannot read properties of null (reading 'write')\n    at Immediate.nextWrite (file:///x/connection.js:255:22)\n\nNode.js v20.20.2\n`;
  assert.is(lastProblem(crash), "TypeError: Cannot read properties of null (reading 'write')");
  assert.is(lastProblem(`${info}\n{not json\n`), null);
  assert.is(lastProblem(JSON.stringify({ level: 40, msg: 'x'.repeat(1000) }))?.length, 300);
});

test.run();
