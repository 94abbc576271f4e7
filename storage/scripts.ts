// The one code path that runs Lua scripts. Scripts live one per file in
// storage/lua/<name>-<numberOfKeys>.lua; `--- @include "x"` pulls in
// storage/lua/includes/x.lua. Each is sent once (EVALSHA, EVAL on NOSCRIPT).
// A script that works on several shards or streams at once takes a variable
// number of keys: its file names the fewest it takes.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Command, type Redis } from 'ioredis';

const luaDir = new URL('./lua/', import.meta.url);

export type ScriptName = 'step' | 'publish' | 'hydrate' | 'cleanDirty' | 'claim' | 'renew' | 'release' | 'heartbeat' | 'keepLive' | 'lbApply';

const keyCounts: Record<ScriptName, number> = {
  step: 8,
  publish: 1,
  hydrate: 1,
  cleanDirty: 1,
  claim: 2,
  renew: 2,
  release: 2,
  heartbeat: 1,
  keepLive: 1,
  lbApply: 3,
};

/** Scripts that take `keyCounts` keys or more (see each script's header). */
const variableKeys: ReadonlySet<ScriptName> = new Set(['step', 'publish']);

interface LoadedScript {
  readonly source: string;
  readonly sha: string;
  readonly numberOfKeys: number;
}

function expandIncludes(source: string): string {
  return source.replace(/^--- @include "([\w-]+)"$/gm, (_, name: string) =>
    readFileSync(new URL(`includes/${name}.lua`, luaDir), 'utf8'),
  );
}

const loaded = new Map<ScriptName, LoadedScript>();

function load(name: ScriptName): LoadedScript {
  let script = loaded.get(name);
  if (!script) {
    const numberOfKeys = keyCounts[name];
    const source = expandIncludes(readFileSync(new URL(`${name}-${numberOfKeys}.lua`, luaDir), 'utf8'));
    script = { source, sha: createHash('sha1').update(source).digest('hex'), numberOfKeys };
    loaded.set(name, script);
  }
  return script;
}

export async function runScript(
  redis: Redis,
  name: ScriptName,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  const script = load(name);
  const fits = variableKeys.has(name) ? keys.length >= script.numberOfKeys : keys.length === script.numberOfKeys;
  if (!fits) {
    const expected = variableKeys.has(name) ? `at least ${script.numberOfKeys}` : String(script.numberOfKeys);
    throw new Error(`script ${name} takes ${expected} keys, got ${keys.length}`);
  }
  const list = [script.sha, String(keys.length)];
  for (const key of keys) list.push(key);
  for (const arg of args) list.push(typeof arg === 'string' ? arg : String(arg));
  try {
    return await send(redis, 'evalsha', list);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    list[0] = script.source;
    return send(redis, 'eval', list);
  }
}

/**
 * Sends a command whose arguments are one list of strings. ioredis's command
 * functions copy every argument through Array.prototype.flat, ~80 ns each: a
 * commit of 2,400 arguments spent ~200 µs there, and skipping that copy (a
 * Command given its list after construction) saved the node 1–2 µs per
 * message (bench/RESULTS.md). An auto-pipelined connection keeps the command
 * functions, which gather a tick's commands into one write.
 */
function send(redis: Redis, name: 'evalsha' | 'eval', list: string[]): Promise<unknown> {
  if (redis.options.enableAutoPipelining) return redis.call(name, list);
  const command = new Command(name, [], { replyEncoding: 'utf8' });
  command.args = list;
  return redis.sendCommand(command) as Promise<unknown>;
}
