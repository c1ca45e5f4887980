// A small Node.js client of glassboxd: the API's .proto files are loaded at run
// time from the checkout's proto/ folder. Where the daemon is comes from the
// options, else GLASSBOX_ADDRESS (default 127.0.0.1:50051); a bearer token from
// GLASSBOX_TOKEN or GLASSBOX_TOKEN_FILE; TLS root certificates from GLASSBOX_TLS_CA.
// Every failure is a GlassboxError whose message is one line "CODE: message".
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { once } = require('node:events');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const DEFAULT_ADDRESS = '127.0.0.1:50051';
const PROTO_DIR = path.join(__dirname, '..', '..', 'proto');
const CHUNK_BYTES = 1 << 20;
const MAX_MESSAGE_BYTES = 256 << 20;

const STATUS_NAMES = Object.fromEntries(Object.entries(grpc.status).map(([name, code]) => [code, name]));

class GlassboxError extends Error {
  constructor(code, message) {
    super(`${code}: ${String(message).split(/\r?\n/).join(' ')}`);
    this.name = 'GlassboxError';
    this.code = code;
    this.details = message;
  }
}

function fromRpcError(error) {
  if (error instanceof GlassboxError || error.code === undefined) return error;
  return new GlassboxError(STATUS_NAMES[error.code] || 'UNKNOWN', (error.details || error.message).trim());
}

function readFile(file, what) {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new GlassboxError('INVALID_ARGUMENT', `cannot read the ${what} ${file}: ${error.message}`);
  }
}

// Options win over the environment.
function resolveConnection(options = {}, env = process.env) {
  let token = options.token ?? env.GLASSBOX_TOKEN;
  const tokenFile = options.tokenFile ?? (token === undefined ? env.GLASSBOX_TOKEN_FILE : undefined);
  if (tokenFile) token = readFile(tokenFile, 'token file').toString().trim();
  const tlsCa = options.tlsCa ?? env.GLASSBOX_TLS_CA;
  return {
    address: options.address || env.GLASSBOX_ADDRESS || DEFAULT_ADDRESS,
    token: token || undefined,
    rootCertificates: tlsCa ? readFile(tlsCa, 'TLS root certificates') : undefined,
  };
}

