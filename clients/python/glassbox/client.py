"""The glassbox client: datasets, models, analyzers, runs and scorecards of one daemon.

Resources come back as the API's messages (glassbox.v1.Dataset, ModelVersion, Analyzer), runs as glassbox.Run,
scorecards as glassbox.Scorecard, privacy ledgers as glassbox.PrivacyLedger and run comparisons as
glassbox.Comparison; every refusal raises GlassboxError."""

import datetime
import json
import os
from typing import Any
from typing import Iterable
from typing import Mapping
from typing import Sequence

import pandas as pd
from google.protobuf import json_format
from google.protobuf import struct_pb2
from google.protobuf import timestamp_pb2

from glassbox.comparison import Comparison
from glassbox.connection import Connection
from glassbox.errors import GlassboxError
from glassbox.errors import translated_rpc_errors
from glassbox.frames import messages_frame
from glassbox.frames import what_if_frame
from glassbox.messages import analyzer_pb2
from glassbox.messages import audit_pb2
from glassbox.messages import comparison_pb2
from glassbox.messages import dataset_pb2
from glassbox.messages import insight_pb2
from glassbox.messages import lineage_pb2
from glassbox.messages import model_pb2
from glassbox.messages import privacy_pb2
from glassbox.messages import run_pb2
from glassbox.messages import scorecard_pb2
from glassbox.messages import service_pb2_grpc
from glassbox.messages import task_pb2
from glassbox.privacy import PrivacyLedger
from glassbox.run import Run
from glassbox.scorecard import Scorecard

CHUNK_BYTES = 1 << 20

# What the public calls take: an id or the resource itself; a path; a time as a datetime (naive is UTC) or an ISO
# 8601 string; a task, column type or verdict as a word ("binary", "numeric", "met") or the enum's value.
DatasetRef = str | dataset_pb2.Dataset
ModelRef = str | model_pb2.ModelVersion
RunRef = str | Run
ScorecardRef = str | Scorecard | scorecard_pb2.Scorecard
Path = str | os.PathLike
Moment = datetime.datetime | str | None
Task = str | int
AnalysisRef = str | tuple[str, Mapping[str, Any]]
Config = Mapping[str, Any] | str

_TASKS = {
    "binary": task_pb2.BINARY_CLASSIFICATION,
    "multiclass": task_pb2.MULTICLASS_CLASSIFICATION,
    "regression": task_pb2.REGRESSION,
}
_COLUMN_TYPES = {"numeric": dataset_pb2.NUMERIC, "categorical": dataset_pb2.CATEGORICAL}
_VERDICTS = {
    "met": scorecard_pb2.TARGETS_MET,
    "not-met": scorecard_pb2.TARGETS_NOT_MET,
    "no-targets": scorecard_pb2.NO_TARGETS,
}


def _id_of(resource):
    """A resource's id, from the id itself, a message with an `id` or a Run."""
    return resource if isinstance(resource, str) else resource.id


def _enum_value(value, enum, aliases, what):
    """`value` as a number of `enum`, from a number, one of `aliases` or an enum value's name (any case)."""
    if not isinstance(value, str):
        return value
    if value.lower() in aliases:
        return aliases[value.lower()]
    if value.upper() in enum.keys():
        return enum.Value(value.upper())
    choices = list(aliases) or [name for name in enum.keys() if enum.Value(name) != 0]
    raise GlassboxError("INVALID_ARGUMENT", f"{what} {value!r}: use one of {', '.join(choices)}")


def _timestamp(moment, what):
    """A Timestamp from a datetime (naive means UTC) or an ISO 8601 string such as "2026-11-23" or
    "2026-11-23T10:00:00+01:00"."""
    if isinstance(moment, str):
        try:
            moment = datetime.datetime.fromisoformat(moment)
        except ValueError:
            raise GlassboxError("INVALID_ARGUMENT", f"{what} {moment!r}: give a datetime or an ISO 8601 date") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def _history_filters(model, creator, since, until, verdict):
    """The request fields ListRuns and ListScorecards share: `model` as "NAME" (every version) or "NAME@VERSION",
    the creating principal, creation time in [since, until), and the verdict ("met", "not-met", "no-targets")."""
    name, _, version = (model or "").partition("@")
    fields = {"model_name": name, "model_version": version, "creator": creator or "",
              "verdict": _enum_value(verdict or 0, scorecard_pb2.VerdictFilter, _VERDICTS, "verdict")}
    for field, moment in (("since", since), ("until", until)):
        if moment is not None:
            fields[field] = _timestamp(moment, field)
    return fields


