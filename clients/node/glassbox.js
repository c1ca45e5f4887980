#!/usr/bin/env node
// glassbox.js: a command-line client of glassboxd in Node.js. Errors print as one
// line "glassbox: CODE: message" and exit 1 (2 for a usage error).
'use strict';

const fs = require('node:fs');
const { Client, GlassboxError, toStruct } = require('./client');

const USAGE = `usage: glassbox.js COMMAND [ARGS] [--address HOST:PORT] [--token TOKEN | --token-file FILE]
                   [--tls-ca FILE.pem]

  analyzers                        list the loaded analyzers and their parameters
  upload FILE.csv [--name NAME]    upload a dataset; prints its id
  datasets [--json]                the datasets, with their rows and columns
  register NAME --oip HOST:PORT --features A,B,... [--model-name NAME] [--model-version V]
      [--classes C1,C2,...] [--categories FILE.json] [--task binary|multiclass|regression]
                                   register a model served over the Open Inference Protocol;
                                   FILE.json is {"feature": [values in the model's code order]}
  models [--json]                  the latest version of each model
  run --dataset ID --target COLUMN [--task binary|multiclass|regression]
      (--prediction COLUMN [--probability COLUMN]... | --model NAME[@VERSION]) [--positive-class LABEL]
      --analyzer NAME[=JSON_PARAMS]... [--cohort NAME:FILTER]... [--scorecard-config FILE.json] [--watch]
  watch RUN                        follow a run's progress until it ends
  runs [--dataset ID] [--state queued|running|succeeded|failed|cancelled|interrupted] [FILTERS] [--json]
                                   runs, newest first
  show RUN [--json]                a run's metrics (with --json: the run and its insights)
  scorecard RUN --config FILE.json -o OUT.pdf   issue a scorecard (Azure ML pdf_gen.json) and save it
  scorecards [--run RUN] [FILTERS] [--json]     scorecards, newest first
  download SCORECARD_ID -o OUT.pdf the archived PDF, byte for byte

upload, register, run, datasets, models, runs and scorecards take --project PROJECT (else $GLASSBOX_PROJECT): the project
to create in (default: "default") or to list (default: every project the caller may read).

FILTERS: --model NAME[@VERSION] --creator PRINCIPAL --since DATE --until DATE
  --verdict met|not-met|no-targets (a run's verdict is its latest scorecard's; no scorecard: no-targets).
  DATE is YYYY-MM-DD (UTC; --until includes that day) or RFC 3339, e.g. 2024-05-01T12:00:00Z.

The address, token and TLS roots default to $GLASSBOX_ADDRESS (else 127.0.0.1:50051),
$GLASSBOX_TOKEN or $GLASSBOX_TOKEN_FILE, and $GLASSBOX_TLS_CA.
`;

const TASKS = { binary: 'BINARY_CLASSIFICATION', multiclass: 'MULTICLASS_CLASSIFICATION', regression: 'REGRESSION' };
const SWITCHES = new Set(['watch', 'json', 'help']);

class UsageError extends Error {}

// "--flag value", "--flag=value" and "-o value"; every flag may repeat.
function parseArgs(argv) {
  const positional = [];
  const flags = new Map();
  for (let i = 0; i < argv.length; ++i) {
    const match = /^--?([^=]+)(?:=(.*))?$/s.exec(argv[i]);
    if (!match) {
      positional.push(argv[i]);
      continue;
    }
    const [, name, inline] = match;
    let value = inline;
    if (value === undefined && !SWITCHES.has(name)) {
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
      value = argv[++i];
    }
    flags.set(name, [...(flags.get(name) || []), value ?? true]);
  }
  return {
    command: positional.shift(),
    positional,
    has: (name) => flags.has(name),
    get: (name, fallback) => (flags.has(name) ? flags.get(name).at(-1) : fallback),
    all: (name) => flags.get(name) || [],
    require(name) {
      if (!flags.has(name)) throw new UsageError(`'${this.command}' needs --${name}`);
      return this.get(name);
    },
    argument(what) {
      if (positional.length === 0) throw new UsageError(`'${this.command}' needs ${what}`);
      return positional[0];
    },
  };
}

