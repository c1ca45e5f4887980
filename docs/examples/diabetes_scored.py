"""Writes scikit-learn's diabetes data with out-of-fold predictions of a linear regression.

usage: python3 diabetes_scored.py OUT.csv
Prints the predictions' R2 and mean absolute error as scikit-learn computes them.
"""
import sys

from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, r2_score
from sklearn.model_selection import KFold, cross_val_predict

frame = load_diabetes(as_frame=True).frame.rename(columns={"target": "progression"})
features = frame.drop(columns="progression")
folds = KFold(n_splits=5, shuffle=True, random_state=0)
frame["prediction"] = cross_val_predict(LinearRegression(), features, frame["progression"], cv=folds)
frame.to_csv(sys.argv[1], index=False, float_format="%.17g")
print(f"r2_score {r2_score(frame['progression'], frame['prediction']):.17g}")
print(f"mean_absolute_error {mean_absolute_error(frame['progression'], frame['prediction']):.17g}")
