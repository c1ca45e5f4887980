"""The Python client against a real glassboxd of this build: the adult test set uploaded as a DataFrame, model
performance and fairness read back as DataFrames, a run, an insight and a scorecard shown as Jupyter's HTML, a
scorecard saved, a dataset's privacy ledger read and its budget set, two runs compared, refusals raised as
GlassboxError, type hints on every public call; and the example script run end to end.

Environment (set by tests/clients/CMakeLists.txt): PYTHONPATH with the built package, GLASSBOX_BINARY_DIR,
GLASSBOX_DATASETS_DIR."""

import datetime
import hashlib
import inspect
import io
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
import typing
import unittest

import pandas as pd

import glassbox
from glassbox.connection import Connection
from glassbox.messages import dataset_pb2
from glassbox.messages import insight_pb2
from glassbox.messages import model_pb2
from glassbox.messages import run_pb2
from glassbox_daemon import GlassboxDaemon

DATASETS = pathlib.Path(os.environ["GLASSBOX_DATASETS_DIR"])
EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "clients" / "python" / "examples" / "adult_scorecard.py"

# On ../shared/datasets/adult_test_scored.csv, from its `prediction` column:
# scikit-learn 1.2.1 accuracy_score(income, prediction).
ACCURACY = 0.8670181022478616
# Fairlearn's selection_rate (share predicted '>50K') per sex, computed with pandas 1.5.3 as
# (prediction == '>50K').groupby(sex).mean(), and MetricFrame.difference() = Male - Female.
SELECTION_RATE = {"Female": 0.08122908427137207, "Male": 0.27412442736810994}
SELECTION_RATE_DIFFERENCE = 0.19289534309673786

# Both targets are met by the figures above.
SCORECARD_CONFIG = {
    "Model": {"ModelName": "Adult income", "ModelType": "Classification"},
    "Metrics": {"accuracy_score": {"threshold": ">=0.85"}},
    "Fairness": {"metric": ["selection_rate"], "sensitive_features": ["sex"],
                 "fairness_evaluation_kind": "difference", "threshold": "<=0.2"},
}

daemon = None


def setUpModule():
    global daemon
    daemon = GlassboxDaemon()


def tearDownModule():
    if daemon.stop() != 0:
        raise AssertionError("glassboxd did not exit cleanly on SIGTERM")


class AdultRunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = glassbox.Client(daemon.address)
        cls.frame = pd.read_csv(DATASETS / "adult_test_scored.csv")
        cls.dataset = cls.client.upload_dataframe(cls.frame, "adult test")
        cls.adult_run = cls.client.create_run(
            cls.dataset, "income", "binary", prediction="prediction", probabilities="probability",
            positive_class=">50K",
            analyses=["model_overview",
                      ("fairness", {"sensitive_features": ["sex"], "metrics": ["accuracy_score", "selection_rate"]})])
        cls.events = []
        cls.adult_run.watch(progress=cls.events.append)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()

    def test_the_dataframe_arrives_with_its_columns_typed_as_pandas_holds_them(self):
        self.assertEqual(self.dataset.row_count, 10054)
        types = {column.name: dataset_pb2.ColumnType.Name(column.type)
                 for column in self.dataset.columns}
        self.assertEqual(list(types), list(self.frame.columns))
        self.assertEqual(types["age"], "NUMERIC")
        self.assertEqual(types["sex"], "CATEGORICAL")
        self.assertEqual(types["probability"], "NUMERIC")

    def test_watch_follows_the_run_to_its_end(self):
        self.assertEqual(self.adult_run.state, "SUCCEEDED")
        self.assertEqual(run_pb2.RunState.Name(self.events[-1].state), "SUCCEEDED")
        self.assertEqual(self.events[-1].progress, 1.0)
        self.assertEqual([event.progress for event in self.events], sorted(event.progress for event in self.events))

    def test_accuracy_from_the_metrics_frame(self):
        metrics = self.adult_run.metrics()
        overall = metrics[(metrics.name == "accuracy_score") & (metrics.cohort == "")]
        self.assertEqual(list(overall.analyzer), ["model_overview"])
        self.assertAlmostEqual(overall.value.iloc[0], ACCURACY, places=12)

    def test_selection_rate_difference_by_sex(self):
        metrics = self.adult_run.metrics("fairness")
        difference = metrics.set_index("name").value["selection_rate difference (sex)"]
        self.assertAlmostEqual(difference, SELECTION_RATE_DIFFERENCE, places=12)

        disparities = self.adult_run.table("Disparities by sex").set_index("Metric")
        self.assertAlmostEqual(disparities.loc["Selection rate", "Difference"], SELECTION_RATE_DIFFERENCE, places=12)
        by_group = self.adult_run.table("Metrics by sex").set_index("sex")["Selection rate"]
        self.assertEqual(set(by_group.index), set(SELECTION_RATE))
        for group, rate in SELECTION_RATE.items():
            self.assertAlmostEqual(by_group[group], rate, places=12)

    def test_unknown_table_titles_are_named(self):
        with self.assertRaisesRegex(KeyError, "'Disparities by sex'"):
            self.adult_run.table("Disparities by race")

    def test_insights_are_dicts_with_their_payloads_unpacked(self):
        insights = self.adult_run.insights()
        self.assertEqual([insight["analyzer"] for insight in insights], ["model_overview", "fairness"])
        payload = insights[1]["payload"]
        self.assertEqual(payload["@type"], "type.googleapis.com/glassbox.v1.analyses.Fairness")
        self.assertEqual([feature["name"] for feature in payload["features"]], ["sex"])
        self.assertEqual(self.adult_run.insights(0), [insights[0]])

    def test_the_saved_scorecard_is_a_pdf_and_meets_both_targets(self):
        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder) / "card.pdf"
            self.adult_run.save_scorecard(path, SCORECARD_CONFIG)
            self.assertTrue(path.read_bytes().startswith(b"%PDF"))
        card = self.client.scorecards(run=self.adult_run)[0]
        self.assertEqual((card.target_count, card.targets_met), (2, 2))
        self.assertEqual(insight_pb2.Verdict.Name(card.verdict), "PASS")

    def test_runs_and_scorecards_filter_by_creator_time_and_verdict(self):
        self.adult_run.save_scorecard(pathlib.Path(tempfile.mkdtemp()) / "card.pdf", SCORECARD_CONFIG)
        mine = self.adult_run.id
        creator = self.adult_run.message.creator
        created = self.adult_run.message.create_time.ToDatetime()

        def run_ids(**filters):
            return [run.id for run in self.client.runs(dataset=self.dataset, **filters)]

        self.assertIn(mine, run_ids(verdict="met", creator=creator, since=created, until="2100-01-01"))
        self.assertNotIn(mine, run_ids(verdict="not-met"))
        self.assertNotIn(mine, run_ids(creator="somebody else"))
        self.assertNotIn(mine, run_ids(since=created + datetime.timedelta(seconds=1)))
        self.assertNotIn(mine, run_ids(until=created))
        cards = self.client.scorecards(run=self.adult_run, verdict="met", since=created)
        self.assertTrue(cards)
        self.assertEqual(self.client.scorecards(run=self.adult_run, verdict="no-targets"), [])
        with self.assertRaises(glassbox.GlassboxError) as raised:
            self.client.runs(verdict="passed")
        self.assertIn("verdict 'passed': use one of met, not-met, no-targets", str(raised.exception))
        with self.assertRaises(glassbox.GlassboxError) as raised:
            self.client.runs(since="last tuesday")
        self.assertIn("since 'last tuesday'", str(raised.exception))

    def test_lineage_of_a_scorecard_names_its_run_dataset_and_pdf(self):
        card = self.client.create_scorecard(self.adult_run, SCORECARD_CONFIG)
        pdf = self.client.download_scorecard(card)
        lineage = self.client.lineage(card)
        self.assertEqual(lineage.resource, f"scorecards/{card.id}")
        self.assertEqual(lineage.run.id, self.adult_run.id)
        # The daemon hashes the bytes it received: the DataFrame's CSV as upload_dataframe sends it.
        uploaded = self.frame.to_csv(index=False).encode()
        self.assertEqual(lineage.dataset.sha256, hashlib.sha256(uploaded).hexdigest())
        self.assertEqual(lineage.scorecard.sha256, hashlib.sha256(pdf).hexdigest())
        self.assertEqual([use.analyzer for use in lineage.analyzers], ["model_overview", "fairness"])
        self.assertEqual(self.client.lineage(self.adult_run).resource, f"runs/{self.adult_run.id}")

    def test_the_audit_trail_lists_the_run_and_verifies(self):
        events = self.client.audit_events(action="CreateRun", resource_prefix=f"runs/{self.adult_run.id}")
        self.assertEqual(list(events.resource), [f"runs/{self.adult_run.id}"])
        self.assertEqual(list(events.outcome), ["OK"])
        self.assertEqual(events.time.iloc[0].tzinfo, datetime.timezone.utc)
        everything = self.client.audit_events()
        self.assertEqual(list(everything.sequence), sorted(everything.sequence))
        self.assertEqual(self.client.audit_events(since="2100-01-01").shape[0], 0)
        verified = self.client.verify_audit_log()
        self.assertTrue(verified.intact, verified.reason)
        self.assertGreaterEqual(verified.entries_checked, everything.shape[0])

    def test_jupyter_shows_the_run_with_its_analyses_and_metrics(self):
        # pd.read_html (lxml) parses what Jupyter would render: the facts, the analyses, the metrics.
        facts, analyses, metrics = pd.read_html(io.StringIO(self.adult_run._repr_html_()))
        facts = dict(zip(facts[0], facts[1]))
        self.assertEqual(facts["run"], self.adult_run.id)
        self.assertEqual(facts["state"], "succeeded")
        self.assertEqual(facts["dataset"], self.dataset.id)
        self.assertEqual(facts["predictions"], "column prediction")
        self.assertEqual(list(analyses.analyzer), ["model_overview", "fairness"])
        self.assertEqual(list(analyses.state), ["succeeded", "succeeded"])
        accuracy = metrics[(metrics.analyzer == "model_overview") & (metrics.title == "Accuracy")]
        # pandas renders floats with 6 significant digits.
        self.assertAlmostEqual(accuracy.value.iloc[0], ACCURACY, delta=5e-7)

    def test_jupyter_shows_an_insight_with_its_tables_escaped(self):
        fairness = self.adult_run.insights("fairness")[0]
        self.assertIsInstance(fairness, glassbox.Insight)
        page = fairness._repr_html_()
        self.assertTrue(page.startswith("<h3>fairness "))
        titles = [block["title"] for block in fairness["blocks"] if "table" in block]
        self.assertIn("Disparities by sex", titles)
        tables = pd.read_html(io.StringIO(page))
        # The metrics first, then one table per table block, in order.
        disparities = tables[1 + titles.index("Disparities by sex")].set_index("Metric")
        self.assertAlmostEqual(disparities.loc["Selection rate", "Difference"], SELECTION_RATE_DIFFERENCE, delta=5e-7)
        self.assertEqual(fairness.table("Disparities by sex").shape, self.adult_run.table("Disparities by sex").shape)
        # Labels such as "<=50K" are text, never markup.
        self.assertNotIn("<=50K", page)

    def test_jupyter_shows_a_scorecard_summary(self):
        card = self.client.create_scorecard(self.adult_run, SCORECARD_CONFIG)
        self.assertIsInstance(card, glassbox.Scorecard)
        pdf = self.client.download_scorecard(card)
        (facts,) = pd.read_html(io.StringIO(card._repr_html_()))
        facts = dict(zip(facts[0], facts[1]))
        self.assertEqual(facts["verdict"], "all targets met (2 of 2)")
        self.assertEqual(facts["run"], self.adult_run.id)
        self.assertEqual(facts["size"], f"{len(pdf)} bytes")
        self.assertEqual(facts["sha256"], hashlib.sha256(pdf).hexdigest())
        self.assertEqual(card.verdict_name, "PASS")

    def test_an_unknown_dataset_raises_not_found_in_one_line(self):
        with self.assertRaises(glassbox.GlassboxError) as raised:
            self.client.create_run("ds_00000000000000000000beef", "income", analyses=["model_overview"],
                                   prediction="prediction")
        self.assertEqual(raised.exception.code, "NOT_FOUND")
        self.assertTrue(str(raised.exception).startswith("NOT_FOUND: "))
        self.assertNotIn("\n", str(raised.exception))
        self.assertTrue(raised.exception.__suppress_context__)

    def test_bad_parameters_raise_invalid_argument_naming_them(self):
        with self.assertRaises(glassbox.GlassboxError) as raised:
            self.client.create_run(self.dataset, "income", prediction="prediction",
                                   analyses=[("fairness", {"sensitive_features": ["nope"]})])
        self.assertEqual(raised.exception.code, "INVALID_ARGUMENT")
        self.assertIn("sensitive_features", raised.exception.message)


