// A seed decides a simulation's outcome, not the timing of the runtime's
// replies: two runs whose replies come back after different random delays
// (so in different orders) give the same season, figure for figure.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { summarize } from '../../../simulation/report.ts';
import { runSimulation } from '../../../simulation/run.ts';
import type { SimRuntime } from '../../../simulation/runtime.ts';

const options = { nations: 24, days: 4, seed: 11, duelPairs: 2, out: 'reports' };

/** Holds every reply back 0–4 ms at random before the driver sees it. */
function jitterReplies(runtime: SimRuntime): void {
  const client = runtime.client;
  const request = client.request.bind(client);
  client.request = async (...args) => {
    const reply = await request(...args);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
    return reply;
  };
}

async function season(): Promise<Record<string, unknown>> {
  const run = await runSimulation(options, undefined, jitterReplies);
  const { elapsedSeconds: _elapsed, ...summary } = summarize(run, { report: '', json: '' });
  return { summary, battles: run.tally.battles, days: run.tally.daily, samples: run.tally.samples };
}

test('the same seed gives the same season, whatever order the replies come back in', async () => {
  const first = await season();
  const second = await season();
  assert.ok((first.summary as { totals: { commands: number } }).totals.commands > 500, 'a season with something in it');
  assert.equal(second, first);
});

test.run();
