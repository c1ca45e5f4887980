// #/compare?run=A&other=B: two runs side by side from CompareRuns: every
// metric both report with its delta and whether it improved, the fairness
// disparities (metrics between the groups of a feature) apart, and the
// features' importance in each run, charted for the baseline's top ones.
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

import { api, ApiError } from '../api';
import { formatNumber, formatTime, h, scrollRegion, stateName } from '../dom';
import { field, submitsToAddress } from '../form';
import type { Change, CompareRunsResponse, MetricComparison, Run } from '../types';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const CHARTED_FEATURES = 10;
const RECENT_RUNS = 50;
const CHANGE: Record<Change, string> = {
  CHANGE_UNSPECIFIED: '', UNCHANGED: '= unchanged', IMPROVED: '▲ improved', WORSENED: '▼ worsened', CHANGED: '≠ changed',
};

// A metric between the groups of a feature: a difference or ratio aggregate, or any metric about a feature
// (MetricComparison carries no group, so a compared metric with a feature spans its groups, as fairness'
// demographic parity and equalized odds do without naming their aggregate).
function isDisparity(metric: MetricComparison): boolean {
  return metric.aggregate === 'AGGREGATE_DIFFERENCE' || metric.aggregate === 'AGGREGATE_RATIO' || Boolean(metric.feature);
}

function signed(value: number | string | undefined): string {
  const text = formatNumber(value ?? 0);
  return typeof value === 'number' && value > 0 ? `+${text}` : text;
}

async function chooser(query: URLSearchParams): Promise<HTMLFormElement> {
  const recent = await api.listRuns({ pageSize: RECENT_RUNS }).then((r) => r.runs ?? [], () => []);
  const options = h('datalist', { id: 'recent-runs' }, ...recent.map((run) =>
    h('option', { value: run.id }, `${run.spec?.displayName || run.spec?.datasetId || ''} · ${formatTime(run.createTime)}`)));
  const input = (name: string) => h('input', { name, value: query.get(name) ?? '', list: 'recent-runs', class: 'mono', size: 24 });
  const form = h('form', { class: 'filters', 'aria-label': 'Runs to compare' },
    field('Baseline run', 'run', '', input('run')), field('Compared run', 'other', '', input('other')), options,
    h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Compare')));
  submitsToAddress(form, 'compare');
  return form;
}

function runsSideBySide(run: Run, other: Run): HTMLElement {
  const model = (r: Run) => (r.spec?.model?.name ? `${r.spec.model.name}@${r.spec.model.version ?? ''}`
    : `prediction columns: ${r.spec?.predictions?.predictionColumn ?? ''}`);
  const facts: [string, (r: Run) => Node | string][] = [
    ['Run', (r) => h('a', { href: `#/runs/${r.id}`, class: 'mono' }, r.id)],
    ['Name', (r) => r.spec?.displayName ?? ''], ['Dataset', (r) => h('span', { class: 'mono' }, r.spec?.datasetId ?? '')],
    ['Model', model], ['State', (r) => stateName(r.state)], ['Created', (r) => formatTime(r.createTime)],
  ];
  return h('table', { class: 'compared-runs' },
    h('thead', {}, h('tr', {}, h('td', {}), h('th', { scope: 'col' }, 'Baseline'), h('th', { scope: 'col' }, 'Compared'))),
    h('tbody', {}, ...facts.map(([name, of]) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, of(run)), h('td', {}, of(other))))));
}

function metricTable(caption: string, metrics: MetricComparison[], withFeature: boolean): HTMLElement {
  const columns = ['Analyzer', 'Metric', ...(withFeature ? ['Feature'] : []), 'Cohort', 'Baseline', 'Compared', 'Delta', 'Change'];
  return scrollRegion(caption, h('table', { class: 'comparison' }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...metrics.map((m) => h('tr', {
      'data-analyzer': m.analyzer ?? '', 'data-name': m.name ?? '', 'data-cohort': m.cohort ?? '',
      'data-value': String(m.value ?? 0), 'data-other-value': String(m.otherValue ?? 0), 'data-delta': String(m.delta ?? 0),
      'data-change': m.change ?? '' },
      h('td', {}, m.analyzer ?? ''), h('th', { scope: 'row' }, m.displayName || m.name || ''),
      withFeature ? h('td', {}, m.feature ?? '') : null, h('td', {}, m.cohort ?? ''),
      h('td', { class: 'number' }, formatNumber(m.value ?? 0)), h('td', { class: 'number' }, formatNumber(m.otherValue ?? 0)),
      h('td', { class: 'number delta' }, signed(m.delta)),
      h('td', { class: `change change-${(m.change ?? '').toLowerCase()}` }, CHANGE[m.change ?? 'CHANGE_UNSPECIFIED']))))));
}

