// The Node flags the Procfile starts a runtime node with, so the chaos cluster
// and the benches run their nodes as they are deployed (the flags change how
// V8 collects garbage, which shows in every figure they take).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const procfile = fileURLToPath(new URL('../../Procfile', import.meta.url));

/** The flags of `runtime: node <flags> dist/bin/runtime.js`, one per element. */
export function runtimeNodeFlags(): string[] {
  const line = readFileSync(procfile, 'utf8').split('\n').find((text) => text.startsWith('runtime:'));
  const flags = line?.match(/^runtime:\s*node\s+(.*?)\s*\S+\.js\s*$/)?.[1];
  if (flags === undefined) throw new Error(`${procfile}: no "runtime: node <flags> <script>.js" line to take the runtime node's flags from`);
  return flags.split(/\s+/).filter(Boolean);
}
