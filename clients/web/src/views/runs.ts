// Runs: newest first, with the filters ListRuns has (model and version,
// dataset, state, verdict, creator, creation time, project), a page at a
// time; queued and running runs show live progress.
import { api, ApiError } from '../api';
import { formatTime, h } from '../dom';
import { dayAfter, dayStart, field, pager, select, submitsToAddress } from '../form';
import type { ListRunsRequest, Run, RunState, VerdictFilter } from '../types';
import { liveState } from './progress';

const PAGE_SIZE = 20;
const STATES: RunState[] = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'INTERRUPTED'];
const VERDICTS: [VerdictFilter, string][] = [['TARGETS_MET', 'targets met'], ['TARGETS_NOT_MET', 'targets not met'],
  ['NO_TARGETS', 'no targets']];

// The filters as the page's address holds them (#/runs?state=RUNNING&model=adult@2).
function requestOf(query: URLSearchParams, pageToken: string): ListRunsRequest {
  const request: ListRunsRequest = { pageSize: PAGE_SIZE };
  if (pageToken) request.pageToken = pageToken;
  const model = query.get('model');
  if (model) {
    const [name, version] = model.split('@');
    request.modelName = name;
    if (version) request.modelVersion = version;
  }
  const set = (key: string, apply: (value: string) => void) => { const v = query.get(key); if (v) apply(v); };
  set('dataset', (v) => { request.datasetId = v; });
  set('state', (v) => { request.state = v as RunState; });
  set('verdict', (v) => { request.verdict = v as VerdictFilter; });
  set('creator', (v) => { request.creator = v; });
  set('project', (v) => { request.project = v; });
  set('since', (v) => { request.since = dayStart(v); });
  set('until', (v) => { request.until = dayAfter(v); });
  return request;
}

function filters(query: URLSearchParams): HTMLFormElement {
  const get = (key: string) => query.get(key) ?? '';
  const form = h('form', { class: 'filters', 'aria-label': 'Filter runs' },
    field('Model (name or name@version)', 'model', get('model')),
    field('Dataset', 'dataset', get('dataset')),
    field('State', 'state', '', select('state', get('state'), STATES.map((s) => [s, s.toLowerCase()]))),
    field('Verdict', 'verdict', '', select('verdict', get('verdict'), VERDICTS)),
    field('Creator', 'creator', get('creator')),
    field('Project', 'project', get('project')),
    field('Created since (UTC)', 'since', '', h('input', { type: 'date', name: 'since', value: get('since') })),
    field('Created until (UTC, inclusive)', 'until', '', h('input', { type: 'date', name: 'until', value: get('until') })),
    h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Apply'),
      h('a', { href: '#/runs', class: 'button-link' }, 'Clear')));
  submitsToAddress(form, 'runs');
  return form;
}

function modelOf(run: Run): string {
  const spec = run.spec ?? {};
  if (spec.model?.name) return `${spec.model.name}@${spec.model.version ?? ''}`;
  return spec.predictions?.predictionColumn ? `columns: ${spec.predictions.predictionColumn}` : '';
}

function row(run: Run, signal: AbortSignal): HTMLTableRowElement {
  const tr = h('tr', { 'data-run-id': run.id },
    h('th', { scope: 'row' }, h('a', { href: `#/runs/${run.id}` }, run.spec?.displayName || run.id)),
    h('td', {}, liveState(run, signal, async () => {
      tr.replaceWith(row(await api.getRun(run.id), signal));
    })),
    h('td', { class: 'mono' }, run.spec?.datasetId ?? ''),
    h('td', {}, modelOf(run)),
    h('td', {}, (run.analyses ?? []).map((a) => a.analyzer).join(', ')),
    h('td', {}, run.creator ?? ''),
    h('td', {}, run.project ?? ''),
    h('td', {}, formatTime(run.createTime)));
  return tr;
}

export async function runsView(root: HTMLElement, query: URLSearchParams, signal: AbortSignal): Promise<void> {
  const tokens: string[] = [''];
  const body = h('div', {});
  root.replaceChildren(h('h1', {}, 'Runs'), filters(query), body);
  const show = async (page: number) => {
    let response;
    try {
      response = await api.listRuns(requestOf(query, tokens[page]));
    } catch (error) {
      body.replaceChildren(h('p', { class: 'error', role: 'alert' }, (error as ApiError).message));
      return;
    }
    const runs = response.runs ?? [];
    if (response.nextPageToken) tokens[page + 1] = response.nextPageToken;
    body.replaceChildren(
      runs.length === 0 ? h('p', {}, 'No run matches.') : h('div', { class: 'table-scroll' }, h('table', { class: 'runs' },
        h('caption', {}, `Page ${page + 1}, newest first`),
        h('thead', {}, h('tr', {}, ...['Run', 'State', 'Dataset', 'Model', 'Analyses', 'Creator', 'Project', 'Created']
          .map((column) => h('th', { scope: 'col' }, column)))),
        h('tbody', {}, ...runs.map((run) => row(run, signal))))),
      pager('Pages of runs', page, response.nextPageToken, show));
  };
  await show(0);
}
