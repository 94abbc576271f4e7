// Copies what tsc does not (Lua scripts, SQL migrations, YAML config, overlay assets,
// the ops console's script and stylesheet) next to
// the compiled modules in dist/, which find them relative to themselves.
import { cpSync, mkdirSync } from 'node:fs';

for (const [from, to] of [
  ['storage/lua', 'dist/storage/lua'],
  ['storage/migrations', 'dist/storage/migrations'],
  ['config', 'dist/config'],
  ['realtime/overlays', 'dist/realtime/overlays'],
  ['ops/ui', 'dist/ops/ui'],
]) {
  mkdirSync(to, { recursive: true });
  cpSync(from, to, { recursive: true, filter: (path) => !path.endsWith('.ts') });
}