function readJsonFile(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new GlassboxError('INVALID_ARGUMENT', `cannot read ${file}: ${error.message}`);
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new GlassboxError('INVALID_ARGUMENT', `${file} is not JSON: ${error.message}`);
  }
  return text;
}

function analysisSpec(argument) {
  const equals = argument.indexOf('=');
  if (equals < 0) return { analyzer: argument };
  let params;
  try {
    params = JSON.parse(argument.slice(equals + 1));
  } catch (error) {
    throw new UsageError(`--analyzer ${argument}: the parameters are not a JSON object: ${error.message}`);
  }
  return { analyzer: argument.slice(0, equals), params: toStruct(params) };
}

function cohort(argument) {
  const colon = argument.indexOf(':');
  if (colon < 1) throw new UsageError(`--cohort ${argument}: write NAME:FILTER, e.g. 'older:age > 40'`);
  return { name: argument.slice(0, colon), filter: argument.slice(colon + 1) };
}

// --state takes the word in any case, as the glassbox CLI does: running, RUNNING.
const RUN_STATES = new Set(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'INTERRUPTED']);
const VERDICTS = { met: 'TARGETS_MET', 'not-met': 'TARGETS_NOT_MET', 'no-targets': 'NO_TARGETS' };
const DAY_MS = 24 * 60 * 60 * 1000;

// --since / --until as a Timestamp: a day is its first instant in UTC, and as
// the end of the range the first instant after it.
function dateFlag(args, flag, isEnd) {
  const text = args.get(flag);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(text);
  let ms = day || rfc3339 ? Date.parse(day ? `${text}T00:00:00Z` : text) : NaN;
  if (Number.isNaN(ms)) {
    throw new UsageError(`--${flag} '${text}' is not a date; use YYYY-MM-DD (UTC) or an RFC 3339 time such as ` +
      '2024-05-01T12:00:00Z');
  }
  if (day && isEnd) ms += DAY_MS;
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 };
}

// --project, else $GLASSBOX_PROJECT; '' lets the daemon choose.
function project(args) {
  return args.get('project', process.env.GLASSBOX_PROJECT || '');
}

// The filters runs and scorecards share, as request fields.
function historyFilters(args) {
  const filters = { creator: args.get('creator', ''), project: project(args) };
  if (args.has('model')) {
    const [name, version = ''] = args.get('model').split('@');
    Object.assign(filters, { model_name: name, model_version: version });
  }
  if (args.has('since')) filters.since = dateFlag(args, 'since', false);
  if (args.has('until')) filters.until = dateFlag(args, 'until', true);
  if (args.has('verdict')) {
    filters.verdict = VERDICTS[args.get('verdict')];
    if (!filters.verdict) throw new UsageError(`--verdict ${args.get('verdict')}: use met, not-met or no-targets`);
  }
  return filters;
}

function describeScorecard(card) {
  const verdict = { PASS: 'all targets met', FAIL: 'targets not met' }[card.verdict] ?? 'no targets';
  return `${card.id}  run ${card.run_id}  ${verdict} (${card.targets_met} of ${card.target_count})  ` +
    `${card.page_count} pages  sha256 ${card.sha256}  by ${card.creator}`;
}

function describeModel(model) {
  const classes = model.class_labels.length ? `  classes ${model.class_labels.join(', ')}` : '';
  return `${model.name}@${model.version}  ${model.format}  ${model.task}  ${model.feature_names.length} features` +
    `${classes}  project ${model.project}`;
}

// "a,b,c" as ['a', 'b', 'c'].
function listFlag(text) {
  return String(text).split(',').map((item) => item.trim()).filter(Boolean);
}

