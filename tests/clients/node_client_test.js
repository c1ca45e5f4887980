// The Node.js client's glassbox.js against a real glassboxd of this build: lists
// the analyzers, uploads the adult test set, runs data_explorer, downloads a
// scorecard, lists datasets, models, runs and scorecards, registers a
// scikit-learn model served over the Open Inference Protocol
// (tests/support/oip_server.py) and scores a run with it, and reports a refusal
// in one line; and the client's lists (insights and audit events too), privacy
// ledger and budget, and run comparison. Run with `node` (node:test);
// reads GLASSBOX_BINARY_DIR and GLASSBOX_DATASETS_DIR.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const { after, before, test } = require('node:test');
const { Client, toStruct } = require('../../clients/node/client');
const { startDaemon, startOipServer } = require('./glassbox_daemon');

const CLI = path.join(__dirname, '..', '..', 'clients', 'node', 'glassbox.js');
const DATA = path.join(process.env.GLASSBOX_DATASETS_DIR, 'adult_test_scored.csv');

let daemon;
let folder;

// Runs glassbox.js; resolves to { code, stdout, stderr } whatever the exit code.
async function cli(...args) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args, '--address', daemon.address]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (typeof error.code !== 'number') throw error;
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

async function uploadAndRun(...runFlags) {
  const uploaded = await cli('upload', DATA);
  assert.equal(uploaded.code, 0, uploaded.stderr);
  const datasetId = uploaded.stdout.split(' ')[0];
  const run = await cli('run', '--dataset', datasetId, '--target', 'income', '--prediction', 'prediction',
    '--positive-class', '>50K', '--watch', ...runFlags);
  assert.equal(run.code, 0, run.stderr);
  const runId = run.stdout.split('\n')[0];
  assert.match(run.stdout, new RegExp(`^${runId}\\n${runId} SUCCEEDED\\n$`));
  assert.match(run.stderr, /100%/);
  return { datasetId, uploaded, runId };
}

async function uploadAndRunWithModel(model) {
  const uploaded = await cli('upload', DATA);
  assert.equal(uploaded.code, 0, uploaded.stderr);
  const datasetId = uploaded.stdout.split(' ')[0];
  const run = await cli('run', '--dataset', datasetId, '--target', 'income', '--model', model,
    '--positive-class', '>50K', '--analyzer', 'model_overview', '--watch');
  assert.equal(run.code, 0, run.stderr);
  return { datasetId, runId: run.stdout.split('\n')[0] };
}

before(async () => {
  daemon = await startDaemon();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'glassbox-node-test-'));
});

after(async () => {
  fs.rmSync(folder, { recursive: true, force: true });
  assert.equal(await daemon.stop(), 0, 'glassboxd did not exit cleanly on SIGTERM');
});

test('lists the built-in analyzers with their parameters', async () => {
  const { code, stdout } = await cli('analyzers');
  assert.equal(code, 0);
  for (const name of ['data_explorer', 'model_overview', 'fairness', 'error_analysis']) {
    assert.match(stdout, new RegExp(`^${name} \\d+\\.\\d+\\.\\d+ `, 'm'));
  }
  assert.match(stdout, /^ {2}sensitive_features \(COLUMN_LIST, required\)/m);
});

test('runs data_explorer on the uploaded adult test set', async () => {
  const { uploaded, runId } = await uploadAndRun(
    '--analyzer', 'data_explorer={"features": ["age", "sex"]}', '--cohort', 'women:sex == Female');
  assert.match(uploaded.stdout, /^ds_\S+ 10054 rows, 17 columns\n$/);
  const shown = await cli('show', runId, '--json');
  assert.equal(shown.code, 0, shown.stderr);
  const { insights } = JSON.parse(shown.stdout);
  const tables = Object.fromEntries(insights[0].blocks.filter((b) => b.table).map((b) => [b.title, b.table]));
  const cell = (c) => c.number ?? c.text;
  const rows = (title) => tables[title].rows.map((row) => row.cells.map(cell));
  // pandas 1.5.3 on adult_test_scored.csv: df.age.mean(), (df.sex == 'Female').sum().
  const age = rows('Numeric features').find((row) => row[0] === 'age');
  assert.ok(Math.abs(age[3] - 38.491943505072605) < 1e-9, `mean age ${age[3]}`);
  const women = rows('Categorical features').find((row) => row[1] === 'Female');
  assert.deepEqual(women.slice(0, 3), ['sex', 'Female', 3287]);
  assert.deepEqual(rows('Cohort sizes')[0].slice(0, 3), ['women', 'sex == Female', 3287]);
});