class ModelTest(unittest.TestCase):
    def test_a_registered_model_scores_a_row_as_it_scored_the_file(self):
        with glassbox.Client(daemon.address) as client:
            dataset = client.upload_csv(DATASETS / "adult_test_scored.csv")
            model = client.register_xgboost("adult-xgb-test", DATASETS / "adult_xgb.json",
                                            class_labels=["<=50K", ">50K"], categories_from=dataset)
            scored = client.what_if(model, dataset, row_index=0)
            changed = client.what_if("adult-xgb-test", dataset, 0, values={"capital-gain": 99999})
        self.assertEqual(len(model.feature_names), 14)
        # Row 0 of adult_test_scored.csv: probability 0.000721 (the file's 6 decimals), prediction '<=50K'.
        self.assertEqual(list(scored.index), ["scored"])
        self.assertAlmostEqual(scored.loc["scored", "P(>50K)"], 0.000721, delta=5e-7)
        self.assertEqual(scored.loc["scored", "predicted_class"], "<=50K")
        # The changed row beside the original: the same features but capital-gain, a higher P(>50K).
        self.assertEqual(list(changed.index), ["original", "changed"])
        self.assertEqual(list(changed.columns[:14]), list(model.feature_names))
        self.assertEqual(list(changed.columns[14:]), ["predicted_class", "P(<=50K)", "P(>50K)"])
        self.assertEqual(changed.loc["original", "capital-gain"], "0")
        self.assertEqual(changed.loc["changed", "capital-gain"], "99999")
        self.assertAlmostEqual(changed.loc["original", "P(>50K)"], scored.loc["scored", "P(>50K)"], delta=1e-12)
        self.assertGreater(changed.loc["changed", "P(>50K)"], changed.loc["original", "P(>50K)"])
        self.assertEqual(list(changed.attrs["contributions"].columns), ["original", "changed"])