def _task(task):
    return _enum_value(task, task_pb2.TaskType, _TASKS, "task")


def _column_types(column_types):
    return {column: _enum_value(kind, dataset_pb2.ColumnType, _COLUMN_TYPES, f"type of column {column!r}")
            for column, kind in (column_types or {}).items()}


def _frame_column_types(frame):
    """Numeric dtypes as NUMERIC, everything else (text, categoricals, booleans) as CATEGORICAL, so that the
    daemon reads the columns as pandas holds them."""
    return {str(column): ("numeric" if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
                          else "categorical")
            for column, dtype in frame.dtypes.items()}


def _model_reference(model):
    """From "name", "name@version" or a ModelVersion."""
    if isinstance(model, model_pb2.ModelVersion):
        return model_pb2.ModelReference(name=model.name, version=model.version)
    name, _, version = model.partition("@")
    return model_pb2.ModelReference(name=name, version=version)


def _struct(params):
    struct = struct_pb2.Struct()
    struct.update(params or {})
    return struct


def _analysis_spec(analysis):
    """From "analyzer" or ("analyzer", {params})."""
    if isinstance(analysis, str):
        return run_pb2.AnalysisSpec(analyzer=analysis)
    analyzer, params = analysis
    return run_pb2.AnalysisSpec(analyzer=analyzer, params=_struct(params))


def _config_json(config):
    return config if isinstance(config, str) else json.dumps(config)


