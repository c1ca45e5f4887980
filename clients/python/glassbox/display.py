"""HTML for Jupyter's rich display (`_repr_html_`) of runs, insights, scorecards, privacy ledgers and run
comparisons: their key facts, metrics and tables, built from pandas' `DataFrame.to_html` with every text escaped."""

import html

import pandas as pd

from glassbox import frames
from glassbox.messages import comparison_pb2
from glassbox.messages import insight_pb2
from glassbox.messages import privacy_pb2
from glassbox.messages import run_pb2

# A table block longer than this shows its first rows and says how many it left out.
MAX_TABLE_ROWS = 20

_VERDICT_WORDS = {insight_pb2.PASS: "all targets met", insight_pb2.FAIL: "targets not met"}


def _word(enum, value, prefix=""):
    """An enum value as a word, as the CLI prints it: ANALYSIS_SUCCEEDED as "succeeded"."""
    return enum.Name(value).removeprefix(prefix).lower().replace("_", "-")


def _facts(pairs):
    """A two-column table of (label, value) pairs; values that are empty are left out."""
    rows = "".join(f"<tr><th style='text-align:left'>{html.escape(label)}</th><td>{html.escape(str(value))}</td></tr>"
                   for label, value in pairs if value not in ("", None))
    return f"<table>{rows}</table>"


def _whole_numbers_as_integers(column):
    """Counts arrive as doubles: a float column of whole numbers shows as integers ("10054", not "10054.0")."""
    if pd.api.types.is_float_dtype(column) and column.dropna().apply(float.is_integer).all():
        return column.astype("Int64")
    return column


def _frame(frame, max_rows=MAX_TABLE_ROWS):
    """`frame` as an HTML table of at most `max_rows` rows, and a line saying how many more there are; missing
    values are blank."""
    shown = frame.head(max_rows).apply(_whole_numbers_as_integers).fillna("")
    shown = shown.to_html(index=False, escape=True, border=0)
    hidden = len(frame) - max_rows
    return shown + (f"<p><em>{hidden} more rows</em></p>" if hidden > 0 else "")


def _metrics(insights, with_analyzer):
    metrics = frames.metrics_frame(insights)
    if metrics.empty:
        return ""
    columns = ["analyzer"] if with_analyzer else []
    columns += ["title", "cohort", "value", "target", "verdict"]
    # Six significant digits, as pandas shows floats, each on its own: a count stays a whole number.
    shown = metrics[columns].assign(value=metrics["value"].map(lambda value: f"{value:.6g}"))
    return _frame(shown, max_rows=len(metrics))


def _chart_frame(chart):
    """A chart's data as a table: its categories down, one column per series."""
    unnamed = chart.y_label if len(chart.series) == 1 and chart.y_label else None
    data = {series.name or unnamed or f"series {number}": list(series.values)
            for number, series in enumerate(chart.series, 1)}
    return pd.DataFrame({chart.x_label or "category": list(chart.categories), **data})


def _block(block):
    title = f"<h4>{html.escape(block.title)}</h4>" if block.title else ""
    kind = block.WhichOneof("content")
    if kind == "table":
        return title + _frame(frames.table_frame_of(block.table))
    if kind == "chart":
        return title + _frame(_chart_frame(block.chart))
    if kind == "text":
        return title + f"<p>{html.escape(block.text.text)}</p>"
    return ""


def insight_html(insight):
    """A glassbox.v1.Insight: its analyzer, metrics, then each table, chart (as its data) and text block."""
    heading = f"<h3>{html.escape(insight.analyzer)} {html.escape(insight.analyzer_version)}</h3>"
    return heading + _metrics([insight], with_analyzer=False) + "".join(_block(block) for block in insight.blocks)


def _predictions(spec):
    if spec.HasField("model"):
        return f"model {spec.model.name}" + (f"@{spec.model.version}" if spec.model.version else "")
    if spec.HasField("predictions"):
        return f"column {spec.predictions.prediction_column}"
    return ""