test('downloads a scorecard as a PDF', async () => {
  const { runId } = await uploadAndRun('--probability', 'probability', '--analyzer', 'model_overview');
  const config = path.join(folder, 'targets.json');
  // scikit-learn 1.2.1 accuracy_score(income, prediction) on adult_test_scored.csv is 0.8670: meets >= 0.85.
  fs.writeFileSync(config, JSON.stringify({ Metrics: { accuracy_score: { threshold: '>=0.85' } } }));
  const output = path.join(folder, 'card.pdf');
  const issued = await cli('scorecard', runId, '--config', config, '-o', output);
  assert.equal(issued.code, 0, issued.stderr);
  assert.match(issued.stdout, /^sc_\S+ PASS, 1 of 1 targets met: \d+ bytes to /);
  const pdf = fs.readFileSync(output);
  assert.equal(pdf.subarray(0, 4).toString(), '%PDF');

  const scorecardId = issued.stdout.split(' ')[0];
  const again = path.join(folder, 'again.pdf');
  const downloaded = await cli('download', scorecardId, '-o', again);
  assert.equal(downloaded.code, 0, downloaded.stderr);
  assert.deepEqual(fs.readFileSync(again), pdf);
});

test('lists runs and scorecards by dataset, time and verdict', async () => {
  // Earlier tests ran on the same dataset; they ended before this instant.
  const before = new Date().toISOString();
  const { datasetId, runId } = await uploadAndRun('--probability', 'probability', '--analyzer', 'model_overview');
  const { runId: otherRunId } = await uploadAndRun('--analyzer', 'data_explorer');
  const config = path.join(folder, 'met.json');
  // accuracy_score 0.8670 on adult_test_scored.csv (scikit-learn 1.2.1) meets >= 0.85.
  fs.writeFileSync(config, JSON.stringify({ Metrics: { accuracy_score: { threshold: '>=0.85' } } }));
  const issued = await cli('scorecard', runId, '--config', config, '-o', path.join(folder, 'listed.pdf'));
  assert.equal(issued.code, 0, issued.stderr);
  const scorecardId = issued.stdout.split(' ')[0];
  const idsOf = (stdout) => stdout.split('\n').filter(Boolean).map((line) => line.split('  ')[0]);

  const listed = await cli('runs', '--dataset', datasetId, '--since', before);
  assert.equal(listed.code, 0, listed.stderr);
  // Newest first; the dataset is deduplicated, so both runs are on it.
  assert.deepEqual(idsOf(listed.stdout), [otherRunId, runId]);
  assert.match(listed.stdout, new RegExp(`^${runId}  SUCCEEDED  dataset ${datasetId}  1 analyses  by \\S+$`, 'm'));
  assert.deepEqual(idsOf((await cli('runs', '--dataset', datasetId, '--since', before, '--verdict', 'met')).stdout),
    [runId]);
  assert.deepEqual(idsOf((await cli('runs', '--dataset', datasetId, '--since', before, '--verdict',
    'no-targets')).stdout), [otherRunId]);
  assert.equal((await cli('runs', '--dataset', datasetId, '--until', '2000-01-01')).stdout, '');
  // --state in any case, as the glassbox CLI takes it.
  for (const state of ['succeeded', 'SUCCEEDED']) {
    assert.deepEqual(idsOf((await cli('runs', '--dataset', datasetId, '--since', before, '--state', state)).stdout),
      [otherRunId, runId]);
  }
  assert.equal((await cli('runs', '--dataset', datasetId, '--since', before, '--state', 'running')).stdout, '');
  const badState = await cli('runs', '--state', 'runnin');
  assert.equal(badState.code, 2);
  assert.match(badState.stderr, /^glassbox: --state runnin: use queued, running, succeeded, /);

  const cards = await cli('scorecards', '--run', runId);
  assert.equal(cards.code, 0, cards.stderr);
  assert.match(cards.stdout, new RegExp(`^${scorecardId}  run ${runId}  all targets met \\(1 of 1\\)  \\d+ pages  ` +
    'sha256 [0-9a-f]{64}  by \\S+\\n$'));
  const json = JSON.parse((await cli('scorecards', '--run', runId, '--verdict', 'met', '--json')).stdout);
  assert.deepEqual(json.map((card) => card.id), [scorecardId]);

  const badDate = await cli('runs', '--since', 'yesterday');
  assert.equal(badDate.code, 2);
  assert.match(badDate.stderr, /^glassbox: --since 'yesterday' is not a date; use YYYY-MM-DD \(UTC\) or an RFC 3339 /);
});

