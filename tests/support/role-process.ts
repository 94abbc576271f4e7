// A process of one Procfile role (bin/<role>.ts, run from source), with its
// output kept for assertions and failure messages, for the tests that take a
// service away from real processes.
import { spawn, type ChildProcess } from 'node:child_process';

const root = new URL('../../', import.meta.url).pathname;

export interface RoleProcess {
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, and waits for it to exit (at once if it already has). */
  stop(): Promise<void>;
}

export function startRole(role: 'bot' | 'gateway' | 'runtime', env: Record<string, string>): RoleProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', `bin/${role}.ts`], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
