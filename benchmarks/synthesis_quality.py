"""Findings quality on the planted-signal cases (issue 10), written without sight of the code.

    .venv/bin/python -m benchmarks.synthesis_quality                 # the dev case, fact by fact
    .venv/bin/python -m benchmarks.synthesis_quality --test          # also the test cases: totals only
    .venv/bin/python -m benchmarks.synthesis_quality --case hotel    # one case (repeatable)
    .venv/bin/python -m benchmarks.synthesis_quality --judge DIR     # blind judging sheets (see below)
    .venv/bin/python -m benchmarks.synthesis_quality --judged FILE   # off-topic share from a filled sheet
    .venv/bin/python -m benchmarks.synthesis_quality --relevance     # the quote model, each case left out

A fact of `benchmarks/data/planted/<case>/gold.json` is *surfaced with verbatim evidence* when a
quote the intake report shows (``undercurrent run --kind intake``) overlaps one of the fact's gold
quotes in the stored text. Off-topic quotes are judged blind: ``--judge`` writes, per case, every
(finding, quote) pair the intake shows mixed with as many decoys (the same findings paired with
random respondent sentences), shuffled, without saying which is which; a judge marks each pair
on or off topic, and ``--judged`` counts the off-topic share among the tool's pairs (and among
the decoys, to show the judge can tell).
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLANTED = ROOT / "benchmarks" / "data" / "planted"
SPLIT = {"bakkerij": "dev", "waterschap": "test (seen)", "meubelmakerij": "test (seen)", "fietsenfabriek": "test (seen)",
         "hotel": "test (seen)", "scheepswerf": "test (seen)", "zuivel": "test (seen)",
         "laboratorium": "test (seen)", "garagebedrijf": "dev (studied)", "kwekerij": "dev (studied)", "recycling": "test (seen)", "klantcontact": "test"}


def _findings(case: Path, store: Path, relevance: bool = True):
    import undercurrent as uc
    from undercurrent.project import Project
    from undercurrent.report.findings import shown_findings
    from undercurrent.timeline.events import timeline

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Project(case, store) as project:
            project.ingest(show_progress=False)
            project.autocode(show_progress=False, documents=True)
            corpus = project.corpus()
    # the quote model leaves this case's own verdicts out: it is measured on a case it has not read
    findings = uc.synthesis.synthesis(corpus, timeline=timeline(corpus), relevance=relevance and case.name)
    return corpus, shown_findings(findings, "intake")


def _gold_spans(corpus, fact: dict) -> list[tuple[str, int, int]]:
    by_file = {Path(p).name: d for p, d in zip(corpus.documents["source_path"], corpus.documents["doc_id"])}
    spans = []
    for q in fact["quotes"]:
        doc_id = by_file.get(Path(q["file"]).name)
        if doc_id is None:
            continue
        at = corpus.text(doc_id).find(q["quote"])
        if at >= 0:
            spans.append((doc_id, at, at + len(q["quote"])))
    return spans


def surfaced(case: Path, detail: bool) -> tuple[int, int, int, int]:
    """(facts surfaced, facts, findings shown without a quote, findings shown) for one case."""
    gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))["facts"]
    with tempfile.TemporaryDirectory() as tmp:
        corpus, shown = _findings(case, Path(tmp) / "s.sqlite")
    quotes = [(k, row.finding_id, q) for k, rows in shown.items() for row in rows.itertuples() for q in row.quotes]
    without = sum(not row.quotes for rows in shown.values() for row in rows.itertuples())
    n_shown = sum(len(rows) for rows in shown.values())
    hits = 0
    for fact in gold:
        spans = _gold_spans(corpus, fact)
        by = sorted({fid for _, fid, q in quotes for d, a, b in spans
                     if q["doc_id"] == d and q["start"] < b and a < q["end"]})
        hits += bool(by)
        if detail:
            print(f"  {fact['id']} {fact['kind']:12s} {'surfaced by ' + ', '.join(by) if by else 'NOT surfaced'}")
    return hits, len(gold), without, n_shown


def judging_sheets(out: Path, seed: int = 7, cases=tuple(SPLIT)) -> None:
    """Per case a CSV of (statement, quote) pairs to judge, and a key kept apart from the judge."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for name in cases:
        case = PLANTED / name
        with tempfile.TemporaryDirectory() as tmp:
            corpus, shown = _findings(case, Path(tmp) / "s.sqlite")
        seg = corpus.segments
        pool = seg[(seg["kind"] == "sentence") & (seg["speaker_role"] == "respondent")]
        pairs = []
        for rows in shown.values():
            for row in rows.itertuples():
                for q in row.quotes:
                    pairs.append(dict(statement=row.statement, quote=q["text"], source="tool"))
                    decoy = pool.iloc[rng.randrange(len(pool))]
                    pairs.append(dict(statement=row.statement, quote=corpus.span(decoy["doc_id"], decoy["start"],
                                                                                  decoy["end"]), source="decoy"))
        rng.shuffle(pairs)
        with open(out / f"{name}_sheet.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["pair", "statement", "quote", "on_topic (yes/no)"])
            for k, p in enumerate(pairs, 1):
                writer.writerow([k, p["statement"], " ".join(p["quote"].split()), ""])
        with open(out / f"{name}_key.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["pair", "source"])
            writer.writerows((k, p["source"]) for k, p in enumerate(pairs, 1))
        print(f"{name}: {len(pairs)} pairs -> {out / (name + '_sheet.csv')} (key: {name}_key.csv)")


def judged(sheet: Path) -> None:
    key_path = sheet.with_name(sheet.name.replace("_sheet", "_key"))
    key = {row["pair"]: row["source"] for row in csv.DictReader(key_path.open(encoding="utf-8"))}
    counts = {"tool": [0, 0], "decoy": [0, 0]}
    for row in csv.DictReader(sheet.open(encoding="utf-8")):
        verdict = (row.get("on_topic (yes/no)") or "").strip().lower()
        if verdict not in ("yes", "no"):
            continue
        counts[key[row["pair"]]][0] += verdict == "no"
        counts[key[row["pair"]]][1] += 1
    for source, (off, n) in counts.items():
        print(f"  {source:5s}: {off} of {n} judged off-topic ({off / max(n, 1):.0%})")


def relevance_check(thresholds=(0.3, 0.4, 0.5, 0.6)) -> None:
    """The quote model (undercurrent.synthesis.relevance) measured leaving each planted case out in
    turn: of the tool's quotes the judges saw, the off-topic share among those it keeps, and how
    many on-topic ones it keeps."""
    import numpy as np

    from undercurrent.synthesis.relevance import JUDGEMENTS, on_topic, statement_kind

    with JUDGEMENTS.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["source"] == "tool"]
    findings: dict = {}
    for r in rows:
        findings.setdefault((r["case"], r["sheet"], r["statement"]), []).append(r)
    p, on = [], []
    for (case, _, statement), mine in findings.items():
        p += list(on_topic(statement_kind(statement), [r["quote"] for r in mine], leave_out=case))
        on += [r["on_topic"] == "1" for r in mine]
    p, on = np.array(p), np.array(on)
    print(f"quote model, each case left out in turn: {len(on)} judged quotes of the tool, "
          f"{(~on).mean():.0%} off-topic without it")
    for t in thresholds:
        keep = p >= t
        print(f"  threshold {t:.2f}: {(~on[keep]).mean():.0%} off-topic of {keep.sum()} kept; "
              f"{(on & keep).sum() / on.sum():.0%} of the on-topic quotes kept")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--test", action="store_true", help="also the test case (totals only)")
    parser.add_argument("--judge", type=Path, metavar="DIR", help="write blind judging sheets into DIR")
    parser.add_argument("--judged", type=Path, metavar="FILE", help="count off-topic quotes in a judged sheet")
    parser.add_argument("--case", choices=sorted(SPLIT), action="append", help="only this case (repeatable)")
    parser.add_argument("--relevance", action="store_true", help="measure the quote model, leaving each case out")
    args = parser.parse_args(argv)
    cases = args.case or list(SPLIT)
    if args.relevance:
        relevance_check()
        return 0
    if args.judge:
        judging_sheets(args.judge, cases=cases)
        return 0
    if args.judged:
        judged(args.judged)
        return 0
    for name in cases:
        split = SPLIT[name]
        if split != "dev" and not (args.test or args.case):
            continue
        print(f"\n== planted case {name} ({split}{', studied' if split == 'dev' else ', scored only'})")
        hits, n, without, shown = surfaced(PLANTED / name, detail=split == "dev")
        print(f"  facts surfaced with verbatim evidence in the intake report: {hits}/{n}; "
              f"findings shown without a quote: {without}/{shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
