"""The Python reference stack's side of reference_bench: one case, timed alone, in this process.

adult.csv repeated COPIES times (exact repetition) scored by adult_xgb.json, its categorical columns coded over
adult.csv's sorted strings as the model was trained. Cases:
  booster_predict  Booster.predict of a DMatrix of the rows (the DMatrix is built before the clock starts)
  permutation      sklearn.inspection.permutation_importance, accuracy, 5 repeats of each of the 14 features
Prints one line: wall seconds, process CPU seconds, rows, peak MiB (VmHWM, its mark reset just before the
timed call) and the MiB resident before it.

Usage: reference.py DATASETS_DIR CASE COPIES   (Debian's /usr/bin/python3: python3-sklearn, python3-xgboost)
"""
import sys
import time

import pandas as pd
import xgboost
from sklearn.inspection import permutation_importance


def status_mib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def reset_peak():
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def main():
    datasets, case, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
    adult = pd.read_csv(f"{datasets}/adult.csv")
    rows = pd.concat([adult] * copies, ignore_index=True)
    model = xgboost.XGBClassifier(enable_categorical=True, tree_method="hist")
    model.load_model(f"{datasets}/adult_xgb.json")
    booster = model.get_booster()
    features = booster.feature_names
    x = rows[features].copy()
    for name in features:
        if adult[name].dtype == object:
            x[name] = pd.Categorical(x[name], categories=sorted(adult[name].unique()))
    y = (rows["income"] == ">50K").astype(int)
    if case == "booster_predict":
        dmatrix = xgboost.DMatrix(x, enable_categorical=True)
        call = lambda: booster.predict(dmatrix)
    elif case == "permutation":
        call = lambda: permutation_importance(model, x, y, scoring="accuracy", n_repeats=5, random_state=0)
    else:
        sys.exit(f"unknown case {case}")
    before = status_mib("VmRSS")
    reset_peak()
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(wall, cpu, len(rows), status_mib("VmHWM"), before)


if __name__ == "__main__":
    main()
