// A run's state and progress, kept live by WatchRun while it is queued or
// running. A browser opens at most 6 HTTP/1.1 connections to one server and
// each stream holds one, so at most MAX_STREAMS runs are watched at once; the
// others wait for a free stream.
import { api } from '../api';
import { h, stateName } from '../dom';
import type { Run, RunState } from '../types';

const ACTIVE: RunState[] = ['QUEUED', 'RUNNING'];
const MAX_STREAMS = 3;
let streams = 0;
const waiting: (() => void)[] = [];

async function withStream(work: () => Promise<void>): Promise<void> {
  if (streams >= MAX_STREAMS) await new Promise<void>((resolve) => waiting.push(resolve));
  streams += 1;
  try {
    await work();
  } finally {
    streams -= 1;
    waiting.shift()?.();
  }
}

export function isActive(run: Run): boolean {
  return ACTIVE.includes(run.state ?? 'RUN_STATE_UNSPECIFIED');
}

function badgeClass(state: string | undefined): string {
  return `state state-${stateName(state).replace(/ /g, '-')}`;
}

// The state's badge, with a progress bar while the run goes on; `onEnd` is
// called once the watched run has ended. Watching stops with `signal`.
export function liveState(run: Run, signal: AbortSignal, onEnd?: () => void): HTMLElement {
  const badge = h('span', { class: badgeClass(run.state) }, stateName(run.state));
  const cell = h('span', { class: 'live-state' }, badge);
  if (!isActive(run)) return cell;
  const bar = h('progress', { max: 1, value: 0, 'aria-label': `progress of ${run.id}` });
  cell.append(' ', bar);
  withStream(async () => {
    if (signal.aborted) return;
    await api.watchRun(run.id, (event) => {
      bar.value = event.progress ?? 0;
      if (event.state) {
        badge.textContent = stateName(event.state);
        badge.className = badgeClass(event.state);
      }
    }, signal);
    bar.remove();
    onEnd?.();
  }).catch(() => { /* aborted by navigation, or the daemon went away: the badge keeps the last state */ });
  return cell;
}
