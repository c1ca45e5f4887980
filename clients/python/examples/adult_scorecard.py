#!/usr/bin/python3
"""The Responsible AI Toolbox notebook flow on glassboxd: create the insights of a model on a test set, add the
analyses (model overview, error analysis, fairness, data explorer), compute them, and get the scorecard PDF.

    RAIInsights(model, train, test, "income", "classification")  ->  upload the test set, register the model
    rai_insights.error_analysis.add() ...                        ->  the run's analyses
    rai_insights.compute()                                       ->  create_run(...).watch()
    the Azure ML scorecard (pdf_gen.json)                        ->  the run's scorecard_config

usage: adult_scorecard.py [ADDRESS] [--data CSV] [--model XGBOOST_JSON] [--output PDF]
ADDRESS defaults to $GLASSBOX_ADDRESS, else 127.0.0.1:50051."""

import argparse
import pathlib
import sys

import pandas as pd

import glassbox
from glassbox.messages import insight_pb2

DATASETS = pathlib.Path(__file__).resolve().parents[4] / "shared" / "datasets"

# The Azure Machine Learning Responsible AI scorecard configuration (pdf_gen.json).
SCORECARD_CONFIG = {
    "Model": {
        "ModelName": "Adult census income",
        "ModelType": "Classification",
        "ModelSummary": "Predicts whether a person earns more than 50K a year from census attributes.",
    },
    "Metrics": {"accuracy_score": {"threshold": ">=0.85"}, "f1_score": {}, "roc_auc_score": {}},
    "DataExplorer": {"features": ["age", "hours-per-week", "education-num"]},
    "Fairness": {
        "metric": ["accuracy_score", "selection_rate"],
        "sensitive_features": ["sex", "race"],
        "fairness_evaluation_kind": "difference",
        "threshold": "<=0.2",
    },
    "Cohorts": ["Under 30", "Over 50"],
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("address", nargs="?", help="glassboxd's HOST:PORT")
    parser.add_argument("--data", default=DATASETS / "adult_test_scored.csv", type=pathlib.Path)
    parser.add_argument("--model", default=DATASETS / "adult_xgb.json", type=pathlib.Path)
    parser.add_argument("--output", default="adult_scorecard.pdf", type=pathlib.Path)
    args = parser.parse_args()

    # The model does the predicting: leave out the file's own scores.
    test = pd.read_csv(args.data).drop(columns=["prediction", "probability"], errors="ignore")
    with glassbox.Client(args.address) as client:
        dataset = client.upload_dataframe(test, "adult test")
        print(f"dataset {dataset.id}: {dataset.row_count} rows")
        # The model codes each categorical feature by its sorted values, all of which the test set holds.
        model = client.register_xgboost("adult-xgb", args.model, class_labels=["<=50K", ">50K"],
                                        categories_from=dataset,
                                        datasheet={"intended_use": "Example of a responsible-AI review",
                                                   "training_data": "adult_train.csv",
                                                   "evaluation_data": "adult_test_scored.csv"})
        print(f"model {model.name} version {model.version}")

        run = client.create_run(
            dataset, "income", "binary", model=model, positive_class=">50K",
            analyses=[
                "model_overview",
                ("error_analysis", {"max_depth": 3, "num_leaves": 8}),
                ("fairness", {"sensitive_features": ["sex", "race"], "metrics": ["accuracy_score", "selection_rate"]}),
                "data_explorer",
            ],
            cohorts={"Under 30": "age < 30", "Over 50": "age > 50"},
            scorecard_config=SCORECARD_CONFIG,
            name="adult income review")
        print(f"run {run.id}")
        run.watch()

        metrics = run.metrics("model_overview")
        for row in metrics[metrics.cohort == ""].itertuples():
            print(f"  {row.name} {row.value:.4f}")
        disparities = run.table("Disparities by sex")
        print(disparities[["Metric", "Group min", "Group max", "Difference"]].to_string(index=False))
        run.save_scorecard(args.output)
        card = client.scorecards(run=run)[0]
        verdict = insight_pb2.Verdict.Name(card.verdict)
        print(f"scorecard {args.output}: {card.page_count} pages, {verdict}, {card.targets_met} of "
              f"{card.target_count} targets met")


if __name__ == "__main__":
    try:
        main()
    except glassbox.GlassboxError as error:
        print(f"adult_scorecard: {error}", file=sys.stderr)
        sys.exit(1)
