// A runtime node process for the chaos tests: the real runtime process
// (runtime/process.ts) with test-only actor kinds: `counter`, and `crasher`,
// whose `crash` event kills the process that runs it — a poison message.
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { loadConfigOrExit } from '../../bin/main.ts';
import { runProcess } from '../../runtime/process.ts';
import type { ActorKind } from '../../runtime/kinds.ts';
import { counterKind } from '../support/counter.ts';

const crasherKind: ActorKind = {
  name: 'crasher',
  machine: setup({}).createMachine({
    id: 'crasher',
    on: {
      crash: {
        actions: assign(() => {
          process.kill(process.pid, 'SIGKILL');
          return {};
        }),
      },
    },
  }),
  events: { crash: z.object({}).strict() },
};

await runProcess(loadConfigOrExit(), [counterKind, crasherKind]);
