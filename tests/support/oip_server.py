#!/usr/bin/python3
"""A KServe v2 / Open Inference Protocol gRPC server of a scikit-learn model.

For glassbox's tests and benchmarks of the remote model backend. At start it
trains a model on adult.csv with a fixed seed:
  --target income          binary LogisticRegression (predict_proba, [n, 2])
  --target race            multiclass LogisticRegression (predict_proba, [n, 5])
  --target hours-per-week  LinearRegression (predict, [n])
on numeric columns plus categorical ones coded in order of first appearance
(so the model's category order is not the sorted one). With --linear, instead,
a fixed logistic model of known decision boundary on numeric columns only:
P(>50K) = 1 / (1 + exp(-(w . x + b))), --linear "age=0.1,hours-per-week=0.05"
giving w per feature (in that order) and --linear-bias b. It listens on
127.0.0.1 at an ephemeral port and writes into --out-dir:
  card.json     model name, task, features, categories in code order, classes
  expected.txt  the model's outputs for the rows of --score-csv, one row per
                line, computed by scikit-learn on the whole file at once
  port          the port, renamed into place last, once the server listens
Flags that make it misbehave: --delay, --unavailable-calls, --wrong-shape,
--not-ready, --bare-metadata. SIGTERM stops it.
"""

import argparse
import csv
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent import futures

import grpc
import numpy as np
from grpc_tools import protoc
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

NUMERIC = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
CATEGORICAL = ["workclass", "relationship", "race", "sex"]
INPUT_NAME = "input-0"
NUMPY_TYPES = {"FP32": "<f4", "FP64": "<f8"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--proto-dir", required=True, help="folder holding inference/grpc_predict_v2.proto")
    parser.add_argument("--train-csv", required=True)
    parser.add_argument("--score-csv", required=True)
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--target", default="income", choices=["income", "race", "hours-per-week"])
    parser.add_argument("--linear", help="a fixed logistic model: comma-separated feature=weight")
    parser.add_argument("--linear-bias", type=float, default=0.0)
    parser.add_argument("--model-name", default="adult")
    parser.add_argument("--input-datatype", default="FP32", choices=NUMPY_TYPES.keys())
    parser.add_argument("--output-datatype", default="FP64", choices=NUMPY_TYPES.keys())
    parser.add_argument("--single-probability", action="store_true",
                        help="binary: answer [n, 1], the probability of the second class")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds ModelInfer sleeps before answering")
    parser.add_argument("--unavailable-calls", type=int, default=0,
                        help="the first N ModelInfer calls are answered UNAVAILABLE")
    parser.add_argument("--wrong-shape", action="store_true", help="answer one output column too many")
    parser.add_argument("--not-ready", action="store_true", help="ModelReady answers false")
    parser.add_argument("--bare-metadata", action="store_true", help="ModelMetadata lists no inputs or outputs")
    parser.add_argument("--workers", type=int, default=4)
    return parser.parse_args()


def load_stubs(proto_dir, into):
    rc = protoc.main(["grpc_tools.protoc", f"-I{proto_dir}", f"--python_out={into}", f"--grpc_python_out={into}",
                      "inference/grpc_predict_v2.proto"])
    if rc != 0:
        sys.exit(f"protoc failed on {proto_dir}/inference/grpc_predict_v2.proto")
    sys.path.insert(0, into)
    from inference import grpc_predict_v2_pb2, grpc_predict_v2_pb2_grpc
    return grpc_predict_v2_pb2, grpc_predict_v2_pb2_grpc


def read_columns(path):
    """A CSV file as {column name: list of its strings}."""
    with open(path, newline="") as file:
        rows = list(csv.DictReader(file))
    return {name: [row[name] for row in rows] for name in rows[0]}


class AdultModel:
    """A scikit-learn pipeline over adult's columns, categories coded in order of first appearance."""

    def __init__(self, train, target):
        self.target = target
        self.features = [c for c in NUMERIC + CATEGORICAL if c != target]
        self.categories = {c: list(dict.fromkeys(train[c])) for c in CATEGORICAL if c != target}
        X = self.encode(train)
        if target == "hours-per-week":
            self.task = "REGRESSION"
            y = np.array(train[target], dtype=np.float64)
            self.pipeline = make_pipeline(StandardScaler(), LinearRegression()).fit(X, y)
            self.classes = []
        else:
            self.pipeline = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, random_state=0))
            self.pipeline.fit(X, np.array(train[target]))
            self.classes = [str(c) for c in self.pipeline.classes_]
            self.task = "BINARY_CLASSIFICATION" if len(self.classes) == 2 else "MULTICLASS_CLASSIFICATION"

    def encode(self, columns):
        """Numeric columns as they are, categories as their codes (NaN when unknown)."""
        encoded = [np.array(columns[c], dtype=np.float64) for c in NUMERIC if c != self.target]
        for c, categories in self.categories.items():
            codes = {category: float(code) for code, category in enumerate(categories)}
            encoded.append(np.array([codes.get(value, np.nan) for value in columns[c]]))
        return np.column_stack(encoded)

    def outputs(self, X):
        """[n] predictions for regression, [n, classes] probabilities otherwise."""
        if self.task == "REGRESSION":
            return self.pipeline.predict(X)
        return self.pipeline.predict_proba(X)


class LinearLogisticModel:
    """P(>50K) = sigmoid(w . x + b) on numeric features: its decision boundary is the hyperplane w . x + b = 0."""

    def __init__(self, weights, bias):
        pairs = [item.split("=") for item in weights.split(",")]
        self.features = [name for name, _ in pairs]
        self.weights = np.array([float(weight) for _, weight in pairs])
        self.bias = bias
        self.categories = {}
        self.classes = ["<=50K", ">50K"]
        self.task = "BINARY_CLASSIFICATION"

    def encode(self, columns):
        return np.column_stack([np.array(columns[c], dtype=np.float64) for c in self.features])

    def outputs(self, X):
        positive = 1.0 / (1.0 + np.exp(-(X @ self.weights + self.bias)))
        return np.column_stack([1.0 - positive, positive])


