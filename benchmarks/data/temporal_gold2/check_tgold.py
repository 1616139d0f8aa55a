"""Check a temporal gold file: python3 check_tgold.py file.jsonl"""
import json, re, sys
from datetime import date
DER = {"explicit", "relative", "age", "anchored", "named_period", "duration", "vague"}
def iso(v):
    return v is None or (isinstance(v, str) and bool(re.fullmatch(r"\d{4}-\d\d-\d\d", v)) and date.fromisoformat(v))
problems, n, ids = [], 0, set()
for k, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    if not line.strip():
        continue
    try:
        r = json.loads(line)
    except Exception as e:
        problems.append(f"line {k}: bad JSON {e}"); continue
    if r.get("id") in ids: problems.append(f"line {k}: duplicate id")
    ids.add(r.get("id"))
    for key in ("id", "lang", "text", "interview_date", "expressions"):
        if key not in r: problems.append(f"line {k}: missing {key}")
    last = -1
    for e in r.get("expressions", []):
        n += 1
        t = r["text"]
        if t[e["start"]:e["end"]] != e["text"]:
            problems.append(f"line {k}: offsets {e['start']}-{e['end']} give {t[e['start']:e['end']]!r}, not {e['text']!r}")
        if e["start"] < last: problems.append(f"line {k}: expressions overlap or are out of order")
        last = e["end"]
        if e.get("derivation") not in DER: problems.append(f"line {k}: derivation {e.get('derivation')!r}")
        for f in ("earliest", "latest"):
            try:
                if not iso(e.get(f)): problems.append(f"line {k}: {f} {e.get(f)!r} is not an ISO day")
            except ValueError:
                problems.append(f"line {k}: {f} {e.get(f)!r} is not a real day")
        if e.get("earliest") and e.get("latest") and e["earliest"] > e["latest"]:
            problems.append(f"line {k}: earliest after latest")
for p in problems[:50]: print(p)
print(f"{len(problems)} problems; {len(ids)} records, {n} expressions")
sys.exit(1 if problems else 0)
