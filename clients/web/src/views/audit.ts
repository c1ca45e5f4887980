// The audit log for auditors: ListAuditEvents' entries, oldest first, with its
// filters (principal, action, resource prefix, project, time) in the address,
// a page at a time, and VerifyAuditLog's answer on demand: whether the hash
// chain holds, how many entries it checked, and the head hash to keep.
import { api, ApiError } from '../api';
import { formatNumber, formatTime, h, scrollRegion } from '../dom';
import { dayAfter, dayStart, field, pager, submitsToAddress } from '../form';
import type { AuditEvent, ListAuditEventsRequest } from '../types';

const PAGE_SIZE = 50;

function requestOf(query: URLSearchParams, pageToken: string): ListAuditEventsRequest {
  const request: ListAuditEventsRequest = { pageSize: PAGE_SIZE };
  if (pageToken) request.pageToken = pageToken;
  const set = (key: string, apply: (value: string) => void) => { const v = query.get(key); if (v) apply(v); };
  set('principal', (v) => { request.principal = v; });
  set('action', (v) => { request.action = v; });
  set('resource', (v) => { request.resourcePrefix = v; });
  set('project', (v) => { request.project = v; });
  set('since', (v) => { request.since = dayStart(v); });
  set('until', (v) => { request.until = dayAfter(v); });
  return request;
}

function filters(query: URLSearchParams): HTMLFormElement {
  const get = (key: string) => query.get(key) ?? '';
  const form = h('form', { class: 'filters', 'aria-label': 'Filter audit events' },
    field('Principal', 'principal', get('principal')),
    field('Action (RPC)', 'action', get('action')),
    field('Resource starts with', 'resource', get('resource')),
    field('Project', 'project', get('project')),
    field('Since (UTC)', 'since', '', h('input', { type: 'date', name: 'since', value: get('since') })),
    field('Until (UTC, inclusive)', 'until', '', h('input', { type: 'date', name: 'until', value: get('until') })),
    h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Apply'),
      h('a', { href: '#/audit', class: 'button-link' }, 'Clear')));
  submitsToAddress(form, 'audit');
  return form;
}

function row(event: AuditEvent): HTMLTableRowElement {
  return h('tr', { 'data-sequence': event.sequence ?? '0', class: event.outcome === 'OK' ? undefined : 'refused' },
    h('th', { scope: 'row', class: 'number' }, event.sequence ?? '0'),
    h('td', { class: 'time' }, formatTime(event.time)),
    h('td', {}, event.principal ?? '', event.role ? h('span', { class: 'version' }, ` (${event.role})`) : null),
    h('td', {}, event.action ?? ''),
    h('td', { class: 'mono' }, event.resource ?? ''),
    h('td', { class: 'outcome' }, event.outcome ?? ''),
    h('td', {}, event.project ?? ''),
    h('td', {}, event.detail ?? ''),
    h('td', { class: 'mono hash', title: event.hash ?? '' }, (event.hash ?? '').slice(0, 12)));
}

function verifier(): HTMLElement {
  const result = h('div', { id: 'verify-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', id: 'verify-chain' }, 'Verify chain');
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.replaceChildren(h('p', {}, 'Verifying…'));
    try {
      const answer = await api.verifyAuditLog();
      const checked = formatNumber(Number(answer.entriesChecked ?? 0));
      result.replaceChildren(h('dl', { class: `facts verify ${answer.intact ? 'intact' : 'broken'}`,
                                       'data-intact': String(Boolean(answer.intact)) },
        h('dt', {}, 'Result'), h('dd', {}, answer.intact ? `intact: ${checked} entries verify`
          : `broken at entry ${answer.firstBrokenSequence ?? 0} (${checked} checked): ${answer.reason ?? ''}`),
        h('dt', {}, 'Head hash'), h('dd', { class: 'mono', id: 'head-hash' }, answer.headHash ?? ''),
        h('dt', {}, 'Verified'), h('dd', {}, formatTime(new Date().toISOString()))));
    } catch (error) {
      result.replaceChildren(h('p', { class: 'error', role: 'alert' }, (error as ApiError).message));
    }
    button.disabled = false;
  });
  return h('section', { class: 'verify-chain', 'aria-labelledby': 'verify-heading' },
    h('h2', { id: 'verify-heading' }, 'Hash chain'),
    h('p', {}, 'Each entry\'s hash covers its content and the previous entry\'s hash. Keep the head hash elsewhere to detect a truncated log later.'),
    button, result);
}

export async function auditView(root: HTMLElement, query: URLSearchParams): Promise<void> {
  const tokens: string[] = [''];
  const body = h('div', {});
  root.replaceChildren(h('h1', {}, 'Audit log'), verifier(), h('h2', {}, 'Entries'), filters(query), body);
  const show = async (page: number) => {
    let response;
    try {
      response = await api.listAuditEvents(requestOf(query, tokens[page]));
    } catch (error) {
      body.replaceChildren(h('p', { class: 'error', role: 'alert' }, (error as ApiError).message));
      return;
    }
    const events = response.events ?? [];
    if (response.nextPageToken) tokens[page + 1] = response.nextPageToken;
    body.replaceChildren(
      events.length === 0 ? h('p', {}, 'No entry matches.') : scrollRegion('Audit entries', h('table', { class: 'audit' },
        h('caption', {}, `Page ${page + 1}, oldest first`),
        h('thead', {}, h('tr', {}, ...['#', 'Time', 'Principal', 'Action', 'Resource', 'Outcome', 'Project', 'Detail', 'Hash']
          .map((column) => h('th', { scope: 'col' }, column)))),
        h('tbody', {}, ...events.map(row)))),
      pager('Pages of audit entries', page, response.nextPageToken, show));
  };
  await show(0);
}
