// The dashboard in a real browser: Debian's Chromium, headless, driven by
// playwright-core, against a real glassboxd of this build serving the built
// dashboard, with a real Adult run (adult_test_scored.csv and its prediction
// columns), and the Adult XGBoost model scored on its test and training thirds.
// Each test below is one view: the numbers it shows are compared
// with the API's answer over HTTP for the same question, axe-core finds no
// serious or critical accessibility violation, and each page's screenshot goes
// to <build>/artifacts/web/ for a person to look at.
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, test } = require('node:test');
const { createRequire } = require('node:module');

const SOURCE_DIR = path.join(__dirname, '..', '..');
const webRequire = createRequire(path.join(SOURCE_DIR, 'clients', 'web', 'package.json'));
const { chromium } = webRequire('playwright-core');
const AXE = webRequire.resolve('axe-core/axe.min.js');
const { Client, toStruct } = require(path.join(SOURCE_DIR, 'clients', 'node', 'client.js'));
const { startDaemon } = require(path.join(SOURCE_DIR, 'tests', 'clients', 'glassbox_daemon.js'));

const ARTIFACTS = path.join(process.env.GLASSBOX_BINARY_DIR, 'artifacts', 'web');
const CHROMIUM = process.env.GLASSBOX_CHROMIUM || '/usr/bin/chromium';
// The run's own scorecard: one target, the model overview's accuracy.
const RUN_SCORECARD_CONFIG = { Metrics: { accuracy_score: { threshold: '>=0.8' } } };

async function seriousViolations(page) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

// One daemon, one run and one browser page for every test, in order.
const fixture = {};

// A unary call over the daemon's HTTP port, as the page makes it: { status, body }.
async function http(method, request) {
  const answer = await fetch(`${fixture.base}/glassbox.v1.Glassbox/${method}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request),
  });
  return { status: answer.status, body: await answer.json() };
}

// The whole page, or only `part` of it (a locator) where the rest is another test's.
async function screenshot(name, part) {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await (part ? part.screenshot({ path: file }) : fixture.page.screenshot({ path: file, fullPage: true }));
  assert.deepEqual(await seriousViolations(fixture.page), []);
}

before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fixture.daemon = await startDaemon({ http: true });
  fixture.client = new Client({ address: fixture.daemon.address });
  const dataset = await fixture.client.uploadFile(path.join(process.env.GLASSBOX_DATASETS_DIR, 'adult_test_scored.csv'));
  fixture.dataset = dataset;
  const created = await fixture.client.call('CreateRun', { spec: {
    dataset_id: dataset.id, target_column: 'income', task: 'BINARY_CLASSIFICATION', positive_class: '>50K',
    display_name: 'Adult census, scored', predictions: { prediction_column: 'prediction', probability_columns: ['probability'] },
    analyses: [{ analyzer: 'model_overview' }, { analyzer: 'data_explorer' }],
    cohorts: [{ name: 'older', filter: 'age > 40' }],
    scorecard_config: JSON.stringify(RUN_SCORECARD_CONFIG),
  } });
  fixture.run = await fixture.client.watchRun(created.id);
  assert.equal(fixture.run.state, 'SUCCEEDED', fixture.run.error);
  fixture.base = `http://127.0.0.1:${fixture.daemon.httpPort}`;

  // The model on the two thirds, to compare, with explanations, fairness by sex and a two-feature error heat map.
  const datasets = {};
  for (const name of ['adult.csv', 'adult_test_scored.csv', 'adult_train.csv']) {
    datasets[name] = name === 'adult_test_scored.csv' ? dataset
      : await fixture.client.uploadFile(path.join(process.env.GLASSBOX_DATASETS_DIR, name));
  }
  await fixture.client.call('RegisterModel', { name: 'adult-xgb', format: 'XGBOOST', class_labels: ['<=50K', '>50K'],
    model_bytes: fs.readFileSync(path.join(process.env.GLASSBOX_DATASETS_DIR, 'adult_xgb.json')),
    categories_from_dataset_id: datasets['adult.csv'].id });
  const modelRun = async (name, displayName) => {
    const started = await fixture.client.call('CreateRun', { spec: {
      dataset_id: datasets[name].id, target_column: 'income', task: 'BINARY_CLASSIFICATION', positive_class: '>50K',
      display_name: displayName, model: { name: 'adult-xgb' },
      analyses: [{ analyzer: 'model_overview' }, { analyzer: 'explanations' },
        { analyzer: 'fairness', params: toStruct({ sensitive_features: ['sex'] }) },
        { analyzer: 'error_analysis', params: toStruct({ heatmap_features: ['age', 'sex'] }) }],
    } });
    const finished = await fixture.client.watchRun(started.id);
    assert.equal(finished.state, 'SUCCEEDED', finished.error);
    return finished;
  };
  fixture.testRun = await modelRun('adult_test_scored.csv', 'adult-xgb on the test third');
  fixture.trainRun = await modelRun('adult_train.csv', 'adult-xgb on the training third');

  // CI runs as root, and Chromium refuses to start its sandbox as root: --no-sandbox there.
  fixture.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: process.getuid() === 0 ? ['--no-sandbox'] : [] });
  fixture.page = await fixture.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  fixture.failures = [];
  fixture.page.on('pageerror', (error) => fixture.failures.push(error.message));
  // Nothing on the network but the daemon's own origin is asked for (the browser's PDF viewer loads its own
  // chrome:// and chrome-extension:// files).
  fixture.page.on('request', (request) => {
    const url = request.url();
    if (/^(https?|wss?|ftp):/.test(url) && !url.startsWith(fixture.base)) fixture.failures.push(`fetched ${url}`);
  });
});

