"""Quality of automatic coding, measured on held-out gold.

    .venv/bin/python -m benchmarks.coding_quality            # scores on the test half
    .venv/bin/python -m benchmarks.coding_quality --fit      # re-audit on the dev half and write
                                                             # codebooks/audit/ (then re-score)
    .venv/bin/python -m benchmarks.coding_quality --public   # also the untouched public set

Gold (benchmarks/data/coding_gold/, see its README): interview sentences in four sectors and
sentences of the demo case, labelled by people who saw the codebooks' definitions, include,
exclude and examples, never the indicators. Each set is split by document into a dev half
(studied, audited, calibrated on) and a test half (only ever scored). The public set
(benchmarks/data/public_labelled/sib200_nl, CC BY-SA 4.0) is kept out of all tuning; its test split
was scored twice (before and after the rule hits became features of the learned model).
"""
from __future__ import annotations

import argparse
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from undercurrent.coding.audit import (audit_indicators, calibration_table, fit_calibration, gold_from_case,
                                       gold_from_units, raw_scores, score)
from undercurrent.coding.confidence import AUDIT_DIR, REPORT_MIN_CONFIDENCE, ConfidenceModel, audit_settings

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "benchmarks" / "data" / "coding_gold"
PUBLIC = ROOT / "benchmarks" / "data" / "public_labelled" / "sib200_nl"
DEMO = ROOT / "corpora" / "demo"
DEMO_DEV = ("demo/01_ben_levensverhaal", "demo/03_henk_directie", "demo/05_sandra_planning_otter",
            "demo/07_kevin_levensverhaal", "demo/09_gerrit_levensverhaal")


def gold_sets(workdir: Path, names=None) -> list:
    """Every gold set (or those in ``names``), each with its corpus (stores in ``workdir``)."""
    import undercurrent as uc

    sets = []
    for folder in sorted(p for p in GOLD.iterdir() if (p / "gold.jsonl").is_file() and (p / "transcripts").is_dir()):
        if names is None or folder.name in names:
            sets.append(gold_from_case(folder, store_path=workdir / f"{folder.name}.sqlite"))
    if (GOLD / "demo" / "gold.jsonl").is_file() and (names is None or "demo" in names):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            corpus = uc.load_corpus(DEMO, store_path=workdir / "demo.sqlite")
        sets.append(gold_from_units(GOLD / "demo" / "gold.jsonl", corpus, name="demo", dev_docs=DEMO_DEV))
    return sets


def auto_codings(gold, confidence: ConfidenceModel | None = None) -> pd.DataFrame:
    from undercurrent.coding import shipped_codebooks
    from undercurrent.coding.autocode import RuleCoder

    return RuleCoder(shipped_codebooks(), lang="nl", confidence=confidence).code(gold.corpus, show_progress=False)


def _codebook_of(code_id: str) -> str:
    return code_id.split("/", 1)[0]


def shown(codings: pd.DataFrame, min_confidence: float) -> pd.DataFrame:
    """The automatic codings a report would show (see undercurrent.coding.matrices.reportable)."""
    from undercurrent.coding.matrices import reportable

    return reportable(codings, min_confidence)


def summary(units: pd.DataFrame, codings: pd.DataFrame, min_confidence: float) -> pd.DataFrame:
    """Pooled precision, recall, κ per codebook and overall, over the codings a report at
    ``min_confidence`` would show."""
    codings = shown(codings, min_confidence) if min_confidence > 0 else codings
    rows = []
    books = sorted({_codebook_of(c) for c in codings["code_id"]} | {_codebook_of(c) for cs in units["codes"] for c in cs})
    for book in books + [None]:
        u = units.assign(codes=[frozenset(c for c in cs if book is None or _codebook_of(c) == book)
                                for cs in units["codes"]])
        c = codings if book is None else codings[codings["code_id"].str.startswith(book + "/")]
        pooled = score(u, c, min_confidence=min_confidence).iloc[-1]
        rows.append(dict(codebook=book or "(all)", gold=int(pooled["support"]), predicted=int(pooled["predicted"]),
                         precision=pooled["precision"], recall=pooled["recall"], kappa=pooled["kappa"]))
    return pd.DataFrame(rows)