function progressLine(fraction, message) {
  const width = 40;
  const filled = Math.round(Math.min(Math.max(fraction, 0), 1) * width);
  const percent = String(Math.round(fraction * 100)).padStart(3);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}%  ${message}`;
}

async function follow(client, runId) {
  let last;
  const tty = process.stderr.isTTY;
  const run = await client.watchRun(runId, (event) => {
    const line = progressLine(event.progress, event.message);
    if (tty) process.stderr.write(`\r\x1b[K${line}`);
    else if (line !== last) process.stderr.write(`${line}\n`);
    last = line;
  });
  if (tty && last !== undefined) process.stderr.write('\n');
  console.log(`${run.id} ${run.state}${run.error ? `: ${run.error}` : ''}`);
  return run.state === 'SUCCEEDED' ? 0 : 1;
}

function formatValue(block) {
  const metric = block.metric;
  const target = metric.target ? `  target ${metric.target.comparison} ${metric.target.value}` : '';
  const verdict = metric.verdict !== 'VERDICT_UNSPECIFIED' ? `  ${metric.verdict}` : '';
  return `${Number(metric.value).toPrecision(6)}${target}${verdict}`;
}

const COMMANDS = {
  async analyzers(client) {
    const analyzers = await client.listAnalyzers();
    for (const analyzer of analyzers) {
      console.log(`${analyzer.name} ${analyzer.version}  ${analyzer.description}`);
      for (const parameter of analyzer.parameters) {
        const required = parameter.required ? ', required' : '';
        console.log(`  ${parameter.name} (${parameter.type}${required})  ${parameter.description}`);
      }
    }
    return 0;
  },

  async datasets(client, args) {
    const datasets = await client.listDatasets({ project: project(args) });
    if (args.has('json')) {
      console.log(JSON.stringify(datasets, null, 2));
      return 0;
    }
    for (const dataset of datasets) {
      console.log(`${dataset.id}  ${dataset.display_name}  ${dataset.row_count} rows, ${dataset.columns.length} ` +
        `columns  project ${dataset.project}  by ${dataset.creator}`);
    }
    return 0;
  },

  async register(client, args) {
    const name = args.argument('a model name');
    const endpoint = args.require('oip');
    const task = args.get('task', 'binary');
    if (!TASKS[task]) throw new UsageError(`--task ${task}: use binary, multiclass or regression`);
    const features = listFlag(args.require('features'));
    if (features.length === 0) throw new UsageError('--features is empty: name the input columns in the model\'s order');
    const categories = args.has('categories') ? JSON.parse(readJsonFile(args.get('categories'))) : {};
    const model = await client.registerRemote(name, endpoint, features, {
      modelName: args.get('model-name', name),
      modelVersion: args.get('model-version', ''),
      classLabels: args.has('classes') ? listFlag(args.get('classes')) : [],
      categories,
      task: TASKS[task],
      project: project(args),
    });
    console.log(describeModel(model));
    console.log(`  features: ${model.feature_names.join(', ')}`);
    return 0;
  },

  async models(client, args) {
    const models = await client.listModels({ project: project(args) });
    if (args.has('json')) {
      console.log(JSON.stringify(models, null, 2));
      return 0;
    }
    for (const model of models) console.log(describeModel(model));
    return 0;
  },

  async upload(client, args) {
    const file = args.argument('a CSV file');
    const header = { project: project(args), ...(args.has('name') ? { display_name: args.get('name') } : {}) };
    const dataset = await client.uploadFile(file, header);
    console.log(`${dataset.id} ${dataset.row_count} rows, ${dataset.columns.length} columns`);
    return 0;
  },

  async run(client, args) {
    const task = args.get('task', 'binary');
    if (!TASKS[task]) throw new UsageError(`--task ${task}: use binary, multiclass or regression`);
    const spec = {
      dataset_id: args.require('dataset'),
      target_column: args.require('target'),
      task: TASKS[task],
      positive_class: args.get('positive-class', ''),
      analyses: args.all('analyzer').map(analysisSpec),
      cohorts: args.all('cohort').map(cohort),
    };
    if (spec.analyses.length === 0) throw new UsageError("'run' needs at least one --analyzer");
    if (args.has('model')) {
      const [name, version = ''] = args.get('model').split('@');
      spec.model = { name, version };
    } else {
      spec.predictions = {
        prediction_column: args.require('prediction'),
        probability_columns: args.all('probability'),
      };
    }
    if (args.has('scorecard-config')) spec.scorecard_config = readJsonFile(args.get('scorecard-config'));
    const run = await client.call('CreateRun', { spec, project: project(args) });
    console.log(run.id);
    return args.has('watch') ? follow(client, run.id) : 0;
  },

  async watch(client, args) {
    return follow(client, args.argument('a run id'));
  },

  async runs(client, args) {
    const state = args.has('state') ? String(args.get('state')).toUpperCase() : 'RUN_STATE_UNSPECIFIED';
    if (args.has('state') && !RUN_STATES.has(state)) {
      throw new UsageError(`--state ${args.get('state')}: use queued, running, succeeded, failed, cancelled or ` +
        'interrupted');
    }
    const request = { dataset_id: args.get('dataset', ''), state, ...historyFilters(args) };
    const runs = await client.listRuns(request);
    if (args.has('json')) {
      console.log(JSON.stringify(runs, null, 2));
      return 0;
    }
    for (const run of runs) {
      console.log(`${run.id}  ${run.state}  dataset ${run.spec.dataset_id}  ${run.analyses.length} analyses  ` +
        `by ${run.creator}`);
    }
    return 0;
  },

  async scorecards(client, args) {
    const request = { run_id: args.get('run', ''), ...historyFilters(args) };
    const scorecards = await client.listScorecards(request);
    if (args.has('json')) {
      console.log(JSON.stringify(scorecards, null, 2));
      return 0;
    }
    for (const card of scorecards) console.log(describeScorecard(card));
    return 0;
  },

  async show(client, args) {
    const id = args.argument('a run id');
    const run = await client.call('GetRun', { id });
    const insights = await client.listAll('ListInsights', { run_id: id }, 'insights');
    if (args.has('json')) {
      for (const insight of insights) insight.payload = { type_url: insight.payload?.type_url };
      console.log(JSON.stringify({ run, insights }, null, 2));
      return 0;
    }
    console.log(`${run.id} ${run.state}${run.error ? `: ${run.error}` : ''}`);
    for (const insight of insights) {
      console.log(insight.analyzer);
      for (const block of insight.blocks.filter((b) => b.content === 'metric')) {
        const cohortName = block.metric.cohort ? ` [${block.metric.cohort}]` : '';
        console.log(`  ${block.title}${cohortName}: ${formatValue(block)}`);
      }
    }
    return 0;
  },

  async scorecard(client, args) {
    const runId = args.argument('a run id');
    const output = args.require('o');
    const configJson = readJsonFile(args.require('config'));
    const created = await client.call('CreateScorecard', { run_id: runId, config_json: configJson });
    return save(client, created.id, output);
  },

  async download(client, args) {
    return save(client, args.argument('a scorecard id'), args.require('o'));
  },
};

async function save(client, scorecardId, output) {
  const { scorecard, pdf } = await client.downloadScorecard(scorecardId);
  try {
    fs.writeFileSync(output, pdf);
  } catch (error) {
    throw new GlassboxError('INVALID_ARGUMENT', `cannot write ${output}: ${error.message}`);
  }
  const { target_count: count, targets_met: met } = scorecard;
  const targets = count > 0 ? `, ${met} of ${count} targets met` : '';
  console.log(`${scorecard.id} ${scorecard.verdict}${targets}: ${pdf.length} bytes to ${output}`);
  return 0;
}

async function main(argv) {
  let client;
  try {
    const args = parseArgs(argv);
    const command = COMMANDS[args.command];
    if (!command) {
      process.stderr.write(USAGE);
      return args.command === undefined || args.command === 'help' || args.has('help') ? 0 : 2;
    }
    client = new Client({
      address: args.get('address'),
      token: args.get('token'),
      tokenFile: args.get('token-file'),
      tlsCa: args.get('tls-ca'),
    });
    return await command(client, args);
  } catch (error) {
    if (!(error instanceof GlassboxError || error instanceof UsageError)) throw error;
    process.stderr.write(`glassbox: ${error.message}\n`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    client?.close();
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
