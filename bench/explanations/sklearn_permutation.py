"""scikit-learn's permutation_importance on the data and model of explanations_bench.

adult_test_scored.csv scored by adult_xgb.json (its categorical columns coded over adult.csv's sorted strings, as
the model was trained), accuracy, 5 repeats of each of the 14 features. Prints the seconds of the
permutation_importance call alone, wall and process CPU time, of the fastest (wall) of RUNS runs.

Usage: sklearn_permutation.py DATASETS_DIR [REPEATS]
"""
import sys
import time

import pandas as pd
import xgboost
from sklearn.inspection import permutation_importance


def main():
    datasets = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    adult = pd.read_csv(f"{datasets}/adult.csv")
    rows = pd.read_csv(f"{datasets}/adult_test_scored.csv")
    model = xgboost.XGBClassifier(enable_categorical=True, tree_method="hist")
    model.load_model(f"{datasets}/adult_xgb.json")
    features = model.get_booster().feature_names
    x = rows[features].copy()
    for name in features:
        if adult[name].dtype == object:
            x[name] = pd.Categorical(x[name], categories=sorted(adult[name].unique()))
    y = (rows["income"] == ">50K").astype(int)
    best = (float("inf"), 0.0)
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        permutation_importance(model, x, y, scoring="accuracy", n_repeats=5, random_state=0)
        best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
    print(best[0], best[1])


if __name__ == "__main__":
    main()
