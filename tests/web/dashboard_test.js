// The dashboard in a real browser: Debian's Chromium, headless, driven by
// playwright-core, against a real glassboxd of this build serving the built
// dashboard, with a real Adult run (adult_test_scored.csv and its prediction
// columns). It opens the runs list, opens the run, reads the model overview's
// accuracy and compares it with the API's value for the same block; axe-core
// finds no serious or critical accessibility violation on either page. Each
// page's screenshot goes to <build>/artifacts/web/ for a person to look at.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const { createRequire } = require('node:module');

const SOURCE_DIR = path.join(__dirname, '..', '..');
const webRequire = createRequire(path.join(SOURCE_DIR, 'clients', 'web', 'package.json'));
const { chromium } = webRequire('playwright-core');
const AXE = webRequire.resolve('axe-core/axe.min.js');
const { Client } = require(path.join(SOURCE_DIR, 'clients', 'node', 'client.js'));
const { startDaemon } = require(path.join(SOURCE_DIR, 'tests', 'clients', 'glassbox_daemon.js'));

const ARTIFACTS = path.join(process.env.GLASSBOX_BINARY_DIR, 'artifacts', 'web');
const CHROMIUM = process.env.GLASSBOX_CHROMIUM || '/usr/bin/chromium';

async function seriousViolations(page) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('the runs list and a run show the API\'s numbers, accessibly', async (t) => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const daemon = await startDaemon({ http: true });
  t.after(() => daemon.stop());
  const client = new Client({ address: daemon.address });
  t.after(() => client.close());
  const dataset = await client.uploadFile(path.join(process.env.GLASSBOX_DATASETS_DIR, 'adult_test_scored.csv'));
  const created = await client.call('CreateRun', { spec: {
    dataset_id: dataset.id, target_column: 'income', task: 'BINARY_CLASSIFICATION', positive_class: '>50K',
    display_name: 'Adult census, scored', predictions: { prediction_column: 'prediction', probability_columns: ['probability'] },
    analyses: [{ analyzer: 'model_overview' }, { analyzer: 'data_explorer' }],
    cohorts: [{ name: 'older', filter: 'age > 40' }],
  } });
  const run = await client.watchRun(created.id);
  assert.equal(run.state, 'SUCCEEDED', run.error);

  // The value to find on the page, as the API gives it over HTTP: the model overview's accuracy on all rows.
  const base = `http://127.0.0.1:${daemon.httpPort}`;
  const answer = await fetch(`${base}/glassbox.v1.Glassbox/ListInsights`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ runId: run.id }),
  });
  assert.equal(answer.status, 200);
  const overview = (await answer.json()).insights.find((insight) => insight.analyzer === 'model_overview');
  const accuracy = overview.blocks.map((block) => block.metric)
    .find((metric) => metric && metric.name === 'accuracy_score' && !metric.cohort);
  assert.ok(accuracy, 'the model overview reports accuracy on all rows');

  // CI runs as root, and Chromium refuses to start its sandbox as root: --no-sandbox there.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: process.getuid() === 0 ? ['--no-sandbox'] : [] });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const failures = [];
  page.on('pageerror', (error) => failures.push(error.message));
  // Nothing but the daemon's own origin is asked for.
  page.on('request', (request) => { if (!request.url().startsWith(base)) failures.push(`fetched ${request.url()}`); });

  await page.goto(`${base}/`);
  const row = page.locator(`table.runs tr[data-run-id="${run.id}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /succeeded/);
  assert.match(await row.textContent(), /Adult census, scored/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'runs.png'), fullPage: true });
  assert.deepEqual(await seriousViolations(page), []);

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
  await page.screenshot({ path: path.join(ARTIFACTS, 'run.png'), fullPage: true });
  assert.deepEqual(await seriousViolations(page), []);
  assert.deepEqual(failures, []);
});
