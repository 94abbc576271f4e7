// ops/statechart: the graph read from a real machine definition, its layout,
// and the SVG with the current state highlighted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gameKinds, gameRules } from '../../../actors/index.ts';
import { loadConfig } from '../../../config/index.ts';
import { activeIds, chartOf, eventLabel } from '../../../ops/statechart/graph.ts';
import { columnsOf, layout } from '../../../ops/statechart/layout.ts';
import { statechartSvg } from '../../../ops/statechart/svg.ts';

const kinds = gameKinds(gameRules(loadConfig({ env: {} })));
const war = kinds.find((kind) => kind.name === 'war')!;
const season = kinds.find((kind) => kind.name === 'season')!;

test('the war chart has its states, nested ones included, and labelled transitions', () => {
  const chart = chartOf(war.machine);
  const ids = (node: { id: string; children: readonly { id: string }[] }): string[] => [node.id, ...node.children.flatMap((child) => ids(child as never))];
  assert.ok(ids(chart.root).includes('war.active.mustering'));
  assert.is(chart.root.initial, 'war.opening');
  const proposed = chart.edges.find((edge) => edge.from === 'war.proposed' && edge.to === 'war.expired');
  assert.equal(proposed?.events, ['after proposal']);
  assert.is(eventLabel('xstate.after.musterTimeout.war.active.mustering'), 'after musterTimeout');
});

test('columns follow the forward transitions from the initial state; a cycle does not stretch them', () => {
  const chart = chartOf(season.machine);
  assert.equal(columnsOf(chart, chart.root).map((column) => column.map((node) => node.key)), [['unstarted'], ['pre'], ['active'], ['post']]);
  const boxes = layout(chart);
  const byKey = new Map(boxes.map((box) => [box.node.key, box]));
  assert.ok(byKey.get('pre')!.x > byKey.get('unstarted')!.x && byKey.get('post')!.x > byKey.get('active')!.x);
  for (const box of boxes.slice(1)) {
    assert.ok(box.x >= 0 && box.x + box.w <= boxes[0]!.w && box.y + box.h <= boxes[0]!.h, `${box.id} inside the chart`);
  }
});

test('the SVG highlights the active state and its parents, and nothing else', () => {
  const chart = chartOf(war.machine);
  assert.equal([...activeIds(chart.root, { active: 'mustering' })].sort(), ['war', 'war.active', 'war.active.mustering']);
  const svg = statechartSvg(chart, { active: 'mustering' });
  assert.match(svg, /class="sc-state sc-leaf sc-active" data-state="war\.active\.mustering"/);
  assert.match(svg, /class="sc-state sc-compound sc-active-parent" data-state="war\.active"/);
  assert.is((svg.match(/sc-active"/g) ?? []).length, 1);
  assert.not.match(statechartSvg(chart, 'proposed'), /data-state="war\.active\.mustering"[^>]*sc-active/);
  assert.match(statechartSvg(chart, 'proposed'), /class="sc-state sc-leaf sc-active" data-state="war\.proposed"/);
  assert.not.match(svg, /<script|style=/, 'no script or inline style (the CSP forbids both)');
});

test.run();
