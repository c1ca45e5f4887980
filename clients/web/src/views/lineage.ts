// #/lineage/runs/ID and #/lineage/scorecards/ID: where a run or a scorecard
// came from, as a graph read left to right (dataset → model version →
// analyzers → insights → scorecards), from GetLineage and, for a run, its
// scorecards. The same nodes are listed in a table for screen readers and
// for copying hashes; clicking an insight or a scorecard node opens it.
import * as echarts from 'echarts/core';
import { GraphChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

import { api, ApiError } from '../api';
import { formatNumber, h, scrollRegion, stateName } from '../dom';
import type { Lineage, Scorecard } from '../types';
import { verdictText } from './scorecards';

echarts.use([GraphChart, TooltipComponent, SVGRenderer]);

type Kind = 'dataset' | 'model' | 'analyzer' | 'insight' | 'scorecard';
const COLUMNS: Kind[] = ['dataset', 'model', 'analyzer', 'insight', 'scorecard'];
const COLORS: Record<Kind, string> = {
  dataset: '#2f6db5', model: '#7a4fb0', analyzer: '#1e7b34', insight: '#b26b00', scorecard: '#b42318',
};
const COLUMN_WIDTH = 230;
const ROW_HEIGHT = 56;

interface GraphNode { id: string; kind: Kind; label: string; detail: string; href?: string }

function nodesAndEdges(lineage: Lineage, scorecards: Scorecard[]): { nodes: GraphNode[]; edges: [string, string][] } {
  const run = lineage.run;
  const dataset = lineage.dataset;
  const nodes: GraphNode[] = [{
    id: 'dataset', kind: 'dataset', label: dataset?.displayName || dataset?.id || run?.spec?.datasetId || 'dataset',
    detail: `${formatNumber(Number(dataset?.rowCount ?? 0))} rows · sha256 ${dataset?.sha256 ?? ''}`,
  }];
  const predictions = run?.spec?.predictions;
  nodes.push(lineage.model?.name
    ? { id: 'model', kind: 'model', label: `${lineage.model.name}@${lineage.model.version ?? ''}`,
        detail: `${(lineage.model.format ?? '').toLowerCase()} · sha256 ${lineage.model.sha256 ?? ''}` }
    : { id: 'model', kind: 'model', label: 'predictions in the dataset',
        detail: `columns ${[predictions?.predictionColumn, ...(predictions?.probabilityColumns ?? [])].filter(Boolean).join(', ')}` });
  const edges: [string, string][] = [['dataset', 'model']];
  const insights: string[] = [];
  (lineage.analyzers ?? []).forEach((use, i) => {
    const analyzer = `analyzer-${i}`;
    nodes.push({ id: analyzer, kind: 'analyzer', label: `${use.analyzer} ${use.version ?? ''}`,
                 detail: `${stateName(use.state)}${use.pluginSha256 ? ` · plugin sha256 ${use.pluginSha256}` : ''}` });
    edges.push(['model', analyzer]);
    if (!use.insightId) return;
    const insight = `insight-${use.insightId}`;
    nodes.push({ id: insight, kind: 'insight', label: use.insightId, detail: `by ${use.analyzer}`,
                 href: run ? `#/runs/${run.id}` : undefined });
    edges.push([analyzer, insight]);
    insights.push(insight);
  });
  for (const card of scorecards) {
    const id = `scorecard-${card.id}`;
    nodes.push({ id, kind: 'scorecard', label: card.id, detail: `${verdictText(card)} · sha256 ${card.sha256 ?? ''}`,
                 href: `#/scorecards/${card.id}` });
    for (const insight of insights) edges.push([insight, id]);
  }
  return { nodes, edges };
}

function graph(nodes: GraphNode[], edges: [string, string][], label: string): HTMLElement {
  const rows = Math.max(...COLUMNS.map((kind) => nodes.filter((n) => n.kind === kind).length), 1);
  const holder = h('div', { class: 'chart lineage-graph', role: 'img', 'aria-label': label });
  holder.style.height = `${rows * ROW_HEIGHT + 60}px`;
  holder.style.maxWidth = `${COLUMNS.length * COLUMN_WIDTH}px`;
  requestAnimationFrame(() => {
    const chart = echarts.init(holder, undefined, { renderer: 'svg' });
    const data = COLUMNS.flatMap((kind, column) => {
      const inColumn = nodes.filter((n) => n.kind === kind);
      return inColumn.map((node, row) => ({
        id: node.id, name: node.label, x: column * COLUMN_WIDTH, y: (row - (inColumn.length - 1) / 2) * ROW_HEIGHT,
        symbol: 'roundRect', symbolSize: [COLUMN_WIDTH - 40, 34], itemStyle: { color: COLORS[kind] },
        value: `${kind}: ${node.detail}`, href: node.href,
      }));
    });
    chart.setOption({
      animation: false,
      aria: { enabled: true, label: { description: label } },
      tooltip: { formatter: (p: { data: { name: string; value?: string } }) => `${p.data.name}<br>${p.data.value ?? ''}` },
      series: [{
        type: 'graph', layout: 'none', roam: false, data,
        links: edges.map(([source, target]) => ({ source, target })),
        edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 8,
        label: { show: true, color: '#fff', fontSize: 11, width: COLUMN_WIDTH - 52, overflow: 'truncate' },
        lineStyle: { color: '#8b96a3', width: 1.2, curveness: 0.15 },
      }],
    });
    chart.on('click', (event) => {
      const href = (event.data as { href?: string } | undefined)?.href;
      if (href) location.hash = href;
    });
    new ResizeObserver(() => chart.resize()).observe(holder);
  });
  return holder;
}

export async function lineageView(root: HTMLElement, resource: string): Promise<void> {
  let lineage: Lineage;
  let scorecards: Scorecard[];
  try {
    lineage = await api.getLineage(resource);
    scorecards = lineage.scorecard ? [lineage.scorecard] : lineage.run ? await api.allScorecards(lineage.run.id) : [];
  } catch (error) {
    root.replaceChildren(h('h1', {}, 'Lineage'), h('p', { class: 'error', role: 'alert' }, (error as ApiError).message));
    return;
  }
  const { nodes, edges } = nodesAndEdges(lineage, scorecards);
  const runId = lineage.run?.id ?? '';
  const label = `Lineage of ${resource}: ${COLUMNS.map((kind) => `${nodes.filter((n) => n.kind === kind).length} ${kind} nodes`).join(', ')}, left to right`;
  root.replaceChildren(
    h('p', { class: 'crumbs' }, h('a', { href: '#/runs' }, 'Runs'), ' / ', h('a', { href: `#/runs/${runId}`, class: 'mono' }, runId),
      lineage.scorecard ? ' / ' : null,
      lineage.scorecard ? h('a', { href: `#/scorecards/${lineage.scorecard.id}`, class: 'mono' }, lineage.scorecard.id) : null),
    h('h1', {}, `Lineage of ${resource}`),
    h('p', { class: 'legend' }, ...COLUMNS.map((kind) => h('span', { class: 'legend-item' },
      h('span', { class: 'swatch', style: `background:${COLORS[kind]}` }), kind === 'model' ? 'model version' : kind))),
    graph(nodes, edges, label),
    h('h2', {}, 'Nodes'),
    scrollRegion('Nodes of the lineage graph', h('table', { class: 'lineage-nodes' },
      h('thead', {}, h('tr', {}, ...['Kind', 'Node', 'Details', 'Comes from'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...nodes.map((node) => h('tr', { 'data-kind': node.kind, 'data-node': node.label },
        h('td', {}, node.kind),
        h('th', { scope: 'row' }, node.href ? h('a', { href: node.href, class: 'mono' }, node.label) : node.label),
        h('td', { class: 'mono' }, node.detail),
        h('td', {}, edges.filter(([, target]) => target === node.id)
          .map(([source]) => nodes.find((n) => n.id === source)!.label).join(', '))))))),
    lineage.scorecard && lineage.scorecardConfigSha256 ? h('p', {}, 'Scorecard configuration sha256: ', h('span', { class: 'mono' }, lineage.scorecardConfigSha256)) : '');
}
