"""Figures for reports and notebooks, readable in print and on screen.

Built as matplotlib Figure objects without pyplot: nothing is drawn on a screen, nothing stays
registered in memory, and a notebook's own backend is left alone.
"""
from __future__ import annotations

import matplotlib
import matplotlib.patches
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .i18n import decimal, thousands

PALETTE = {"respondent": "#1f5f8b", "interviewer": "#c8c8c8", "other": "#e3a33b"}
STYLE = {
    "font.size": 9, "axes.titlesize": 10, "axes.labelsize": 9, "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5, "axes.spines.top": False, "axes.spines.right": False,
    "figure.dpi": 100, "savefig.dpi": 200, "svg.fonttype": "none",
}


def words_by_role_figure(by_job_role: pd.DataFrame, *, title: str = "", xlabel: str = "", lang: str = "nl"):
    """Horizontal bars: respondent words per job role, with the number of participants."""
    with matplotlib.rc_context(STYLE):
        data = by_job_role.sort_values("words")
        fig = Figure(figsize=(6.3, 0.42 * max(len(data), 2) + 1.0))
        ax = fig.subplots()
        bars = ax.barh(data["role"].astype(str), data["words"], color=PALETTE["respondent"])
        ax.bar_label(bars, labels=[f"{thousands(w, lang)}  (n={n})"
                                   for w, n in zip(data["words"], data["participants"])],
                     padding=3, fontsize=8)
        ax.set_xlabel(xlabel)
        ax.set_title(title, loc="left")
        ax.margins(x=0.22)
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: thousands(v, lang)))
        fig.tight_layout()
    return fig


def save_figure(fig, stem) -> list:
    """Save as PNG (200 dpi) and SVG next to each other; returns the paths."""
    from pathlib import Path

    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = []
    with matplotlib.rc_context(STYLE):  # the style's 200 dpi and SVG text as text hold only inside it
        for suffix in (".png", ".svg"):
            path = stem.with_suffix(suffix)
            fig.savefig(path, bbox_inches="tight", dpi=STYLE["savefig.dpi"],
                        metadata={"Date": None} if suffix == ".svg" else None)
            paths.append(path)
    return paths


def code_matrix_figure(matrix: pd.DataFrame, *, title: str = "", xlabel: str = "", colorbar_label: str = ""):
    """Heatmap of a codes × groups matrix, counts written in the cells (readable in grey print)."""
    with matplotlib.rc_context(STYLE):
        rows, cols = matrix.shape
        fig = Figure(figsize=(min(1.0 + 0.75 * cols + 2.6, 9.5), 0.38 * rows + 1.6))
        ax = fig.subplots()
        values = matrix.to_numpy(dtype=float)
        image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0, vmax=max(values.max(), 1))
        ax.set_xticks(range(cols), [str(c) for c in matrix.columns], rotation=35, ha="right")
        ax.set_yticks(range(rows), [str(r) for r in matrix.index])
        for i in range(rows):
            for j in range(cols):
                v = values[i, j]
                if v:
                    text = f"{int(v)}" if float(v).is_integer() else f"{v:.1f}"  # counts, or rates per person
                    ax.text(j, i, text, ha="center", va="center", fontsize=8,
                            color="white" if v > 0.6 * values.max() else "#1d2630")
        ax.set_title(title, loc="left")
        ax.set_xlabel(xlabel)
        ax.spines[:].set_visible(False)
        whole = all(float(v).is_integer() for v in values.ravel())
        cbar = fig.colorbar(image, ax=ax, shrink=0.8, pad=0.02,
                            ticks=matplotlib.ticker.MaxNLocator(integer=whole, nbins=5))
        cbar.set_label(colorbar_label)
        cbar.outline.set_visible(False)
        fig.tight_layout()
    return fig


def keyness_figure(table: pd.DataFrame, *, n: int = 12, title: str = "", target_label: str = "",
                   reference_label: str = "", xlabel: str = "log ratio"):
    """Diverging bars: the terms most typical of each group (log ratio), significant ones only."""
    with matplotlib.rc_context(STYLE):
        sig = table[table["p"] < 0.05]
        top = pd.concat([sig[sig["log_ratio"] > 0].head(n), sig[sig["log_ratio"] < 0].head(n)])
        top = top.sort_values("log_ratio")
        fig = Figure(figsize=(6.3, 0.26 * max(len(top), 4) + 1.2))
        ax = fig.subplots()
        colors = [PALETTE["respondent"] if v > 0 else PALETTE["other"] for v in top["log_ratio"]]
        ax.barh(top["term"], top["log_ratio"], color=colors)
        ax.axvline(0, color="#888888", linewidth=0.8)
        ax.set_xlabel(xlabel)
        ax.set_title(title, loc="left")
        lo, hi = ax.get_xlim()
        ax.text(hi, -0.9, f"{target_label} →", ha="right", va="top", fontsize=8, color=PALETTE["respondent"])
        ax.text(lo, -0.9, f"← {reference_label}", ha="left", va="top", fontsize=8, color=PALETTE["other"])
        fig.tight_layout()
    return fig


