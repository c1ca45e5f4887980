// A real glassboxd of this build on an ephemeral 127.0.0.1 port with a fresh
// data folder, for the Node.js client test. Reads GLASSBOX_BINARY_DIR.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { once } = require('node:events');
const { setTimeout: sleep } = require('node:timers/promises');

const START_MILLISECONDS = 30000;

async function startDaemon() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'glassbox-client-test-'));
  const portFile = path.join(folder, 'port');
  const log = fs.openSync(path.join(folder, 'glassboxd.log'), 'w');
  const child = spawn(path.join(process.env.GLASSBOX_BINARY_DIR, 'bin', 'glassboxd'),
    ['--listen=127.0.0.1:0', `--port_file=${portFile}`, `--data_dir=${path.join(folder, 'data')}`],
    { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const [code] = await exited;
    fs.rmSync(folder, { recursive: true, force: true });
    return code;
  };
  const deadline = Date.now() + START_MILLISECONDS;
  while (!fs.existsSync(portFile)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const output = fs.readFileSync(path.join(folder, 'glassboxd.log'), 'utf8');
      await stop();
      throw new Error(`glassboxd did not start: ${output}`);
    }
    await sleep(20);
  }
  return { address: `127.0.0.1:${fs.readFileSync(portFile, 'utf8').trim()}`, stop };
}

module.exports = { startDaemon };