class Client:
    """Connects to glassboxd; see glassbox.connection for how `address`, `token` and `tls` default. Resources come
    back as the API's messages, runs as glassbox.Run, scorecards as glassbox.Scorecard."""

    def __init__(self, address: str | None = None, token: str | None = None, tls: bool | Path | None = None) -> None:
        self._connection = Connection.resolve(address, token, tls)
        self._channel = self._connection.open_channel()
        self._stub = service_pb2_grpc.GlassboxStub(self._channel)

    @property
    def address(self) -> str:
        return self._connection.address

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def _call(self, method, request):
        with translated_rpc_errors():
            return getattr(self._stub, method)(request, metadata=self._connection.metadata())

    def _stream(self, method, request):
        with translated_rpc_errors():
            yield from getattr(self._stub, method)(request, metadata=self._connection.metadata())

    def _all_pages(self, method, request, field):
        items = []
        while True:
            response = self._call(method, request)
            items.extend(getattr(response, field))
            if not response.next_page_token:
                return items
            request.page_token = response.next_page_token

    # Datasets.

    def _upload(self, header, chunks):
        def requests():
            yield dataset_pb2.UploadDatasetRequest(header=header)
            for chunk in chunks:
                yield dataset_pb2.UploadDatasetRequest(chunk=chunk)

        return self._call("UploadDataset", requests())

    @staticmethod
    def _header(name, column_types, size, project, privacy_budget):
        header = dataset_pb2.DatasetHeader(display_name=name, format=dataset_pb2.CSV,
                                           column_types=_column_types(column_types), size_bytes=size,
                                           project=project or "")
        if privacy_budget is not None:
            epsilon, delta = privacy_budget
            header.privacy_budget.CopyFrom(privacy_pb2.PrivacyBudget(epsilon=epsilon, delta=delta))
        return header

    def upload_csv(self, path: Path, name: str | None = None, column_types: Mapping[str, str | int] | None = None,
                   project: str | None = None,
                   privacy_budget: tuple[float, float] | None = None) -> dataset_pb2.Dataset:
        """Uploads a CSV file into `project` (None: "default"); `column_types` ({column: "numeric" |
        "categorical"}) overrides type inference; `privacy_budget` (epsilon, delta) is a new dataset's budget for
        private releases (None: epsilon 1, delta 1e-6)."""
        try:
            size = os.path.getsize(path)
            file = open(path, "rb")
        except OSError as error:
            raise GlassboxError("INVALID_ARGUMENT", f"cannot read {path}: {error.strerror}") from None
        header = self._header(name or os.path.basename(path), column_types, size, project, privacy_budget)
        with file:
            return self._upload(header, iter(lambda: file.read(CHUNK_BYTES), b""))

    def upload_dataframe(self, frame: pd.DataFrame, name: str, column_types: Mapping[str, str | int] | None = None,
                         project: str | None = None,
                         privacy_budget: tuple[float, float] | None = None) -> dataset_pb2.Dataset:
        """Uploads a DataFrame (its index left out) into `project` (None: "default") with its columns typed as
        pandas holds them, unless `column_types` says otherwise; `privacy_budget` as for upload_csv."""
        data = frame.to_csv(index=False).encode()
        types = _frame_column_types(frame) | dict(column_types or {})
        header = self._header(name, types, len(data), project, privacy_budget)
        return self._upload(header, (data[offset:offset + CHUNK_BYTES] for offset in range(0, len(data), CHUNK_BYTES)))

    def dataset(self, dataset: DatasetRef) -> dataset_pb2.Dataset:
        return self._call("GetDataset", dataset_pb2.GetDatasetRequest(id=_id_of(dataset)))

    def datasets(self, project: str | None = None) -> list[dataset_pb2.Dataset]:
        """The datasets of `project`, or (None) of every project the caller may read."""
        return self._all_pages("ListDatasets", dataset_pb2.ListDatasetsRequest(project=project or ""), "datasets")

    def privacy_ledger(self, dataset: DatasetRef) -> PrivacyLedger:
        """The dataset's privacy budget, what its private releases spent and what is left, and the releases."""
        request = privacy_pb2.GetPrivacyLedgerRequest(dataset_id=_id_of(dataset))
        return PrivacyLedger(self._call("GetPrivacyLedger", request))

    def set_privacy_budget(self, dataset: DatasetRef, epsilon: float, delta: float = 1e-6) -> PrivacyLedger:
        """Sets the dataset's privacy budget (admin; delta defaults to the default budget's 1e-6); it must cover
        what was spent already (else FAILED_PRECONDITION). Returns the ledger under the new budget."""
        request = privacy_pb2.SetPrivacyBudgetRequest(dataset_id=_id_of(dataset),
                                                      budget=privacy_pb2.PrivacyBudget(epsilon=epsilon, delta=delta))
        return PrivacyLedger(self._call("SetPrivacyBudget", request))

    # Models.

    def register_xgboost(self, name: str, path: Path, class_labels: Sequence[str] | None = None,
                         categories_from: DatasetRef | None = None, task: Task = "binary",
                         feature_names: Sequence[str] | None = None,
                         categories: Mapping[str, Sequence[str]] | None = None,
                         datasheet: Mapping[str, Any] | None = None,
                         project: str | None = None) -> model_pb2.ModelVersion:
        """Registers an XGBoost model file (JSON or UBJSON). `class_labels` in the model's output order (binary:
        negative first); the codes of categorical features from `categories` ({feature: [values in code order]})
        or `categories_from` a dataset (its columns' sorted values, as pandas categoricals code them);
        `datasheet` a dict of glassbox.v1.ModelDatasheet fields. Names are per `project` (None: "default")."""
        try:
            with open(path, "rb") as file:
                model_bytes = file.read()
        except OSError as error:
            raise GlassboxError("INVALID_ARGUMENT", f"cannot read {path}: {error.strerror}") from None
        return self._register(name, task, class_labels, feature_names, categories, datasheet, project,
                              format=model_pb2.XGBOOST, model_bytes=model_bytes,
                              categories_from_dataset_id=_id_of(categories_from) if categories_from is not None else "")

    def register_remote(self, name: str, endpoint: str, feature_names: Sequence[str], model_name: str | None = None,
                        model_version: str = "", class_labels: Sequence[str] | None = None,
                        categories: Mapping[str, Sequence[str]] | None = None, task: Task = "binary",
                        datasheet: Mapping[str, Any] | None = None,
                        project: str | None = None) -> model_pb2.ModelVersion:
        """Registers a model served over the Open Inference Protocol (KServe v2 gRPC) at `endpoint` ("host:port"),
        known to its server as `model_name` (default: `name`). `feature_names`: the columns of its input tensor in
        order; `categories` ({feature: [values in the model's code order]}), `class_labels` (its output order) and
        `project` as for register_xgboost."""
        remote = model_pb2.RemoteEndpoint(endpoint=endpoint, model_name=model_name or name, model_version=model_version)
        return self._register(name, task, class_labels, feature_names, categories, datasheet, project,
                              format=model_pb2.OPEN_INFERENCE_PROTOCOL, remote=remote)

    def _register(self, name, task, class_labels, feature_names, categories, datasheet, project, **source):
        request = model_pb2.RegisterModelRequest(
            name=name, task=_task(task), class_labels=class_labels or [], feature_names=feature_names or [],
            categories={feature: model_pb2.CategoryList(values=values)
                        for feature, values in (categories or {}).items()},
            datasheet=model_pb2.ModelDatasheet(**(datasheet or {})), project=project or "", **source)
        return self._call("RegisterModel", request)

    def model(self, model: ModelRef, project: str | None = None) -> model_pb2.ModelVersion:
        """A model version of `project` (None: "default"): "name" (the latest), "name@version" or a ModelVersion."""
        request = model_pb2.GetModelRequest(model=_model_reference(model), project=project or "")
        return self._call("GetModel", request)

    def models(self, project: str | None = None) -> list[model_pb2.ModelVersion]:
        """The latest version of each model of `project`, or (None) of every project the caller may read."""
        return self._all_pages("ListModels", model_pb2.ListModelsRequest(project=project or ""), "models")

    def model_versions(self, name: str, project: str | None = None) -> list[model_pb2.ModelVersion]:
        request = model_pb2.ListModelVersionsRequest(name=name, project=project or "")
        return self._all_pages("ListModelVersions", request, "versions")

    def what_if(self, model: ModelRef, dataset: DatasetRef | None = None, row_index: int = 0,
                values: Mapping[str, Any] | None = None, project: str | None = None) -> pd.DataFrame:
        """Scores one row, a dataset's and/or given as {feature: value}, with a model and dataset of `project`
        (None: "default"), as a DataFrame (frames.what_if_frame): rows "original" and "changed" when a dataset's
        row is changed, else the one row "scored"."""
        request = model_pb2.WhatIfRequest(model=_model_reference(model), row_index=row_index, project=project or "",
                                          dataset_id=_id_of(dataset) if dataset is not None else "",
                                          values={feature: str(value) for feature, value in (values or {}).items()})
        answer = self._call("WhatIf", request)
        if not request.dataset_id or not request.values:
            return what_if_frame({"scored": answer})
        request.ClearField("values")
        return what_if_frame({"original": self._call("WhatIf", request), "changed": answer})

    # Analyzers.

    def analyzers(self) -> list[analyzer_pb2.Analyzer]:
        return list(self._call("ListAnalyzers", analyzer_pb2.ListAnalyzersRequest()).analyzers)

    def reload_plugins(self) -> analyzer_pb2.ReloadPluginsResponse:
        """Rescans the plugin folders; returns the ReloadPluginsResponse (loaded analyzers, skipped libraries)."""
        return self._call("ReloadPlugins", analyzer_pb2.ReloadPluginsRequest())

    # Runs.

    def create_run(self, dataset: DatasetRef, target: str, task: Task = "binary", *, analyses: Iterable[AnalysisRef],
                   prediction: str | None = None, probabilities: str | Sequence[str] = (),
                   model: ModelRef | None = None, positive_class: str | None = None,
                   cohorts: Mapping[str, str] | None = None, name: str | None = None,
                   scorecard_config: Config | None = None, project: str | None = None) -> Run:
        """Queues a run and returns it. The predictions are columns of the dataset (`prediction`, and
        `probabilities`: a column name or a list) or come from a registered `model` ("name[@version]").
        `analyses`: analyzer names or (name, {params}) pairs; `cohorts`: {name: filter}; `scorecard_config`: a
        dict in the Azure ML pdf_gen.json schema, issued as the run ends. The run is in `project` (None:
        "default"), with a dataset and model of that project."""
        spec = run_pb2.RunSpec(dataset_id=_id_of(dataset), target_column=target, task=_task(task),
                               positive_class=positive_class or "", display_name=name or "",
                               analyses=[_analysis_spec(analysis) for analysis in analyses],
                               cohorts=[run_pb2.Cohort(name=cohort, filter=condition)
                                        for cohort, condition in (cohorts or {}).items()])
        if model is not None:
            spec.model.CopyFrom(_model_reference(model))
        elif prediction is not None:
            columns = [probabilities] if isinstance(probabilities, str) else list(probabilities)
            spec.predictions.CopyFrom(run_pb2.PredictionColumns(prediction_column=prediction,
                                                                probability_columns=columns))
        if scorecard_config is not None:
            spec.scorecard_config = _config_json(scorecard_config)
        return Run(self, self._call("CreateRun", run_pb2.CreateRunRequest(spec=spec, project=project or "")))

    def run(self, run: RunRef) -> Run:
        return Run(self, self._get_run(_id_of(run)))

    def runs(self, dataset: DatasetRef | None = None, state: str | int | None = None, model: str | None = None,
             creator: str | None = None, since: Moment = None, until: Moment = None, verdict: str | int | None = None,
             project: str | None = None) -> list[Run]:
        """Runs, newest first, of a dataset, in a state (e.g. "SUCCEEDED"), in a project (None: every project the
        caller may read), and matching the history filters (see _history_filters), each if given."""
        request = run_pb2.ListRunsRequest(dataset_id=_id_of(dataset) if dataset is not None else "",
                                          state=_enum_value(state or 0, run_pb2.RunState, {}, "state"),
                                          project=project or "",
                                          **_history_filters(model, creator, since, until, verdict))
        return [Run(self, message) for message in self._all_pages("ListRuns", request, "runs")]

    def compare_runs(self, run: RunRef, other_run: RunRef) -> Comparison:
        """`other_run` against the baseline `run`: every metric both report with its delta, and their features'
        importance side by side, as DataFrames (glassbox.Comparison)."""
        request = comparison_pb2.CompareRunsRequest(run_id=_id_of(run), other_run_id=_id_of(other_run))
        return Comparison(self, self._call("CompareRuns", request))

    def _get_run(self, run_id):
        return self._call("GetRun", run_pb2.GetRunRequest(id=run_id))

    def _watch_events(self, run_id):
        return self._stream("WatchRun", run_pb2.WatchRunRequest(id=run_id))

    def _cancel_run(self, run_id):
        return self._call("CancelRun", run_pb2.CancelRunRequest(id=run_id))

    def _insights(self, run_id):
        return self._all_pages("ListInsights", insight_pb2.ListInsightsRequest(run_id=run_id), "insights")

    # Scorecards.

    def create_scorecard(self, run: RunRef, config: Config) -> Scorecard:
        """Renders and archives a finished run's scorecard against `config` (a dict in the Azure ML
        pdf_gen.json schema, or its JSON); returns the Scorecard (verdict, targets met, ...)."""
        request = scorecard_pb2.CreateScorecardRequest(run_id=_id_of(run), config_json=_config_json(config))
        return Scorecard(self._call("CreateScorecard", request))

    def download_scorecard(self, scorecard: ScorecardRef) -> bytes:
        """The archived PDF's bytes."""
        chunks = self._stream("GetScorecard", scorecard_pb2.GetScorecardRequest(id=_id_of(scorecard)))
        return b"".join(chunk.data for chunk in chunks)

    def scorecard(self, run: RunRef, config: Config) -> bytes:
        """Issues a scorecard of `run` against `config` and returns the PDF's bytes."""
        return self.download_scorecard(self.create_scorecard(run, config))

    def scorecards(self, run: RunRef | None = None, model: str | None = None, creator: str | None = None,
                   since: Moment = None, until: Moment = None, verdict: str | int | None = None,
                   project: str | None = None) -> list[Scorecard]:
        """Scorecards, newest first, of a run, in a project (None: every project the caller may read), and
        matching the history filters (see _history_filters)."""
        request = scorecard_pb2.ListScorecardsRequest(run_id=_id_of(run) if run is not None else "",
                                                      project=project or "",
                                                      **_history_filters(model, creator, since, until, verdict))
        return [Scorecard(card) for card in self._all_pages("ListScorecards", request, "scorecards")]

    # Lineage and audit.

    def lineage(self, resource: str | Run | ScorecardRef) -> lineage_pb2.Lineage:
        """Where a run, an insight or a scorecard came from: "runs/ID", "insights/ID", "scorecards/ID", a bare id,
        a Run or a Scorecard. Returns the glassbox.v1.Lineage."""
        if isinstance(resource, Run):
            resource = f"runs/{resource.id}"
        elif isinstance(resource, (Scorecard, scorecard_pb2.Scorecard)):
            resource = f"scorecards/{resource.id}"
        return self._call("GetLineage", lineage_pb2.GetLineageRequest(resource=resource))

    def audit_events(self, principal: str | None = None, action: str | None = None,
                     resource_prefix: str | None = None, since: Moment = None, until: Moment = None) -> pd.DataFrame:
        """The audit log's entries, oldest first, by the principal, of the action (an RPC name such as
        "CreateRun"), on resources starting with `resource_prefix` (e.g. "runs/") and in [since, until), each if
        given; as a DataFrame with one column per glassbox.v1.AuditEvent field, `time` a UTC datetime."""
        request = audit_pb2.ListAuditEventsRequest(principal=principal or "", action=action or "",
                                                   resource_prefix=resource_prefix or "")
        for field, moment in (("since", since), ("until", until)):
            if moment is not None:
                getattr(request, field).CopyFrom(_timestamp(moment, field))
        return messages_frame(self._all_pages("ListAuditEvents", request, "events"), audit_pb2.AuditEvent)

    def verify_audit_log(self) -> audit_pb2.VerifyAuditLogResponse:
        """Checks the audit log's hash chain; returns the VerifyAuditLogResponse (intact, entries checked, the
        first broken entry and why, the head hash)."""
        return self._call("VerifyAuditLog", audit_pb2.VerifyAuditLogRequest())
