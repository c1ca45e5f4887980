"""Two runs side by side: every metric both report with its delta, and their features' importance."""

import pandas as pd

import glassbox.client
from glassbox import display
from glassbox import frames
from glassbox.messages import comparison_pb2
from glassbox.run import Run


class Comparison:
    """Wraps the glassbox.v1.CompareRunsResponse (`.message`): the baseline `run` and the `other_run` as
    glassbox.Run, and what they share as DataFrames."""

    def __init__(self, client: "glassbox.client.Client", message: comparison_pb2.CompareRunsResponse) -> None:
        self.message = message
        self.run = Run(client, message.run)
        self.other_run = Run(client, message.other_run)

    def __repr__(self) -> str:
        return f"Comparison({self.run.id!r}, {self.other_run.id!r})"

    @property
    def metrics(self) -> pd.DataFrame:
        """One row per metric both runs report, in the baseline's order: analyzer, name, display_name, cohort,
        feature, aggregate, direction, value (the baseline's), other_value, delta (other_value - value) and
        change ("improved", "worsened", "unchanged", or "changed" for a metric without a direction)."""
        return frames.messages_frame(self.message.metrics, comparison_pb2.MetricComparison)

    @property
    def features(self) -> pd.DataFrame:
        """Each feature's importance in both runs: analyzer, feature, importance, other_importance, rank and
        other_rank (1 the most important, 0 where that run does not rank it)."""
        return frames.messages_frame(self.message.features, comparison_pb2.FeatureComparison)

    @property
    def only_in_run(self) -> list[str]:
        """Metrics only the baseline reports, as "analyzer: name" with " [cohort]" when it has one."""
        return list(self.message.only_in_run)

    @property
    def only_in_other_run(self) -> list[str]:
        return list(self.message.only_in_other_run)

    def _repr_html_(self) -> str:
        return display.comparison_html(self.message)