after(async () => {
  if (fixture.browser) await fixture.browser.close();
  if (fixture.client) fixture.client.close();
  if (fixture.daemon) await fixture.daemon.stop();
  assert.deepEqual(fixture.failures ?? [], []);
});

test('the runs list and a run show the API\'s numbers, accessibly', async () => {
  const { page, base, run } = fixture;
  // The value to find on the page, as the API gives it over HTTP: the model overview's accuracy on all rows.
  const answer = await http('ListInsights', { runId: run.id });
  assert.equal(answer.status, 200);
  const overview = answer.body.insights.find((insight) => insight.analyzer === 'model_overview');
  const accuracy = overview.blocks.map((block) => block.metric)
    .find((metric) => metric && metric.name === 'accuracy_score' && !metric.cohort);
  assert.ok(accuracy, 'the model overview reports accuracy on all rows');

  await page.goto(`${base}/`);
  const row = page.locator(`table.runs tr[data-run-id="${run.id}"]`);
  await page.locator(`table.runs tr[data-run-id="${fixture.trainRun.id}"]`).waitFor();
  await row.waitFor();
  assert.match(await row.textContent(), /succeeded/);
  assert.match(await row.textContent(), /Adult census, scored/);
  await screenshot('runs');

  // The filters reach the API: no failed run exists.
  await page.selectOption('#f-state', 'FAILED');
  await page.click('form.filters button[type=submit]');
  await page.getByText('No run matches.').waitFor();
  await page.goto(`${base}/#/runs`);

  await row.locator('a').click();
  const metric = page.locator('section.insight[data-analyzer="model_overview"] figure.metric[data-metric-name="accuracy_score"][data-cohort=""]');
  await metric.waitFor();
  assert.equal(Number(await metric.getAttribute('data-value')), accuracy.value);
  assert.equal((await metric.locator('.metric-value').textContent()).trim(), accuracy.value.toFixed(4));
  assert.equal(await page.locator('h1').textContent(), 'Adult census, scored');
  // Every insight of the run is drawn, with its charts.
  assert.equal(await page.locator('section.insight').count(), 2);
  await page.locator('section.insight[data-analyzer="data_explorer"] .chart svg').first().waitFor();
  await screenshot('run');
});

