// A real glassboxd of this build on an ephemeral 127.0.0.1 port with a fresh
// data folder, and the Open Inference Protocol test server of a scikit-learn
// model (tests/support/oip_server.py), for the Node.js client test. Reads
// GLASSBOX_BINARY_DIR and GLASSBOX_DATASETS_DIR.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { once } = require('node:events');
const { setTimeout: sleep } = require('node:timers/promises');

const START_MILLISECONDS = 30000;
// The OIP server trains its model on adult.csv before it listens.
const OIP_START_MILLISECONDS = 120000;
const SOURCE_DIR = path.join(__dirname, '..', '..');

// Spawns `command` logging into a fresh folder and waits for it to write `port` there.
async function startListening(command, args, startMilliseconds) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'glassbox-client-test-'));
  const portFile = path.join(folder, 'port');
  const logPath = path.join(folder, 'output.log');
  const log = fs.openSync(logPath, 'w');
  const child = spawn(command, args(folder), { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const [code] = await exited;
    fs.rmSync(folder, { recursive: true, force: true });
    return code;
  };
  const deadline = Date.now() + startMilliseconds;
  while (!fs.existsSync(portFile)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const output = fs.readFileSync(logPath, 'utf8');
      await stop();
      throw new Error(`${path.basename(command)} did not start: ${output}`);
    }
    await sleep(20);
  }
  return { folder, port: fs.readFileSync(portFile, 'utf8').trim(), stop };
}

// With `http`, the dashboard's HTTP port too (on a free port, as httpPort); without, none, so that daemons of
// tests running at once never meet on the default 8080.
async function startDaemon({ http = false } = {}) {
  const { folder, port, stop } = await startListening(path.join(process.env.GLASSBOX_BINARY_DIR, 'bin', 'glassboxd'),
    (folder) => ['--listen=127.0.0.1:0', `--port_file=${path.join(folder, 'port')}`,
      `--data_dir=${path.join(folder, 'data')}`,
      ...(http ? ['--http_listen=127.0.0.1:0', `--http_port_file=${path.join(folder, 'http_port')}`]
        : ['--http_listen='])], START_MILLISECONDS);
  // glassboxd writes the HTTP port's file before the gRPC one's.
  const httpPort = http ? Number(fs.readFileSync(path.join(folder, 'http_port'), 'utf8').trim()) : 0;
  return { address: `127.0.0.1:${port}`, httpPort, stop };
}

// The server's model card (card.json: model_name, features, categories in code order, classes) and expected
// (expected.txt: scikit-learn's outputs for adult_test_scored.csv's rows, one array per row).
async function startOipServer(extraArgs = []) {
  const datasets = process.env.GLASSBOX_DATASETS_DIR;
  const server = await startListening('/usr/bin/python3', (folder) => [
    path.join(SOURCE_DIR, 'tests', 'support', 'oip_server.py'), `--proto-dir=${path.join(SOURCE_DIR, 'proto')}`,
    `--train-csv=${path.join(datasets, 'adult.csv')}`, `--score-csv=${path.join(datasets, 'adult_test_scored.csv')}`,
    `--out-dir=${folder}`, ...extraArgs], OIP_START_MILLISECONDS);
  const read = (name) => fs.readFileSync(path.join(server.folder, name), 'utf8');
  return {
    endpoint: `127.0.0.1:${server.port}`,
    card: JSON.parse(read('card.json')),
    expected: read('expected.txt').trim().split('\n').map((line) => line.trim().split(/\s+/).map(Number)),
    stop: server.stop,
  };
}

module.exports = { startDaemon, startOipServer };
