// Benchmark dispatcher: `npm run bench -- <name> [--flags]` imports
// bench/<name>.ts and runs its exported `main(args)`. Progress goes to stderr;
// the result is one JSON line on stdout, printed last.
import { readdirSync } from 'node:fs';

export type BenchResult = Record<string, unknown>;
export type BenchMain = (args: string[]) => Promise<BenchResult>;

const benchDir = new URL('./', import.meta.url);

/** Benches are bench/*.ts except this file and the child-process workers. */
function available(): string[] {
  return readdirSync(benchDir)
    .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('-worker.ts') && !file.endsWith('.d.ts'))
    .map((file) => file.slice(0, -'.ts'.length))
    .sort();
}

function usage(problem: string): never {
  process.stderr.write(`${problem}\nusage: npm run bench -- <name> [--flags]\navailable benches: ${available().join(', ') || '(none)'}\n`);
  process.exit(1);
}

async function run(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  if (!name || name.startsWith('-')) usage('no bench named');
  if (!available().includes(name)) usage(`unknown bench "${name}"`);
  const module = (await import(new URL(`./${name}.ts`, benchDir).href)) as { main?: BenchMain };
  if (typeof module.main !== 'function') usage(`bench/${name}.ts exports no main(args)`);
  const result = await module.main(args);
  // Exit only once the line is written: an open socket must not keep us alive, nor cut the output short.
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

run().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
