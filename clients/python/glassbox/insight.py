"""One analysis's result as a dict with the .proto's field names, that Jupyter shows as HTML."""

import base64
from typing import Any

import pandas as pd
from google.protobuf import json_format

from glassbox import display
from glassbox import frames
from glassbox.messages import insight_pb2


def insight_to_dict(insight: insight_pb2.Insight) -> dict[str, Any]:
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


class Insight(dict):
    """insight_to_dict of the glassbox.v1.Insight `message`, which it keeps; metrics() and table() read its blocks
    as DataFrames."""

    def __init__(self, message: insight_pb2.Insight) -> None:
        super().__init__(insight_to_dict(message))
        self.message = message

    def metrics(self) -> pd.DataFrame:
        """Its metric blocks, one row each (see frames.metrics_frame)."""
        return frames.metrics_frame([self.message])

    def table(self, title: str) -> pd.DataFrame:
        """Its table block titled `title`."""
        return frames.table_frame([self.message], title)

    def _repr_html_(self) -> str:
        return display.insight_html(self.message)
