"""Scan scores: block scores per respondent, and per group (organisation, department, wave) n,
mean, SD, Cronbach's α, McDonald's ω, % missing and corrected item-total correlations; ICC(1) and
ICC(2) across organisations; an organisation against the others; change between waves; and
suppression of every figure for a group too small to show, or recoverable from one.

Psychometrics in numpy (the project's decision: pingouin and factor_analyzer are GPL), checked
in the tests against published values (Shrout & Fleiss 1979)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .instrument import Instrument

SCORE_COLUMNS = ["block", "n", "mean", "sd", "alpha", "omega", "missing_pct", "suppressed"]
GROUP_COLUMNS = ["org_id", "sector", "department", "wave"]


def keyed(responses: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """The item answers with reverse-keyed items turned round (min + max - answer)."""
    out = responses.copy()
    for item in instrument.items:
        if item.reverse:
            out[item.id] = instrument.scale_min + instrument.scale_max - out[item.id]
    return out


def block_scores(responses: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """One row per respondent and block: the mean of the block's (keyed) items, when at least
    ``instrument.min_items_share`` of them were answered, else NaN (and ``answered``, the share)."""
    data = keyed(responses, instrument)
    rows = []
    for block in instrument.blocks:
        ids = [item.id for item in instrument.items_of(block.id)]
        rows.append(data[["respondent_id"] + GROUP_COLUMNS].assign(
            block=block.id, score=_block_score(data, ids, instrument.min_items_share),
            answered=data[ids].notna().mean(axis=1)))
    return pd.concat(rows, ignore_index=True)


def _block_score(data: pd.DataFrame, ids: list[str], min_share: float) -> pd.Series:
    """Each respondent's mean of ``ids``, where enough of them were answered."""
    return data[ids].mean(axis=1).where(data[ids].notna().mean(axis=1) >= min_share - 1e-9)


def cronbach_alpha(items: pd.DataFrame) -> float:
    """Cronbach's α over the respondents who answered every item (NaN with fewer than 2 items or
    3 such respondents)."""
    x = items.dropna().to_numpy(dtype=float)
    k = x.shape[1]
    if k < 2 or len(x) < 3:
        return float("nan")
    total = x.sum(axis=1).var(ddof=1)
    return float(k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / total)) if total > 0 else float("nan")


def mcdonald_omega(items: pd.DataFrame, random_state: int = 0) -> float:
    """McDonald's ω (total) from a one-factor model of the standardised items (scikit-learn's
    FactorAnalysis): (Σλ)² / ((Σλ)² + Σψ)."""
    from sklearn.decomposition import FactorAnalysis

    x = items.dropna().to_numpy(dtype=float)
    if x.shape[1] < 2 or len(x) < max(5, x.shape[1] + 1):
        return float("nan")
    sd = x.std(axis=0, ddof=1)
    if (sd == 0).any():
        return float("nan")
    z = (x - x.mean(axis=0)) / sd
    # an exact SVD: a block has a handful of items, where the default randomized one is only slower;
    # scikit-learn's default tolerance (0.01 in log-likelihood) stops ω about 2e-4 short of the
    # maximum-likelihood solution, 1e-4 brings it within 1e-4 (tests/test_scan.py, bfi)
    fa = FactorAnalysis(n_components=1, svd_method="lapack", tol=1e-4, max_iter=10_000,
                        random_state=random_state).fit(z)
    loadings, unique = fa.components_[0], fa.noise_variance_
    common = loadings.sum() ** 2
    return float(common / (common + unique.sum()))


def item_total(items: pd.DataFrame) -> pd.Series:
    """Corrected item-total correlations: each item against the sum of the others (complete cases)."""
    x = items.dropna()
    total = x.sum(axis=1)
    return pd.Series({c: float(np.corrcoef(x[c], total - x[c])[0, 1]) if x[c].std() > 0 else float("nan")
                      for c in x.columns})


def icc(scores: pd.Series, groups: pd.Series) -> tuple[float, float]:
    """ICC(1) and ICC(2) of ``scores`` nested in ``groups`` from a one-way ANOVA (Bliese 2000):
    ICC(1) = (MSB - MSW) / (MSB + (k - 1) MSW), with k the group size (adjusted for unequal
    sizes), and ICC(2) = (MSB - MSW) / MSB, the reliability of the group means."""
    frame = pd.DataFrame({"y": scores.to_numpy(dtype=float), "g": groups.to_numpy()}).dropna()
    sizes = frame.groupby("g")["y"].size()
    j, n = len(sizes), len(frame)
    if j < 2 or n <= j:
        return float("nan"), float("nan")
    grand = frame["y"].mean()
    means = frame.groupby("g")["y"].transform("mean")
    msb = float((sizes * (frame.groupby("g")["y"].mean() - grand) ** 2).sum() / (j - 1))
    msw = float(((frame["y"] - means) ** 2).sum() / (n - j))
    k = (n - (sizes ** 2).sum() / n) / (j - 1)
    icc1 = (msb - msw) / (msb + (k - 1) * msw) if msb + (k - 1) * msw > 0 else float("nan")
    icc2 = (msb - msw) / msb if msb > 0 else float("nan")
    return float(icc1), float(icc2)


