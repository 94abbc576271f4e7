// `npm run bench -- gateway`: N socket.io-client connections (default 5,000)
// on loopback, all in one room (`global`), receive broadcasts of public events
// produced by the runtime (embedded backends, in a child process with the
// gateway). Latency is from the moment the bench asks for the broadcast to
// each socket's receipt, over every delivery of every broadcast;
// bytes_per_connection is the gateway process's V8 heap growth (after a GC) per
// connected, joined socket.
// Flags: --connections N --broadcasts B
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism, release, type } from 'node:os';
import { parseArgs } from 'node:util';
import { io as connect, type Socket } from 'socket.io-client';
import type { WireEvent } from '../realtime/protocol.ts';

const log = (line: string): void => {
  process.stderr.write(`[bench gateway] ${line}\n`);
};

class Worker {
  readonly #child: ChildProcess;
  readonly #waiting = new Map<number, (value: number) => void>();
  #next = 0;
  readonly ready: Promise<number>;

  constructor() {
    this.#child = fork(new URL('./gateway-worker.ts', import.meta.url).pathname, [], {
      execArgv: ['--import', 'tsx', '--expose-gc', '--max-semi-space-size=64'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve) => {
      this.#child.on('message', (message: { ready?: number; id?: number; value?: number }) => {
        if (message.ready !== undefined) resolve(message.ready);
        else this.#waiting.get(message.id!)?.(message.value!);
      });
    });
  }

  ask(kind: 'memory' | 'broadcast' | 'stop'): Promise<number> {
    const id = ++this.#next;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      this.#child.send({ id, kind });
    });
  }
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

export async function main(args: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({ args, options: { connections: { type: 'string', default: '5000' }, broadcasts: { type: 'string', default: '20' } } });
  const connections = Number(values.connections);
  const broadcasts = Number(values.broadcasts);
  const worker = new Worker();
  const port = await worker.ready;
  const url = `http://127.0.0.1:${port}`;
  log(`gateway on ${url}; opening ${connections} connections`);
  const baseline = await worker.ask('memory');

  const sockets: Socket[] = [];
  let sentAt = 0;
  let current = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const BATCH = 250;
  for (let i = 0; i < connections; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, connections - i) }, () => {
      const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
      socket.on('event', (event: WireEvent) => {
        if (event.type === 'counted' && Number(event.event.count) === current) latencies.push(performance.now() - sentAt);
      });
      sockets.push(socket);
      return new Promise<void>((resolve, reject) => {
        socket.once('connect_error', reject);
        socket.once('connect', () => {
          socket.emit('join', { room: 'global' }, (answer: { ok: boolean }) => (answer.ok ? resolve() : reject(new Error('join refused'))));
        });
      });
    });
    await Promise.all(batch);
    if ((i + BATCH) % 1000 === 0 || i + BATCH >= connections) log(`${Math.min(i + BATCH, connections)} connected and joined`);
  }
  const connectSeconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const joined = await worker.ask('memory');

  for (let b = 1; b <= broadcasts; b++) {
    const before = latencies.length;
    current = b;
    sentAt = performance.now();
    await worker.ask('broadcast');
    const deadline = Date.now() + 30_000;
    while (latencies.length - before < connections && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    const got = latencies.length - before;
    const slice = latencies.slice(before).sort((x, y) => x - y);
    log(`broadcast ${b}/${broadcasts}: ${got}/${connections} received, p50 ${percentile(slice, 50).toFixed(1)} ms, last ${slice.at(-1)?.toFixed(1)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  for (const socket of sockets) socket.disconnect();
  await worker.ask('stop');

  const sorted = [...latencies].sort((x, y) => x - y);
  return {
    bench: 'gateway',
    connections,
    broadcasts,
    deliveries: latencies.length,
    expected_deliveries: connections * broadcasts,
    p50_ms: Number(percentile(sorted, 50).toFixed(1)),
    p99_ms: Number(percentile(sorted, 99).toFixed(1)),
    max_ms: Number((sorted.at(-1) ?? NaN).toFixed(1)),
    bytes_per_connection: Math.round((joined - baseline) / connections),
    connect_seconds: Number(connectSeconds.toFixed(1)),
    machine: `${type()} ${release()}, ${availableParallelism()} cores, Node ${process.versions.node}`,
  };
}
