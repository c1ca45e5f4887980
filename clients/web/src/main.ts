// The dashboard's pages, chosen by the address's fragment: #/runs (with
// filters as a query), #/runs/RUN_ID, #/scorecards/SCORECARD_ID, #/audit (with
// filters), #/lineage/runs/ID and #/lineage/scorecards/ID, #/compare?run=A&other=B.
// Each page
// stops its live streams when another is opened.
import { setToken } from './api';
import { auditView } from './views/audit';
import { compareView } from './views/compare';
import { lineageView } from './views/lineage';
import { h } from './dom';
import { runView } from './views/run';
import { runsView } from './views/runs';
import { scorecardView } from './views/scorecards';
import './style.css';

type Page = (root: HTMLElement, match: RegExpMatchArray, query: URLSearchParams, signal: AbortSignal) => Promise<void>;
const PAGES: [RegExp, Page][] = [
  [/^\/runs\/([A-Za-z0-9_]+)$/, (root, match, _, signal) => runView(root, match[1], signal)],
  [/^\/scorecards\/([A-Za-z0-9_]+)$/, (root, match, _, signal) => scorecardView(root, match[1], signal)],
  [/^\/lineage\/((?:runs|scorecards)\/[A-Za-z0-9_]+)$/, (root, match) => lineageView(root, match[1])],
  [/^\/compare$/, (root, _, query) => compareView(root, query)],
  [/^\/audit$/, (root, _, query) => auditView(root, query)],
  [/^/, (root, _, query, signal) => runsView(root, query, signal)],
];

const root = document.getElementById('main')!;
let current = new AbortController();

function route(): void {
  current.abort();
  current = new AbortController();
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  for (const [pattern, page] of PAGES) {
    const match = path.match(pattern);
    if (!match) continue;
    page(root, match, new URLSearchParams(query), current.signal).then(() => {
      document.title = `${root.querySelector('h1')?.textContent ?? 'glassbox'} · glassbox`;
    });
    return;
  }
}

const token = h('input', { id: 'token', type: 'password', autocomplete: 'off', placeholder: 'bearer token (beyond loopback)' });
token.addEventListener('change', () => { setToken(token.value); route(); });
document.getElementById('token-slot')!.replaceWith(h('label', { class: 'token' }, h('span', { class: 'sr-only' }, 'Bearer token'), token));
window.addEventListener('hashchange', route);
route();
