"""A real glassboxd of this build on an ephemeral 127.0.0.1 port with a fresh data folder, for the client tests.

Reads GLASSBOX_BINARY_DIR (the CMake build folder) from the environment."""

import os
import pathlib
import signal
import subprocess
import tempfile
import time

START_SECONDS = 30


class GlassboxDaemon:
    def __init__(self):
        self._folder = tempfile.TemporaryDirectory(prefix="glassbox-client-test-")
        folder = pathlib.Path(self._folder.name)
        port_file = folder / "port"
        self.log_path = folder / "glassboxd.log"
        binary = pathlib.Path(os.environ["GLASSBOX_BINARY_DIR"]) / "bin" / "glassboxd"
        with open(self.log_path, "wb") as log:
            self._process = subprocess.Popen(
                [str(binary), "--listen=127.0.0.1:0", "--http_listen=", f"--port_file={port_file}", f"--data_dir={folder / 'data'}"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        deadline = time.monotonic() + START_SECONDS
        while not port_file.exists():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"glassboxd did not start: {self.log_path.read_text()}")
            time.sleep(0.02)
        self.address = f"127.0.0.1:{port_file.read_text().strip()}"

    def stop(self):
        """SIGTERM and wait; returns the exit code."""
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
        code = self._process.wait(timeout=60)
        self._folder.cleanup()
        return code

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.stop()
