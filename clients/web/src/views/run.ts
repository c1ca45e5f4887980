// A run: its state (live while it goes on), its spec, its lineage, and every
// insight drawn from its presentation blocks.
import { api, ApiError } from '../api';
import { renderBlocks } from '../blocks';
import { errorAnalysisView } from '../error_analysis';
import { definitions, formatTime, h, stateName } from '../dom';
import { ERROR_ANALYSIS_TYPE } from '../types';
import type { ErrorAnalysis, Insight, Lineage, Run } from '../types';
import { isActive, liveState } from './progress';
import { scorecardsSection } from './scorecards';

function specSection(run: Run): HTMLElement {
  const spec = run.spec ?? {};
  const model = spec.model?.name ? `${spec.model.name}@${spec.model.version ?? ''}`
    : `prediction columns: ${[spec.predictions?.predictionColumn, ...(spec.predictions?.probabilityColumns ?? [])].filter(Boolean).join(', ')}`;
  return h('section', { 'aria-labelledby': 'spec-heading' }, h('h2', { id: 'spec-heading' }, 'Spec'),
    definitions([
      ['Dataset', spec.datasetId], ['Target', spec.targetColumn], ['Task', spec.task?.toLowerCase().replace(/_/g, ' ')],
      ['Positive class', spec.positiveClass], ['Model', model],
      ['Cohorts', (spec.cohorts ?? []).map((c) => `${c.name}: ${c.filter}`).join('; ')],
      ['Scorecard', run.scorecardId],
    ]),
    h('table', { class: 'analyses' }, h('caption', {}, 'Analyses'),
      h('thead', {}, h('tr', {}, ...['Analyzer', 'Version', 'State', 'Parameters'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...(spec.analyses ?? []).map((analysis, i) => {
        const status = run.analyses?.[i];
        return h('tr', {}, h('th', { scope: 'row' }, analysis.analyzer ?? ''), h('td', {}, status?.analyzerVersion ?? ''),
          h('td', {}, stateName(status?.state), status?.error ? h('span', { class: 'error' }, ` ${status.error}`) : null),
          h('td', { class: 'mono' }, analysis.params ? JSON.stringify(analysis.params) : ''));
      }))),
    h('details', {}, h('summary', {}, 'The spec as JSON'), h('pre', {}, JSON.stringify(spec, null, 2))));
}

function lineageSection(lineage: Lineage): HTMLElement {
  const related = (lineage.relatedRunIds ?? []).map((id) => h('a', { href: `#/runs/${id}`, class: 'mono' }, id));
  const relatedList = related.length ? h('span', {}, ...related.flatMap((link, i) => (i ? [', ', link] : [link]))) : undefined;
  return h('section', { 'aria-labelledby': 'lineage-heading' }, h('h2', { id: 'lineage-heading' }, 'Lineage'),
    definitions([
      ['Dataset', lineage.dataset ? `${lineage.dataset.displayName || lineage.dataset.id} (${lineage.dataset.rowCount ?? 0} rows, sha256 ${lineage.dataset.sha256})` : undefined],
      ['Model', lineage.model ? `${lineage.model.name}@${lineage.model.version} (sha256 ${lineage.model.sha256})` : undefined],
      ['Analyzers', (lineage.analyzers ?? []).map((a) => `${a.analyzer} ${a.version ?? ''}`).join(', ')],
      ['Created by', lineage.creator], ['Created', formatTime(lineage.createTime)], ['Daemon', lineage.daemonVersion],
      ['Related runs', relatedList],
    ]),
    h('p', { class: 'actions' }, h('a', { href: `#/lineage/runs/${lineage.run?.id ?? ''}`, class: 'button-link' }, 'Lineage graph'),
      h('a', { href: `#/compare?run=${lineage.run?.id ?? ''}`, class: 'button-link' }, 'Compare with another run')));
}

function isErrorAnalysis(payload: unknown): payload is ErrorAnalysis {
  return (payload as { '@type'?: string } | undefined)?.['@type'] === ERROR_ANALYSIS_TYPE;
}

function insightSection(insight: Insight): HTMLElement {
  const id = `insight-${insight.id}`;
  return h('section', { class: 'insight', 'aria-labelledby': id, 'data-analyzer': insight.analyzer ?? '' },
    h('h3', { id }, insight.analyzer ?? insight.id, h('span', { class: 'version' }, ` ${insight.analyzerVersion ?? ''}`)),
    isErrorAnalysis(insight.payload) ? errorAnalysisView(insight.payload) : null,
    renderBlocks(insight.blocks ?? []));
}

export async function runView(root: HTMLElement, id: string, signal: AbortSignal): Promise<void> {
  let run: Run;
  try {
    run = await api.getRun(id);
  } catch (error) {
    root.replaceChildren(h('h1', {}, 'Run'), h('p', { class: 'error', role: 'alert' }, (error as ApiError).message));
    return;
  }
  const reload = () => { if (!signal.aborted) void runView(root, id, signal); };
  const insights = h('section', { 'aria-labelledby': 'insights-heading' }, h('h2', { id: 'insights-heading' }, 'Insights'));
  root.replaceChildren(
    h('p', { class: 'crumbs' }, h('a', { href: '#/runs' }, 'Runs'), ' / ', h('span', { class: 'mono' }, run.id)),
    h('h1', {}, run.spec?.displayName || run.id),
    h('p', {}, liveState(run, signal, reload), run.error ? h('span', { class: 'error' }, ` ${run.error}`) : null,
      ` · created ${formatTime(run.createTime)} by ${run.creator ?? ''} in ${run.project ?? 'default'}`),
    specSection(run));
  const [lineage, found, scorecards] = await Promise.allSettled([api.getLineage(`runs/${id}`), api.allInsights(id),
                                                                  scorecardsSection(run)]);
  if (lineage.status === 'fulfilled') root.append(lineageSection(lineage.value));
  if (scorecards.status === 'fulfilled') root.append(scorecards.value);
  root.append(insights);
  if (found.status === 'rejected') {
    insights.append(h('p', { class: 'error', role: 'alert' }, (found.reason as ApiError).message));
  } else if (found.value.length === 0) {
    insights.append(h('p', {}, isActive(run) ? 'No insight yet: the run is going on.' : 'This run has no insight.'));
  } else {
    for (const insight of found.value) insights.append(insightSection(insight));
  }
}