def run_html(run, insights):
    """A glassbox.v1.Run: id, state, what it ran on, each analysis's state, and (for a run that ended) the
    metrics of its `insights`."""
    spec = run.spec
    facts = _facts([("run", run.id), ("state", _word(run_pb2.RunState, run.state)), ("error", run.error),
                    ("dataset", spec.dataset_id), ("target", spec.target_column), ("predictions", _predictions(spec)),
                    ("cohorts", ", ".join(f"{c.name}: {c.filter}" for c in spec.cohorts)),
                    ("scorecard", run.scorecard_id), ("project", run.project), ("creator", run.creator)])
    analyses = pd.DataFrame([[analysis.analyzer, _word(run_pb2.AnalysisState, analysis.state, "ANALYSIS_"),
                              analysis.error] for analysis in run.analyses], columns=["analyzer", "state", "error"])
    return f"<h3>Run {html.escape(run.id)}</h3>" + facts + _frame(analyses) + _metrics(insights, with_analyzer=True)


def scorecard_html(scorecard):
    """A glassbox.v1.Scorecard: its verdict and targets met, the run and model it judges, and the PDF's size and
    SHA-256."""
    verdict = _VERDICT_WORDS.get(scorecard.verdict, "no targets")
    model = scorecard.model_name + (f"@{scorecard.model_version}" if scorecard.model_version else "")
    return f"<h3>Scorecard {html.escape(scorecard.id)}</h3>" + _facts([
        ("verdict", f"{verdict} ({scorecard.targets_met} of {scorecard.target_count})"),
        ("run", scorecard.run_id), ("model", model), ("pages", scorecard.page_count),
        ("size", f"{scorecard.size_bytes} bytes"), ("sha256", scorecard.sha256),
        ("created", scorecard.create_time.ToDatetime().isoformat() + "Z" if scorecard.HasField("create_time") else ""),
        ("project", scorecard.project), ("creator", scorecard.creator)])


def _amount(budget):
    return f"epsilon {budget.epsilon:g}, delta {budget.delta:g}"


def privacy_ledger_html(ledger):
    """A glassbox.v1.PrivacyLedger: the budget, what was spent and what is left, who set the budget, and each
    release charged to it."""
    set_time = ledger.budget_set_time.ToDatetime().isoformat() + "Z" if ledger.HasField("budget_set_time") else ""
    facts = _facts([("dataset", ledger.dataset_id), ("budget", _amount(ledger.budget)),
                    ("spent", _amount(ledger.spent)), ("left", _amount(ledger.remaining)),
                    ("budget set by", ledger.budget_set_by), ("budget set at", set_time)])
    releases = frames.messages_frame(ledger.releases, privacy_pb2.PrivacyRelease)
    columns = ["create_time", "run_id", "analysis_index", "analyzer", "mechanism", "epsilon", "delta", "principal"]
    return (f"<h3>Privacy ledger of {html.escape(ledger.dataset_id)}</h3>" + facts +
            _frame(releases[columns], max_rows=len(releases)))


def comparison_html(comparison):
    """A glassbox.v1.CompareRunsResponse: each shared metric's two values, delta and change, then the features'
    importance and ranks in both runs."""
    metrics = frames.messages_frame(comparison.metrics, comparison_pb2.MetricComparison)
    features = frames.messages_frame(comparison.features, comparison_pb2.FeatureComparison)
    heading = (f"<h3>Run {html.escape(comparison.run.id)} (baseline) against "
               f"{html.escape(comparison.other_run.id)}</h3>")
    page = heading + _frame(metrics[["analyzer", "display_name", "cohort", "value", "other_value", "delta",
                                     "change"]], max_rows=len(metrics))
    if not features.empty:
        page += "<h4>Feature importance</h4>" + _frame(features, max_rows=len(features))
    return page