class RemoteModelTest(unittest.TestCase):
    """A scikit-learn model served over the Open Inference Protocol by tests/support/oip_server.py."""

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        out = pathlib.Path(self.folder.name)
        source = pathlib.Path(__file__).resolve().parents[2]
        self.server = subprocess.Popen(
            ["/usr/bin/python3", str(source / "tests" / "support" / "oip_server.py"), f"--proto-dir={source / 'proto'}",
             f"--train-csv={DATASETS / 'adult.csv'}", f"--score-csv={DATASETS / 'adult_test_scored.csv'}",
             f"--out-dir={out}", "--target=income"])
        deadline = time.monotonic() + 60
        while not (out / "port").exists():
            self.assertIsNone(self.server.poll(), "the OIP test server exited")
            self.assertLess(time.monotonic(), deadline, "the OIP test server did not listen within 60 s")
            time.sleep(0.1)
        self.endpoint = f"127.0.0.1:{(out / 'port').read_text().strip()}"
        self.card = json.loads((out / "card.json").read_text())
        # scikit-learn's own predict_proba for adult_test_scored.csv's rows, one row per line.
        self.expected = [[float(p) for p in line.split()] for line in (out / "expected.txt").read_text().splitlines()]

    def tearDown(self):
        self.server.terminate()
        self.server.wait()
        self.folder.cleanup()

    def test_a_served_model_registers_and_scores_a_run(self):
        with glassbox.Client(daemon.address) as client:
            model = client.register_remote("adult-logistic", self.endpoint, self.card["features"],
                                           model_name=self.card["model_name"], class_labels=self.card["classes"],
                                           categories=self.card["categories"])
            dataset = client.upload_csv(DATASETS / "adult_test_scored.csv")
            run = client.create_run(dataset, "income", analyses=["model_overview"], model="adult-logistic",
                                    positive_class=">50K").wait()
            metrics = run.metrics()
        self.assertEqual(model.format, model_pb2.OPEN_INFERENCE_PROTOCOL)
        self.assertEqual(list(model.feature_names), self.card["features"])
        labels = pd.read_csv(DATASETS / "adult_test_scored.csv")["income"]
        positive = self.card["classes"].index(">50K")
        predicted = [">50K" if row[positive] >= 0.5 else "<=50K" for row in self.expected]
        accuracy = sum(p == y for p, y in zip(predicted, labels)) / len(labels)
        overall = metrics[(metrics["name"] == "accuracy_score") & (metrics["cohort"] == "")]
        self.assertAlmostEqual(overall["value"].iloc[0], accuracy, delta=1e-12)