def fit(sets, coded) -> None:
    """Audit every indicator on the dev halves and calibrate, then write codebooks/audit/.

    Calibration is cross-fitted: each gold set's codings are scored with the audit of the
    other sets, as new material would be. The prior weight (how far an indicator's measured
    precision is shrunk towards its kind's prior) is the one whose cross-fitted, calibrated
    scores have the lowest Brier score."""
    from undercurrent.coding.audit import assign_codings

    keys = ["code_id", "kind", "term", "how"]
    dev = [(g.units[g.units["split"] == "dev"], c) for g, c in zip(sets, coded)]
    audits = [audit_indicators(u, c) for u, c in dev]
    whole = pd.concat(audits).groupby(keys, as_index=False)[["hits", "correct"]].sum()
    placed = [assign_codings(u, c) for u, c in dev]
    truth = [np.array([code in dict(zip(u["unit_id"], u["codes"]))[unit]
                       for code, unit in zip(p["code_id"], p["unit_id"])]) for (u, _), p in zip(dev, placed)]
    best = None
    for weight in (1.0, 3.0, 6.0, 10.0, 20.0):
        raw, correct = [], []
        for k in range(len(dev)):
            others = pd.concat([a for j, a in enumerate(audits) if j != k] or [audits[k].iloc[:0]])
            others = others.groupby(keys, as_index=False)[["hits", "correct"]].sum()
            scores = raw_scores(placed[k], ConfidenceModel(others, prior_weight=weight))
            keep = ~np.isnan(scores)
            raw.append(scores[keep])
            correct.append(truth[k][keep])
        raw, correct = np.concatenate(raw), np.concatenate(correct).astype(float)
        calibration = fit_calibration(raw, correct)
        brier = float(np.mean((np.interp(raw, calibration["raw"], calibration["calibrated"]) - correct) ** 2))
        print(f"prior weight {weight:4.0f}: cross-fitted Brier score {brier:.4f} over {len(raw)} codings")
        if best is None or brier < best[0]:
            best = (brier, weight, calibration)
    _, weight, calibration = best
    AUDIT_DIR.mkdir(parents=True, exist_ok=True)
    whole["precision"] = (whole["correct"] / whole["hits"]).round(3)
    whole.sort_values(keys).to_csv(AUDIT_DIR / "indicators.csv", index=False)
    calibration.to_csv(AUDIT_DIR / "calibration.csv", index=False)
    settings = audit_settings()
    settings["prior_weight"] = weight
    _write_settings(settings)
    print(f"audit: {len(whole)} indicators seen on the dev halves -> {AUDIT_DIR / 'indicators.csv'}")
    print(f"calibration: {len(calibration)} points, prior weight {weight:g} -> {AUDIT_DIR / 'calibration.csv'}")


def _write_settings(settings: dict) -> None:
    import json

    (AUDIT_DIR / "audit.json").write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")


def write_measured(sets, coded) -> None:
    """What a report may say about its automatic codings: precision at the report threshold on
    the test half (never used for fitting)."""
    from datetime import date

    units = pd.concat([g.units[g.units["split"] == "test"] for g in sets])
    pooled = score(units, shown(pd.concat(coded), REPORT_MIN_CONFIDENCE)).iloc[-1]
    out = {"threshold": REPORT_MIN_CONFIDENCE, "precision": round(float(pooled["precision"]), 3),
           "codings": int(pooled["predicted"]), "recall": round(float(pooled["recall"]), 3),
           "measured": date.today().isoformat(), "gold": "benchmarks/data/coding_gold (test half)"}
    settings = audit_settings()
    settings["report"] = out
    _write_settings(settings)
    print(f"test half at confidence >= {REPORT_MIN_CONFIDENCE}: precision {out['precision']:.3f} over "
          f"{out['codings']} codings -> {AUDIT_DIR / 'audit.json'}")


