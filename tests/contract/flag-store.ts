// One suite for every FlagStore (STYLE.md 4): Redis and the in-memory twin
// keep the same versions, announce every change to every watcher (another
// process's store included), and feed runtime/flags.ts's node copies, which
// acknowledge the version they apply.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LiveFlags } from '../../runtime/flags.ts';
import type { FlagStore } from '../../storage/flag-store.ts';
import { quietLogger } from '../support/runtime-harness.ts';

export interface OpenedFlags {
  /** Two handles on one set of flags, as two processes would hold. */
  readonly one: FlagStore;
  readonly two: FlagStore;
  cleanup(): Promise<void>;
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(check(), what);
}

export function flagStoreContract(label: string, open: () => Promise<OpenedFlags>) {
  const it = suite<{ opened?: OpenedFlags }>(`flag store contract: ${label}`);
  it.before.each(async (context) => {
    context.opened = await open();
  });
  it.after.each(async (context) => {
    await context.opened?.cleanup();
  });

  it('starts empty at version 0; each switch grows the version; null returns a flag to its default', async (context) => {
    const { one, two } = context.opened!;
    assert.equal(await one.read(), { version: 0, values: {} });
    assert.equal(await one.set('wars', false), { version: 1, values: { wars: false } });
    assert.equal(await two.set('market', true), { version: 2, values: { wars: false, market: true } });
    assert.equal(await one.set('wars', null), { version: 3, values: { market: true } });
    assert.equal(await two.read(), { version: 3, values: { market: true } });
  });

  it('every watcher hears of a change, made through either handle', async (context) => {
    const { one, two } = context.opened!;
    const heard: number[] = [];
    const stop = await two.watch((version) => heard.push(version));
    await one.set('espionage', false);
    await eventually(() => heard.includes(1), 'the other handle heard version 1');
    stop();
    await one.set('espionage', true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.not.ok(heard.includes(2), 'not after it stopped watching');
  });

  it('node copies follow a switch at once and acknowledge the version they apply', async (context) => {
    const { one, two } = context.opened!;
    const nodes = await Promise.all([
      new LiveFlags({ store: one, nodeId: 'n1', logger: quietLogger, pollMs: 60_000 }).start(),
      new LiveFlags({ store: two, nodeId: 'n2', logger: quietLogger, pollMs: 60_000 }).start(),
    ]);
    try {
      assert.ok(nodes.every((node) => node.current() === undefined), 'nothing switched: events carry no flags');
      await one.set('wars', false);
      await eventually(() => nodes.every((node) => node.current()?.values.wars === false), 'both nodes apply it (announced, not polled)');
      assert.is(nodes[1]!.current()!.json, '{"wars":false}');
      let seen = await two.acknowledgements();
      for (let i = 0; i < 100 && !(seen.get('n1') === 1 && seen.get('n2') === 1); i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        seen = await two.acknowledgements();
      }
      assert.equal([seen.get('n1'), seen.get('n2')], [1, 1]);
    } finally {
      await Promise.all(nodes.map((node) => node.stop()));
    }
  });

  return it;
}