class ProjectTest(unittest.TestCase):
    def test_project_keeps_datasets_runs_and_models_apart(self):
        with glassbox.Client(daemon.address) as client:
            dataset = client.upload_csv(DATASETS / "adult_test_scored.csv", project="python-team")
            run = client.create_run(dataset, "income", prediction="prediction", analyses=["data_explorer"],
                                    project="python-team")
            run.watch()
            model = client.register_xgboost("adult-xgb-team", DATASETS / "adult_xgb.json",
                                            class_labels=["<=50K", ">50K"], categories_from=dataset,
                                            project="python-team")
            self.assertEqual(dataset.project, "python-team")
            self.assertEqual(model.project, "python-team")
            self.assertIn(dataset.id, [d.id for d in client.datasets(project="python-team")])
            self.assertNotIn(dataset.id, [d.id for d in client.datasets(project="default")])
            self.assertIn(run.id, [r.id for r in client.runs(project="python-team")])
            self.assertEqual(client.model("adult-xgb-team", project="python-team").version, "1")
            with self.assertRaises(glassbox.GlassboxError) as raised:
                client.model("adult-xgb-team")
            self.assertEqual(raised.exception.code, "NOT_FOUND")


def private_explorer(epsilon):
    """A private_data_explorer analysis spending `epsilon` of its dataset's budget (tests/e2e/privacy_budget_test.cc's
    parameters)."""
    return ("private_data_explorer", {"privacy_epsilon": epsilon, "bounds": ["age=17..90"],
                                      "categories": ["sex=Female|Male"], "sensitive_features": ["sex"]})


