// Child of `npm run bench -- gateway`: an embedded runtime (counter actors)
// and a gateway on a loopback port. Over IPC it answers `memory` (V8 heap after a GC)
// and `broadcast` (one runtime message whose public event goes to `global`).
import { counterKind } from '../tests/support/counter.ts';
import { serveGateway } from '../tests/support/gateway-harness.ts';
import { startHarness } from '../tests/support/runtime-harness.ts';

type Request = { readonly id: number; readonly kind: 'memory' | 'broadcast' | 'stop' };

const harness = await startHarness({ backend: 'embedded', kinds: [counterKind] });
// A generous rate: 5,000 sockets from one address join at once here.
const served = await serveGateway(harness, { policy: { maxRooms: 4 } });

function memory(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  // The V8 heap only: PGlite's WebAssembly memory (external) dwarfs and blurs what sockets cost.
  return process.memoryUsage().heapUsed;
}

process.on('message', (message: Request) => {
  void (async () => {
    switch (message.kind) {
      case 'memory':
        process.send!({ id: message.id, value: memory() });
        break;
      case 'broadcast':
        await harness.client.send('counter:bench', { type: 'inc', by: 1 });
        process.send!({ id: message.id, value: 0 });
        break;
      case 'stop':
        await served.stop();
        await harness.close();
        process.send!({ id: message.id, value: 0 }, () => process.exit(0));
        break;
    }
  })();
});
process.send!({ ready: served.port });
