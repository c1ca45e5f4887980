// The error_analysis insight as a person explores it: the error tree as a
// tree map (area = rows, colour = error rate) and the heat map of the error
// rate by one or two features, both from the insight's typed payload
// (glassbox.v1.analyses.ErrorAnalysis). Clicking a node or a cell, or
// choosing it from the lists beside them for the keyboard, shows its cohort
// filter (valid cohort syntax: paste it into a run's cohorts) and its
// numbers as the insight holds them.
import * as echarts from 'echarts/core';
import { HeatmapChart, TreemapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

import { formatNumber, h } from './dom';
import type { ErrorAnalysis, ErrorTreeNode, HeatMapCell } from './types';

echarts.use([TreemapChart, HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

const LOW: [number, number, number] = [255, 245, 240];
const HIGH: [number, number, number] = [165, 15, 21];

function rate(value: number | string | undefined): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

// The colour of an error rate on the scale from 0 to the largest one.
function shade(value: number, largest: number): string {
  const t = largest > 0 ? Math.min(1, value / largest) : 0;
  return `rgb(${LOW.map((low, i) => Math.round(low + (HIGH[i] - low) * t)).join(',')})`;
}

interface Selection {
  kind: 'tree node' | 'heat-map cell';
  label: string;
  filter: string;
  rows: string;
  errors: number;
  errorRate: number | string;
  errorCoverage?: number | string;
}

function selectionPanel(metric: string): { panel: HTMLElement; show: (selection: Selection) => void } {
  const panel = h('section', { class: 'ea-selection', 'aria-live': 'polite', 'aria-label': 'Selected cohort' },
    h('p', {}, 'Click a node of the tree map or a cell of the heat map to see its cohort.'));
  const show = (s: Selection) => {
    panel.dataset.kind = s.kind;
    panel.dataset.filter = s.filter;
    panel.replaceChildren(h('h4', {}, `Selected ${s.kind}: ${s.label}`),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Cohort filter'), h('dd', {}, s.filter ? h('code', { class: 'ea-filter' }, s.filter) : 'all rows (no filter)'),
        h('dt', {}, 'Rows'), h('dd', { 'data-field': 'rows' }, formatNumber(Number(s.rows))),
        h('dt', {}, 'Errors'), h('dd', { 'data-field': 'errors' }, formatNumber(s.errors)),
        h('dt', {}, metric), h('dd', { 'data-field': 'error-rate' }, formatNumber(s.errorRate)),
        ...(s.errorCoverage === undefined ? []
          : [h('dt', {}, 'Share of all errors'), h('dd', { 'data-field': 'error-coverage' }, formatNumber(s.errorCoverage))])));
  };
  return { panel, show };
}

function nodeSelection(node: ErrorTreeNode): Selection {
  return { kind: 'tree node', label: node.condition || 'all rows', filter: node.filter ?? '', rows: node.size ?? '0',
           errors: node.error ?? 0, errorRate: node.errorRate ?? 0, errorCoverage: node.errorCoverage ?? 0 };
}

function treeMap(analysis: ErrorAnalysis, show: (selection: Selection) => void): HTMLElement {
  const nodes = analysis.nodes ?? [];
  const byId = new Map(nodes.map((node) => [node.id ?? 0, node]));
  const largest = Math.max(...nodes.map((node) => rate(node.errorRate)));
  const metric = analysis.metric ?? 'error rate';
  const item = (node: ErrorTreeNode): object => {
    const children = [node.leftChild ?? -1, node.rightChild ?? -1].filter((id) => id >= 0).map((id) => item(byId.get(id)!));
    return {
      id: String(node.id ?? 0), name: node.condition || 'all rows', value: Number(node.size ?? 0),
      itemStyle: { color: shade(rate(node.errorRate), largest) },
      label: { color: rate(node.errorRate) > largest * 0.6 ? '#fff' : '#1b1f24' },
      errorRate: formatNumber(node.errorRate ?? 0), ...(children.length ? { children } : {}),
    };
  };
  const label = `Error tree map: ${nodes.length} nodes, area by rows, colour by ${metric} from 0 to ${formatNumber(largest)}`;
  const holder = h('div', { class: 'chart ea-treemap', role: 'img', 'aria-label': label });
  holder.style.height = '420px';
  requestAnimationFrame(() => {
    const chart = echarts.init(holder, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false, aria: { enabled: true, label: { description: label } },
      tooltip: { formatter: (p: { data: { name: string; value: number; errorRate: string } }) =>
        `${p.data.name}<br>${formatNumber(p.data.value)} rows · ${metric} ${p.data.errorRate}` },
      series: [{
        type: 'treemap', data: nodes.length ? [item(nodes[0])] : [], nodeClick: false, roam: false,
        breadcrumb: { show: false }, width: '100%', height: '100%', top: 0, left: 0, right: 0, bottom: 0,
        label: { show: true, formatter: (p: { data: { name: string; errorRate: string } }) => `${p.data.name}\n${p.data.errorRate}`,
                 fontSize: 11, lineHeight: 14, overflow: 'truncate' },
        upperLabel: { show: true, height: 18, color: '#1b1f24', fontSize: 11, overflow: 'truncate',
                      // ECharts' own root above the tree's has no data of ours: no label.
                      formatter: (p: { data?: { name?: string; errorRate?: string } }) =>
                        (p.data?.name ? `${p.data.name} · ${p.data.errorRate}` : '') },
        itemStyle: { borderColor: '#fff', borderWidth: 1, gapWidth: 2 },
        levels: [{ itemStyle: { borderColor: '#8b96a3', borderWidth: 1, gapWidth: 3 } }],
      }],
    });
    chart.on('click', (event) => {
      const node = byId.get(Number((event.data as { id?: string } | undefined)?.id));
      if (node) show(nodeSelection(node));
    });
    new ResizeObserver(() => chart.resize()).observe(holder);
  });
  return holder;
}

// The tree as nested buttons, for the keyboard and screen readers.
function treeList(analysis: ErrorAnalysis, show: (selection: Selection) => void): HTMLElement {
  const nodes = analysis.nodes ?? [];
  const byId = new Map(nodes.map((node) => [node.id ?? 0, node]));
  const list = (node: ErrorTreeNode): HTMLElement => {
    const button = h('button', { type: 'button', class: 'ea-node', 'data-node-id': node.id ?? 0 },
      `${node.condition || 'All rows'}: ${formatNumber(node.errorRate ?? 0)} over ${formatNumber(Number(node.size ?? 0))} rows`);
    button.addEventListener('click', () => show(nodeSelection(node)));
    const children = [node.leftChild ?? -1, node.rightChild ?? -1].filter((id) => id >= 0).map((id) => list(byId.get(id)!));
    return h('li', {}, button, children.length ? h('ul', {}, ...children) : null);
  };
  return h('details', { class: 'ea-tree-list' }, h('summary', {}, 'The tree\'s nodes as a list'),
    nodes.length ? h('ul', {}, list(nodes[0])) : h('p', {}, 'No node.'));
}

function cellSelection(analysis: ErrorAnalysis, cell: HeatMapCell): Selection {
  const map = analysis.heatMap ?? {};
  const features = map.features ?? [];
  const rowLabel = `${features[0] ?? ''} ${map.rowLabels?.[cell.row ?? 0] ?? ''}`;
  const label = features.length > 1 ? `${rowLabel}, ${features[1]} ${map.columnLabels?.[cell.column ?? 0] ?? ''}` : rowLabel;
  return { kind: 'heat-map cell', label, filter: cell.filter ?? '', rows: cell.count ?? '0', errors: cell.error ?? 0,
           errorRate: cell.errorRate ?? 0 };
}

function heatMap(analysis: ErrorAnalysis, show: (selection: Selection) => void): HTMLElement | null {
  const map = analysis.heatMap;
  if (!map?.cells?.length) return null;
  const features = map.features ?? [];
  const rows = map.rowLabels ?? [];
  const columns = features.length > 1 ? map.columnLabels ?? [] : [features[0] ?? ''];
  const cells = map.cells;
  const largest = Math.max(...cells.map((cell) => rate(cell.errorRate)));
  const metric = analysis.metric ?? 'error rate';
  const label = `Heat map of the ${metric} by ${features.join(' and ')}: ${cells.length} cells`;
  const holder = h('div', { class: 'chart ea-heatmap', role: 'img', 'aria-label': label });
  holder.style.height = `${Math.max(260, rows.length * 30 + 120)}px`;
  holder.style.maxWidth = `${Math.max(420, columns.length * 140 + 180)}px`;
  requestAnimationFrame(() => {
    const chart = echarts.init(holder, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false, aria: { enabled: true, label: { description: label } },
      tooltip: { formatter: (p: { dataIndex: number }) => {
        const cell = cells[p.dataIndex];
        return `${cell.filter}<br>${formatNumber(Number(cell.count ?? 0))} rows · ${metric} ${formatNumber(cell.errorRate ?? 0)}`;
      } },
      grid: { left: 150, right: 20, top: 10, bottom: 80 },
      xAxis: { type: 'category', data: columns, name: features[1] ?? '', nameLocation: 'middle', nameGap: 26, splitArea: { show: true } },
      yAxis: { type: 'category', data: rows, name: features[0] ?? '', nameLocation: 'middle', nameGap: 120,
               splitArea: { show: true } },
      visualMap: { type: 'continuous', min: 0, max: largest || 1, calculable: false, orient: 'horizontal', left: 'center',
                   bottom: 0, itemHeight: 160, text: [formatNumber(largest), '0'], inRange: { color: [shade(0, 1), shade(1, 1)] } },
      series: [{
        type: 'heatmap', data: cells.map((cell) => [cell.column ?? 0, cell.row ?? 0, rate(cell.errorRate)]),
        label: { show: true, formatter: (p: { dataIndex: number }) => formatNumber(cells[p.dataIndex].errorRate ?? 0), fontSize: 11 },
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
      }],
    });
    chart.on('click', (event) => { const cell = cells[event.dataIndex]; if (cell) show(cellSelection(analysis, cell)); });
    new ResizeObserver(() => chart.resize()).observe(holder);
  });
  const choice = h('select', { id: 'ea-cell-choice', class: 'ea-cell-choice' }, h('option', { value: '' }, 'choose a cell'),
    ...cells.map((cell, i) => h('option', { value: String(i) },
      `${cellSelection(analysis, cell).label}: ${formatNumber(cell.errorRate ?? 0)}`)));
  choice.addEventListener('change', () => { if (choice.value) show(cellSelection(analysis, cells[Number(choice.value)])); });
  return h('figure', { class: 'chart-block' }, h('figcaption', {}, `Heat map of the ${metric} by ${features.join(' × ')}`), holder,
    h('p', { class: 'field' }, h('label', { for: 'ea-cell-choice' }, 'Heat-map cell'), choice));
}

export function errorAnalysisView(analysis: ErrorAnalysis): HTMLElement {
  const metric = analysis.metric ?? 'error rate';
  const { panel, show } = selectionPanel(metric.charAt(0).toUpperCase() + metric.slice(1));
  return h('div', { class: 'error-analysis' }, panel,
    h('figure', { class: 'chart-block' }, h('figcaption', {}, `Error tree: area by rows, colour by ${metric}`),
      treeMap(analysis, show), treeList(analysis, show)),
    heatMap(analysis, show));
}
