"""An independent numpy replay of Fairlearn's ThresholdOptimizer fit and predict.

Written for the threshold_optimizer tests from the definitions in Fairlearn's
fairlearn/postprocessing: _tradeoff_curve_utilities.py (METRIC_DICT, the
threshold sweep, the upper convex hull, _interpolate_curve and
_get_interpolation_indices), _threshold_optimizer.py (simple constraints:
weighted objective on the grid, first argmax; equalized odds: lowest TPR across
groups, objective rounded to 15 decimals, p_ignore), _relaxed_constraints.py
(tol, method "between_groups") and _interpolated_thresholder.py (pmf and
predict with RandomState(seed).rand). Fairlearn itself is not installed here;
only python3 and numpy are used, vectorised where Fairlearn loops.

Usage: fairlearn_replay.py CSV SENSITIVE LABEL POSITIVE SCORE PREDICTION CONSTRAINTS OBJECTIVE GRID_SIZE FLIP TOL SEED
Prints one JSON object: {"groups": {name: {rule and measured rates}}}.
"""

import csv
import json
import sys

import numpy as np

SIMPLE = {
    "demographic_parity": "selection_rate",
    "true_positive_rate_parity": "true_positive_rate",
    "false_positive_rate_parity": "false_positive_rate",
    "false_negative_rate_parity": "false_negative_rate",
    "true_negative_rate_parity": "true_negative_rate",
}


def metric(name, tp, fp, tn, fn):
    n = tp + tn + fp + fn
    positives = tp + fn
    negatives = tn + fp
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "selection_rate": lambda: (tp + fp) / n,
            "false_positive_rate": lambda: fp / negatives,
            "false_negative_rate": lambda: fn / positives,
            "true_positive_rate": lambda: tp / positives,
            "true_negative_rate": lambda: tn / negatives,
            "accuracy_score": lambda: (tp + tn) / n,
            "balanced_accuracy_score": lambda: 0.5 * tp / positives + 0.5 * tn / negatives,
        }[name]()


def sweep(scores, labels, flip, x_metric, y_metric):
    """Every threshold's (x, y, operator, threshold), sorted stably by (x, y)."""
    n_pos = float(labels.sum())
    n_neg = float(len(labels) - labels.sum())
    distinct = np.unique(scores)[::-1]
    # Counts of selected negatives and positives with everything >= each distinct score selected.
    pos_at = np.array([labels[scores == s].sum() for s in distinct], dtype=float)
    all_at = np.array([(scores == s).sum() for s in distinct], dtype=float)
    sel_pos = np.concatenate([[0.0], np.cumsum(pos_at)])
    sel_neg = np.concatenate([[0.0], np.cumsum(all_at - pos_at)])
    below = np.concatenate([distinct[1:], [-np.inf]])
    thresholds = np.concatenate([[np.inf], (distinct + below) / 2])
    rows = []
    for tp, fp, t in zip(sel_pos, sel_neg, thresholds):
        options = [(">", tp, fp, n_neg - fp, n_pos - tp)]
        if flip:
            options.append(("<", n_pos - tp, n_neg - fp, fp, tp))
        for op, a_tp, a_fp, a_tn, a_fn in options:
            rows.append((metric(x_metric, a_tp, a_fp, a_tn, a_fn), metric(y_metric, a_tp, a_fp, a_tn, a_fn), op, t))
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    order = np.lexsort((y, x))
    return [rows[i] for i in order]


def hull(points):
    kept = []
    for p in points:
        while len(kept) >= 2:
            r0, r1 = kept[-2], kept[-1]
            if (r1[1] - r0[1]) * (p[0] - r0[0]) <= (p[1] - r0[1]) * (r1[0] - r0[0]):
                kept.pop()
            else:
                break
        kept.append(p)
    return kept


def interpolate(points, grid):
    xs = np.array([p[0] for p in points])
    ys = np.array([p[1] for p in points])
    idx = np.searchsorted(xs, grid, side="right") - 1
    idx[1:] = np.where(grid[1:] == xs[idx[1:]], idx[1:] - 1, idx[1:])
    p0 = (xs[idx + 1] - grid) / (xs[idx + 1] - xs[idx])
    p1 = 1 - p0
    y = p0 * ys[idx] + p1 * ys[idx + 1]
    return {"y": y, "p0": p0, "p1": p1, "left": idx, "points": points}