def topic_terms_figure(topics: pd.DataFrame, *, n_terms: int = 6, title: str = ""):
    """Small multiples: the top terms of each topic."""
    with matplotlib.rc_context(STYLE):
        shown = topics[topics["topic"] >= 0].head(12)
        cols = 3
        rows = max(1, -(-len(shown) // cols))
        fig = Figure(figsize=(7.5, 1.45 * rows + 0.5))
        axes = fig.subplots(rows, cols, squeeze=False)
        for ax, (_, topic) in zip(axes.flat, shown.iterrows()):
            terms = list(topic["terms"])[:n_terms][::-1]
            ax.barh(terms, range(1, len(terms) + 1), color=PALETTE["respondent"])
            ax.set_xticks([])
            ax.set_title(f"{topic['topic']}: {topic['label']}", loc="left", fontsize=8)
            ax.tick_params(axis="y", labelsize=7.5)
        for ax in list(axes.flat)[len(shown):]:
            ax.axis("off")
        if title:
            fig.suptitle(title, x=0.01, ha="left", fontsize=10)
        fig.tight_layout()
    return fig


DOMAIN_COLORS = {"organisation": "#1f5f8b", "technology": "#6a9fc9", "work": "#4c8c4a", "education": "#e3a33b",
                 "family": "#b5523b", "other": "#999999"}


def _years(d) -> float:
    return d.year + (d.timetuple().tm_yday - 1) / 366


def life_history_figure(events: pd.DataFrame, *, title: str = "", domain_labels: dict | None = None,
                        turning_points: set | None = None):
    """Swimlanes: one lane per life domain (events without one in "other"), each dated event a
    bar from earliest to latest, labelled with what happened (the clause around the date, see
    :func:`~undercurrent.timeline.events.event_clause`); lanes grow with their events so the
    labels stay readable in print."""
    domain_labels = domain_labels or {}
    with matplotlib.rc_context(STYLE):
        lanes = [d for d in DOMAIN_COLORS if d in set(events["domain"])]
        rows = {d: min(int((events["domain"] == d).sum()), 7) for d in lanes}  # label rows per lane
        height = sum(rows.values()) + len(lanes)
        fig = Figure(figsize=(7.5, 0.2 * height + 1.2))
        ax = fig.subplots()
        base, centers = 0.0, []
        for domain in lanes:
            lane_events = events[events["domain"] == domain].sort_values("earliest").reset_index(drop=True)
            n = rows[domain]
            centers.append(base + (n - 1) / 2)
            ax.axhspan(base - 0.6, base + n - 0.4, color="#f6f6f6" if len(centers) % 2 else "white", zorder=0)
            for k, row in lane_events.iterrows():
                x0, x1 = _years(row["earliest"]), _years(row["latest"] or row["earliest"]) + 1 / 12
                y = base + k % n
                color = DOMAIN_COLORS[domain]
                ax.plot([x0, x1], [y, y], color=color, linewidth=4, solid_capstyle="butt",
                        alpha=0.55 if row.get("approximate") or row.get("uncertain") else 0.95)
                if turning_points and row["event_id"] in turning_points:
                    ax.plot([x0], [y], marker="*", color="#c0392b", markersize=10)
                label = row.get("what") or row["expression"]
                ax.annotate(str(label)[:42], (x1, y), xytext=(3, 0), textcoords="offset points", fontsize=6,
                            color="#333333", va="center")
            base += n + 1
        ax.set_yticks(centers, [domain_labels.get(d, d) for d in lanes])
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.set_ylim(base - 0.5, -1)
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        ax.set_title(title, loc="left")
        fig.tight_layout()
    return fig


def organisation_timeline_figure(incidents: pd.DataFrame, *, title: str = ""):
    """Shared incidents: one row per incident, each participant's dating as a mark, the range
    they span shaded: where people remember the same event differently, it shows."""
    with matplotlib.rc_context(STYLE):
        shown = incidents[incidents["earliest"].notna()].sort_values("earliest").reset_index(drop=True)
        fig = Figure(figsize=(7.5, 0.7 * max(len(shown), 2) + 1.2))
        ax = fig.subplots()
        last = max((_years(inc["latest"]) for _, inc in shown.iterrows()), default=1)
        span = last - min((_years(inc["earliest"]) for _, inc in shown.iterrows()), default=0)
        for k, inc in shown.iterrows():
            ax.axhspan(k - 0.3, k + 0.3, xmin=0, xmax=1, color="#f3f3f3", zorder=0)
            ax.plot([_years(inc["earliest"]), _years(inc["latest"]) + 1 / 12], [k, k], color="#c8d8e6", linewidth=9,
                    solid_capstyle="butt", zorder=1)
            # each person's own dating (recurring_incidents' own_datings), at the middle of its interval
            marks = sorted(((_years(r.earliest) + _years(r.latest or r.earliest) + 1 / 12) / 2, str(r.pseudonym).split()[0])
                           for r in inc["own_datings"].itertuples())
            # marks closer than a few percent of the axis share one label, so labels do not run together
            clusters: list[list[tuple[float, str]]] = []
            for x, name in marks:
                if clusters and x - clusters[-1][-1][0] < 0.06 * max(span, 1):
                    clusters[-1].append((x, name))
                else:
                    clusters.append([(x, name)])
            for j, cluster in enumerate(clusters):
                y = k + (0.16 if j % 2 else -0.16)  # alternate above and below the band
                for x, _ in cluster:
                    ax.plot([x], [y], marker="o", color=PALETTE["respondent"], markersize=4.5, zorder=2)
                # a third label on the same side runs leftwards, away from the first; so does one at the end
                left = j % 4 == 2 or cluster[-1][0] > last - 0.2 * max(span, 1)
                x = cluster[-1][0] if not left else cluster[0][0]
                ax.annotate(", ".join(name for _, name in cluster), (x, y), xytext=(-6 if left else 6, 0),
                            textcoords="offset points", fontsize=6.5, ha="right" if left else "left", va="center")
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        _rows(ax, [f"{i} ({n})" for i, n in zip(shown["incident"], shown["participants"])], title, margin=0.7)
    return fig


def _rows(ax, labels: list[str], title: str, margin: float) -> None:
    """Finish a chart of one row per label, the first on top: labels, limits, grid and title."""
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(-margin, len(labels) - 1 + margin)
    ax.invert_yaxis()
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    ax.set_title(title, loc="left")
    ax.figure.tight_layout()


def scan_profile_figure(scan, *, title: str = "", lang: str = "nl"):
    """Per building block, the other organisations' means (grey ticks, a box from the 25th to the
    75th percentile) and this organisation's mean (a dot); suppressed groups are left out."""
    with matplotlib.rc_context(STYLE):
        ins = scan.instrument
        table = scan.organisations[~scan.organisations["suppressed"]]
        blocks = [b.id for b in ins.blocks]
        fig = Figure(figsize=(7.5, 0.55 * len(blocks) + 1.3))
        ax = fig.subplots()
        for k, block in enumerate(blocks):
            mine = table[table["block"] == block]
            others = mine.loc[mine["org_id"] != scan.organisation, "mean"].to_numpy()
            if len(others):
                q1, q3 = np.percentile(others, [25, 75])
                ax.add_patch(matplotlib.patches.Rectangle((q1, k - 0.22), q3 - q1, 0.44, color="#e4e4e4", zorder=1))
                ax.plot(others, [k] * len(others), "|", color="#9a9a9a", markersize=9, zorder=2)
            own = mine.loc[mine["org_id"] == scan.organisation, "mean"]
            if len(own):
                ax.plot([own.iat[0]], [k], "o", color=PALETTE["respondent"], markersize=8, zorder=3)
                ax.annotate(decimal(own.iat[0], 2, lang), (own.iat[0], k), xytext=(0, 8), textcoords="offset points",
                            ha="center", fontsize=7)
        ax.set_xlim(ins.scale_min, ins.scale_max)
        _rows(ax, [ins.label(b, lang) for b in blocks], title, margin=0.6)
    return fig


class _PseudonymisedFormatter(matplotlib.ticker.Formatter):
    """Tick labels of another formatter, pseudonymised (category and fixed labels are texts
    from the data, made again at every draw)."""

    def __init__(self, inner, pseudonymise):
        self.inner, self.pseudonymise = inner, pseudonymise

    def set_axis(self, axis):
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def __call__(self, x, pos=None):
        return self.pseudonymise(str(self.inner(x, pos)))

    def format_ticks(self, values):
        return [self.pseudonymise(str(s)) for s in self.inner.format_ticks(values)]

    def format_data(self, value):
        return self.pseudonymise(str(self.inner.format_data(value)))

    def format_data_short(self, value):
        return self.pseudonymise(str(self.inner.format_data_short(value)))

    def get_offset(self):
        return self.pseudonymise(str(self.inner.get_offset()))

    def set_locs(self, locs):
        self.inner.set_locs(locs)


def pseudonymise_figure(fig, pseudonymise):
    """Replace real names in every text of ``fig`` (titles, labels, annotations, legends and
    tick labels, also those drawn later from categories); returns ``fig``."""
    import matplotlib.text

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for getter, setter in ((axis.get_major_formatter, axis.set_major_formatter),
                                   (axis.get_minor_formatter, axis.set_minor_formatter)):
                current = getter()
                if not isinstance(current, _PseudonymisedFormatter):
                    setter(_PseudonymisedFormatter(current, pseudonymise))
    for text in fig.findobj(matplotlib.text.Text):
        content = text.get_text()
        if content:
            text.set_text(pseudonymise(content))
    return fig
