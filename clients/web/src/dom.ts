// Building DOM nodes without a framework: h('a', {href: '#/'}, 'Runs').
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, attributes: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

// A number as the dashboard prints it: integers with separators, others to 4 decimals.
export function formatNumber(value: number | string | undefined): string {
  if (value === undefined) return '0';
  if (typeof value === 'string') return value;  // NaN, Infinity as JSON writes them
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toFixed(4);
}

export function formatTime(time: string | undefined): string {
  return time ? new Date(time).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

// "RUNNING" → "running", "ANALYSIS_FAILED" → "failed".
export function stateName(state: string | undefined): string {
  return (state ?? 'unknown').replace(/^ANALYSIS_/, '').toLowerCase().replace(/_/g, ' ');
}

// A wide table in a box that scrolls sideways, reachable by keyboard.
export function scrollRegion(label: string, content: HTMLElement): HTMLElement {
  return h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': label }, content);
}

// Terms and their values as a <dl class="facts">, leaving out the empty ones.
export function definitions(entries: [string, Node | string | undefined][]): HTMLDListElement {
  return h('dl', { class: 'facts' }, ...entries.filter(([, value]) => value !== undefined && value !== '')
    .flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value!)]));
}
