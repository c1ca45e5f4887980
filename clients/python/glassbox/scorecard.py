"""An issued scorecard: the glassbox.v1.Scorecard's fields, its verdict in words, and Jupyter's HTML summary."""

from typing import Any

from glassbox import display
from glassbox.messages import insight_pb2
from glassbox.messages import scorecard_pb2


class Scorecard:
    """Wraps the Scorecard message (`.message`), whose fields it answers as attributes (`.id`, `.verdict`,
    `.targets_met`, `.sha256`, ...)."""

    def __init__(self, message: scorecard_pb2.Scorecard) -> None:
        self.message = message

    def __getattr__(self, name: str) -> Any:
        if name == "message":
            raise AttributeError(name)
        return getattr(self.message, name)

    def __repr__(self) -> str:
        return f"Scorecard({self.message.id!r}, {self.verdict_name})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scorecard) and other.message == self.message

    @property
    def verdict_name(self) -> str:
        """PASS, FAIL or VERDICT_UNSPECIFIED (no targets)."""
        return insight_pb2.Verdict.Name(self.message.verdict)

    def _repr_html_(self) -> str:
        return display.scorecard_html(self.message)