test('--project uploads, runs and lists in one project', async () => {
  const uploaded = await cli('upload', DATA, '--project', 'node-team');
  assert.equal(uploaded.code, 0, uploaded.stderr);
  const datasetId = uploaded.stdout.split(' ')[0];
  const run = await cli('run', '--dataset', datasetId, '--target', 'income', '--prediction', 'prediction',
    '--analyzer', 'data_explorer', '--project', 'node-team', '--watch');
  assert.equal(run.code, 0, run.stderr);
  const runId = run.stdout.split('\n')[0];
  const ids = async (project) => (await cli('runs', '--project', project)).stdout.split('\n').map((l) => l.split('  ')[0]);
  assert.ok((await ids('node-team')).includes(runId));
  assert.ok(!(await ids('default')).includes(runId));
  const elsewhere = await cli('run', '--dataset', datasetId, '--target', 'income', '--prediction', 'prediction',
    '--analyzer', 'data_explorer');
  assert.equal(elsewhere.code, 1);
  assert.match(elsewhere.stderr, /^glassbox: NOT_FOUND: dataset '\S+' does not exist/);
});

test('a model served over the Open Inference Protocol registers and scores a run', async () => {
  const server = await startOipServer(['--target=income']);
  try {
    const { card, endpoint } = server;
    const categories = path.join(folder, 'categories.json');
    fs.writeFileSync(categories, JSON.stringify(card.categories));
    const registered = await cli('register', 'adult-logistic', '--oip', endpoint, '--model-name', card.model_name,
      '--features', card.features.join(','), '--classes', card.classes.join(','), '--categories', categories);
    assert.equal(registered.code, 0, registered.stderr);
    assert.equal(registered.stdout, `adult-logistic@1  OPEN_INFERENCE_PROTOCOL  BINARY_CLASSIFICATION  ` +
      `${card.features.length} features  classes ${card.classes.join(', ')}  project default\n` +
      `  features: ${card.features.join(', ')}\n`);

    const { runId } = await uploadAndRunWithModel('adult-logistic');
    const shown = JSON.parse((await cli('show', runId, '--json')).stdout);
    const accuracy = shown.insights[0].blocks.find((b) => b.metric?.name === 'accuracy_score' && !b.metric.cohort);
    // Independent value: scikit-learn's own predict_proba for every row (expected.txt), thresholded at 0.5 on the
    // '>50K' column as a binary classifier's predict does, against the file's income labels.
    const positive = card.classes.indexOf('>50K');
    const labels = fs.readFileSync(DATA, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[14]);
    const predicted = server.expected.map((row) => (row[positive] >= 0.5 ? '>50K' : '<=50K'));
    assert.equal(predicted.length, labels.length);
    const expected = predicted.filter((p, i) => p === labels[i]).length / labels.length;
    assert.ok(Math.abs(accuracy.metric.value - expected) < 1e-12, `accuracy ${accuracy.metric.value} != ${expected}`);

    const missing = await cli('register', 'no-features', '--oip', endpoint, '--features', ',');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^glassbox: --features is empty: name the input columns/);
  } finally {
    await server.stop();
  }
});

