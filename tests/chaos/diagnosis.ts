// What a failing chaos scenario says about its nodes. CI shows the start and the
// end of a long failure message, so the digest that names the stuck or dead
// node comes last (the pg-restart failure of 2026-12-01 showed neither which
// node had stopped flushing nor why).
import type { ChildProcess } from 'node:child_process';
import type { ClusterView } from '../../runtime/cluster-view.ts';

const PROBLEM_CHARS = 300;

/** Per owner (and for unowned shards) what is still queued or unflushed, e.g. `node-2: 32 shards, backlog 0, pending 0, outbox 0, dirty 225`. */
export function loadByOwner(view: ClusterView): string[] {
  const owners = [...new Set(view.shards.map((shard) => shard.owner))].sort((a, b) => String(a).localeCompare(String(b)));
  return owners.map((owner) => {
    const shards = view.shards.filter((shard) => shard.owner === owner);
    const sum = (pick: (shard: (typeof shards)[number]) => number): number => shards.reduce((total, shard) => total + pick(shard), 0);
    return `${owner ?? 'unowned'}: ${shards.length} shards, backlog ${sum((s) => s.backlog)}, pending ${sum((s) => s.pending)}, outbox ${sum((s) => s.outbox)}, dirty ${sum((s) => s.dirty)}`;
  });
}

/** Running, or how the process ended. */
export function processState(child: Pick<ChildProcess, 'exitCode' | 'signalCode'>): string {
  if (child.signalCode !== null) return `killed by ${child.signalCode}`;
  if (child.exitCode !== null) return `exited with ${child.exitCode}`;
  return 'running';
}

interface LogLine {
  readonly level?: number;
  readonly time?: number;
  readonly msg?: string;
  readonly err?: { readonly message?: string };
}

/**
 * The last warning or error a node printed: a pino line of level ≥ 40 (its
 * message, its error's message and its time) or a line Node printed dying
 * (`TypeError: …`); null when there is none.
 */
export function lastProblem(output: string): string | null {
  const lines = output.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (line.startsWith('{')) {
      let parsed: LogLine;
      try {
        parsed = JSON.parse(line) as LogLine;
      } catch {
        continue;
      }
      if ((parsed.level ?? 0) < 40) continue;
      const at = parsed.time === undefined ? '' : `${new Date(parsed.time).toISOString()} `;
      return `${at}${parsed.msg ?? ''}${parsed.err?.message ? `: ${parsed.err.message}` : ''}`.slice(0, PROBLEM_CHARS);
    }
    if (/^[A-Za-z]*Error\b/.test(line)) return line.slice(0, PROBLEM_CHARS);
  }
  return null;
}
