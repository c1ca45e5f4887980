"""The notebooks of docs/notebooks: stored without outputs, and each executed top to bottom by Jupyter against a
glassboxd it starts from this build; a cell that raises fails the test (each notebook checks the numbers its words
state). The rendered HTML of each executed notebook is written to GLASSBOX_NOTEBOOK_HTML_DIR, with each chart
embedded as a PNG.

Environment (set by CMakeLists.txt): GLASSBOX_NOTEBOOKS_DIR, GLASSBOX_NOTEBOOK_HTML_DIR, GLASSBOX_JUPYTER, and
what the notebooks read (GLASSBOX_BIN_DIR, GLASSBOX_PYTHON_DIR, GLASSBOX_DATASETS_DIR)."""

import json
import os
import pathlib
import re
import subprocess
import unittest

NOTEBOOKS = sorted(pathlib.Path(os.environ["GLASSBOX_NOTEBOOKS_DIR"]).glob("*.ipynb"))
HTML_DIR = pathlib.Path(os.environ["GLASSBOX_NOTEBOOK_HTML_DIR"])
CELL_TIMEOUT_SECONDS = 600
# How nbconvert's HTML embeds a figure a cell drew (the template's own CSS has a PNG too, as a background url).
EMBEDDED_PNG = re.compile(r'<img[^>]* src="data:image/png;base64,')
# IPython colours the traceback of a failing cell; the failure message is read as plain text.
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


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
                self.assertEqual(result.returncode, 0, ANSI_COLOUR.sub("", result.stderr)[-4000:])
                page = html.read_text()
                self.assertIn("<html", page)
                # Each plt.show() draws one chart; each is in the page as a PNG, not a link to a file.
                sources = "".join("".join(cell["source"]) for cell in json.loads(path.read_text())["cells"]
                                  if cell["cell_type"] == "code")
                self.assertGreater(sources.count("plt.show()"), 0, "each notebook draws from the insights' data")
                self.assertEqual(len(EMBEDDED_PNG.findall(page)), sources.count("plt.show()"))
                print(f"{path.name}: {html} ({html.stat().st_size} bytes)")


if __name__ == "__main__":
    unittest.main()
