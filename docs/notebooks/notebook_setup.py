"""What every notebook here starts with: the glassbox package of the build on the import path, the datasets'
folder, and a glassboxd to talk to.

Environment (each optional):
  GLASSBOX_ADDRESS       a running glassboxd to use instead of starting one (notebooks that need their own
                         plugin folder always start one)
  GLASSBOX_BIN_DIR       the folder of glassboxd (default: ../../build/bin from this folder)
  GLASSBOX_PYTHON_DIR    the built Python package's import root (default: <bin>/../clients/python)
  GLASSBOX_DATASETS_DIR  the shared datasets (default: ../../../shared/datasets from this folder)"""

import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
BIN_DIR = pathlib.Path(os.environ.get("GLASSBOX_BIN_DIR", HERE.parents[1] / "build" / "bin")).resolve()
BUILT_IN_PLUGINS = BIN_DIR.parent / "lib" / "glassbox" / "plugins"
DATASETS = pathlib.Path(os.environ.get("GLASSBOX_DATASETS_DIR", HERE.parents[2] / "shared" / "datasets"))
sys.path.insert(0, os.environ.get("GLASSBOX_PYTHON_DIR", str(BIN_DIR.parent / "clients" / "python")))

import glassbox  # noqa: E402  (importable only once the path above is set)

START_SECONDS = 30


class Daemon:
    """A glassboxd of the build on a free 127.0.0.1 port with a temporary data folder, stopped by stop().
    `plugin_dirs` replace the daemon's default plugin folder (give BUILT_IN_PLUGINS too to keep those)."""

    def __init__(self, plugin_dirs=()):
        self._folder = tempfile.TemporaryDirectory(prefix="glassbox-notebook-")
        folder = pathlib.Path(self._folder.name)
        port_file = folder / "port"
        self.log_path = folder / "glassboxd.log"
        command = [str(BIN_DIR / "glassboxd"), "--listen=127.0.0.1:0", "--http_listen=", f"--port_file={port_file}",
                   f"--data_dir={folder / 'data'}"]
        if plugin_dirs:
            command.append("--plugin_dir=" + ",".join(str(path) for path in plugin_dirs))
        with open(self.log_path, "wb") as log:
            self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        deadline = time.monotonic() + START_SECONDS
        while not port_file.exists():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"glassboxd did not start: {self.log_path.read_text()}")
            time.sleep(0.05)
        self.address = f"127.0.0.1:{port_file.read_text().strip()}"

    def stop(self):
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            self._process.wait(timeout=60)
        self._folder.cleanup()


def connect(plugin_dirs=None):
    """A glassbox.Client and the Daemon it talks to: GLASSBOX_ADDRESS's (daemon None) unless `plugin_dirs` is
    given, else a new one."""
    if plugin_dirs is None and os.environ.get("GLASSBOX_ADDRESS"):
        return glassbox.Client(os.environ["GLASSBOX_ADDRESS"]), None
    daemon = Daemon(plugin_dirs or ())
    return glassbox.Client(daemon.address), daemon
