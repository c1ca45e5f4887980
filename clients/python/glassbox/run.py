"""A run on the daemon: follow it to its end, then read its insights and issue its scorecard."""

import base64

from google.protobuf import json_format

from glassbox import frames
from glassbox.errors import GlassboxError
from glassbox.messages import run_pb2
from glassbox.progress import ProgressBar

# A run's insights no longer change once it is in one of these.
_TERMINAL_STATES = frozenset({run_pb2.SUCCEEDED, run_pb2.FAILED, run_pb2.CANCELLED, run_pb2.INTERRUPTED})


def insight_to_dict(insight):
    """The insight as a dict with the .proto's field names. A payload of a type this client does not know (a
    third-party plugin's) stays packed: {"@type": type URL, "value": base64 of its bytes}."""
    try:
        return json_format.MessageToDict(insight, preserving_proto_field_name=True)
    except TypeError:
        bare = type(insight)()
        bare.CopyFrom(insight)
        bare.ClearField("payload")
        result = json_format.MessageToDict(bare, preserving_proto_field_name=True)
        result["payload"] = {"@type": insight.payload.type_url,
                             "value": base64.b64encode(insight.payload.value).decode()}
        return result


class Run:
    """Wraps the Run message (`.message`); refresh() fetches its current state."""

    def __init__(self, client, message):
        self._client = client
        self.message = message
        self._insights = None

    def __repr__(self):
        return f"Run({self.id!r}, {self.state})"

    @property
    def id(self):
        return self.message.id

    @property
    def state(self):
        """QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED or INTERRUPTED."""
        return run_pb2.RunState.Name(self.message.state)

    @property
    def error(self):
        return self.message.error

    def refresh(self):
        self.message = self._client._get_run(self.id)
        return self

    def watch(self, progress=None, check=True):
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

    def wait(self, check=True):
        """watch() without a progress display."""
        return self.watch(progress=False, check=check)

    def cancel(self):
        self.message = self._client._cancel_run(self.id)
        return self

    def _insight_messages(self, analysis=None):
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

    def insights(self, analysis=None):
        """The run's insights as dicts; `analysis` keeps one analyzer's (a name) or one analysis (its index in
        the run's spec)."""
        return [insight_to_dict(insight) for insight in self._insight_messages(analysis)]

    def metrics(self, analysis=None):
        """Every metric block as a DataFrame row: analyzer, name, title, cohort, value, target, verdict."""
        return frames.metrics_frame(self._insight_messages(analysis))

    def table(self, title, analysis=None):
        """The table block titled `title` as a DataFrame."""
        return frames.table_frame(self._insight_messages(analysis), title)

    def scorecard(self, config=None):
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

    def save_scorecard(self, path, config=None):
        """Writes scorecard(config) to `path`; returns the path."""
        pdf = self.scorecard(config)
        with open(path, "wb") as file:
            file.write(pdf)
        return path
