// Scorecards: a run's list with the form that issues a new one from a config
// edited in the page, and one scorecard's page with its PDF shown and offered
// for download, byte for byte as GetScorecard streams it.
import { api, ApiError } from '../api';
import { definitions, formatNumber, formatTime, h, scrollRegion } from '../dom';
import type { Run, Scorecard } from '../types';

// A config to start from when the run has none: the model overview's accuracy, reported, not a target.
const STARTING_CONFIG = { Metrics: { accuracy_score: {} } };

export function verdictText(scorecard: Scorecard): string {
  if (scorecard.verdict === 'PASS') return `targets met (${scorecard.targetsMet ?? 0} of ${scorecard.targetCount ?? 0})`;
  if (scorecard.verdict === 'FAIL') return `targets not met (${scorecard.targetsMet ?? 0} of ${scorecard.targetCount ?? 0})`;
  return 'no targets';
}

// What is wrong with the text as a config that the page can tell by itself; the schema is the server's to check.
function syntaxProblem(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? '' : 'the configuration must be a JSON object';
}

function issueForm(run: Run, startingConfig: string): HTMLFormElement {
  const config = h('textarea', { id: 'scorecard-config', name: 'config', rows: 10, spellcheck: 'false',
                                 'aria-describedby': 'scorecard-config-status' });
  config.value = syntaxProblem(startingConfig) ? startingConfig : JSON.stringify(JSON.parse(startingConfig), null, 2);
  const status = h('p', { id: 'scorecard-config-status', class: 'config-status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Issue scorecard');
  const finished = run.state === 'SUCCEEDED';
  const check = () => {
    const problem = syntaxProblem(config.value);
    status.removeAttribute('role');
    status.className = `config-status${problem ? ' error' : ''}`;
    status.textContent = problem || (finished ? 'JSON object: the daemon checks it against the schema when issued.'
      : 'Only a finished run can be scored.');
    submit.disabled = Boolean(problem) || !finished;
  };
  config.addEventListener('input', check);
  check();
  const form = h('form', { class: 'issue-scorecard', 'aria-labelledby': 'issue-heading' },
    h('h3', { id: 'issue-heading' }, 'Issue a new scorecard'),
    h('label', { for: 'scorecard-config' }, 'Configuration (JSON, the Responsible AI scorecard schema)'),
    config, status, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    status.textContent = 'Issuing…';
    try {
      const scorecard = await api.createScorecard(run.id, config.value);
      location.hash = `#/scorecards/${scorecard.id}`;
    } catch (error) {
      const failure = error as ApiError;
      status.className = 'config-status error';
      status.setAttribute('role', 'alert');
      status.textContent = `${failure.code}: ${failure.message}`;
      submit.disabled = false;
    }
  });
  return form;
}

// The run page's scorecards section: every scorecard of the run, newest first, and the issuing form.
export async function scorecardsSection(run: Run): Promise<HTMLElement> {
  const section = h('section', { 'aria-labelledby': 'scorecards-heading', class: 'scorecards' },
    h('h2', { id: 'scorecards-heading' }, 'Scorecards'));
  let scorecards: Scorecard[] = [];
  try {
    scorecards = await api.allScorecards(run.id);
  } catch (error) {
    section.append(h('p', { class: 'error', role: 'alert' }, (error as ApiError).message));
  }
  if (scorecards.length === 0) section.append(h('p', {}, 'No scorecard yet.'));
  else {
    section.append(scrollRegion('Scorecards of the run', h('table', { class: 'scorecards' },
      h('caption', {}, 'Newest first'),
      h('thead', {}, h('tr', {}, ...['Scorecard', 'Verdict', 'Pages', 'Size', 'Issued', 'By', 'SHA-256']
        .map((column) => h('th', { scope: 'col' }, column)))),
      h('tbody', {}, ...scorecards.map((card) => h('tr', { 'data-scorecard-id': card.id },
        h('th', { scope: 'row' }, h('a', { href: `#/scorecards/${card.id}`, class: 'mono' }, card.id)),
        h('td', {}, verdictText(card)),
        h('td', { class: 'number' }, formatNumber(card.pageCount ?? 0)),
        h('td', { class: 'number' }, `${formatNumber(Number(card.sizeBytes ?? 0))} bytes`),
        h('td', {}, formatTime(card.createTime)),
        h('td', {}, card.creator ?? ''),
        h('td', { class: 'mono' }, card.sha256 ?? '')))))));
  }
  const starting = scorecards[0]?.configJson || run.spec?.scorecardConfig || JSON.stringify(STARTING_CONFIG, null, 2);
  section.append(issueForm(run, starting));
  return section;
}

// #/scorecards/ID: the scorecard's facts and configuration, its PDF in the page and a download link.
export async function scorecardView(root: HTMLElement, id: string, signal: AbortSignal): Promise<void> {
  let scorecard: Scorecard;
  let pdf: Blob;
  try {
    ({ scorecard, pdf } = await api.scorecardPdf(id, signal));
  } catch (error) {
    if (signal.aborted) return;
    root.replaceChildren(h('h1', {}, 'Scorecard'), h('p', { class: 'error', role: 'alert' }, (error as ApiError).message));
    return;
  }
  const url = URL.createObjectURL(pdf);
  signal.addEventListener('abort', () => URL.revokeObjectURL(url));
  const model = scorecard.modelName ? `${scorecard.modelName}@${scorecard.modelVersion ?? ''}` : undefined;
  root.replaceChildren(
    h('p', { class: 'crumbs' }, h('a', { href: '#/runs' }, 'Runs'), ' / ',
      h('a', { href: `#/runs/${scorecard.runId}`, class: 'mono' }, scorecard.runId ?? ''), ' / ',
      h('span', { class: 'mono' }, scorecard.id)),
    h('h1', {}, `Scorecard ${scorecard.id}`),
    definitions([
      ['Run', h('a', { href: `#/runs/${scorecard.runId}`, class: 'mono' }, scorecard.runId ?? '')],
      ['Verdict', verdictText(scorecard)], ['Model', model],
      ['Pages', formatNumber(scorecard.pageCount ?? 0)],
      ['Size', `${formatNumber(Number(scorecard.sizeBytes ?? 0))} bytes`],
      ['SHA-256', h('span', { class: 'mono', id: 'scorecard-sha256' }, scorecard.sha256 ?? '')],
      ['Issued', `${formatTime(scorecard.createTime)} by ${scorecard.creator ?? ''}`], ['Project', scorecard.project],
    ]),
    h('p', { class: 'actions' },
      h('a', { href: url, download: `${scorecard.id}.pdf`, class: 'button-link', id: 'scorecard-download' }, 'Download PDF'),
      ' ', h('a', { href: `#/lineage/scorecards/${scorecard.id}`, class: 'button-link' }, 'Lineage graph')),
    h('details', {}, h('summary', {}, 'Configuration'), h('pre', {}, scorecard.configJson ?? '')),
    h('iframe', { class: 'pdf', src: url, title: `Scorecard ${scorecard.id} (PDF)` }));
}