test('the client lists datasets, models, model versions, runs, scorecards and analyzers', async () => {
  const client = new Client({ address: daemon.address });
  try {
    const uploaded = await client.uploadFile(DATA, { display_name: 'listed', project: 'node-lists' });
    const { card, endpoint, stop } = await startOipServer(['--target=income']);
    let registered;
    try {
      const options = { modelName: card.model_name, classLabels: card.classes, categories: card.categories,
        project: 'node-lists' };
      registered = await client.registerRemote('listed-model', endpoint, card.features, options);
      // The same model and endpoint again is the same version.
      const again = await client.registerRemote('listed-model', endpoint, card.features, options);
      assert.equal(again.version, registered.version);
      await client.registerRemote('other-model', endpoint, card.features, options);
    } finally {
      await stop();
    }
    assert.equal(registered.version, '1');
    assert.equal(registered.format, 'OPEN_INFERENCE_PROTOCOL');
    assert.deepEqual(registered.remote, { ...registered.remote, endpoint, model_name: card.model_name });
    assert.deepEqual(Object.fromEntries(Object.entries(registered.categories).map(([f, list]) => [f, list.values])),
      card.categories);

    const datasets = await client.listDatasets({ project: 'node-lists' });
    assert.deepEqual(datasets.map((d) => [d.id, d.display_name, d.row_count]), [[uploaded.id, 'listed', '10054']]);
    assert.ok(!(await client.listDatasets({ project: 'default' })).some((d) => d.id === uploaded.id));
    assert.ok((await client.listDatasets()).some((d) => d.id === uploaded.id));

    const models = await client.listModels({ project: 'node-lists' });
    assert.deepEqual(models.map((m) => `${m.name}@${m.version}`).sort(), ['listed-model@1', 'other-model@1']);
    const versions = await client.listModelVersions('listed-model', { project: 'node-lists' });
    assert.deepEqual(versions.map((m) => m.version), ['1']);

    const run = await client.call('CreateRun', { project: 'node-lists', spec: {
      dataset_id: uploaded.id, target_column: 'income', task: 'BINARY_CLASSIFICATION',
      predictions: { prediction_column: 'prediction' }, analyses: [{ analyzer: 'data_explorer' }] } });
    assert.equal((await client.watchRun(run.id)).state, 'SUCCEEDED');
    assert.deepEqual((await client.listRuns({ project: 'node-lists' })).map((r) => r.id), [run.id]);
    assert.deepEqual((await client.listRuns({ project: 'node-lists', state: 'FAILED' })), []);
    assert.deepEqual(await client.listScorecards({ run_id: run.id }), []);
    const analyzers = (await client.listAnalyzers()).map((a) => a.name);
    assert.ok(analyzers.includes('data_explorer') && analyzers.includes('fairness'), analyzers.join(' '));

    const shown = await cli('datasets', '--project', 'node-lists');
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout,
      new RegExp(`^${uploaded.id}  listed  10054 rows, 17 columns  project node-lists  by \\S+\\n$`));
    const listed = await cli('models', '--project', 'node-lists');
    const line = (name) => `${name}@1  OPEN_INFERENCE_PROTOCOL  BINARY_CLASSIFICATION  ${card.features.length} ` +
      `features  classes ${card.classes.join(', ')}  project node-lists`;
    assert.deepEqual(listed.stdout.trim().split('\n').sort(), [line('listed-model'), line('other-model')]);
  } finally {
    client.close();
  }
});

