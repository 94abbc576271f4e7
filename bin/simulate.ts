// npm run simulate -- --nations N --days D --seed S
// Plays a season through the real runtime (simulation/), prints progress to
// stderr, writes reports/season-<seed>.html and .json, and prints the JSON
// summary as the last line of stdout. Exits 1 when a balance check fails,
// 2 on bad flags.
import { parseOptions, SimulationError } from '../simulation/options.ts';
import { writeReport } from '../simulation/report.ts';
import { runSimulation } from '../simulation/run.ts';

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  if (error instanceof SimulationError) {
    process.stderr.write(`simulate: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}

process.stderr.write(
  `simulating ${options.nations} nations + ${options.duelPairs} duel pairs for ${options.days} days, seed ${options.seed}\n`,
);
const run = await runSimulation(options, {
  day(day, days, tally, elapsedMs) {
    const open = tally.openWars().length;
    process.stderr.write(
      `day ${day}/${days}  wars ${tally.wars.size} (${open} open)  battles ${tally.battles.length}  elections ${tally.elections.size}  ${(elapsedMs / 1000).toFixed(0)} s\n`,
    );
  },
});
const summary = await writeReport(run);
const failed = Object.entries(summary.checks).filter(([, passed]) => !passed).map(([name]) => name);
process.stderr.write(`report: ${summary.report}\n${failed.length === 0 ? 'every balance check holds' : `FAILED: ${failed.join(', ')}`}\n`);
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exit(failed.length === 0 ? 0 : 1);
