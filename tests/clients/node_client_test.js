// The Node.js client's glassbox.js against a real glassboxd of this build: lists
// the analyzers, uploads the adult test set, runs data_explorer, downloads a
// scorecard, lists runs and scorecards by their filters, and reports a refusal
// in one line. Run with `node` (node:test);
// reads GLASSBOX_BINARY_DIR and GLASSBOX_DATASETS_DIR.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const { after, before, test } = require('node:test');
const { startDaemon } = require('./glassbox_daemon');

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
