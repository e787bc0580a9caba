"""Benchmarks of the narratives area (``iids bench``): loading a large store, drawing a big triad.

Measured in the same run as their floor or peer:

- validating and loading 5,000 and 50,000 narratives with :func:`load_narratives`,
  beside a bare ``pandas.read_csv`` of the same file (the floor: reading without checks);
- drawing a filtered ternary plot of 10,000 points (mpltern), beside a plain matplotlib
  scatter of the same points (the floor: drawing without the triangle);
- growth: the time for 50,000 divided by the time for 5,000 (linear growth gives about 10).

>>> len(sizes(quick=True)), sizes(quick=False)
(2, (5000, 50000))
"""

from __future__ import annotations

import tempfile
from pathlib import Path

__all__ = ["sizes", "run"]


def sizes(quick: bool) -> tuple[int, int]:
    """The two store sizes measured (small, large).

    >>> sizes(True)
    (2000, 20000)
    """
    return (2000, 20000) if quick else (5000, 50000)


def _store(folder: Path, n: int, seed: int) -> Path:
    from kit.narratives.framework import default_framework
    from kit.narratives.store import write_store
    from kit.synthetic.narratives import generate_corpus

    cohorts = ["2024-2025", "2025-2026"]
    write_store(generate_corpus(n, seed=seed, cohorts=cohorts), folder, default_framework())
    return folder


def run(quick: bool) -> list:
    """Measure and return the figures (see the module docstring)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from kit.bench.figures import Figure, median_time
    from kit.narratives.framework import default_framework
    from kit.narratives.plots import ternary_plot
    from kit.narratives.store import load_narratives

    small, large = sizes(quick)
    repeat = 3 if quick else 5
    figures: list[Figure] = []
    loads: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="iids-bench-narratieven-") as tmp:
        for n in (small, large):
            folder = _store(Path(tmp) / f"n{n}", n, seed=n)
            csv = folder / "narratieven.csv"
            kit_time = median_time(lambda f=folder: load_narratives(f), repeat)
            floor = median_time(lambda c=csv: pd.read_csv(c, dtype=str, keep_default_na=False), repeat)
            loads[n] = kit_time
            figures.append(Figure(f"narratieven valideren en laden ({n:,} verhalen)".replace(",", "."),
                                  kit_time, floor, "pandas.read_csv", "s", "< 2 s", kit_time < 2.0,
                                  limit=2.0))
        frame = load_narratives(Path(tmp) / f"n{large}")
    framework = default_framework()
    points = 10_000 if not quick else 4_000
    filtered = frame[frame["month"] >= "2025-01"].head(points)
    filters = {"month_from": "2025-01"}
    source = frame[frame["id"].isin(filtered["id"])]

    def draw_kit():
        ax = ternary_plot(source, framework, "steun", color_by="community", filters=filters)
        ax.figure.canvas.draw()
        plt.close(ax.figure)

    def draw_floor():
        fig, ax = plt.subplots(figsize=(5.2, 4.8))
        values = filtered[["steun.ikzelf", "steun.eigen_kring"]].to_numpy()
        ax.scatter(values[:, 0], values[:, 1], s=3)
        fig.canvas.draw()
        plt.close(fig)

    draw_kit()  # warm up: imports and font cache
    plot_time = median_time(draw_kit, repeat)
    floor_time = median_time(draw_floor, repeat)
    figures.append(Figure(f"gefilterde driehoek tekenen ({len(filtered):,} punten)".replace(",", "."),
                          plot_time, floor_time, "matplotlib-scatter", "s", "< 2 s", plot_time < 2.0,
                          limit=2.0))
    growth = loads[large] / loads[small]
    ratio = large / small
    figures.append(Figure(f"groei laden {small:,} -> {large:,}".replace(",", "."), growth, ratio,
                          "lineair", "x", f"≤ {ratio * 1.5:.0f}× (lineair)", growth <= ratio * 1.5,
                          limit=ratio * 1.5))
    return figures
