// The console's server-drawn line charts (ops/views/charts.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lineChart } from '../../../ops/views/charts.ts';

const T = Date.UTC(2026, 10, 30, 19, 29, 0);

/** The time labels under the chart: [x, text-anchor, text]. */
function timeLabels(svg: string): [number, string, string][] {
  return [...svg.matchAll(/<text class="axis" x="([\d.]+)" y="164" text-anchor="(\w+)">([^<]+)<\/text>/g)].map((m) => [Number(m[1]), m[2]!, m[3]!]);
}

test('the time labels stay inside the chart: the first anchored at its start, the last at its end', () => {
  const svg = lineChart([{ label: 'messages/s', points: [[T, 1], [T + 3_600_000, 2], [T + 7_200_000, 3]] }]);
  const width = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const labels = timeLabels(svg);
  assert.equal(labels.map(([, anchor, text]) => [anchor, text]), [['start', '19:29'], ['middle', '20:29'], ['end', '21:29']]);
  assert.ok(labels.every(([x]) => x >= 0 && x <= width));
});

test('over a few minutes the labels carry seconds, so they do not all read the same minute', () => {
  const svg = lineChart([{ label: 'messages/s', points: [[T, 1], [T + 20_000, 2], [T + 40_000, 3]] }]);
  assert.equal(timeLabels(svg).map(([, , text]) => text), ['19:29:00', '19:29:20', '19:29:40']);
});

test('points of a single moment are not drawn as a chart yet', () => {
  const svg = lineChart([
    { label: 'daily active players', points: [[T, 3]] },
    { label: 'active nations', points: [[T, 2]] },
  ]);
  assert.match(svg, /collecting data…/);
  assert.not.match(svg, /<path/);
});

test.run();