let serviceConstructor;
function glassboxService() {
  if (!serviceConstructor) {
    const definition = protoLoader.loadSync('glassbox/v1/service.proto', {
      includeDirs: [PROTO_DIR],
      keepCase: true,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    serviceConstructor = grpc.loadPackageDefinition(definition).glassbox.v1.Glassbox;
  }
  return serviceConstructor;
}

// A JSON-like value as a google.protobuf.Value / Struct in proto-loader's object
// form. protobufjs defines the well-known types itself, with camelCase fields.
function toValue(value) {
  if (value === null || value === undefined) return { nullValue: 'NULL_VALUE' };
  if (Array.isArray(value)) return { listValue: { values: value.map(toValue) } };
  switch (typeof value) {
    case 'number': return { numberValue: value };
    case 'string': return { stringValue: value };
    case 'boolean': return { boolValue: value };
    default: return { structValue: toStruct(value) };
  }
}

function toStruct(object) {
  return { fields: Object.fromEntries(Object.entries(object || {}).map(([key, value]) => [key, toValue(value)])) };
}

class Client {
  constructor(options = {}) {
    this.connection = resolveConnection(options);
    const credentials = this.connection.rootCertificates
      ? grpc.credentials.createSsl(this.connection.rootCertificates)
      : grpc.credentials.createInsecure();
    const Service = glassboxService();
    this.stub = new Service(this.connection.address, credentials, {
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    });
  }

  close() {
    this.stub.close();
  }

  metadata() {
    const metadata = new grpc.Metadata();
    if (this.connection.token) metadata.set('authorization', `Bearer ${this.connection.token}`);
    return metadata;
  }

  // A unary call; resolves to the response message.
  call(method, request = {}) {
    return new Promise((resolve, reject) => {
      this.stub[method](request, this.metadata(), (error, response) =>
        error ? reject(fromRpcError(error)) : resolve(response));
    });
  }

  // Every page of a List call: the `field` items of each page, in order.
  async listAll(method, request, field) {
    const items = [];
    let pageToken = '';
    do {
      const response = await this.call(method, { ...request, page_token: pageToken });
      items.push(...response[field]);
      pageToken = response.next_page_token;
    } while (pageToken);
    return items;
  }

  // The lists Python's client has (its datasets, models, model_versions, analyzers, runs, scorecards, Run.insights
  // and audit_events). `project` '' (the default) lists every project the caller may read.
  listAnalyzers() {
    return this.call('ListAnalyzers').then((response) => response.analyzers);
  }

  listDatasets({ project = '' } = {}) {
    return this.listAll('ListDatasets', { project }, 'datasets');
  }

  // The latest version of each model.
  listModels({ project = '' } = {}) {
    return this.listAll('ListModels', { project }, 'models');
  }

  // Every version of the model `name`; `project` '' is "default".
  listModelVersions(name, { project = '' } = {}) {
    return this.listAll('ListModelVersions', { name, project }, 'versions');
  }

  // Newest first; `filters` are ListRunsRequest fields (dataset_id, state, model_name, creator, since, ...).
  listRuns(filters = {}) {
    return this.listAll('ListRuns', filters, 'runs');
  }

  // Newest first; `filters` are ListScorecardsRequest fields (run_id, model_name, creator, since, verdict, ...).
  listScorecards(filters = {}) {
    return this.listAll('ListScorecards', filters, 'scorecards');
  }

  // A run's insights, in the order of its analyses.
  listInsights(runId) {
    return this.listAll('ListInsights', { run_id: runId }, 'insights');
  }

  // The audit log, oldest first; `filters` are ListAuditEventsRequest fields (principal, action,
  // resource_prefix, since, until).
  listAuditEvents(filters = {}) {
    return this.listAll('ListAuditEvents', filters, 'events');
  }

  // A dataset's privacy budget, what its private releases spent and what is left, and the releases (oldest first).
  getPrivacyLedger(datasetId) {
    return this.call('GetPrivacyLedger', { dataset_id: datasetId });
  }

  // Sets a dataset's privacy budget (admin); it must cover what was spent already. `delta` defaults to the default
  // budget's 1e-6. Resolves to the ledger under the new budget.
  setPrivacyBudget(datasetId, { epsilon, delta = 1e-6 }) {
    return this.call('SetPrivacyBudget', { dataset_id: datasetId, budget: { epsilon, delta } });
  }

  // `otherRunId` against the baseline `runId`: every metric both report with its delta (`metrics`), and their
  // features' importance side by side (`features`).
  compareRuns(runId, otherRunId) {
    return this.call('CompareRuns', { run_id: runId, other_run_id: otherRunId });
  }

  // Registers a model served over the Open Inference Protocol (KServe v2 gRPC) at `endpoint` ("host:port"),
  // known to its server as `modelName` (default: `name`). `featureNames`: the columns of its input tensor in
  // order; `categories` ({feature: [values in the model's code order]}); `classLabels` in its output order;
  // `task` a TaskType name. Resolves to the ModelVersion.
  registerRemote(name, endpoint, featureNames, {
    modelName = name, modelVersion = '', classLabels = [], categories = {}, task = 'BINARY_CLASSIFICATION',
    project = '',
  } = {}) {
    return this.call('RegisterModel', {
      name,
      format: 'OPEN_INFERENCE_PROTOCOL',
      remote: { endpoint, model_name: modelName, model_version: modelVersion },
      task,
      feature_names: featureNames,
      class_labels: classLabels,
      categories: Object.fromEntries(Object.entries(categories).map(([feature, values]) => [feature, { values }])),
      project,
    });
  }

  // A server-streaming call as an async iterator of messages.
  async *stream(method, request = {}) {
    const call = this.stub[method](request, this.metadata());
    try {
      for await (const message of call) yield message;
    } catch (error) {
      throw fromRpcError(error);
    }
  }

  // Streams a CSV file: the header, then chunks of at most 1 MiB.
  async uploadFile(file, header = {}) {
    const size = fs.statSync(file, { throwIfNoEntry: false });
    if (!size) throw new GlassboxError('INVALID_ARGUMENT', `cannot read ${file}: no such file`);
    let finish;
    const done = new Promise((resolve, reject) => {
      finish = (error, dataset) => (error ? reject(fromRpcError(error)) : resolve(dataset));
    });
    // Handled here so that a refusal during the writes is not an unhandled rejection; the caller still gets it.
    done.catch(() => {});
    const call = this.stub.UploadDataset(this.metadata(), finish);
    call.write({
      header: { display_name: path.basename(file), format: 'CSV', size_bytes: String(size.size), ...header },
    });
    for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
      if (!call.write({ chunk })) await Promise.race([once(call, 'drain'), done]);
    }
    call.end();
    return done;
  }

  // Follows a run to its end, calling onEvent with each RunEvent; resolves to the final Run.
  async watchRun(runId, onEvent = () => {}) {
    for await (const event of this.stream('WatchRun', { id: runId })) onEvent(event);
    return this.call('GetRun', { id: runId });
  }

  // The archived PDF of a scorecard and its Scorecard resource.
  async downloadScorecard(scorecardId) {
    let scorecard;
    const chunks = [];
    for await (const chunk of this.stream('GetScorecard', { id: scorecardId })) {
      if (chunk.scorecard) scorecard = chunk.scorecard;
      chunks.push(chunk.data);
    }
    return { scorecard, pdf: Buffer.concat(chunks) };
  }
}

module.exports = { Client, GlassboxError, resolveConnection, toStruct, DEFAULT_ADDRESS };
