// Labelled form fields, the previous/next pager and the day bounds the list views share.
import { h } from './dom';

export function field(label: string, name: string, value: string,
                      input: HTMLElement = h('input', { name, value })): HTMLElement {
  input.id = `f-${name}`;
  return h('div', { class: 'field' }, h('label', { for: `f-${name}` }, label), input);
}

// A select whose first option, "any", is no filter.
export function select(name: string, value: string, options: [string, string][]): HTMLSelectElement {
  return h('select', { name }, h('option', { value: '' }, 'any'),
    ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
}

// The form's non-empty fields as the query of `#/<path>`, so a filtered list can be bookmarked.
export function submitsToAddress(form: HTMLFormElement, path: string): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(form).entries()) if (value) next.set(key, String(value));
    location.hash = `#/${path}${next.size ? `?${next}` : ''}`;
  });
}

// Previous and next page buttons over page tokens: `show(page)` loads page `page`.
export function pager(label: string, page: number, nextPageToken: string | undefined,
                      show: (page: number) => void): HTMLElement {
  const previous = h('button', { type: 'button', disabled: page === 0 }, 'Previous page');
  const next = h('button', { type: 'button', disabled: !nextPageToken }, 'Next page');
  previous.addEventListener('click', () => show(page - 1));
  next.addEventListener('click', () => show(page + 1));
  return h('nav', { class: 'pager', 'aria-label': label }, previous, next);
}

// A date field's UTC day (YYYY-MM-DD) as the bounds of a [since, until) filter: `until` includes its day, as in the CLI.
export function dayStart(day: string): string {
  return `${day}T00:00:00Z`;
}
export function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
}
