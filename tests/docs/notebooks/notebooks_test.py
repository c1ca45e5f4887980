"""The notebooks of docs/notebooks: stored without outputs, and each executed top to bottom by Jupyter against a
glassboxd it starts from this build; a cell that raises fails the test. The rendered HTML of each executed
notebook is written to GLASSBOX_NOTEBOOK_HTML_DIR.

Environment (set by CMakeLists.txt): GLASSBOX_NOTEBOOKS_DIR, GLASSBOX_NOTEBOOK_HTML_DIR, GLASSBOX_JUPYTER, and
what the notebooks read (GLASSBOX_BIN_DIR, GLASSBOX_PYTHON_DIR, GLASSBOX_DATASETS_DIR)."""

import json
import os
import pathlib
import subprocess
import unittest

NOTEBOOKS = sorted(pathlib.Path(os.environ["GLASSBOX_NOTEBOOKS_DIR"]).glob("*.ipynb"))
HTML_DIR = pathlib.Path(os.environ["GLASSBOX_NOTEBOOK_HTML_DIR"])
CELL_TIMEOUT_SECONDS = 600


class StoredNotebooksTest(unittest.TestCase):
    def test_there_are_notebooks(self):
        self.assertGreaterEqual(len(NOTEBOOKS), 3)

    def test_every_notebook_is_stored_without_outputs_or_execution_counts(self):
        for path in NOTEBOOKS:
            cells = json.loads(path.read_text())["cells"]
            for number, cell in enumerate(cells, 1):
                if cell["cell_type"] != "code":
                    continue
                with self.subTest(notebook=path.name, cell=number):
                    self.assertEqual(cell["outputs"], [], "clear the outputs before committing")
                    self.assertIsNone(cell["execution_count"], "clear the execution counts before committing")


class ExecutedNotebooksTest(unittest.TestCase):
    def test_every_notebook_runs_top_to_bottom(self):
        HTML_DIR.mkdir(parents=True, exist_ok=True)
        # Each notebook starts its own daemon: not one a developer's shell may point at.
        environment = {name: value for name, value in os.environ.items() if name != "GLASSBOX_ADDRESS"}
        for path in NOTEBOOKS:
            with self.subTest(notebook=path.name):
                html = HTML_DIR / path.with_suffix(".html").name
                html.unlink(missing_ok=True)
                result = subprocess.run(
                    [os.environ["GLASSBOX_JUPYTER"], "nbconvert", "--to", "html", "--execute",
                     f"--ExecutePreprocessor.timeout={CELL_TIMEOUT_SECONDS}", "--output-dir", str(HTML_DIR),
                     str(path)],
                    cwd=path.parent, env=environment, capture_output=True, text=True)
                self.assertEqual(result.returncode, 0, result.stderr[-4000:])
                self.assertIn("<html", html.read_text())


if __name__ == "__main__":
    unittest.main()
