"""A run on the daemon: follow it to its end, then read its insights and issue its scorecard."""

import os
from typing import Any
from typing import Callable

import pandas as pd

import glassbox.client
from glassbox import display
from glassbox import frames
from glassbox.errors import GlassboxError
from glassbox.insight import Insight
from glassbox.messages import run_pb2
from glassbox.progress import ProgressBar

# A run's insights no longer change once it is in one of these.
_TERMINAL_STATES = frozenset({run_pb2.SUCCEEDED, run_pb2.FAILED, run_pb2.CANCELLED, run_pb2.INTERRUPTED})

# Run.watch's `progress`: called with each glassbox.v1.RunEvent; None (a bar on stderr) or False (nothing).
Progress = Callable[[run_pb2.RunEvent], Any] | None | bool
# An analysis of a run: its analyzer's name or its index in the run's spec.
Analysis = str | int | None


class Run:
    """Wraps the Run message (`.message`); refresh() fetches its current state."""

    def __init__(self, client: "glassbox.client.Client", message: run_pb2.Run) -> None:
        self._client = client
        self.message = message
        self._insights = None

    def __repr__(self) -> str:
        return f"Run({self.id!r}, {self.state})"

    @property
    def id(self) -> str:
        return self.message.id

    @property
    def state(self) -> str:
        """QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED or INTERRUPTED."""
        return run_pb2.RunState.Name(self.message.state)

    @property
    def error(self) -> str:
        return self.message.error

    def refresh(self) -> "Run":
        self.message = self._client._get_run(self.id)
        return self

    def watch(self, progress: Progress = None, check: bool = True) -> "Run":
        """Follows the run to its end, calling `progress` with each glassbox.v1.RunEvent (default: a progress bar
        on stderr; False: nothing). With `check`, a run that did not succeed raises GlassboxError(state, error)."""
        display = ProgressBar() if progress is None else progress
        try:
            for event in self._client._watch_events(self.id):
                if display:
                    display(event)
        finally:
            if hasattr(display, "close"):
                display.close()
        self.refresh()
        if check and self.message.state != run_pb2.SUCCEEDED:
            raise GlassboxError(self.state, self.error or f"run {self.id} ended {self.state}")
        return self

    def wait(self, check: bool = True) -> "Run":
        """watch() without a progress display."""
        return self.watch(progress=False, check=check)

    def cancel(self) -> "Run":
        self.message = self._client._cancel_run(self.id)
        return self

    def _insight_messages(self, analysis: Analysis = None) -> list:
        insights = self._insights
        if insights is None:
            insights = self._client._insights(self.id)
            if self.message.state in _TERMINAL_STATES:
                self._insights = insights
        if analysis is None:
            return insights
        if isinstance(analysis, int):
            insight_id = self.message.analyses[analysis].insight_id
            return [insight for insight in insights if insight.id == insight_id]
        return [insight for insight in insights if insight.analyzer == analysis]

    def insights(self, analysis: Analysis = None) -> list[Insight]:
        """The run's insights as dicts (glassbox.Insight, shown as HTML by Jupyter); `analysis` keeps one
        analyzer's (a name) or one analysis (its index in the run's spec)."""
        return [Insight(insight) for insight in self._insight_messages(analysis)]

    def metrics(self, analysis: Analysis = None) -> pd.DataFrame:
        """Every metric block as a DataFrame row: analyzer, name, title, cohort, value, target, verdict."""
        return frames.metrics_frame(self._insight_messages(analysis))

    def table(self, title: str, analysis: Analysis = None) -> pd.DataFrame:
        """The table block titled `title` as a DataFrame."""
        return frames.table_frame(self._insight_messages(analysis), title)

    def scorecard(self, config: dict | str | None = None) -> bytes:
        """The PDF bytes of a scorecard: against `config` (a dict in the Azure ML pdf_gen.json schema) if given,
        else the one the run issued as it ended."""
        if config is not None:
            return self._client.scorecard(self, config)
        if not self.message.scorecard_id:
            self.refresh()
        if not self.message.scorecard_id:
            raise GlassboxError("FAILED_PRECONDITION",
                                f"run {self.id} issued no scorecard; pass a config or create the run with one")
        return self._client.download_scorecard(self.message.scorecard_id)

    def save_scorecard(self, path: str | os.PathLike, config: dict | str | None = None) -> str | os.PathLike:
        """Writes scorecard(config) to `path`; returns the path."""
        pdf = self.scorecard(config)
        with open(path, "wb") as file:
            file.write(pdf)
        return path

    def _repr_html_(self) -> str:
        """Its id, state, inputs and analyses; once it ended, its metrics too."""
        insights = self._insight_messages() if self.message.state in _TERMINAL_STATES else []
        return display.run_html(self.message, insights)