def report_sets(sets, coded, split: str) -> None:
    units = pd.concat([g.units[g.units["split"] == split] for g in sets])
    codings = pd.concat(coded)
    n_sent = len(units)
    print(f"\n== {split} half: {n_sent} sentences, {sum(map(bool, units['codes']))} with gold codes, "
          f"sets: {', '.join(g.name for g in sets)}{' (seen: studied and audited)' if split == 'dev' else ''}")
    for threshold, what in ((0.0, "all automatic codings"), (REPORT_MIN_CONFIDENCE, "codings the report shows")):
        print(f"\n-- {what} (confidence >= {threshold:.2f})")
        print(summary(units, codings, threshold).to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print("\n-- calibration (stated confidence vs share right)")
    print(calibration_table(units, codings).to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    hits = score(units, codings)
    print(f"\nstance agrees on {np.nanmean(hits['stance_agree']):.3f} of the hits (mean over codes)")


def public_report() -> None:
    """The public set (kept out of all tuning; scored twice, before and after the rule hits
    became features): the rule coder with a codebook a new user wrote from the category
    descriptions, and learned suggestions with 10/20/40/80 examples per category."""
    from undercurrent.coding.autocode import RuleCoder
    from undercurrent.coding.codebook import load_codebook
    from undercurrent.coding.learn import learning_curve

    data = pd.read_csv(PUBLIC / "data.csv")
    print(f"\n== public set {PUBLIC.name}: {len(data)} sentences, {data['labels'].nunique()} categories")
    codebook = PUBLIC / "codebook.yaml"
    rules = RuleCoder([load_codebook(codebook)], lang="nl") if codebook.is_file() else None
    variants = [("lemma and character features", None)] + ([("plus the user codebook's rule hits", rules)] if rules else [])
    for what, rule_coder in variants:
        curve = learning_curve(data["text"], data["labels"], train=data["split"] != "test", lang="nl",
                               sizes=(10, 20, 40, 80), repeats=5, rule_coder=rule_coder, random_state=0)
        print(f"learned suggestions ({what}) on the test split, mean over 5 draws of training examples:")
        print(curve.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    if rules is not None:
        print("\nrule coder with the user-written codebook, on the test split:")
        print(_public_rules(data[data["split"] == "test"], rules).to_string(index=False,
                                                                            float_format=lambda x: f"{x:.3f}"))


def _public_rules(data: pd.DataFrame, coder) -> pd.DataFrame:
    """The rule coder's codes against each category, and pooled."""
    from undercurrent.coding.audit import binary_scores
    from undercurrent.coding.learn import prepare

    predicted = prepare(data["text"].tolist(), "nl", coder).hits
    columns = ["support", "predicted", "precision", "recall", "kappa"]
    rows, g_all, p_all = [], [], []
    for label in sorted(set(data["labels"])):
        code = f"{coder.codebooks[0].id}/{label.replace('/', '_')}"
        g, p = (data["labels"] == label).to_numpy(), np.array([code in codes for codes in predicted])
        g_all.append(g)
        p_all.append(p)
        score = binary_scores(g, p)
        rows.append(dict(category=label, **{k: score[k] for k in columns}))
    score = binary_scores(np.concatenate(g_all), np.concatenate(p_all))
    rows.append(dict(category="(pooled)", **{k: score[k] for k in columns}))
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fit", action="store_true", help="audit and calibrate on the dev halves, write codebooks/audit/")
    parser.add_argument("--dev", action="store_true", help="also print the dev half (seen)")
    parser.add_argument("--public", action="store_true", help="also score the untouched public set")
    parser.add_argument("--per-code", action="store_true", help="per-code table on the test half")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        sets = gold_sets(Path(tmp))
        if not sets:
            print(f"no gold sets in {GOLD}")
            return 1
        if args.fit:  # audit every indicator as written: nothing switched off, no calibration
            fit(sets, [auto_codings(g, ConfidenceModel()) for g in sets])
        coded = [auto_codings(g, ConfidenceModel.shipped()) for g in sets]
        if args.fit:
            write_measured(sets, coded)
        if args.dev:
            report_sets(sets, coded, "dev")
        report_sets(sets, coded, "test")
        if args.per_code:
            units = pd.concat([g.units[g.units["split"] == "test"] for g in sets])
            table = score(units, pd.concat(coded))
            print(table[table["support"] + table["predicted"] > 0].to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    if args.public:
        public_report()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
