"""Timeline quality on held-out material (the issue-9 gold), beside benchmarks.temporal_quality.

    .venv/bin/python -m benchmarks.timeline_quality              # test halves and incident cases
    .venv/bin/python -m benchmarks.timeline_quality --dev        # also the dev halves (seen)
    .venv/bin/python -m benchmarks.timeline_quality --public     # also the untouched public suite
    .venv/bin/python -m benchmarks.timeline_quality --third      # also the third set, kept untouched
    .venv/bin/python -m benchmarks.timeline_quality --untouched  # also the incident cases kept untouched

1. benchmarks/data/temporal_gold/*.jsonl (and temporal_gold2/, temporal_gold3/): Dutch and English
   passages written and annotated without sight of the rules (their README.md files). Records alternate
   dev/test by position. Found = a predicted expression overlaps the gold one; precision =
   predicted expressions that overlap a gold one; value right = the resolved interval's first
   and last year equal the gold's (within one year for approximate expressions), or both
   unresolved, or for durations the same ISO duration.
2. benchmarks/data/incident_gold/<case>/: multi-interview cases with incidents dated
   inconsistently on purpose. An incident is found when one discovered incident holds the
   mentions of at least half of the people who recount it; a dating is found when that
   incident has a dating by the same person overlapping theirs.
3. benchmarks/data/public_temporal/recognizers_text_nl (MIT): Microsoft Recognizers-Text's
   Dutch DateTime specs, kept out of all tuning.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import warnings
from collections import Counter
from datetime import date
from pathlib import Path

from undercurrent.timeline.resolve import resolve_sequence
from undercurrent.timeline.tagger import tag

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "benchmarks" / "data" / "temporal_gold"
GOLD2 = ROOT / "benchmarks" / "data" / "temporal_gold2"  # the second set, other speakers and wordings
GOLD3 = ROOT / "benchmarks" / "data" / "temporal_gold3"  # the third, kept untouched: scored only with --third
INCIDENTS = ROOT / "benchmarks" / "data" / "incident_gold"
PUBLIC = ROOT / "benchmarks" / "data" / "public_temporal" / "recognizers_text_nl" / "cases.jsonl"


def records(split: str, gold: Path = GOLD) -> list[dict]:
    out = []
    for path in sorted(gold.glob("*.jsonl")):
        lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        out += [r for k, r in enumerate(lines) if (k % 2 == 0) == (split == "dev")]
    return out


def _day(value):
    return date.fromisoformat(value) if value else None


def value_right(resolved, gold: dict) -> bool:
    """The resolved interval matches the gold one at year level (one year's slack when either
    side is approximate), both are unresolved, or both are the same duration."""
    g_lo, g_hi = _day(gold.get("earliest")), _day(gold.get("latest"))
    if gold.get("derivation") == "duration" or (gold.get("value") or "").startswith("P"):
        return resolved.value == gold.get("value")
    if g_lo is None and g_hi is None:
        return not resolved.dated
    if resolved.earliest is None and resolved.latest is None:  # "tot 2013" has only a latest
        return False
    slack = 1 if resolved.approximate or gold.get("derivation") in ("vague", "relative", "anchored", "age") else 0
    lo_ok = g_lo is None or resolved.earliest is not None and abs(resolved.earliest.year - g_lo.year) <= slack
    hi_ok = g_hi is None or resolved.latest is not None and abs(resolved.latest.year - g_hi.year) <= slack
    return lo_ok and hi_ok


def passages_report(split: str, gold: Path = GOLD, label: str = "temporal gold") -> dict:
    tp_gold = n_gold = tp_pred = n_pred = right = 0
    by_der: Counter = Counter()
    found_der: Counter = Counter()
    right_der: Counter = Counter()
    misses = []
    for item in records(split, gold):
        lang = item.get("lang", "nl")
        pred = tag(item["text"], lang)
        interview = _day(item.get("interview_date"))
        res = resolve_sequence(pred, interview_date=interview, birth_year=item.get("birth_year"),
                               start_year=item.get("start_year"), contexts=[item["text"]] * len(pred))
        n_pred += len(pred)
        tp_pred += sum(any(p.start < g["end"] and g["start"] < p.end for g in item["expressions"]) for p in pred)
        for g in item["expressions"]:
            n_gold += 1
            der = g.get("derivation") or "?"
            by_der[der] += 1
            hit = [k for k, p in enumerate(pred) if p.start < g["end"] and g["start"] < p.end]
            if hit:
                tp_gold += 1
                found_der[der] += 1
                ok = value_right(res[hit[0]], g)
                right += ok
                right_der[der] += ok
            else:
                misses.append((lang, g["text"]))
    recall, precision = tp_gold / max(n_gold, 1), tp_pred / max(n_pred, 1)
    print(f"\n== {label}, {split} half: {n_gold} expressions, {n_pred} found")
    print(f"  found {recall:.2f} (recall by overlap)   precision {precision:.2f}   "
          f"value right {right / max(tp_gold, 1):.2f} of the found, {right / max(n_gold, 1):.2f} of all")
    for der, n in by_der.most_common():
        print(f"  {der:13s} {n:4d} gold   found {found_der[der]:4d}   right {right_der[der]:4d}")
    return dict(recall=recall, precision=precision, right=right / max(tp_gold, 1), misses=misses)


#: incident cases by how far they were looked at (benchmarks/data/incident_gold/README.md)
INCIDENT_GROUPS = {
    "untouched": ("nl_woningcorporatie_lindehof", "nl_chemie_veldmaar", "en_veterinary_caldervale"),
    "scored untouched once, then studied (seen)": ("nl_theater_lindenhof", "nl_havenbedrijf_westerhaven",
                                                   "en_northbridge_geography"),
    "scored three times, never studied (seen)": ("brouwerij_geuldal", "rederij_wadlijn", "halden_software"),
    "scored untouched, then re-scored (seen)": ("zuivel", "dierenpark", "insurance"),
    "studied": ("zorg", "drukkerij", "gemeente", "busbedrijf", "kwekerij", "waterschap"),
}


def incident_report(group: str, with_aliases: bool = False) -> None:
    """The incident cases of one of :data:`INCIDENT_GROUPS`. with_aliases: the words each person
    used for an incident (gold.json "aliases") given as the case's `[incidents]` table, as a
    researcher would after reading the first report. The untouched group prints its totals only,
    so that scoring it does not show what was missed."""
    detail = group != "untouched"
    import undercurrent as uc
    from undercurrent.timeline.events import incident_config, incident_mentions, timeline

    cases = [INCIDENTS / name for name in INCIDENT_GROUPS[group] if (INCIDENTS / name / "gold.json").is_file()]
    if not cases:
        print(f"\nincident cases ({group}): skipped ({INCIDENTS} is absent)")
        return
    print(f"\n== incident cases, {group} ({', '.join(p.name for p in cases)})"
          f"{', with the incidents named in [incidents]' if with_aliases else ''}")
    totals = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for folder in cases:
            gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["incidents"]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                corpus = uc.load_corpus(folder, store_path=Path(tmp) / f"{folder.name}.sqlite")
            aliases, ignore = incident_config([folder])
            if with_aliases:
                for inc in gold:
                    for word in inc.get("aliases", []):
                        aliases[" ".join(word.lower().split())] = inc["name"].lower()
            events_frame, found = timeline(corpus, incidents=aliases, ignore=ignore)
            mention_rows = incident_mentions(corpus, incidents=aliases, ignore=ignore)
            people = corpus.participants.set_index("participant_id")["pseudonym"].to_dict()
            texts = {Path(p).name: (d, corpus.text(d)) for p, d in zip(corpus.documents["source_path"],
                                                                        corpus.documents["doc_id"])}
            matched = set()
            for inc in gold:
                mentions = inc["mentions"]
                who = {m["participant_id"] for m in mentions}
                if len(who) < 2:
                    continue
                totals["incidents"] += 1
                # the discovered incident whose mention sentences cover most of these people's accounts
                cover: Counter = Counter()
                for m in mentions:
                    doc_id, text = texts[Path(m["file"]).name]
                    at = text.find(m["quote"])
                    if at < 0:
                        continue
                    hit = mention_rows[(mention_rows["doc_id"] == doc_id) & (mention_rows["start"] < at + len(m["quote"]))
                                       & (mention_rows["end"] > at)]
                    for name in sorted(set(hit["incident"])):
                        cover[name] += 1
                best, best_cover = None, 0
                for name, n in cover.most_common():
                    if name in set(found["name"]):  # one name may be split into events by their years
                        parts = found[found["name"] == name]
                        best, best_cover = parts.loc[parts["participants"].idxmax()], n
                        break
                found_it = best is not None and best_cover * 2 >= len(mentions)
                matched |= set(cover) if found_it else set()
                totals["found"] += found_it
                dated = [m for m in mentions if m.get("earliest")]
                totals["datings"] += len(dated)
                hits = 0
                if found_it:
                    rows = best["dating_rows"]
                    for m in dated:
                        mine = rows[rows["pseudonym"] == people.get(m["participant_id"])]
                        lo, hi = _day(m["earliest"]), _day(m["latest"] or m["earliest"])
                        hits += any(r.earliest <= hi and lo <= r.latest for r in mine.itertuples())
                totals["datings_found"] += hits
                years = {(_day(m["earliest"]).year, _day(m["latest"] or m["earliest"]).year) for m in dated}
                differ = len(dated) >= 2 and max(a for a, _ in years) > min(b for _, b in years)
                totals["differ"] += differ
                flagged = found_it and best["agree"] is not None and not best["agree"]
                totals["differ_flagged"] += differ and flagged
                status = f"found as '{best['incident']}'" if found_it else "MISSED"
                if detail:
                    print(f"  {folder.name}/{inc['name']}: {len(who)} people, {status}; datings {hits}/{len(dated)}"
                          f"{'; datings differ: ' + ('flagged' if flagged else 'NOT flagged') if differ else ''}")
            # incidents shown that are none of the gold ones (a distractor, a place, a machine)
            extra = [shown for shown, name in zip(found["incident"], found["name"]) if name not in matched]
            totals["shown"] += len(found)
            totals["extra"] += len(extra)
            if extra and detail:
                print(f"  {folder.name}: also shown: {', '.join(map(str, extra))}")
    print(f"  incidents recounted by 2+ people found: {totals['found']}/{totals['incidents']}; "
          f"their datings found: {totals['datings_found']}/{totals['datings']}; "
          f"disagreement flagged: {totals['differ_flagged']}/{totals['differ']}; "
          f"incidents shown that are none of these: {totals['extra']}/{totals['shown']}")


def public_report() -> None:
    if not PUBLIC.is_file():
        print(f"\npublic suite: skipped ({PUBLIC} is absent)")
        return
    n = found = right = with_value = n_pred = tp_pred = 0
    by_type: Counter = Counter()
    found_type: Counter = Counter()
    for line in PUBLIC.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        ref = case.get("reference_datetime")
        today = date.fromisoformat(ref[:10]) if ref else None
        pred = tag(case["text"], "nl")
        res = resolve_sequence(pred, interview_date=today)
        n_pred += len(pred)
        tp_pred += sum(any(p.start < g["end"] and g["start"] < p.end for g in case["expressions"]) for p in pred)
        for g in case["expressions"]:
            n += 1
            by_type[g["type"]] += 1
            hit = [k for k, p in enumerate(pred) if p.start < g["end"] and g["start"] < p.end]
            found += bool(hit)
            found_type[g["type"]] += bool(hit)
            if g.get("earliest") and hit:
                with_value += 1
                r = res[hit[0]]
                right += bool(r.dated and r.earliest.isoformat() == g["earliest"] and
                              (r.latest or r.earliest).isoformat() == g["latest"])
    print(f"\n== public suite (Recognizers-Text Dutch DateTime, untouched): {n} expressions")
    print(f"  found {found / n:.2f}   precision {tp_pred / max(n_pred, 1):.2f}   "
          f"exact interval right {right}/{with_value} of the found with a day interval")
    for kind, k in by_type.most_common():
        print(f"  {kind:14s} {k:4d}   found {found_type[kind]:4d}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", action="store_true", help="also the dev halves (seen: studied)")
    parser.add_argument("--public", action="store_true", help="also the untouched public suite")
    parser.add_argument("--misses", action="store_true", help="list the dev half's missed expressions")
    parser.add_argument("--third", action="store_true", help="also the third set, kept untouched (see its README)")
    parser.add_argument("--untouched", action="store_true", help="also the incident cases kept untouched")
    args = parser.parse_args(argv)
    sets = [(GOLD, "temporal gold"), (GOLD2, "temporal gold, second set")]
    sets += [(GOLD3, "temporal gold, third set")] if args.third else []
    for gold, label in sets:
        if not gold.is_dir():
            continue
        if args.dev:
            dev = passages_report("dev", gold, label)
            if args.misses:
                for lang, text in dev["misses"]:
                    print(f"    miss [{lang}] {text}")
        passages_report("test", gold, label)
    for group in INCIDENT_GROUPS:
        if group == "untouched" and not args.untouched:
            continue
        incident_report(group)
        incident_report(group, with_aliases=True)
    if args.public:
        public_report()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
