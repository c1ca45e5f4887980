// The daemon's API in the Connect protocol's JSON form, on the origin that
// served the page: unary calls as POST application/json, server streams as
// application/connect+json envelopes read as they arrive.
import type {
  CompareRunsResponse, Insight, Lineage, ListAuditEventsRequest, ListAuditEventsResponse, ListInsightsResponse,
  ListRunsRequest, ListRunsResponse, ListScorecardsResponse, Run, RunEvent, Scorecard, ScorecardChunk,
  VerifyAuditLogResponse,
} from './types';

const SERVICE = '/glassbox.v1.Glassbox/';
const TOKEN_KEY = 'glassbox-token';

// A failed call: Connect's error code ("not_found") and the daemon's message.
export class ApiError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

// A bearer token, needed when glassboxd serves beyond loopback; kept for the tab only.
export function setToken(token: string): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(contentType: string): HeadersInit {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return {
    'Content-Type': contentType,
    'Connect-Protocol-Version': '1',
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
  };
}

async function unary<Response>(method: string, request: object): Promise<Response> {
  const response = await fetch(SERVICE + method, {
    method: 'POST', headers: headers('application/json'), body: JSON.stringify(request),
  });
  const body = await response.json().catch(() => ({ code: 'unknown', message: `HTTP ${response.status}` }));
  if (!response.ok) throw new ApiError(body.code ?? 'unknown', body.message ?? `HTTP ${response.status}`);
  return body as Response;
}

function envelope(message: string): ArrayBuffer {
  const json = new TextEncoder().encode(message);
  const framed = new Uint8Array(5 + json.length);
  new DataView(framed.buffer).setUint32(1, json.length);
  framed.set(json, 5);
  return framed.buffer;
}

// Calls a server-streaming method, passing each message to `onMessage` until
// the stream ends; rejects with the stream's error. `signal` stops it.
async function serverStream<Message>(method: string, request: object, onMessage: (message: Message) => void,
                                     signal?: AbortSignal): Promise<void> {
  const response = await fetch(SERVICE + method, {
    method: 'POST', headers: headers('application/connect+json'), body: envelope(JSON.stringify(request)), signal,
  });
  if (!response.ok || response.body === null) throw new ApiError('unknown', `HTTP ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = new Uint8Array(0);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new ApiError('unknown', `${method} ended without its end-of-stream message`);
    const joined = new Uint8Array(buffered.length + value.length);
    joined.set(buffered);
    joined.set(value, buffered.length);
    buffered = joined;
    while (buffered.length >= 5) {
      const size = new DataView(buffered.buffer, buffered.byteOffset).getUint32(1);
      if (buffered.length < 5 + size) break;
      const flags = buffered[0];
      const json = JSON.parse(decoder.decode(buffered.subarray(5, 5 + size)));
      buffered = buffered.slice(5 + size);
      if (flags & 0x02) {
        if (json.error) throw new ApiError(json.error.code ?? 'unknown', json.error.message ?? '');
        return;
      }
      onMessage(json as Message);
    }
  }
}

// Every item of a listing, page after page: `load(token)` gives a page's items and the next page's token.
async function allPages<Item>(load: (pageToken: string) => Promise<[Item[] | undefined, string | undefined]>): Promise<Item[]> {
  const items: Item[] = [];
  let token = '';
  do {
    const [page, next] = await load(token);
    items.push(...(page ?? []));
    token = next ?? '';
  } while (token);
  return items;
}

// A scorecard and its PDF, from GetScorecard's stream.
async function scorecardPdf(id: string, signal?: AbortSignal): Promise<{ scorecard: Scorecard; pdf: Blob }> {
  let scorecard: Scorecard | undefined;
  const parts: BlobPart[] = [];
  await serverStream<ScorecardChunk>('GetScorecard', { id }, (chunk) => {
    if (chunk.scorecard) scorecard = chunk.scorecard;
    if (chunk.data) parts.push(Uint8Array.from(atob(chunk.data), (c) => c.charCodeAt(0)));
  }, signal);
  if (!scorecard) throw new ApiError('unknown', 'GetScorecard sent no scorecard');
  return { scorecard, pdf: new Blob(parts, { type: 'application/pdf' }) };
}

export const api = {
  listRuns: (request: ListRunsRequest) => unary<ListRunsResponse>('ListRuns', request),
  getRun: (id: string) => unary<Run>('GetRun', { id }),
  getInsight: (id: string) => unary<Insight>('GetInsight', { id }),
  listInsights: (runId: string, pageToken = '') =>
    unary<ListInsightsResponse>('ListInsights', { runId, ...(pageToken ? { pageToken } : {}) }),
  allInsights: (runId: string) => allPages<Insight>(async (token) => {
    const page = await api.listInsights(runId, token);
    return [page.insights, page.nextPageToken];
  }),
  getLineage: (resource: string) => unary<Lineage>('GetLineage', { resource }),
  watchRun: (id: string, onEvent: (event: RunEvent) => void, signal?: AbortSignal) =>
    serverStream<RunEvent>('WatchRun', { id }, onEvent, signal),
  listScorecards: (runId: string, pageToken = '') =>
    unary<ListScorecardsResponse>('ListScorecards', { runId, ...(pageToken ? { pageToken } : {}) }),
  allScorecards: (runId: string) => allPages<Scorecard>(async (token) => {
    const page = await api.listScorecards(runId, token);
    return [page.scorecards, page.nextPageToken];
  }),
  createScorecard: (runId: string, configJson: string) => unary<Scorecard>('CreateScorecard', { runId, configJson }),
  scorecardPdf,
  listAuditEvents: (request: ListAuditEventsRequest) => unary<ListAuditEventsResponse>('ListAuditEvents', request),
  verifyAuditLog: () => unary<VerifyAuditLogResponse>('VerifyAuditLog', {}),
  compareRuns: (runId: string, otherRunId: string) => unary<CompareRunsResponse>('CompareRuns', { runId, otherRunId }),
};