def scores(responses: pd.DataFrame, instrument: Instrument, by=("org_id",)) -> pd.DataFrame:
    """Per group (``by``: columns of the responses) and block: n (respondents with a block
    score), mean, sd, alpha, omega, missing_pct (of the block's item answers), and suppressed
    (True: the group is smaller than ``instrument.min_group_size``, or its figures could be
    recovered from its parent total and its siblings; then no figure is given)."""
    by = list(by)
    data = keyed(responses, instrument)
    items = {block.id: [item.id for item in instrument.items_of(block.id)] for block in instrument.blocks}
    block_score = {block: _block_score(data, ids, instrument.min_items_share) for block, ids in items.items()}
    rows = []
    for key, group in data.groupby(by, dropna=False, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        for block, ids in items.items():
            score, answers = block_score[block][group.index].dropna(), group[ids]
            rows.append(dict(zip(by, key), block=block, n=len(score), mean=score.mean(),
                             sd=score.std(ddof=1) if len(score) > 1 else float("nan"),
                             alpha=cronbach_alpha(answers), omega=mcdonald_omega(answers),
                             missing_pct=float(answers.isna().to_numpy().mean() * 100)))
    # block by block, as the instrument lists them
    out = pd.DataFrame(rows, columns=by + SCORE_COLUMNS[:-1])
    out = out.iloc[np.argsort(out["block"].map(list(items).index).to_numpy(), kind="stable")].reset_index(drop=True)
    return suppress(out, by, instrument.min_group_size)


def suppress(table: pd.DataFrame, by: list[str], min_size: int) -> pd.DataFrame:
    """Blank every figure of a group under ``min_size``; and where one group of its parent (the
    same values of ``by`` but the last) is blanked while the parent total could be shown, blank
    the next-smallest of its siblings too, so subtraction cannot recover it (complementary
    suppression)."""
    out = table.copy()
    out["suppressed"] = out["n"] < min_size
    if len(by) > 1:
        parents = by[:-1] + ["block"]
        for _, siblings in out.groupby(parents, dropna=False):
            hidden = siblings["suppressed"]
            if hidden.sum() == 1 and len(siblings) > 1 and siblings["n"].sum() >= min_size:
                others = siblings[~hidden].sort_values("n")
                out.loc[others.index[0], "suppressed"] = True
    figures = ["n", "mean", "sd", "alpha", "omega", "missing_pct"]
    out[figures] = out[figures].astype(float)
    out.loc[out["suppressed"], figures] = np.nan
    return out


def benchmark(org_scores: pd.DataFrame, org_id: str, *, sector: str | None = None) -> pd.DataFrame:
    """One organisation's block means against the other organisations' (``org_scores``: from
    :func:`scores` by org_id, with a sector column where there is one): per block its mean, the
    others' number, the percentile of its mean among theirs (share below plus half the ties), the
    difference from their mean of means with a 95% confidence interval, and the same within
    ``sector``. Suppressed organisations take no part."""
    rows = []
    shown = org_scores[~org_scores["suppressed"]]
    for block, table in shown.groupby("block", sort=False):
        own = table[table["org_id"] == org_id]
        if own.empty:
            continue
        own = own.iloc[0]
        for scope in ("all", "sector"):
            others = table[table["org_id"] != org_id]
            if scope == "sector":
                if sector is None or "sector" not in table:
                    continue
                others = others[others["sector"] == sector]
            if len(others) < 2:
                continue
            m = others["mean"].to_numpy()
            below, ties = (m < own["mean"]).sum(), (m == own["mean"]).sum()
            diff = own["mean"] - m.mean()
            se = np.sqrt((own["sd"] ** 2 / own["n"] if own["n"] > 1 else 0) + m.var(ddof=1) / len(m))
            rows.append(dict(block=block, scope=scope, mean=own["mean"], n=int(own["n"]), others=len(m),
                             others_mean=m.mean(), percentile=100 * (below + ties / 2) / len(m), difference=diff,
                             ci_low=diff - 1.96 * se, ci_high=diff + 1.96 * se))
    return pd.DataFrame(rows, columns=["block", "scope", "mean", "n", "others", "others_mean", "percentile",
                                       "difference", "ci_low", "ci_high"])


def change(wave_scores: pd.DataFrame) -> pd.DataFrame:
    """Per organisation and block, the change of the mean from each wave to the next with a 95%
    confidence interval (``wave_scores``: :func:`scores` by org_id and wave)."""
    rows = []
    shown = wave_scores[~wave_scores["suppressed"]].sort_values(["org_id", "block", "wave"])
    for (org, block), table in shown.groupby(["org_id", "block"], sort=False):
        for a, b in zip(table.itertuples(), table.iloc[1:].itertuples()):
            diff = b.mean - a.mean
            se = np.sqrt(a.sd ** 2 / a.n + b.sd ** 2 / b.n)
            rows.append(dict(org_id=org, block=block, from_wave=a.wave, to_wave=b.wave, difference=diff,
                             ci_low=diff - 1.96 * se, ci_high=diff + 1.96 * se))
    return pd.DataFrame(rows, columns=["org_id", "block", "from_wave", "to_wave", "difference", "ci_low", "ci_high"])