test('the client lists a run\'s insights and the audit events about it', async () => {
  const client = new Client({ address: daemon.address });
  try {
    const uploaded = await client.uploadFile(DATA);
    const run = await client.call('CreateRun', { spec: {
      dataset_id: uploaded.id, target_column: 'income', task: 'BINARY_CLASSIFICATION', positive_class: '>50K',
      predictions: { prediction_column: 'prediction' },
      analyses: [{ analyzer: 'model_overview' }, { analyzer: 'data_explorer' }] } });
    const finished = await client.watchRun(run.id);
    assert.equal(finished.state, 'SUCCEEDED');
    const insights = await client.listInsights(run.id);
    assert.deepEqual(insights.map((i) => i.analyzer), ['model_overview', 'data_explorer']);
    assert.deepEqual(insights.map((i) => i.id), finished.analyses.map((a) => a.insight_id));
    const accuracy = insights[0].blocks.find((b) => b.metric?.name === 'accuracy_score' && !b.metric.cohort);
    // scikit-learn 1.2.1 accuracy_score(income, prediction) on adult_test_scored.csv.
    assert.ok(Math.abs(accuracy.metric.value - 0.8670181022478616) < 1e-12, `accuracy ${accuracy.metric.value}`);

    const events = await client.listAuditEvents({ action: 'CreateRun', resource_prefix: `runs/${run.id}` });
    assert.deepEqual(events.map((e) => [e.resource, e.outcome]), [[`runs/${run.id}`, 'OK']]);
    const all = await client.listAuditEvents();
    const sequences = all.map((e) => Number(e.sequence));
    assert.deepEqual(sequences, [...sequences].sort((a, b) => a - b));
    assert.deepEqual(await client.listAuditEvents({ since: { seconds: '4102444800' } }), []);
  } finally {
    client.close();
  }
});

test('the client reads and sets a dataset\'s privacy budget', async () => {
  const client = new Client({ address: daemon.address });
  try {
    // Rows of their own, so that no other test's releases share this dataset's budget.
    const rows = path.join(folder, 'privacy.csv');
    fs.writeFileSync(rows, fs.readFileSync(DATA, 'utf8').split('\n').slice(0, 3001).join('\n') + '\n');
    const dataset = await client.uploadFile(rows);
    const fresh = await client.getPrivacyLedger(dataset.id);
    // The default budget of a new dataset (proto/glassbox/v1/dataset.proto); amounts in units of 1e-9 and 1e-18.
    assert.equal(fresh.budget.epsilon, 1);
    assert.ok(Math.abs(fresh.budget.delta - 1e-6) < 1e-18, `delta ${fresh.budget.delta}`);
    assert.deepEqual(fresh.releases, []);

    const params = { privacy_epsilon: 0.3, bounds: ['age=17..90'], categories: ['sex=Female|Male'],
      sensitive_features: ['sex'] };
    const spec = { dataset_id: dataset.id, target_column: 'income', task: 'BINARY_CLASSIFICATION',
      predictions: { prediction_column: 'prediction' },
      analyses: [{ analyzer: 'private_data_explorer', params: toStruct(params) }] };
    const run = await client.call('CreateRun', { spec });
    assert.equal((await client.watchRun(run.id)).state, 'SUCCEEDED');
    const ledger = await client.getPrivacyLedger(dataset.id);
    assert.ok(Math.abs(ledger.spent.epsilon - 0.3) < 1e-9, `spent ${ledger.spent.epsilon}`);
    assert.deepEqual(ledger.releases.map((r) => [r.run_id, r.analysis_index, r.analyzer, r.mechanism, r.principal]),
      [[run.id, 0, 'private_data_explorer', 'laplace', 'local']]);

    const lowered = await client.setPrivacyBudget(dataset.id, { epsilon: 0.5 });
    assert.equal(lowered.budget.epsilon, 0.5);
    assert.ok(Math.abs(lowered.remaining.epsilon - 0.2) < 1e-9, `left ${lowered.remaining.epsilon}`);
    assert.equal(lowered.budget_set_by, 'local');
    await assert.rejects(client.setPrivacyBudget(dataset.id, { epsilon: 0.1 }), { code: 'FAILED_PRECONDITION' });
    await assert.rejects(client.call('CreateRun', { spec }),
      (error) => error.code === 'RESOURCE_EXHAUSTED' && /has epsilon 0\.2, delta 1e-06 left/.test(error.message));

    // A budget of its own at upload: any DatasetHeader field passes through uploadFile.
    const small = path.join(folder, 'small.csv');
    fs.writeFileSync(small, fs.readFileSync(DATA, 'utf8').split('\n').slice(0, 101).join('\n') + '\n');
    const budgeted = await client.uploadFile(small, { privacy_budget: { epsilon: 0.25, delta: 0 } });
    assert.deepEqual((await client.getPrivacyLedger(budgeted.id)).budget, { epsilon: 0.25, delta: 0 });
  } finally {
    client.close();
  }
});

