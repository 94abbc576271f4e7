// The balance simulation end to end, compressed: a short season (pre 1 day,
// active 6, post 1) with 30 scripted nations and 100 equal-army duel pairs,
// played through the real runtime on the embedded backends and a virtual
// clock. Every GAME.md balance check must hold, and the report must carry
// its four plots.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReport } from '../../simulation/report.ts';
import { runSimulation } from '../../simulation/run.ts';

test('a compressed season keeps every balance check and writes the report with its plots', async () => {
  const out = mkdtempSync(join(tmpdir(), 'sim-'));
  try {
    const run = await runSimulation({ nations: 30, days: 8, seed: 7, duelPairs: 100, out });
    const summary = await writeReport(run);

    assert.equal(Object.keys(summary.checks).sort(), [
      'equalArmiesAggressorWins45to55',
      'everyElectionReachesFinalState',
      'everyWarReachesFinalState',
      'noNationTopsPowerBoardOnFirstDay',
      'resourcesBounded',
      'seasonReachesFinalState',
    ]);
    for (const [name, holds] of Object.entries(summary.checks)) assert.ok(holds, `${name} failed: ${JSON.stringify(summary.figures)}`);
    assert.ok(summary.figures.equalArmies.battles >= 500, 'the equal-army sample is large enough that 45–55 % holds by more than two standard errors');
    assert.ok(summary.figures.newcomers.watched > 0, 'late nations were watched on the board');
    assert.ok(summary.totals.elections > 0 && summary.totals.wars > 0);
    assert.ok(summary.totals.supporters > 0, `allies joined wars and fought in them (joinWar answers: ${JSON.stringify(Object.fromEntries(run.tally.replies.get('joinWar') ?? []))})`);
    assert.equal(summary.season.overrides.length, 4, 'the shortened season and the hourly build-queue tick are reported');

    const html = readFileSync(join(out, 'season-7.html'), 'utf8');
    for (const title of ['Power distribution over time', 'Resources in circulation', 'Wars and alliances per day', 'Win rates']) {
      assert.match(html, new RegExp(`<svg[^>]*>\\s*<title>${title}`), `plot "${title}"`);
    }
    const json = JSON.parse(readFileSync(join(out, 'season-7.json'), 'utf8'));
    assert.equal(json.checks, summary.checks);
    assert.ok(json.samples.length >= 8, 'one sample per day');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();