def make_servicer(pb, pb_grpc, model, args):
    regression = model.task == "REGRESSION"
    output_name = "predict" if regression else "predict_proba"
    output_shape = [-1] if regression else [-1, 1 if args.single_probability else len(model.classes)]

    class Servicer(pb_grpc.GRPCInferenceServiceServicer):
        def __init__(self):
            self.lock = threading.Lock()
            self.infer_calls = 0

        def ServerLive(self, request, context):
            return pb.ServerLiveResponse(live=True)

        def ServerReady(self, request, context):
            return pb.ServerReadyResponse(ready=True)

        def check_model(self, name, context):
            if name != args.model_name:
                context.abort(grpc.StatusCode.NOT_FOUND,
                              f"no model named '{name}'; this server has '{args.model_name}'")

        def ModelReady(self, request, context):
            self.check_model(request.name, context)
            return pb.ModelReadyResponse(ready=not args.not_ready)

        def ModelMetadata(self, request, context):
            self.check_model(request.name, context)
            response = pb.ModelMetadataResponse(name=args.model_name, versions=["1"], platform="sklearn")
            if not args.bare_metadata:
                response.inputs.add(name=INPUT_NAME, datatype=args.input_datatype, shape=[-1, len(model.features)])
                response.outputs.add(name=output_name, datatype=args.output_datatype, shape=output_shape)
            return response

        def ModelInfer(self, request, context):
            with self.lock:
                self.infer_calls += 1
                call = self.infer_calls
            if call <= args.unavailable_calls:
                context.abort(grpc.StatusCode.UNAVAILABLE,
                              f"warming up: call {call} of the first {args.unavailable_calls} is refused")
            if args.delay > 0:
                time.sleep(args.delay)
            self.check_model(request.model_name, context)
            X = self.read_input(request, context)
            Y = model.outputs(X)
            if not regression and args.single_probability:
                Y = Y[:, 1:]
            if args.wrong_shape:
                Y = np.column_stack([Y, np.zeros(len(Y))])
            Y = Y.astype(NUMPY_TYPES[args.output_datatype])
            response = pb.ModelInferResponse(model_name=args.model_name, model_version="1", id=request.id)
            output = response.outputs.add(name=output_name, datatype=args.output_datatype, shape=list(Y.shape))
            if request.raw_input_contents:
                response.raw_output_contents.append(Y.tobytes())
            elif args.output_datatype == "FP32":
                output.contents.fp32_contents.extend(Y.ravel())
            else:
                output.contents.fp64_contents.extend(Y.ravel())
            return response

        def read_input(self, request, context):
            def refuse(message):
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, message)

            if len(request.inputs) != 1 or request.inputs[0].name != INPUT_NAME:
                refuse(f"expected one input named '{INPUT_NAME}'")
            if any(o.name != output_name for o in request.outputs):
                refuse(f"the only output is '{output_name}'")
            tensor = request.inputs[0]
            if tensor.datatype != args.input_datatype:
                refuse(f"input '{INPUT_NAME}' is {args.input_datatype}; got {tensor.datatype}")
            shape = list(tensor.shape)
            if len(shape) != 2 or shape[1] != len(model.features):
                refuse(f"input '{INPUT_NAME}' has shape [-1, {len(model.features)}]; got {shape}")
            dtype = NUMPY_TYPES[tensor.datatype]
            if request.raw_input_contents:
                data = np.frombuffer(request.raw_input_contents[0], dtype=dtype)
            elif tensor.datatype == "FP32":
                data = np.array(tensor.contents.fp32_contents, dtype=dtype)
            else:
                data = np.array(tensor.contents.fp64_contents, dtype=dtype)
            if data.size != shape[0] * shape[1]:
                refuse(f"input '{INPUT_NAME}' of shape {shape} carries {data.size} values")
            return data.reshape(shape).astype(np.float64)

    return Servicer()


def write_atomically(path, text):
    with open(path + ".tmp", "w") as file:
        file.write(text)
    os.replace(path + ".tmp", path)


def main():
    args = parse_args()
    stubs_dir = tempfile.mkdtemp(prefix="oip-stubs-")
    try:
        pb, pb_grpc = load_stubs(args.proto_dir, stubs_dir)
        if args.linear:
            model = LinearLogisticModel(args.linear, args.linear_bias)
        else:
            model = AdultModel(read_columns(args.train_csv), args.target)
        expected = model.outputs(model.encode(read_columns(args.score_csv)))
        np.savetxt(os.path.join(args.out_dir, "expected.txt"), expected.reshape(len(expected), -1), fmt="%.17g")
        card = {"model_name": args.model_name, "task": model.task, "features": model.features,
                "categories": model.categories, "classes": model.classes, "input_name": INPUT_NAME}
        write_atomically(os.path.join(args.out_dir, "card.json"), json.dumps(card, indent=1))

        server = grpc.server(futures.ThreadPoolExecutor(max_workers=args.workers),
                             options=[("grpc.max_receive_message_length", -1),
                                      ("grpc.max_send_message_length", -1)])
        pb_grpc.add_GRPCInferenceServiceServicer_to_server(make_servicer(pb, pb_grpc, model, args), server)
        port = server.add_insecure_port("127.0.0.1:0")
        server.start()
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        write_atomically(os.path.join(args.out_dir, "port"), str(port))
        stop.wait()
        server.stop(grace=0).wait()
    finally:
        shutil.rmtree(stubs_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