function featuresSection(comparison: CompareRunsResponse): HTMLElement {
  const features = comparison.features ?? [];
  const section = h('section', { 'aria-labelledby': 'features-heading' }, h('h2', { id: 'features-heading' }, 'Top features'));
  if (features.length === 0) {
    section.append(h('p', {}, 'Neither run ranks features (no explanations analysis).'));
    return section;
  }
  const charted = features.filter((f) => f.rank).slice(0, CHARTED_FEATURES).reverse();
  const label = `Importance of the baseline's ${charted.length} most important features in both runs, horizontal bars`;
  const holder = h('div', { class: 'chart', role: 'img', 'aria-label': label });
  holder.style.height = `${charted.length * 34 + 80}px`;
  requestAnimationFrame(() => {
    const chart = echarts.init(holder, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false, aria: { enabled: true, label: { description: label } },
      tooltip: { trigger: 'axis' }, legend: { top: 0 },
      grid: { left: 130, right: 20, top: 30, bottom: 40 },
      xAxis: { type: 'value', name: 'importance', nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'category', data: charted.map((f) => f.feature) },
      series: [
        { type: 'bar', name: 'Baseline', data: charted.map((f) => f.importance ?? 0) },
        { type: 'bar', name: 'Compared', data: charted.map((f) => f.otherImportance ?? 0) },
      ],
    });
    new ResizeObserver(() => chart.resize()).observe(holder);
  });
  section.append(h('figure', { class: 'chart-block' }, holder),
    scrollRegion('Feature importance in both runs', h('table', { class: 'features' },
      h('thead', {}, h('tr', {}, ...['Feature', 'Analyzer', 'Baseline rank', 'Baseline importance', 'Compared rank', 'Compared importance']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...features.map((f) => h('tr', { 'data-feature': f.feature ?? '', 'data-rank': String(f.rank ?? 0),
                                                       'data-other-rank': String(f.otherRank ?? 0) },
        h('th', { scope: 'row' }, f.feature ?? ''), h('td', {}, f.analyzer ?? ''),
        h('td', { class: 'number' }, f.rank ? String(f.rank) : '—'), h('td', { class: 'number' }, formatNumber(f.importance ?? 0)),
        h('td', { class: 'number' }, f.otherRank ? String(f.otherRank) : '—'),
        h('td', { class: 'number' }, formatNumber(f.otherImportance ?? 0))))))));
  return section;
}

function onlyIn(title: string, names: string[] | undefined): HTMLElement | null {
  if (!names?.length) return null;
  return h('section', { class: 'only-in' }, h('h3', {}, title), h('ul', {}, ...names.map((name) => h('li', {}, name))));
}

export async function compareView(root: HTMLElement, query: URLSearchParams): Promise<void> {
  const runId = query.get('run') ?? '';
  const otherId = query.get('other') ?? '';
  root.replaceChildren(h('h1', {}, 'Compare runs'), await chooser(query));
  if (!runId || !otherId) {
    root.append(h('p', {}, 'Choose two runs: two model versions on one dataset, or one model on two datasets.'));
    return;
  }
  let comparison: CompareRunsResponse;
  try {
    comparison = await api.compareRuns(runId, otherId);
  } catch (error) {
    root.append(h('p', { class: 'error', role: 'alert' }, `${(error as ApiError).code}: ${(error as ApiError).message}`));
    return;
  }
  const metrics = comparison.metrics ?? [];
  const shared = metrics.filter((m) => !isDisparity(m));
  const disparities = metrics.filter(isDisparity);
  root.append(
    runsSideBySide(comparison.run ?? { id: runId }, comparison.otherRun ?? { id: otherId }),
    h('section', { 'aria-labelledby': 'metrics-heading' }, h('h2', { id: 'metrics-heading' }, 'Shared metrics'),
      shared.length ? metricTable('Every metric both runs report, delta = compared − baseline', shared, false)
        : h('p', {}, 'The runs share no metric.')),
    h('section', { 'aria-labelledby': 'disparities-heading' }, h('h2', { id: 'disparities-heading' }, 'Fairness disparities'),
      disparities.length ? metricTable('Metrics between the groups of a feature', disparities, true)
        : h('p', {}, 'The runs share no fairness disparity.')),
    featuresSection(comparison),
    onlyIn('Only in the baseline', comparison.onlyInRun) ?? '',
    onlyIn('Only in the compared run', comparison.onlyInOtherRun) ?? '');
}
