// An insight's presentation blocks, drawn from their typed fields only
// (proto/glassbox/v1/insight.proto): a metric's name, value, cohort, group,
// target and verdict; a table's columns, cells and roles; a chart's kind,
// categories, series and axes; a text's text. Nothing is read out of a
// block's title or text.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

import { formatNumber, h } from './dom';
import type { Block, ChartBlock, Comparison, MetricBlock, TableBlock } from './types';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const COMPARISON: Record<Comparison, string> = {
  COMPARISON_UNSPECIFIED: '', LESS: '<', LESS_OR_EQUAL: '≤', GREATER: '>', GREATER_OR_EQUAL: '≥', EQUAL: '=',
};
// Feature-importance charts keep their largest bars.
const MAX_IMPORTANCE_BARS = 20;

function metricCard(title: string | undefined, metric: MetricBlock): HTMLElement {
  const context = [metric.cohort && `cohort ${metric.cohort}`, metric.feature && `${metric.feature}${metric.group ? ` = ${metric.group}` : ''}`]
    .filter(Boolean).join(' · ');
  const verdict = metric.verdict === 'PASS' ? 'met' : metric.verdict === 'FAIL' ? 'not met' : '';
  const target = metric.target && metric.target.comparison && metric.target.comparison !== 'COMPARISON_UNSPECIFIED'
    ? `target ${COMPARISON[metric.target.comparison]} ${formatNumber(metric.target.value ?? 0)}` : '';
  return h('figure', { class: `metric${verdict ? ` verdict-${metric.verdict!.toLowerCase()}` : ''}`,
                       'data-metric-name': metric.name ?? '', 'data-cohort': metric.cohort ?? '',
                       'data-value': String(metric.value ?? 0) },
    h('figcaption', {}, metric.displayName || metric.name || title || 'metric'),
    h('p', { class: 'metric-value' }, formatNumber(metric.value ?? 0), metric.unit ? h('span', { class: 'unit' }, ` ${metric.unit}`) : null),
    context ? h('p', { class: 'metric-context' }, context) : null,
    target ? h('p', { class: 'metric-target' }, target, verdict ? h('strong', {}, ` — ${verdict}`) : null) : null);
}

function table(title: string | undefined, block: TableBlock): HTMLElement {
  const roles = block.columnRoles ?? [];
  const head = h('tr', {}, ...(block.columns ?? []).map((column, i) =>
    h('th', { scope: 'col', 'data-role': roles[i] }, column)));
  const rows = (block.rows ?? []).map((row) => h('tr', {}, ...(row.cells ?? []).map((cell, i) => {
    const isNumber = cell.number !== undefined || cell.text === undefined;
    const tag = i === 0 && !isNumber ? 'th' : 'td';
    const content = isNumber ? formatNumber(cell.number ?? 0) : cell.text ?? '';
    return h(tag, tag === 'th' ? { scope: 'row' } : { class: isNumber ? 'number' : undefined }, content);
  })));
  return h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': title || 'table' },
    h('table', { 'data-role': block.role },
      title ? h('caption', {}, title) : null, h('thead', {}, head), h('tbody', {}, ...rows)));
}

function numeric(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

function chart(title: string | undefined, block: ChartBlock): HTMLElement {
  let categories = block.categories ?? [];
  let series = (block.series ?? []).map((s) => ({ name: s.name ?? '', values: (s.values ?? []).map(numeric) }));
  const importance = block.role === 'FEATURE_IMPORTANCE' && series.length === 1;
  if (importance) {
    const order = categories.map((_, i) => i).sort((a, b) => series[0].values[b] - series[0].values[a])
      .slice(0, MAX_IMPORTANCE_BARS).reverse();
    categories = order.map((i) => categories[i]);
    series = [{ name: series[0].name, values: order.map((i) => series[0].values[i]) }];
  }
  const type = block.kind === 'LINE' ? 'line' : 'bar';
  const label = `${title || 'chart'}: ${type} chart of ${series.map((s) => s.name).join(', ')} by ${block.xLabel || 'category'}`;
  const holder = h('div', { class: 'chart', role: 'img', 'aria-label': label });
  holder.style.height = `${importance ? Math.max(240, categories.length * 22 + 80) : 300}px`;
  const categoryAxis = { type: 'category' as const, data: categories, name: block.xLabel, nameLocation: 'middle' as const,
                         nameGap: importance ? 110 : 28, axisLabel: { width: 100, overflow: 'truncate' as const } };
  const valueAxis = { type: 'value' as const, name: block.yLabel, nameLocation: 'middle' as const, nameGap: 40 };
  requestAnimationFrame(() => {
    const rendered = echarts.init(holder, undefined, { renderer: 'svg' });
    rendered.setOption({
      animation: false,
      aria: { enabled: true, label: { description: label } },
      tooltip: { trigger: 'axis' },
      legend: series.length > 1 ? { top: 0 } : undefined,
      grid: { left: importance ? 130 : 60, right: 20, top: series.length > 1 ? 30 : 16, bottom: 48 },
      xAxis: importance ? valueAxis : categoryAxis,
      yAxis: importance ? categoryAxis : valueAxis,
      series: series.map((s) => ({ type, name: s.name, data: s.values })),
    });
    new ResizeObserver(() => rendered.resize()).observe(holder);
  });
  return h('figure', { class: 'chart-block' }, title ? h('figcaption', {}, title) : null, holder);
}

// The blocks in order; consecutive metrics share one grid.
export function renderBlocks(blocks: Block[]): HTMLElement {
  const out = h('div', { class: 'blocks' });
  let metrics: HTMLElement | null = null;
  for (const block of blocks) {
    if (block.metric) {
      if (metrics === null) out.append(metrics = h('div', { class: 'metrics' }));
      metrics.append(metricCard(block.title, block.metric));
      continue;
    }
    metrics = null;
    if (block.table) out.append(table(block.title, block.table));
    else if (block.chart) out.append(chart(block.title, block.chart));
    else if (block.text) {
      out.append(h('section', { class: 'text-block' }, block.title ? h('h4', {}, block.title) : null,
                   h('p', {}, block.text.text ?? '')));
    }
  }
  return out;
}