test('scorecards: listed on the run, shown and downloaded byte for byte, issued from an edited config', async () => {
  const { page, base, run } = fixture;
  const listed = await http('ListScorecards', { runId: run.id });
  assert.equal(listed.status, 200);
  assert.equal(listed.body.scorecards.length, 1);
  const card = listed.body.scorecards[0];
  assert.equal(card.id, run.scorecard_id);

  await page.goto(`${base}/#/runs/${run.id}`);
  const row = page.locator(`table.scorecards tr[data-scorecard-id="${card.id}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /targets (not )?met \(\d of 1\)/);
  assert.match(await row.textContent(), new RegExp(card.sha256));

  // The card's page shows the PDF, and the download is the API's bytes.
  await row.locator('a').click();
  await page.locator('iframe.pdf').waitFor();
  assert.equal(await page.locator('#scorecard-sha256').textContent(), card.sha256);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#scorecard-download')]);
  assert.equal(download.suggestedFilename(), `${card.id}.pdf`);
  const bytes = fs.readFileSync(await download.path());
  assert.equal(bytes.length, Number(card.sizeBytes));
  assert.equal(crypto.createHash('sha256').update(bytes).digest('hex'), card.sha256);
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  await page.waitForTimeout(500);  // the PDF viewer draws its first page
  await screenshot('scorecard');

  // A config that is not JSON is caught as it is typed; one the schema refuses gets the daemon's own message.
  await page.goto(`${base}/#/runs/${run.id}`);
  const config = page.locator('#scorecard-config');
  await config.waitFor();
  assert.deepEqual(JSON.parse(await config.inputValue()), RUN_SCORECARD_CONFIG);
  await config.fill('{"Metrics": {');
  assert.match(await page.locator('#scorecard-config-status').textContent(), /^not JSON/);
  assert.equal(await page.locator('form.issue-scorecard button[type=submit]').isDisabled(), true);
  const wrong = JSON.stringify({ Metrics: { accuracy_score: { threshold: 'at least 0.8' } } });
  const refused = await http('CreateScorecard', { runId: run.id, configJson: wrong });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.code, 'invalid_argument');
  await config.fill(wrong);
  await page.click('form.issue-scorecard button[type=submit]');
  const alert = page.locator('#scorecard-config-status[role=alert]');
  await alert.waitFor();
  assert.equal(await alert.textContent(), `invalid_argument: ${refused.body.message}`);
  await screenshot('scorecard-refused', page.locator('section.scorecards'));

  // A right one is issued and opened: the second scorecard of the run, with two targets.
  await config.fill(JSON.stringify({ Metrics: { accuracy_score: { threshold: '>=0.5' }, f1_score: { threshold: '>=0.1' } } }));
  await page.click('form.issue-scorecard button[type=submit]');
  await page.waitForURL(/#\/scorecards\/[A-Za-z0-9_]+$/);
  const issuedId = page.url().split('/').pop();
  await page.locator('iframe.pdf').waitFor();
  const after = await http('ListScorecards', { runId: run.id });
  assert.deepEqual(after.body.scorecards.map((s) => s.id), [issuedId, card.id]);
  assert.equal(await page.locator('#scorecard-sha256').textContent(), after.body.scorecards[0].sha256);
  assert.equal(after.body.scorecards[0].targetCount, 2);
});

// Every audit entry, oldest first, that ListAuditEvents gives for `request` over HTTP.
async function auditEvents(request) {
  const events = [];
  let pageToken = '';
  do {
    const answer = await http('ListAuditEvents', { ...request, pageSize: 200, ...(pageToken ? { pageToken } : {}) });
    assert.equal(answer.status, 200);
    events.push(...(answer.body.events ?? []));
    pageToken = answer.body.nextPageToken ?? '';
  } while (pageToken);
  return events;
}

test('audit: the log filtered as ListAuditEvents filters it, and the chain verified with its head hash', async () => {
  const { page, base } = fixture;
  await page.goto(`${base}/#/audit`);
  await page.locator('table.audit tbody tr').first().waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Audit log');

  // The scorecards test issued three: refused over HTTP, refused from the page, issued from the page.
  await page.fill('#f-action', 'CreateScorecard');
  await page.click('form.filters button[type=submit]');
  await page.waitForURL(/#\/audit\?action=CreateScorecard$/);
  await page.locator('table.audit tbody tr').nth(2).waitFor();
  const expected = await auditEvents({ action: 'CreateScorecard' });
  assert.deepEqual(expected.map((e) => e.outcome), ['INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'OK']);
  const shown = await page.locator('table.audit tbody tr').evaluateAll((rows) => rows.map((row) => ({
    sequence: row.getAttribute('data-sequence'), outcome: row.querySelector('td.outcome').textContent,
    hash: row.querySelector('td.hash').getAttribute('title') })));
  assert.deepEqual(shown, expected.map((e) => ({ sequence: e.sequence, outcome: e.outcome, hash: e.hash })));

  // A resource prefix no entry has.
  await page.fill('#f-resource', 'runs/run_none');
  await page.click('form.filters button[type=submit]');
  await page.getByText('No entry matches.').waitFor();
  await page.goto(`${base}/#/audit?action=CreateScorecard`);
  await page.locator('table.audit tbody tr').nth(2).waitFor();

  // The head hash is the hash of the last entry the verification read, which the log holds.
  await page.click('#verify-chain');
  const result = page.locator('#verify-result dl.verify');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-intact'), 'true');
  const head = await page.locator('#head-hash').textContent();
  assert.match(head, /^[0-9a-f]{64}$/);
  const all = await auditEvents({});
  const last = all.find((e) => e.hash === head);
  assert.ok(last, `an entry has the head hash ${head}`);
  assert.match(await result.textContent(), new RegExp(`intact: ${Number(last.sequence).toLocaleString('en-US')} entries verify`));
  await screenshot('audit');
});

// The nodes the lineage page lists, by kind: { dataset: [label], analyzer: [...], ... }.
async function lineageNodes(page) {
  const rows = await page.locator('table.lineage-nodes tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.getAttribute('data-kind'), tr.getAttribute('data-node')]));
  const byKind = {};
  for (const [kind, node] of rows) (byKind[kind] ??= []).push(node);
  return byKind;
}

test('lineage: a run and a scorecard as a graph from dataset to scorecards, as GetLineage tells it', async () => {
  const { page, base, run } = fixture;
  const lineage = (await http('GetLineage', { resource: `runs/${run.id}` })).body;
  const scorecards = (await http('ListScorecards', { runId: run.id })).body.scorecards;
  assert.equal(scorecards.length, 2);

  await page.goto(`${base}/#/runs/${run.id}`);
  await page.click(`a[href="#/lineage/runs/${run.id}"]`);
  await page.locator('.lineage-graph svg').waitFor();
  assert.deepEqual(await lineageNodes(page), {
    dataset: [lineage.dataset.displayName],
    model: ['predictions in the dataset'],
    analyzer: lineage.analyzers.map((a) => `${a.analyzer} ${a.version}`),
    insight: lineage.analyzers.map((a) => a.insightId),
    scorecard: scorecards.map((s) => s.id),
  });
  // The graph draws every node, and a scorecard's node opens it.
  const svg = page.locator('.lineage-graph svg');
  for (const label of [lineage.dataset.displayName, ...lineage.analyzers.map((a) => a.insightId), ...scorecards.map((s) => s.id)]) {
    assert.equal(await svg.locator('text', { hasText: label }).count(), 1, label);
  }
  await screenshot('lineage-run');
  await svg.locator('text', { hasText: scorecards[1].id }).click();
  await page.waitForURL(`${base}/#/scorecards/${scorecards[1].id}`);

  // A scorecard's lineage ends at that scorecard.
  await page.click(`a[href="#/lineage/scorecards/${scorecards[1].id}"]`);
  await page.locator('.lineage-graph svg').waitFor();
  const nodes = await lineageNodes(page);
  assert.deepEqual(nodes.scorecard, [scorecards[1].id]);
  assert.deepEqual(nodes.insight, lineage.analyzers.map((a) => a.insightId));
  await screenshot('lineage-scorecard');
});

test('compare: two runs side by side with every shared metric, disparity and feature CompareRuns gives', async () => {
  const { page, base, testRun, trainRun } = fixture;
  const comparison = (await http('CompareRuns', { runId: testRun.id, otherRunId: trainRun.id })).body;
  const disparity = (m) => m.aggregate === 'AGGREGATE_DIFFERENCE' || m.aggregate === 'AGGREGATE_RATIO' || Boolean(m.feature);
  assert.ok(comparison.metrics.some(disparity) && comparison.features.length > 0);

  // From the baseline's page, the other run chosen in the form.
  await page.goto(`${base}/#/runs/${testRun.id}`);
  await page.click(`a[href="#/compare?run=${testRun.id}"]`);
  await page.fill('#f-other', trainRun.id);
  await page.click('form.filters button[type=submit]');
  await page.waitForURL(`${base}/#/compare?run=${testRun.id}&other=${trainRun.id}`);
  await page.locator('table.comparison').first().waitFor();

  const rows = async (section) => page.locator(`section[aria-labelledby="${section}"] table.comparison tbody tr`)
    .evaluateAll((trs) => trs.map((tr) => ({ analyzer: tr.dataset.analyzer, name: tr.dataset.name,
      value: Number(tr.dataset.value), otherValue: Number(tr.dataset.otherValue), delta: Number(tr.dataset.delta),
      change: tr.dataset.change })));
  const expect = (metrics) => metrics.map((m) => ({ analyzer: m.analyzer, name: m.name, value: m.value,
    otherValue: m.otherValue, delta: m.delta, change: m.change }));
  assert.deepEqual(await rows('metrics-heading'), expect(comparison.metrics.filter((m) => !disparity(m))));
  assert.deepEqual(await rows('disparities-heading'), expect(comparison.metrics.filter(disparity)));
  const accuracy = comparison.metrics.find((m) => m.analyzer === 'model_overview' && m.name === 'accuracy_score' && !m.cohort);
  const accuracyRow = page.locator('tr[data-analyzer="model_overview"][data-name="accuracy_score"][data-cohort=""]');
  assert.deepEqual(await accuracyRow.locator('td.number').allTextContents(),
    [accuracy.value.toFixed(4), accuracy.otherValue.toFixed(4), `${accuracy.delta > 0 ? '+' : ''}${accuracy.delta.toFixed(4)}`]);

  const features = await page.locator('table.features tbody tr').evaluateAll((trs) => trs.map((tr) =>
    [tr.dataset.feature, Number(tr.dataset.rank), Number(tr.dataset.otherRank)]));
  assert.deepEqual(features, comparison.features.map((f) => [f.feature, f.rank ?? 0, f.otherRank ?? 0]));
  await page.locator('section[aria-labelledby="features-heading"] .chart svg').waitFor();
  await screenshot('compare');
});

// The rows of `run`'s data_explorer "Cohort sizes" table, by cohort name.
async function cohortSizes(runId) {
  const insights = (await http('ListInsights', { runId })).body.insights;
  const table = insights.find((i) => i.analyzer === 'data_explorer').blocks
    .find((b) => b.table && b.table.columns[0] === 'Cohort' && b.table.columns.includes('Rows')).table;
  const rowsColumn = table.columns.indexOf('Rows');
  return Object.fromEntries(table.rows.map((row) => [row.cells[0].text, row.cells[rowsColumn].number]));
}

test('error analysis: the tree map and the heat map; a clicked node or cell shows its cohort filter and numbers', async () => {
  const { page, base, testRun } = fixture;
  const insights = (await http('ListInsights', { runId: testRun.id })).body.insights;
  const analysis = insights.find((i) => i.analyzer === 'error_analysis').payload;
  assert.equal(analysis['@type'], 'type.googleapis.com/glassbox.v1.analyses.ErrorAnalysis');
  const nodes = new Map(analysis.nodes.map((node) => [node.id ?? 0, node]));
  const worst = nodes.get(analysis.leavesByErrorRate[0]);

  await page.goto(`${base}/#/runs/${testRun.id}`);
  const section = page.locator('section.insight[data-analyzer="error_analysis"]');
  const treemap = section.locator('.ea-treemap svg');
  await treemap.waitFor();
  await section.locator('.ea-heatmap svg').waitFor();
  const panel = section.locator('.ea-selection');
  const shows = async (kind, filter, numbers) => {
    await page.waitForFunction(([f]) => document.querySelector('.ea-selection')?.dataset.filter === f, [filter]);
    assert.equal(await panel.getAttribute('data-kind'), kind);
    assert.equal(await panel.locator('code.ea-filter').textContent(), filter);
    for (const [fieldName, value] of Object.entries(numbers)) {
      assert.equal(await panel.locator(`[data-field="${fieldName}"]`).textContent(),
        Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(4), fieldName);
    }
  };

  // The worst leaf, clicked on the tree map (its label is its condition and error rate).
  await treemap.locator('text', { hasText: worst.condition }).first().click();
  await shows('tree node', worst.filter, { rows: Number(worst.size), errors: worst.error, 'error-rate': worst.errorRate,
                                           'error-coverage': worst.errorCoverage });
  await screenshot('error-analysis-node', section);

  // An inner node, chosen from the keyboard's list.
  const inner = nodes.get(nodes.get(0).rightChild);
  await section.locator('.ea-tree-list summary').click();
  await section.locator(`button.ea-node[data-node-id="${inner.id}"]`).click();
  await shows('tree node', inner.filter, { rows: Number(inner.size), errors: inner.error, 'error-rate': inner.errorRate });

  // The heat map by age and sex; a cell clicked on its label, the worst one whose label is its own (the largest
  // rate is also the colour scale's end).
  const map = analysis.heatMap;
  assert.deepEqual(map.features, ['age', 'sex']);
  const label = (c) => (c.errorRate ?? 0).toFixed(4);
  const largest = Math.max(...map.cells.map((c) => c.errorRate ?? 0));
  const cell = [...map.cells].sort((a, b) => (b.errorRate ?? 0) - (a.errorRate ?? 0))
    .find((c) => c.errorRate !== largest && map.cells.filter((other) => label(other) === label(c)).length === 1);
  await section.locator('.ea-heatmap svg').getByText(label(cell), { exact: true }).click();
  await shows('heat-map cell', cell.filter, { rows: Number(cell.count), errors: cell.error, 'error-rate': cell.errorRate });
  await screenshot('error-analysis-cell', section);

  // The filters shown are cohorts the daemon takes, and select the rows the insight counted.
  const started = await fixture.client.call('CreateRun', { spec: {
    dataset_id: testRun.spec.dataset_id, target_column: 'income', task: 'BINARY_CLASSIFICATION', positive_class: '>50K',
    model: { name: 'adult-xgb' }, analyses: [{ analyzer: 'data_explorer' }],
    cohorts: [{ name: 'worst leaf', filter: worst.filter }, { name: 'inner node', filter: inner.filter },
      { name: 'cell', filter: cell.filter }],
  } });
  const cohorts = await fixture.client.watchRun(started.id);
  assert.equal(cohorts.state, 'SUCCEEDED', cohorts.error);
  assert.deepEqual(await cohortSizes(cohorts.id),
    { 'worst leaf': Number(worst.size), 'inner node': Number(inner.size), cell: Number(cell.count) });
});
