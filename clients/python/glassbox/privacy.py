"""A dataset's privacy budget, what its private releases spent of it, and the releases as a DataFrame."""

import datetime
from typing import NamedTuple

import pandas as pd

from glassbox import display
from glassbox import frames
from glassbox.messages import privacy_pb2


class Budget(NamedTuple):
    """An amount of privacy loss under basic composition: releases' epsilons and deltas add up."""
    epsilon: float
    delta: float


def _budget(message: privacy_pb2.PrivacyBudget) -> Budget:
    return Budget(message.epsilon, message.delta)


class PrivacyLedger:
    """Wraps the glassbox.v1.PrivacyLedger (`.message`) of one dataset: its budget, what was spent and what is
    left as Budgets, and `releases`, one DataFrame row per private analysis charged to it."""

    def __init__(self, message: privacy_pb2.PrivacyLedger) -> None:
        self.message = message

    def __repr__(self) -> str:
        return f"PrivacyLedger({self.dataset_id!r}, remaining={self.remaining})"

    @property
    def dataset_id(self) -> str:
        return self.message.dataset_id

    @property
    def budget(self) -> Budget:
        return _budget(self.message.budget)

    @property
    def spent(self) -> Budget:
        return _budget(self.message.spent)

    @property
    def remaining(self) -> Budget:
        return _budget(self.message.remaining)

    @property
    def budget_set_by(self) -> str:
        """Who last set the budget; empty while the default applies."""
        return self.message.budget_set_by

    @property
    def budget_set_time(self) -> datetime.datetime | None:
        """When the budget was last set (UTC); None while the default applies."""
        if not self.message.HasField("budget_set_time"):
            return None
        return self.message.budget_set_time.ToDatetime(tzinfo=datetime.timezone.utc)

    @property
    def releases(self) -> pd.DataFrame:
        """Oldest first, one column per glassbox.v1.PrivacyRelease field: run_id, analysis_index, analyzer,
        mechanism, parameters_json, epsilon, delta, principal, create_time (a UTC datetime)."""
        return frames.messages_frame(self.message.releases, privacy_pb2.PrivacyRelease)

    def _repr_html_(self) -> str:
        return display.privacy_ledger_html(self.message)
