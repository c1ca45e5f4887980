"""Pictures the notebooks draw from what glassbox returns, too long to repeat in each: the error tree of an
error_analysis insight, its heat map, and a page of a scorecard PDF. Each draws on the matplotlib axes it is given;
the notebook calls plt.show()."""

import pathlib
import subprocess
import tempfile
import textwrap

import matplotlib.image
import matplotlib.pyplot as plt

import notebook_setup  # noqa: F401  (puts the build's glassbox package on the import path)
from glassbox.v1.analyses import error_analysis_pb2  # noqa: E402


def error_tree(insight, ax):
    """The surrogate error tree of an error_analysis insight (its payload's nodes), as the toolbox's tree view
    draws it: a node's area is its rows, its colour its error rate (mean absolute error for a regression), and the
    condition that leads to it is written above it."""
    analysis = error_analysis_pb2.ErrorAnalysis()
    insight.message.payload.Unpack(analysis)
    nodes = {node.id: node for node in analysis.nodes}
    position = {}

    def place(node_id, depth, next_leaf):
        node = nodes[node_id]
        if node.left_child < 0:
            position[node_id] = (next_leaf, -depth)
            return next_leaf + 1
        next_leaf = place(node.left_child, depth + 1, next_leaf)
        next_leaf = place(node.right_child, depth + 1, next_leaf)
        position[node_id] = ((position[node.left_child][0] + position[node.right_child][0]) / 2, -depth)
        return next_leaf

    place(analysis.nodes[0].id, 0, 0)
    worst = max(node.error_rate for node in analysis.nodes) or 1
    colours = plt.get_cmap("Reds")
    regression = analysis.metric == "mean absolute error"
    for node in analysis.nodes:
        x, y = position[node.id]
        if node.parent_id >= 0:
            ax.plot([position[node.parent_id][0], x], [position[node.parent_id][1], y], color="grey", zorder=1)
            ax.text(x, y + 0.22, textwrap.fill(node.condition, 26), ha="center", va="bottom", fontsize=7)
        area = 60 + 900 * node.size / analysis.num_rows  # points squared
        ax.scatter([x], [y], s=area, edgecolor="black", zorder=2, color=colours(0.15 + 0.85 * node.error_rate / worst))
        rate = f"MAE {node.error_rate:.1f}" if regression else f"{node.error_rate:.0%} wrong"
        ax.annotate(f"{rate}\n{node.size} rows", (x, y), xytext=(area**0.5 / 2 + 3, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=7)
    ax.set_xlim(-0.6, max(x for x, _ in position.values()) + 0.6)
    ax.set_ylim(min(y for _, y in position.values()) - 0.3, 0.3)
    ax.axis("off")


def heat_map(table, row_feature, column_feature, value, ax):
    """Column `value` of the heat map table of an error_analysis insight drawn as a grid, bins in the table's order
    (low to high, not sorted as text); returns the grid (a DataFrame, rows by columns)."""
    grid = table.pivot(index=row_feature, columns=column_feature, values=value).reindex(
        index=table[row_feature].unique(), columns=table[column_feature].unique())
    image = ax.imshow(grid.values, cmap="Reds", aspect="auto")
    ax.set_xticks(range(len(grid.columns)), grid.columns, rotation=30)
    ax.set_yticks(range(len(grid.index)), grid.index)
    ax.set_xlabel(column_feature)
    ax.set_ylabel(row_feature)
    ax.figure.colorbar(image, ax=ax, label=value.lower())
    return grid


def page_with(pdf_path, text):
    """The number (from 1) of the first page of the PDF whose text contains `text`."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], check=True, capture_output=True,
                           text=True).stdout.split("\f")
    return next(number for number, page in enumerate(pages, 1) if text in page)


def scorecard_page(pdf_path, page, ax):
    """Page `page` (from 1) of a scorecard PDF, rendered by pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        stem = pathlib.Path(folder) / "page"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
                        str(pdf_path), str(stem)], check=True)
        ax.imshow(matplotlib.image.imread(stem.with_suffix(".png")))
    ax.axis("off")