class PrivacyLedgerTest(unittest.TestCase):
    def test_the_ledger_shows_each_release_and_an_admin_sets_the_budget(self):
        with glassbox.Client(daemon.address) as client:
            # Rows of their own, so that no other test's releases share this dataset's budget.
            frame = pd.read_csv(DATASETS / "adult_test_scored.csv").head(3000)
            dataset = client.upload_dataframe(frame, "privacy")
            fresh = client.privacy_ledger(dataset)
            self.assertEqual(fresh.dataset_id, dataset.id)
            # The default budget of a new dataset (proto/glassbox/v1/dataset.proto): epsilon 1, delta 1e-6.
            # Amounts are kept in units of 1e-9 (epsilon) and 1e-18 (delta).
            self.assertEqual(fresh.budget.epsilon, 1.0)
            self.assertAlmostEqual(fresh.budget.delta, 1e-6, delta=1e-18)
            self.assertEqual(fresh.spent, glassbox.Budget(0.0, 0.0))
            self.assertEqual((fresh.budget_set_by, fresh.budget_set_time), ("", None))
            self.assertEqual(fresh.releases.shape[0], 0)

            before = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=1)
            run = client.create_run(dataset, "income", prediction="prediction", positive_class=">50K",
                                    analyses=["data_explorer", private_explorer(0.3)]).wait()
            after = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=1)
            ledger = client.privacy_ledger(dataset.id)
            self.assertAlmostEqual(ledger.spent.epsilon, 0.3, places=9)
            self.assertAlmostEqual(ledger.remaining.epsilon, 0.7, places=9)
            releases = ledger.releases
            self.assertEqual(list(releases.columns), ["run_id", "analysis_index", "analyzer", "mechanism",
                                                      "parameters_json", "epsilon", "delta", "principal",
                                                      "create_time"])
            self.assertEqual(releases.shape[0], 1)
            release = releases.iloc[0]
            self.assertEqual((release.run_id, release.analysis_index, release.analyzer, release.mechanism),
                             (run.id, 1, "private_data_explorer", "laplace"))
            self.assertAlmostEqual(release.epsilon, 0.3, places=9)
            self.assertEqual(release.principal, "local")
            self.assertEqual(json.loads(release.parameters_json)["bounds"], ["age=17..90"])
            self.assertTrue(before <= release.create_time <= after, release.create_time)

            raised = client.set_privacy_budget(dataset, 0.5)
            self.assertEqual(raised.budget.epsilon, 0.5)
            self.assertAlmostEqual(raised.budget.delta, 1e-6, delta=1e-18)
            self.assertAlmostEqual(raised.remaining.epsilon, 0.2, places=9)
            self.assertEqual(raised.budget_set_by, "local")
            self.assertTrue(before <= raised.budget_set_time <= datetime.datetime.now(datetime.timezone.utc))
            with self.assertRaises(glassbox.GlassboxError) as below:
                client.set_privacy_budget(dataset, 0.1)
            self.assertEqual(below.exception.code, "FAILED_PRECONDITION")
            with self.assertRaises(glassbox.GlassboxError) as exhausted:
                client.create_run(dataset, "income", prediction="prediction", analyses=[private_explorer(0.3)])
            self.assertEqual(exhausted.exception.code, "RESOURCE_EXHAUSTED")
            self.assertIn("has epsilon 0.2, delta 1e-06 left", exhausted.exception.message)
            self.assertEqual(client.privacy_ledger(dataset).releases.shape[0], 1)

            (facts, shown) = pd.read_html(io.StringIO(raised._repr_html_()))
            facts = dict(zip(facts[0], facts[1]))
            self.assertEqual(facts["budget"], "epsilon 0.5, delta 1e-06")
            self.assertEqual(facts["left"], "epsilon 0.2, delta 1e-06")
            self.assertEqual(list(shown.run_id), [run.id])
            small = client.upload_dataframe(frame.head(100), "small budget", privacy_budget=(0.25, 0))
            self.assertEqual(client.privacy_ledger(small).budget, glassbox.Budget(0.25, 0.0))
            with self.assertRaises(glassbox.GlassboxError) as missing:
                client.privacy_ledger("ds_000000000000000000000000")
            self.assertEqual(missing.exception.code, "NOT_FOUND")


