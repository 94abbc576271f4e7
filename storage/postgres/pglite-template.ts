// A fresh in-memory PGlite runs initdb inside WebAssembly on every start:
// 1.5–4 s on this 2-core machine, paid by every embedded `npm start` and by
// every embedded test harness (47 of them in the suite). Loading the same
// freshly initialised cluster from a tarball takes ~0.4 s. So the first
// embedded start on a machine keeps that tarball in the OS temp directory,
// named after PGlite's version, and later starts load it. A tarball that does
// not load is set aside and rebuilt: it only ever saves time, never decides
// what the database holds.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

/** Where the fresh cluster of the installed PGlite is kept on this machine. */
export function defaultTemplatePath(): string {
  return join(tmpdir(), `server-wars-pglite-${pgliteVersion()}.tar`);
}

/**
 * A new in-memory PGlite holding a freshly initialised cluster, loaded from
 * the tarball at `templatePath` when there is a good one, otherwise
 * initialised here and written there for the next start.
 */
export async function freshPGlite(templatePath: string, log?: (line: string) => void): Promise<PGlite> {
  if (existsSync(templatePath)) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([readFileSync(templatePath)]) });
    } catch (error) {
      log?.(`embedded PostgreSQL: the cluster template ${templatePath} did not load (${error instanceof Error ? error.message : String(error)}); rebuilding it`);
      rmSync(templatePath, { force: true });
    }
  }
  const db = await PGlite.create();
  // Written aside and renamed into place: another process starting now reads
  // either no template or a whole one, never half of one.
  const partial = `${templatePath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    const tarball = await db.dumpDataDir('none');
    writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
    renameSync(partial, templatePath);
  } catch (error) {
    rmSync(partial, { force: true });
    // A read-only or full temp directory: this start is as slow as before, no worse.
    log?.(`embedded PostgreSQL: could not keep a cluster template at ${templatePath} (${error instanceof Error ? error.message : String(error)})`);
  }
  return db;
}

/** The installed PGlite's version: a template is only good for the build that made it. */
function pgliteVersion(): string {
  // The package does not export its package.json; its entry point sits in dist/.
  for (let dir = dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite'))); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (name === '@electric-sql/pglite' && typeof version === 'string') return version;
  }
  return 'unknown';
}