def window_best(ys_weighted, grid, tol):
    """The sliding-window search of maximize_objective_with_tolerance, written as a scan over windows."""
    best_obj, best_idx, best_spread = -np.inf, None, np.inf
    start = 0
    for end in range(len(grid)):
        while grid[end] - grid[start] > tol:
            start += 1
        idx = []
        for col in ys_weighted:
            window = col[start:end + 1]
            # The last index of the window's maximum (the deque keeps the latest of equal values).
            top = window.max()
            idx.append(start + int(np.nonzero(window == top)[0][-1]))
        obj = 0
        for col, i in zip(ys_weighted, idx):
            obj = obj + col[i]
        spread = np.ptp(grid[idx])
        if obj > best_obj or (obj == best_obj and spread <= best_spread):
            best_obj, best_idx, best_spread = obj, idx, spread
    return best_idx, best_obj


def main():
    (path, sensitive, label_col, positive, score_col, prediction_col, constraints, objective, grid_size, flip, tol,
     seed) = sys.argv[1:]
    grid_size, flip, tol, seed = int(grid_size), flip == "true", float(tol), int(seed)
    with open(path, newline="") as f:
        records = list(csv.DictReader(f))
    groups_of_row = np.array([r[sensitive] for r in records])
    labels_all = np.array([1 if r[label_col] == positive else 0 for r in records])
    scores_all = np.array([float(r[score_col]) for r in records])
    before_all = np.array([1 if r[prediction_col] == positive else 0 for r in records])
    names = sorted(set(groups_of_row.tolist()))
    grid = np.linspace(0, 1, grid_size + 1)
    n = len(records)

    if constraints == "equalized_odds":
        x_metric, y_metric = "false_positive_rate", "true_positive_rate"
    else:
        x_metric, y_metric = SIMPLE[constraints], objective
    curves = {}
    for name in names:
        mask = groups_of_row == name
        curves[name] = interpolate(hull(sweep(scores_all[mask], labels_all[mask], flip, x_metric, y_metric)), grid)

    chosen, extra = {}, {}
    if constraints == "equalized_odds":
        y_min = np.min(np.array([curves[name]["y"] for name in names]), axis=0)
        n_pos = float(labels_all.sum())
        n_neg = n - n_pos
        values = np.around(metric(objective, n_pos * y_min, n_neg * grid, n_neg * (1.0 - grid),
                                  n_pos * (1.0 - y_min)), 15)
        best = int(np.argmax(values))
        x_best, y_best = grid[best], y_min[best]
        for name in names:
            chosen[name] = best
            y = curves[name]["y"][best]
            p_ignore = 0.0 if y == x_best else (y - y_best) / (y - x_best)
            extra[name] = (p_ignore, x_best)
    elif tol > 0:
        weighted = [curves[name]["y"] * (np.sum(groups_of_row == name) / n) for name in names]
        idx, _ = window_best(weighted, grid, tol)
        chosen = dict(zip(names, idx))
    else:
        overall = 0 * grid
        for name in names:
            overall = overall + (np.sum(groups_of_row == name) / n) * curves[name]["y"]
        best = int(np.argmax(overall))
        chosen = {name: best for name in names}

    draws = np.random.RandomState(seed).rand(n)
    out = {}
    positive_prob = np.zeros(n)
    for name in names:
        curve, i = curves[name], chosen[name]
        left = curve["points"][curve["left"][i]]
        right = curve["points"][curve["left"][i] + 1]
        rule = {"p0": curve["p0"][i], "operator0": left[2], "threshold0": left[3],
                "p1": curve["p1"][i], "operator1": right[2], "threshold1": right[3],
                "p_ignore": extra.get(name, (0.0, 0.0))[0],
                "prediction_constant": extra.get(name, (0.0, 0.0))[1],
                "constraint_value": grid[i]}
        mask = groups_of_row == name
        s = scores_all[mask]
        decide = lambda op, t: (s > t if op == ">" else s < t) * 1
        prob = rule["p0"] * decide(left[2], left[3]) + rule["p1"] * decide(right[2], right[3])
        if name in extra:
            prob = rule["p_ignore"] * rule["prediction_constant"] + (1 - rule["p_ignore"]) * prob
        positive_prob[mask] = prob
        out[name] = rule
    predicted = (positive_prob >= draws) * 1
    for name in names:
        mask = groups_of_row == name
        y, p = labels_all[mask], predicted[mask]
        out[name]["measured_selection_rate"] = p.mean()
        out[name]["measured_true_positive_rate"] = p[y == 1].mean()
        out[name]["measured_false_positive_rate"] = p[y == 0].mean()
        out[name]["expected_selection_rate"] = positive_prob[mask].mean()
        out[name]["before_selection_rate"] = before_all[mask].mean()
    for rule in out.values():
        for key in ("threshold0", "threshold1"):
            rule[key] = str(rule[key]) if np.isinf(rule[key]) else float(rule[key])
        for key, value in rule.items():
            if isinstance(value, np.generic):
                rule[key] = value.item()
    print(json.dumps({"groups": out}))


if __name__ == "__main__":
    main()