class CompareRunsTest(unittest.TestCase):
    """The adult model scored on all of adult_test_scored.csv (the baseline) and on its first 4000 rows."""

    def test_shared_metrics_come_with_both_values_their_delta_and_the_features_side_by_side(self):
        frame = pd.read_csv(DATASETS / "adult_test_scored.csv")
        head = frame.head(4000)
        with glassbox.Client(daemon.address) as client:
            adult = client.upload_csv(DATASETS / "adult.csv")
            model = client.register_xgboost("adult-xgb-compare", DATASETS / "adult_xgb.json",
                                            class_labels=["<=50K", ">50K"], categories_from=adult)
            runs = [client.create_run(client.upload_dataframe(rows, name), "income", model=model,
                                      positive_class=">50K", analyses=["model_overview", "explanations"]).wait()
                    for rows, name in ((frame, "all"), (head, "head"))]
            comparison = client.compare_runs(*runs)
            page = comparison._repr_html_()
            with self.assertRaises(glassbox.GlassboxError) as refused:
                client.compare_runs(runs[0], "not a run")
        self.assertIsInstance(comparison, glassbox.Comparison)
        self.assertEqual((comparison.run.id, comparison.other_run.id), (runs[0].id, runs[1].id))
        self.assertEqual(comparison.other_run.state, "SUCCEEDED")

        metrics = comparison.metrics
        self.assertEqual(list(metrics.columns), ["analyzer", "name", "display_name", "cohort", "feature", "aggregate",
                                                 "direction", "value", "other_value", "delta", "change"])
        accuracy = metrics[(metrics.name == "accuracy_score") & (metrics.cohort == "")].iloc[0]
        # The model predicts the file's `prediction` column (ModelTest), so pandas' share of matching rows is
        # each run's accuracy.
        head_accuracy = (head.income == head.prediction).mean()
        self.assertAlmostEqual(accuracy["value"], ACCURACY, places=12)
        self.assertAlmostEqual(accuracy["other_value"], head_accuracy, places=12)
        self.assertEqual(accuracy["delta"], accuracy["other_value"] - accuracy["value"])
        self.assertEqual(accuracy["direction"], "higher-is-better")
        self.assertEqual(accuracy["change"], "improved" if head_accuracy > ACCURACY else "worsened")
        # A selection rate is neither better nor worse higher.
        self.assertEqual(metrics.set_index("name").loc["selection_rate", ["direction", "change"]].tolist(),
                         ["unspecified", "changed"])
        self.assertEqual(comparison.only_in_run, list(comparison.message.only_in_run))

        features = comparison.features
        self.assertEqual(list(features.columns), ["analyzer", "feature", "importance", "other_importance", "rank",
                                                  "other_rank"])
        self.assertEqual(sorted(features.feature), sorted(model.feature_names))
        self.assertEqual(sorted(features["rank"]), list(range(1, 15)))
        self.assertEqual(sorted(features.other_rank), list(range(1, 15)))
        self.assertTrue(features.importance.is_monotonic_decreasing)

        tables = pd.read_html(io.StringIO(page))
        self.assertAlmostEqual(tables[0].set_index("display_name").loc[accuracy["display_name"], "value"], ACCURACY,
                               delta=5e-7)
        self.assertEqual(list(tables[1].feature), list(features.feature))
        self.assertEqual(refused.exception.code, "INVALID_ARGUMENT")
        self.assertIn("other_run_id", refused.exception.message)


class TypeHintsTest(unittest.TestCase):
    PUBLIC = [glassbox.Client, glassbox.Run, glassbox.Insight, glassbox.Scorecard, glassbox.PrivacyLedger,
              glassbox.Comparison, glassbox.GlassboxError, Connection]

    def test_every_public_call_annotates_its_parameters_and_result(self):
        for cls in self.PUBLIC:
            for name, member in inspect.getmembers(cls):
                function = member.fget if isinstance(member, property) else member
                if not inspect.isfunction(function) and not inspect.ismethod(function):
                    continue
                if name.startswith("_") and name not in ("__init__", "__enter__", "__exit__"):
                    continue
                if function.__module__ not in ("glassbox.client", "glassbox.run", "glassbox.insight",
                                               "glassbox.scorecard", "glassbox.privacy", "glassbox.comparison",
                                               "glassbox.errors", "glassbox.connection"):
                    continue
                with self.subTest(call=f"{cls.__name__}.{name}"):
                    # Resolving the hints fails on a name the module does not define.
                    hints = typing.get_type_hints(function)
                    parameters = [parameter for parameter in inspect.signature(function).parameters
                                  if parameter not in ("self", "cls")]
                    self.assertEqual([p for p in parameters if p not in hints], [], "parameters without a type")
                    self.assertIn("return", hints, "no return type")


