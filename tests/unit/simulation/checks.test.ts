// Each balance check fails on the figures it is about, and the plots are
// well-formed, titled SVG.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluate, type CheckFigures } from '../../../simulation/checks.ts';
import { barChart, lineChart, niceTicks } from '../../../simulation/svg.ts';

const healthy: CheckFigures = {
  equalArmies: { battles: 400, aggressorWins: 200, rate: 0.5, range: [0.45, 0.55] },
  newcomers: { watched: 12, bestRank: 40, toppedBoard: [] },
  resources: { maxShareOfCapacity: 0.8, maxNationFill: 1.05, peakDay: 30 },
  wars: { total: 50, unfinished: [], outcomes: { victory: 40, declined: 10 } },
  elections: { total: 5, unfinished: [], outcomes: { decided: 5 } },
  season: { seasonsEnded: 1, winnersArchived: 10, nationsReset: 200, nations: 200, phaseAtEnd: 'season 2 pre' },
};

const failing = (patch: Partial<CheckFigures>) =>
  Object.entries(evaluate({ ...healthy, ...patch }))
    .filter(([, holds]) => !holds)
    .map(([name]) => name);

test('healthy figures pass every check', () => {
  assert.equal(failing({}), []);
});

test('the aggressor win rate must lie in 45–55 % on a sample of at least 100 equal-army battles', () => {
  assert.equal(failing({ equalArmies: { battles: 400, aggressorWins: 176, rate: 0.44, range: [0.45, 0.55] } }), ['equalArmiesAggressorWins45to55']);
  assert.equal(failing({ equalArmies: { battles: 400, aggressorWins: 224, rate: 0.56, range: [0.45, 0.55] } }), ['equalArmiesAggressorWins45to55']);
  assert.equal(failing({ equalArmies: { battles: 99, aggressorWins: 50, rate: 0.505, range: [0.45, 0.55] } }), ['equalArmiesAggressorWins45to55']);
  assert.equal(failing({ equalArmies: { battles: 100, aggressorWins: 45, rate: 0.45, range: [0.45, 0.55] } }), []);
});

test('a newcomer on top of the board, resources past capacity, an open war or election, or an unfinished season each fail their check', () => {
  assert.equal(failing({ newcomers: { watched: 3, bestRank: 1, toppedBoard: ['nation:1'] } }), ['noNationTopsPowerBoardOnFirstDay']);
  assert.equal(failing({ newcomers: { watched: 0, bestRank: null, toppedBoard: [] } }), ['noNationTopsPowerBoardOnFirstDay'], 'no newcomer watched proves nothing');
  assert.equal(failing({ resources: { maxShareOfCapacity: 1.01, maxNationFill: 2, peakDay: 50 } }), ['resourcesBounded']);
  assert.equal(failing({ wars: { total: 3, unfinished: ['war:x'], outcomes: {} } }), ['everyWarReachesFinalState']);
  assert.equal(failing({ elections: { total: 3, unfinished: ['election:1:1'], outcomes: {} } }), ['everyElectionReachesFinalState']);
  assert.equal(failing({ season: { seasonsEnded: 0, winnersArchived: 0, nationsReset: 0, nations: 200, phaseAtEnd: 'season 1 post' } }), ['seasonReachesFinalState']);
  assert.equal(failing({ season: { seasonsEnded: 1, winnersArchived: 0, nationsReset: 200, nations: 200, phaseAtEnd: 'season 2 pre' } }), ['seasonReachesFinalState'], 'no standings');
  assert.equal(failing({ season: { seasonsEnded: 1, winnersArchived: 10, nationsReset: 199, nations: 200, phaseAtEnd: 'season 2 pre' } }), ['seasonReachesFinalState'], 'a nation missed the reset');
});

test('plots are titled SVG with axes, legends and escaped text', () => {
  const svg = lineChart({
    title: 'Power <over> time',
    xLabel: 'day',
    yLabel: 'power',
    series: [{ name: 'top & best', color: '#000', points: [[0, 1], [1, 1234]] }],
    markers: [{ x: 1, label: 'end' }],
  });
  assert.match(svg, /^<svg[^>]*role="img"[^>]*>\n<title>Power &lt;over&gt; time<\/title>/);
  assert.match(svg, /top &amp; best/);
  assert.match(svg, />day</);
  assert.match(svg, /<path d="M/);
  const bars = barChart({ title: 'Win rates', xLabel: 'share', bars: [{ label: 'a', value: 0.5, color: '#000', note: 'n = 2' }], band: { from: 0.45, to: 0.55, label: 'target' } });
  assert.match(bars, /<title>Win rates<\/title>/);
  assert.match(bars, /50\.0 % · n = 2/);
  assert.equal(niceTicks(1234), [0, 250, 500, 750, 1000, 1250]);
  assert.equal(niceTicks(0), [0, 1]);
});

test.run();
