"""Quality of the Dutch temporal tagger.

    .venv/bin/python -m benchmarks.temporal_quality

1. Duckling's Dutch time corpus (../shared/external/temporal/, BSD): every example phrase with
   its expected value, relative to 2013-02-12 04:30. Counted: found as one expression, and
   resolved to an interval holding the expected date at the expected grain. Duckling's corpus is
   about assistants ("morgen om 8 uur", weekdays, clock times), which an interview tagger leaves
   out on purpose; failures are counted per grain so that is visible.
2. tests/data/temporal_gold_nl.jsonl: hand-annotated transcript-like Dutch: precision, recall
   and F1 of detection (exact span and overlap) and accuracy of resolved values.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

from undercurrent.timeline.resolve import resolve_sequence
from undercurrent.timeline.tagger import tag

ROOT = Path(__file__).resolve().parents[1]
DUCKLING = ROOT.parent / "shared" / "external" / "temporal"
GOLD = ROOT / "tests" / "data" / "temporal_gold_nl.jsonl"
_EXAMPLES = re.compile(r"examples\s*\(\s*datetime\s*\(\s*(\d+),\s*(\d+),\s*(\d+),\s*\d+,\s*\d+,\s*\d+\s*\)\s*(\w+)\s*\)"
                       r"\s*\[(.*?)\]", re.S)


def duckling_examples(path: Path) -> list[tuple[str, date, str]]:
    """(phrase, expected date, grain) for every single-datetime example (intervals are skipped)."""
    out = []
    for y, m, d, grain, body in _EXAMPLES.findall(path.read_text(encoding="utf-8")):
        try:
            expected = date(int(y), int(m), max(int(d), 1))  # Duckling writes day 0 for month grain
        except ValueError:
            continue
        for phrase in re.findall(r'"((?:[^"\\]|\\.)*)"', body):
            out.append((phrase, expected, grain))
    return out


def duckling_report() -> None:
    files = sorted(DUCKLING.glob("Corpus_NL*.hs"))
    if not files:
        print(f"Duckling corpus: skipped ({DUCKLING} is absent)")
        return
    today = date(2013, 2, 12)
    by_grain: Counter = Counter()
    found_by: Counter = Counter()
    right_by: Counter = Counter()
    for path in files:
        for phrase, expected, grain in duckling_examples(path):
            by_grain[grain] += 1
            expressions = tag(phrase, "nl")
            whole = [e for e in expressions if e.start == 0 and e.end == len(phrase.rstrip(" ?!."))]
            if not whole:
                continue
            found_by[grain] += 1
            r = resolve_sequence(whole, interview_date=today)[0]
            if r.earliest and (r.latest or r.earliest) and r.earliest <= expected <= (r.latest or r.earliest):
                ok = {"Year": r.precision in ("year", "years"), "Month": r.precision in ("month", "season"),
                      "Day": r.precision == "day", "Week": r.precision == "week"}.get(grain, False)
                right_by[grain] += ok
    total = sum(by_grain.values())
    print(f"Duckling NL corpus: {total} single-date examples; found as one expression {sum(found_by.values())}, "
          f"right value and grain {sum(right_by.values())} ({sum(right_by.values()) / total:.0%})")
    for grain, n in by_grain.most_common():
        print(f"  {grain:8s} {n:4d} examples   found {found_by[grain]:4d}   right {right_by[grain]:4d}")


def gold_report() -> None:
    if not GOLD.exists():
        print(f"gold set: skipped ({GOLD} is absent)")
        return
    tp_exact = tp_overlap = n_pred = n_gold = 0
    values_right = values_total = 0
    by_type: Counter = Counter()
    by_type_found: Counter = Counter()
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        gold = item["expressions"]
        pred = tag(item["text"], "nl")
        interview = date.fromisoformat(item["interview_date"]) if item.get("interview_date") else None
        resolved = resolve_sequence(pred, interview_date=interview, birth_year=item.get("birth_year"))
        n_pred += len(pred)
        n_gold += len(gold)
        for g in gold:
            by_type[g["type"]] += 1
            exact = [k for k, p in enumerate(pred) if (p.start, p.end) == (g["start"], g["end"])]
            overlap = [k for k, p in enumerate(pred) if p.start < g["end"] and g["start"] < p.end]
            tp_exact += bool(exact)
            tp_overlap += bool(overlap)
            by_type_found[g["type"]] += bool(overlap)
            if overlap:
                values_total += 1
                values_right += resolved[overlap[0]].value == g.get("value")
    p_e, r_e = tp_exact / max(n_pred, 1), tp_exact / max(n_gold, 1)
    p_o, r_o = tp_overlap / max(n_pred, 1), tp_overlap / max(n_gold, 1)
    f = lambda p, r: 2 * p * r / (p + r) if p + r else 0.0  # noqa: E731
    print(f"gold set: {n_gold} expressions, {n_pred} found")
    print(f"  detection, exact span:  P {p_e:.2f}  R {r_e:.2f}  F1 {f(p_e, r_e):.2f}")
    print(f"  detection, overlapping: P {p_o:.2f}  R {r_o:.2f}  F1 {f(p_o, r_o):.2f}")
    print(f"  resolved value right (of the found): {values_right}/{values_total} = "
          f"{values_right / max(values_total, 1):.0%}")
    for kind, n in by_type.most_common():
        print(f"  {kind:10s} {n:4d} gold   found {by_type_found[kind]:4d}")


if __name__ == "__main__":
    duckling_report()
    gold_report()