class UnreachableDaemonTest(unittest.TestCase):
    def test_a_closed_port_raises_unavailable(self):
        with glassbox.Client("127.0.0.1:1") as client:
            with self.assertRaises(glassbox.GlassboxError) as raised:
                client.analyzers()
        self.assertEqual(raised.exception.code, "UNAVAILABLE")
        self.assertNotIn("\n", str(raised.exception))


class ConnectionTest(unittest.TestCase):
    def test_defaults_to_plaintext_loopback_without_a_token(self):
        connection = Connection.resolve(environ={})
        self.assertEqual(connection, Connection("127.0.0.1:50051"))
        self.assertEqual(connection.metadata(), ())

    def test_the_environment_gives_address_token_and_tls_roots(self):
        with tempfile.TemporaryDirectory() as folder:
            ca = pathlib.Path(folder) / "ca.pem"
            ca.write_bytes(b"-----BEGIN CERTIFICATE-----\n")
            connection = Connection.resolve(environ={"GLASSBOX_ADDRESS": "box:7000", "GLASSBOX_TOKEN": "abc",
                                                     "GLASSBOX_TLS_CA": str(ca)})
        self.assertEqual(connection.address, "box:7000")
        self.assertEqual(connection.metadata(), (("authorization", "Bearer abc"),))
        self.assertTrue(connection.tls)
        self.assertEqual(connection.root_certificates, b"-----BEGIN CERTIFICATE-----\n")

    def test_a_token_file_is_read_without_its_newline(self):
        with tempfile.TemporaryDirectory() as folder:
            token_file = pathlib.Path(folder) / "token"
            token_file.write_text("s3cret\n")
            connection = Connection.resolve(environ={"GLASSBOX_TOKEN_FILE": str(token_file)})
        self.assertEqual(connection.metadata(), (("authorization", "Bearer s3cret"),))

    def test_arguments_win_over_the_environment(self):
        connection = Connection.resolve("here:1", "mine", True, environ={"GLASSBOX_ADDRESS": "there:2",
                                                                         "GLASSBOX_TOKEN": "theirs"})
        self.assertEqual(connection, Connection("here:1", "mine", True, None))

    def test_an_unreadable_token_file_raises_one_line(self):
        with self.assertRaises(glassbox.GlassboxError) as raised:
            Connection.resolve(environ={"GLASSBOX_TOKEN_FILE": "/nonexistent/token"})
        self.assertEqual(str(raised.exception),
                         "INVALID_ARGUMENT: cannot read the token file /nonexistent/token: No such file or directory")


class ExampleTest(unittest.TestCase):
    def test_the_adult_scorecard_example_runs_end_to_end(self):
        with tempfile.TemporaryDirectory() as folder:
            output = pathlib.Path(folder) / "adult_scorecard.pdf"
            result = subprocess.run(
                [sys.executable, str(EXAMPLE), daemon.address, "--data", str(DATASETS / "adult_test_scored.csv"),
                 "--model", str(DATASETS / "adult_xgb.json"), "--output", str(output)],
                capture_output=True, text=True, timeout=120)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertTrue(output.read_bytes().startswith(b"%PDF"))
        # The model scores the rows as the file's `prediction` column does, so the accuracy is the same.
        self.assertIn(f"accuracy_score {ACCURACY:.4f}", result.stdout)

    def test_the_example_reports_an_unreachable_daemon_in_one_line(self):
        result = subprocess.run([sys.executable, str(EXAMPLE), "127.0.0.1:1"], capture_output=True, text=True,
                                timeout=60)
        self.assertEqual(result.returncode, 1)
        self.assertRegex(result.stderr, r"^adult_scorecard: UNAVAILABLE: [^\n]*\n$")


if __name__ == "__main__":
    unittest.main()
