"""Check a gold case folder: python3 check_gold.py <case folder>

Checks gold.jsonl against transcripts/*.txt and codebook_definitions.md:
every quote is verbatim in its file, in order; code ids exist; stance is valid;
every respondent (R:) turn is fully covered by quotes (so unlabelled = no code).
"""
import json, re, sys
from pathlib import Path

HERE = Path(__file__).parent
CODES = set(re.findall(r"^### `([a-z_]+/[a-z0-9_]+)`", (HERE / "codebook_definitions.md").read_text(), re.M))
STANCES = {"lived", "espoused", "reported"}

def main(folder):
    folder = Path(folder)
    problems = []
    lines = (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    by_file = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"gold.jsonl:{n}: bad JSON ({e})"); continue
        for key in ("file", "quote", "codes"):
            if key not in rec:
                problems.append(f"gold.jsonl:{n}: missing {key!r}")
        for c in rec.get("codes", []):
            if c.get("code") not in CODES:
                problems.append(f"gold.jsonl:{n}: unknown code {c.get('code')!r}")
            if c.get("stance") not in STANCES:
                problems.append(f"gold.jsonl:{n}: stance must be one of {sorted(STANCES)}, not {c.get('stance')!r}")
        by_file.setdefault(rec.get("file"), []).append((n, rec))
    n_items = n_coded = 0
    for name, recs in by_file.items():
        path = folder / "transcripts" / name
        if not path.is_file():
            problems.append(f"{name}: no such file in transcripts/"); continue
        text = path.read_text(encoding="utf-8")
        covered = [False] * len(text)
        pos = 0
        for n, rec in recs:
            q = rec["quote"]
            i = text.find(q, pos)
            if i < 0:
                problems.append(f"gold.jsonl:{n}: quote not found verbatim (after the previous quote) in {name}: {q[:60]!r}")
                continue
            for k in range(i, i + len(q)):
                covered[k] = True
            pos = i + len(q)
            n_items += 1
            n_coded += bool(rec["codes"])
        # respondent turns: paragraphs starting with "R:"
        for m in re.finditer(r"^R:[ \t]*(.*(?:\n(?!\n|I:|R:).*)*)", text, re.M):
            for k in range(m.start(1), m.end(1)):
                if not covered[k] and not text[k].isspace():
                    line_no = text.count("\n", 0, k) + 1
                    problems.append(f"{name}:{line_no}: respondent text not covered by any quote: {text[k:k+50]!r}")
                    break
    for p in problems[:60]:
        print(p)
    print(f"{len(problems)} problems; {n_items} labelled sentences, {n_coded} with codes, {len(CODES)} known codes")
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
