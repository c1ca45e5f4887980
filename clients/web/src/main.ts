// The dashboard's pages, chosen by the address's fragment: #/runs (with
// filters as a query) and #/runs/RUN_ID. Each page stops its live streams
// when another is opened.
import { setToken } from './api';
import { h } from './dom';
import { runView } from './views/run';
import { runsView } from './views/runs';
import './style.css';

const root = document.getElementById('main')!;
let current = new AbortController();

function route(): void {
  current.abort();
  current = new AbortController();
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const run = path.match(/^\/runs\/([A-Za-z0-9_]+)$/);
  const page = run ? runView(root, run[1], current.signal) : runsView(root, new URLSearchParams(query), current.signal);
  page.then(() => {
    document.title = `${root.querySelector('h1')?.textContent ?? 'glassbox'} · glassbox`;
  });
}

const token = h('input', { id: 'token', type: 'password', autocomplete: 'off', placeholder: 'bearer token (beyond loopback)' });
token.addEventListener('change', () => { setToken(token.value); route(); });
document.getElementById('token-slot')!.replaceWith(h('label', { class: 'token' }, h('span', { class: 'sr-only' }, 'Bearer token'), token));
window.addEventListener('hashchange', route);
route();
