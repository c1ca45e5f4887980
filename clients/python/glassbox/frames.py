"""Insights as pandas DataFrames: their metric blocks in one frame, a table block as a frame of its own;
what-if answers side by side; and any list of messages (audit events, privacy releases, run comparisons) as one
row per message."""

import datetime

import pandas as pd
from google.protobuf import descriptor
from google.protobuf import json_format
from google.protobuf import timestamp_pb2

from glassbox.messages import insight_pb2

METRIC_COLUMNS = ["analyzer", "name", "title", "cohort", "value", "target", "verdict"]

_COMPARISON_SYMBOLS = {
    insight_pb2.LESS: "<",
    insight_pb2.LESS_OR_EQUAL: "<=",
    insight_pb2.GREATER: ">",
    insight_pb2.GREATER_OR_EQUAL: ">=",
    insight_pb2.EQUAL: "==",
}


def _blocks(insights, content):
    for insight in insights:
        for block in insight.blocks:
            if block.WhichOneof("content") == content:
                yield insight, block


def _target_text(metric):
    if not metric.HasField("target"):
        return None
    return f"{_COMPARISON_SYMBOLS.get(metric.target.comparison, '?')} {metric.target.value:g}"


def metrics_frame(insights):
    """One row per metric block; `cohort` is empty for all rows, `target` reads like ">= 0.85", `verdict` is
    PASS, FAIL or None when the metric has no target."""
    rows = []
    for insight, block in _blocks(insights, "metric"):
        metric = block.metric
        verdict = insight_pb2.Verdict.Name(metric.verdict) if metric.verdict else None
        rows.append([insight.analyzer, metric.name, block.title, metric.cohort, metric.value, _target_text(metric),
                     verdict])
    return pd.DataFrame(rows, columns=METRIC_COLUMNS)


def _cell_value(cell):
    kind = cell.WhichOneof("value")
    return getattr(cell, kind) if kind else None


def table_frame(insights, title):
    """The table block titled `title`; KeyError names the titles there are, ValueError says when several
    insights have one so titled."""
    matches = [(insight, block) for insight, block in _blocks(insights, "table") if block.title == title]
    if not matches:
        titles = sorted({block.title for _, block in _blocks(insights, "table")})
        raise KeyError(f"no table titled {title!r}; the tables are: {', '.join(map(repr, titles)) or 'none'}")
    if len(matches) > 1:
        analyzers = ", ".join(insight.analyzer for insight, _ in matches)
        raise ValueError(f"{len(matches)} insights have a table titled {title!r} ({analyzers}); "
                         "choose one with `analysis=`")
    return table_frame_of(matches[0][1].table)


def table_frame_of(table):
    """A glassbox.v1.TableBlock as a DataFrame: its columns, and each cell as a number, text or None."""
    rows = [[_cell_value(cell) for cell in row.cells] for row in table.rows]
    return pd.DataFrame(rows, columns=list(table.columns))


def what_if_frame(answers):
    """WhatIfResponses {label: answer} as one row each: the row's features in the model's order, then
    `predicted_class` and `P(<class>)` per class (classification) or `prediction` (regression). When the
    daemon computes them, attrs["contributions"] holds each answer's per-feature contributions (margin space)
    as a column of a frame indexed by feature, and attrs["bias"] the bias."""
    rows = {}
    contributions = {}
    for label, answer in answers.items():
        row = {feature: answer.row[feature] for feature in answer.model.feature_names if feature in answer.row}
        if answer.classes:
            row["predicted_class"] = answer.predicted_class
            row.update({f"P({name})": p for name, p in zip(answer.classes, answer.probabilities)})
        else:
            row["prediction"] = answer.predicted_value
        rows[label] = row
        if answer.contributions:
            contributions[label] = {c.feature: c.contribution for c in answer.contributions}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    if contributions:
        frame.attrs["contributions"] = pd.DataFrame(contributions)
        frame.attrs["bias"] = next(iter(answers.values())).bias
    return frame


def enum_word(enum_type, number):
    """An enum value as the CLI prints it: lower-case kebab without the enum's own name, so Change.IMPROVED is
    "improved", Aggregate.AGGREGATE_DIFFERENCE "difference" and Direction.HIGHER_IS_BETTER "higher-is-better"; 0
    is "unspecified"."""
    if number == 0:
        return "unspecified"
    value = enum_type.values_by_number.get(number)
    if value is None:
        return str(number)
    own_name = "".join(f"_{c}" if c.isupper() else c.upper() for c in enum_type.name).lstrip("_") + "_"
    return value.name.removeprefix(own_name).lower().replace("_", "-")


def _field_value(message, field):
    value = getattr(message, field.name)
    if field.label == descriptor.FieldDescriptor.LABEL_REPEATED:
        return list(value)
    if field.type == descriptor.FieldDescriptor.TYPE_ENUM:
        return enum_word(field.enum_type, value)
    if field.message_type is timestamp_pb2.Timestamp.DESCRIPTOR:
        return value.ToDatetime(tzinfo=datetime.timezone.utc) if message.HasField(field.name) else None
    if field.type == descriptor.FieldDescriptor.TYPE_MESSAGE:
        return json_format.MessageToDict(value, preserving_proto_field_name=True)
    return value


def messages_frame(messages, message_type):
    """One row per message, one column per field of `message_type` in the .proto's order: a Timestamp as a UTC
    datetime (None when unset), an enum as its word (enum_word), a repeated field as a list, another message as
    a dict with the .proto's field names."""
    fields = message_type.DESCRIPTOR.fields
    rows = [[_field_value(message, field) for field in fields] for message in messages]
    return pd.DataFrame(rows, columns=[field.name for field in fields])
