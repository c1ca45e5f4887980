"""The API's generated message and service modules. Importing this also imports every built-in analysis payload
(glassbox.v1.analyses), so that an insight's `payload` (a google.protobuf.Any) converts to a dict."""

import importlib
import pkgutil

from glassbox.v1 import analyses
from glassbox.v1 import analyzer_pb2
from glassbox.v1 import audit_pb2
from glassbox.v1 import comparison_pb2
from glassbox.v1 import dataset_pb2
from glassbox.v1 import insight_pb2
from glassbox.v1 import lineage_pb2
from glassbox.v1 import model_pb2
from glassbox.v1 import privacy_pb2
from glassbox.v1 import run_pb2
from glassbox.v1 import scorecard_pb2
from glassbox.v1 import service_pb2_grpc
from glassbox.v1 import task_pb2

for _module in pkgutil.iter_modules(analyses.__path__):
    importlib.import_module(f"{analyses.__name__}.{_module.name}")

__all__ = ["analyzer_pb2", "audit_pb2", "comparison_pb2", "dataset_pb2", "insight_pb2", "lineage_pb2", "model_pb2",
           "privacy_pb2", "run_pb2", "scorecard_pb2", "service_pb2_grpc", "task_pb2"]