test('the client compares two runs metric by metric', async () => {
  const client = new Client({ address: daemon.address });
  try {
    const head = path.join(folder, 'head.csv');
    const lines = fs.readFileSync(DATA, 'utf8').trim().split('\n');
    fs.writeFileSync(head, lines.slice(0, 4001).join('\n') + '\n');
    const runOn = async (file) => {
      const dataset = await client.uploadFile(file);
      const run = await client.call('CreateRun', { spec: {
        dataset_id: dataset.id, target_column: 'income', task: 'BINARY_CLASSIFICATION', positive_class: '>50K',
        predictions: { prediction_column: 'prediction', probability_columns: ['probability'] },
        analyses: [{ analyzer: 'model_overview' }] } });
      assert.equal((await client.watchRun(run.id)).state, 'SUCCEEDED');
      return run.id;
    };
    const baseline = await runOn(DATA);
    const other = await runOn(head);
    const comparison = await client.compareRuns(baseline, other);
    assert.deepEqual([comparison.run.id, comparison.other_run.id], [baseline, other]);
    // Independent of the daemon: the share of rows whose prediction (column 16) is the income (column 14).
    const share = (rows) => rows.filter((l) => l.split(',')[16] === l.split(',')[14]).length / rows.length;
    const accuracy = comparison.metrics.find((m) => m.name === 'accuracy_score' && !m.cohort);
    assert.ok(Math.abs(accuracy.value - share(lines.slice(1))) < 1e-12, `baseline ${accuracy.value}`);
    assert.ok(Math.abs(accuracy.other_value - share(lines.slice(1, 4001))) < 1e-12, `other ${accuracy.other_value}`);
    assert.equal(accuracy.delta, accuracy.other_value - accuracy.value);
    assert.equal(accuracy.direction, 'HIGHER_IS_BETTER');
    assert.equal(accuracy.change, accuracy.delta > 0 ? 'IMPROVED' : 'WORSENED');
    assert.deepEqual(comparison.features, []);
    await assert.rejects(client.compareRuns(baseline, 'not a run'),
      (error) => error.code === 'INVALID_ARGUMENT' && /other_run_id/.test(error.message));
  } finally {
    client.close();
  }
});

test('a refused call prints one line', async () => {
  const { code, stdout, stderr } = await cli('run', '--dataset', 'ds_00000000000000000000beef', '--target', 'income',
    '--prediction', 'prediction', '--analyzer', 'data_explorer');
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.match(stderr, /^glassbox: NOT_FOUND: [^\n]*ds_00000000000000000000beef[^\n]*\n$/);
});

test('a bad flag is a usage error in one line', async () => {
  const { code, stderr } = await cli('run', '--dataset', 'x', '--target', 'income', '--prediction', 'p',
    '--analyzer', 'data_explorer={not json');
  assert.equal(code, 2);
  assert.match(stderr, /^glassbox: --analyzer data_explorer=\{not json: the parameters are not a JSON object: .*\n$/);
});
