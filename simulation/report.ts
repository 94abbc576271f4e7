// The run's outputs: the JSON summary (checks, the figures behind them, the
// run's settings) and one self-contained HTML page with inline SVG plots —
// power distribution over time, resources in circulation, wars and alliances
// per day, win rates — readable at a glance.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkFigures, evaluate, type CheckFigures, type Checks } from './checks.ts';
import type { SimulationRun } from './run.ts';
import { barChart, escapeXml, lineChart, type Bar } from './svg.ts';

export interface Summary {
  readonly seed: number;
  readonly nations: number;
  readonly duelPairs: number;
  readonly days: number;
  readonly season: { readonly preDays: number; readonly activeDays: number; readonly postDays: number; readonly overrides: readonly string[] };
  readonly elapsedSeconds: number;
  readonly ok: boolean;
  readonly checks: Checks;
  readonly figures: CheckFigures;
  readonly totals: {
    readonly wars: number;
    readonly battles: number;
    /** Allies that joined a war and fought its battle, summed over the battles. */
    readonly supporters: number;
    readonly alliances: number;
    readonly elections: number;
    readonly commands: number;
    readonly refused: number;
  };
  readonly winRates: Readonly<Record<string, { readonly fought: number; readonly won: number }>>;
  readonly report: string;
  readonly json: string;
}

const STRATEGY_COLORS: Record<string, string> = {
  aggressive: '#d62828',
  defensive: '#1d3557',
  trader: '#e9c46a',
  spy: '#6a4c93',
  idle: '#8d99ae',
  duel: '#2a9d8f',
};

/** Wars that ended with a winner, per strategy: how many a nation of it fought and won. */
function winRates(run: SimulationRun): Summary['winRates'] {
  const rates: Record<string, { fought: number; won: number }> = {};
  for (const war of run.tally.wars.values()) {
    if (!war.final || war.winner === null) continue;
    for (const side of [war.aggressor, war.defender]) {
      const strategy = run.tally.strategyOf(side);
      const entry = (rates[strategy] ??= { fought: 0, won: 0 });
      entry.fought++;
      if (war.winner === side) entry.won++;
    }
  }
  return rates;
}

export function summarize(run: SimulationRun, paths: { report: string; json: string }): Summary {
  const figures = checkFigures(run);
  const checks = evaluate(figures);
  const replies = [...run.tally.replies.values()].flatMap((answers) => [...answers]);
  return {
    seed: run.options.seed,
    nations: run.options.nations,
    duelPairs: run.options.duelPairs,
    days: run.options.days,
    season: { preDays: run.plan.preDays, activeDays: run.plan.activeDays, postDays: run.plan.postDays, overrides: run.plan.overrides },
    elapsedSeconds: Math.round(run.elapsedMs / 100) / 10,
    ok: Object.values(checks).every(Boolean),
    checks,
    figures,
    totals: {
      wars: run.tally.wars.size,
      battles: run.tally.battles.length,
      supporters: run.tally.battles.reduce((sum, battle) => sum + battle.supporters, 0),
      alliances: run.tally.alliances.size,
      elections: run.tally.elections.size,
      commands: replies.reduce((sum, [, count]) => sum + count, 0),
      refused: replies.filter(([code]) => code !== 'ok').reduce((sum, [, count]) => sum + count, 0),
    },
    winRates: winRates(run),
    report: paths.report,
    json: paths.json,
  };
}

