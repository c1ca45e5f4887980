"""`pip install clients/python` into a fresh virtual environment that sees Debian's python3-grpcio, python3-protobuf
and python3-pandas (--system-site-packages), offline (--no-index, --no-build-isolation: Debian's setuptools builds
it); then the installed package, not the source or build tree, lists a real glassboxd's analyzers.

The package is installed from a copy of clients/python and proto/ laid out as in the checkout, so that pip's
in-tree build leaves the checkout clean. Environment (set by tests/clients/CMakeLists.txt): GLASSBOX_BINARY_DIR."""

import os
import pathlib
import shutil
import subprocess
import tempfile
import unittest

from glassbox_daemon import GlassboxDaemon

SOURCE = pathlib.Path(__file__).resolve().parents[2]
PIP_SECONDS = 300

# Run by the virtual environment's python: where glassbox was imported from, and the analyzers it lists.
CHECK = """
import sys
import glassbox
print(glassbox.__file__)
with glassbox.Client(sys.argv[1]) as client:
    print(" ".join(sorted(analyzer.name for analyzer in client.analyzers())))
"""


class PipInstallTest(unittest.TestCase):
    def test_the_package_installs_into_a_fresh_venv_and_talks_to_the_daemon(self):
        with tempfile.TemporaryDirectory(prefix="glassbox-pip-test-") as folder:
            folder = pathlib.Path(folder)
            checkout = folder / "checkout"
            shutil.copytree(SOURCE / "clients" / "python", checkout / "clients" / "python",
                            ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
            shutil.copytree(SOURCE / "proto", checkout / "proto")
            venv = folder / "venv"
            environment = {name: value for name, value in os.environ.items()
                           if name not in ("PYTHONPATH", "PIP_INDEX_URL", "PIP_FIND_LINKS")}
            subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(venv)], check=True,
                           env=environment)
            installed = subprocess.run(
                [str(venv / "bin" / "pip"), "install", "--no-index", "--no-build-isolation",
                 str(checkout / "clients" / "python")],
                capture_output=True, text=True, env=environment, timeout=PIP_SECONDS)
            self.assertEqual(installed.returncode, 0, installed.stdout[-3000:] + installed.stderr[-3000:])
            self.assertIn("Successfully installed glassbox-client-0.1.0", installed.stdout)

            with GlassboxDaemon() as daemon:
                checked = subprocess.run([str(venv / "bin" / "python"), "-c", CHECK, daemon.address], cwd=folder,
                                         capture_output=True, text=True, env=environment, timeout=60)
            self.assertEqual(checked.returncode, 0, checked.stderr)
            imported_from, analyzers = checked.stdout.splitlines()
            self.assertTrue(pathlib.Path(imported_from).is_relative_to(venv / "lib"), imported_from)
            for analyzer in ("data_explorer", "model_overview", "fairness", "error_analysis"):
                self.assertIn(analyzer, analyzers.split())


if __name__ == "__main__":
    unittest.main()