function charts(run: SimulationRun, summary: Summary): string[] {
  const { samples, daily } = run.tally;
  const day = (pick: (sample: (typeof samples)[number]) => number) => samples.map((sample) => [sample.day, pick(sample)] as const);
  // Season 1's end (its reset follows), and the last played day when that is another day: after it only timers and ticks run.
  const seasonEnd = run.plan.preDays + run.plan.activeDays + run.plan.postDays;
  const markers = [
    { x: seasonEnd, label: 'season 1 ends: reset' },
    ...(seasonEnd === run.options.days ? [] : [{ x: run.options.days, label: 'last played day' }]),
  ];
  const perDay = (pick: (events: (typeof daily)[number]) => number) => daily.map((events, index) => [index, pick(events)] as const);
  const power = lineChart({
    title: 'Power distribution over time (registered nations)',
    markers,
    xLabel: 'day',
    yLabel: 'power score',
    series: [
      { name: 'top nation', color: '#d62828', points: day((sample) => sample.power.p100) },
      { name: '90th percentile', color: '#f77f00', points: day((sample) => sample.power.p90) },
      { name: 'median', color: '#1d3557', points: day((sample) => sample.power.p50) },
      { name: '10th percentile', color: '#8d99ae', points: day((sample) => sample.power.p10) },
    ],
  });
  const resources = lineChart({
    title: 'Resources in circulation',
    markers,
    xLabel: 'day',
    yLabel: 'resources (gold + food + materials)',
    series: [
      { name: 'storage capacity (all nations)', color: '#8d99ae', points: day((sample) => sample.storageCapacity), dashed: true },
      { name: 'held by nations', color: '#2a9d8f', points: day((sample) => sample.resourcesHeld) },
      { name: 'market escrow', color: '#e9c46a', points: day((sample) => sample.resourcesEscrow) },
      { name: 'loans outstanding', color: '#d62828', points: day((sample) => sample.loansOutstanding) },
    ],
  });
  const diplomacy = lineChart({
    title: 'Wars and alliances per day',
    markers,
    xLabel: 'day',
    yLabel: 'count per day',
    series: [
      { name: 'wars declared', color: '#d62828', points: perDay((events) => events.warsDeclared) },
      { name: 'wars ended', color: '#f77f00', points: perDay((events) => events.warsEnded), dashed: true },
      { name: 'battles', color: '#6a4c93', points: perDay((events) => events.battles) },
      { name: 'alliances formed', color: '#1d3557', points: perDay((events) => events.alliancesFormed) },
      { name: 'alliances ended', color: '#457b9d', points: perDay((events) => events.alliancesEnded), dashed: true },
      { name: 'elections started', color: '#2a9d8f', points: perDay((events) => events.electionsStarted) },
    ],
  });
  const equal = summary.figures.equalArmies;
  const battles = run.tally.battles;
  const aggressorWins = battles.filter((battle) => battle.aggressorWon).length;
  const bars: Bar[] = [
    { label: 'aggressor, equal armies', value: equal.rate, color: STRATEGY_COLORS.duel!, note: `n = ${equal.battles}` },
    { label: 'aggressor, every battle', value: battles.length === 0 ? 0 : aggressorWins / battles.length, color: '#f77f00', note: `n = ${battles.length}` },
    ...Object.entries(summary.winRates)
      .filter(([strategy]) => strategy !== 'duel')
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([strategy, rate]) => ({
        label: `${strategy} nations`,
        value: rate.fought === 0 ? 0 : rate.won / rate.fought,
        color: STRATEGY_COLORS[strategy] ?? '#555',
        note: `${rate.won} of ${rate.fought} wars`,
      })),
  ];
  const wins = barChart({
    title: 'Win rates',
    xLabel: 'share of wars won (wars that ended with a winner)',
    bars,
    band: { from: equal.range[0], to: equal.range[1], label: 'target for equal armies 45–55 %' },
  });
  return [power, resources, diplomacy, wins];
}

export function renderHtml(run: SimulationRun, summary: Summary): string {
  const checkRows = Object.entries(summary.checks)
    .map(([name, passed]) => `<tr><td>${escapeXml(name)}</td><td class="${passed ? 'pass' : 'fail'}">${passed ? 'holds' : 'FAILS'}</td></tr>`)
    .join('\n');
  const overrides = summary.season.overrides.length === 0 ? 'as configured' : summary.season.overrides.map(escapeXml).join('; ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Season simulation, seed ${summary.seed}</title>
<style>
body { font-family: sans-serif; max-width: 820px; margin: 2em auto; color: #222; }
table { border-collapse: collapse; } td, th { padding: 4px 10px; border-bottom: 1px solid #ddd; text-align: left; }
.pass { color: #1d6f65; font-weight: bold; } .fail { color: #d62828; font-weight: bold; }
figure { margin: 2em 0; } pre { background: #f4f4f4; padding: 1em; overflow-x: auto; font-size: 12px; }
</style></head><body>
<h1>Season simulation — seed ${summary.seed}</h1>
<p>${summary.nations} nations with scripted strategies (aggressive, defensive, trader, spy, idle) and ${summary.duelPairs} pairs of
equal-army duelists, ${summary.days} simulated days on the real runtime (embedded backends, virtual clock), in ${summary.elapsedSeconds} s.
Season phases: pre ${summary.season.preDays} d, active ${summary.season.activeDays} d, post ${summary.season.postDays} d (${overrides}).</p>
<h2>Balance checks (GAME.md)</h2>
<table><tr><th>check</th><th>result</th></tr>
${checkRows}
</table>
${charts(run, summary)
  .map((svg) => `<figure>${svg}</figure>`)
  .join('\n')}
<h2>Figures</h2>
<pre>${escapeXml(JSON.stringify({ figures: summary.figures, totals: summary.totals, winRates: summary.winRates }, null, 2))}</pre>
</body></html>
`;
}

/** Writes reports/season-<seed>.html and .json; resolves to the summary. */
export async function writeReport(run: SimulationRun): Promise<Summary> {
  await mkdir(run.options.out, { recursive: true });
  const base = join(run.options.out, `season-${run.options.seed}`);
  const summary = summarize(run, { report: `${base}.html`, json: `${base}.json` });
  // Everything the plots are drawn from, and every battle with both armies' strengths.
  const samples = { samples: run.tally.samples, daily: run.tally.daily, battles: run.tally.battles };
  await writeFile(`${base}.json`, `${JSON.stringify({ ...summary, ...samples }, null, 2)}\n`);
  await writeFile(`${base}.html`, renderHtml(run, summary));
  return summary;
}
