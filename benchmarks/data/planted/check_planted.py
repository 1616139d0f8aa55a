#!/usr/bin/env python3
"""Checker for the planted-signal validation cases (stdlib only).

Usage: python3 check_planted.py [root]   (default: the folder of this script)
Every sub-folder with a case.toml is checked. Prints problems and a per-case
fact summary; exit code 1 if any problem is found.
"""
import csv, json, os, re, sys, tomllib

KINDS = {"value", "incident", "history", "say_do", "generation", "tacit",
         "life_events", "technology", "hindrance"}
MIN_PEOPLE = {"value": 3, "incident": 3, "history": 2, "tacit": 2, "technology": 2}
HEADER = ["participant_id", "pseudonym", "role", "department", "birth_year",
          "start_year", "interview_date", "file", "kind"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli",
          "augustus", "september", "oktober", "november", "december"]
LABEL_LEAKS = ["impliciete waarde", "stilzwijgende kennis", "tacit", "say-do",
               "say_do", "onderstroom", "planted", "gold"]


def check_case(cdir, problems, summary):
    name = os.path.basename(cdir)
    def bad(msg):
        problems.append(f"[{name}] {msg}")

    # case.toml
    try:
        with open(os.path.join(cdir, "case.toml"), "rb") as fh:
            meta = tomllib.load(fh)
    except Exception as e:  # noqa
        bad(f"case.toml unreadable: {e}")
        meta = {}
    for key in ("name", "organisation", "sector", "language", "interviewers"):
        if key not in meta:
            bad(f"case.toml misses '{key}'")
    if meta.get("language") != "nl":
        bad("case.toml language must be 'nl'")
    if meta.get("interviewers") != ["I"]:
        bad("case.toml interviewers must be ['I']")

    # participants.csv
    parts = {}
    pfile = os.path.join(cdir, "participants.csv")
    try:
        with open(pfile, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
    except OSError as e:
        bad(f"participants.csv unreadable: {e}")
        rows = []
    if rows and rows[0] != HEADER:
        bad(f"participants.csv header wrong: {rows[0]}")
    for r in rows[1:]:
        if not r:
            continue
        if len(r) != len(HEADER):
            bad(f"participants.csv row has {len(r)} fields: {r}")
            continue
        d = dict(zip(HEADER, r))
        pid = d["participant_id"]
        if pid in parts:
            bad(f"duplicate participant id {pid}")
        parts[pid] = d
        if not re.fullmatch(r"[A-Z]\d\d", pid):
            bad(f"odd participant id {pid}")
        if d["kind"] not in ("interview", "life_history"):
            bad(f"{pid}: kind '{d['kind']}' invalid")
        if not re.fullmatch(r"2026-\d\d-\d\d", d["interview_date"]):
            bad(f"{pid}: interview_date not in 2026: {d['interview_date']}")
        if not re.fullmatch(r"transcripts/\d\d_[a-z_]+\.txt", d["file"]):
            bad(f"{pid}: file name pattern wrong: {d['file']}")
        for y in ("birth_year", "start_year"):
            if not re.fullmatch(r"(19|20)\d\d", d[y]):
                bad(f"{pid}: {y} invalid")
    n = len(parts)
    if not 6 <= n <= 8:
        bad(f"{n} transcripts, expected 6-8")
    n_lh = sum(1 for d in parts.values() if d["kind"] == "life_history")
    if n_lh != 2:
        bad(f"{n_lh} life histories, expected 2")

    # transcripts
    texts = {}
    rturns = {}
    for pid, d in parts.items():
        path = os.path.join(cdir, d["file"])
        try:
            with open(path, encoding="utf-8") as fh:
                txt = fh.read()
        except (OSError, UnicodeDecodeError) as e:
            bad(f"{pid}: transcript unreadable: {e}")
            continue
        texts[d["file"]] = txt
        lines = txt.split("\n")
        head = lines[0]
        if not head.startswith(f"Interview {pid} – "):
            bad(f"{pid}: header should start with 'Interview {pid} – ': {head}")
        y, m, dd = d["interview_date"].split("-")
        want_date = f"{int(dd)} {MONTHS[int(m) - 1]} {y}"
        if not head.endswith("– " + want_date):
            bad(f"{pid}: header date does not match {want_date}: {head}")
        if len(lines) < 2 or lines[1].strip() != "":
            bad(f"{pid}: second line must be blank")
        blocks = [b for b in re.split(r"\n\s*\n", "\n".join(lines[2:])) if b.strip()]
        turns = 0
        rt = []
        for b in blocks:
            if b.startswith("I: ") or b.startswith("R: "):
                turns += 1
                if b.startswith("R: "):
                    rt.append(b[3:])
            else:
                bad(f"{pid}: block does not start with 'I: ' or 'R: ': {b[:60]!r}")
        rturns[d["file"]] = rt
        if not 50 <= turns <= 110:
            bad(f"{pid}: {turns} turns, expected 50-110")
        low = txt.lower()
        for leak in LABEL_LEAKS:
            if re.search(r"\b" + re.escape(leak) + r"\b", low):
                bad(f"{pid}: transcript contains label word '{leak}'")

    # documents
    ddir = os.path.join(cdir, "documents")
    docs = sorted(f for f in os.listdir(ddir) if f.endswith(".txt")) if os.path.isdir(ddir) else []
    if not 1 <= len(docs) <= 2:
        bad(f"{len(docs)} documents, expected 1-2")
    for f in docs:
        with open(os.path.join(ddir, f), encoding="utf-8") as fh:
            texts["documents/" + f] = fh.read()

    # gold.json
    try:
        with open(os.path.join(cdir, "gold.json"), encoding="utf-8") as fh:
            gold = json.load(fh)
    except Exception as e:  # noqa
        bad(f"gold.json unreadable: {e}")
        return
    facts = gold.get("facts", [])
    if len(facts) < 8:
        bad(f"only {len(facts)} facts, expected >= 8")
    kinds = {f.get("kind") for f in facts}
    if len(kinds & KINDS) < 7:
        bad(f"only {len(kinds & KINDS)} kinds covered, expected >= 7")
    seen = set()
    file_of = {pid: d["file"] for pid, d in parts.items()}
    for f in facts:
        fid = f.get("id")
        if fid in seen:
            bad(f"duplicate fact id {fid}")
        seen.add(fid)
        kind = f.get("kind")
        if kind not in KINDS:
            bad(f"{fid}: invalid kind {kind}")
        if not f.get("statement"):
            bad(f"{fid}: empty statement")
        people = f.get("people", [])
        notp = f.get("not_people", [])
        for pid in people + notp:
            if pid not in parts:
                bad(f"{fid}: unknown participant {pid}")
        if set(people) & set(notp):
            bad(f"{fid}: people and not_people overlap")
        if kind in MIN_PEOPLE and len(people) < MIN_PEOPLE[kind]:
            bad(f"{fid}: {kind} needs >= {MIN_PEOPLE[kind]} people, has {len(people)}")
        if kind == "value" and not notp:
            bad(f"{fid}: value fact should name not_people")
        if kind == "life_events":
            for pid in people:
                if pid in parts and parts[pid]["kind"] != "life_history":
                    bad(f"{fid}: life_events person {pid} is not a life history")
        quotes = f.get("quotes", [])
        if len(quotes) < 2:
            bad(f"{fid}: fewer than 2 quotes")
        speakers = set()
        has_doc = False
        for qt in quotes:
            pid, fl, text = qt.get("participant_id"), qt.get("file"), qt.get("quote", "")
            if not text.strip():
                bad(f"{fid}: empty quote")
                continue
            if pid is None:
                if not str(fl).startswith("documents/"):
                    bad(f"{fid}: quote without participant must come from documents/: {fl}")
                has_doc = True
            else:
                speakers.add(pid)
                if pid not in parts:
                    bad(f"{fid}: quote by unknown participant {pid}")
                elif file_of[pid] != fl:
                    bad(f"{fid}: quote file {fl} does not belong to {pid} ({file_of[pid]})")
                if pid not in people and pid not in notp:
                    bad(f"{fid}: quoted {pid} is in neither people nor not_people")
            if fl not in texts:
                bad(f"{fid}: quote file {fl} not found")
                continue
            if text not in texts[fl]:
                bad(f"{fid}: quote not verbatim in {fl}: {text[:70]!r}")
            elif pid is not None and not any(text in t for t in rturns.get(fl, [])):
                bad(f"{fid}: quote is not inside a single R: turn of {fl}: {text[:70]!r}")
        if len(people) > 1 and len(speakers & set(people)) < 2:
            bad(f"{fid}: shared fact needs quotes from >= 2 of its people")
        if kind == "say_do" and not has_doc:
            bad(f"{fid}: say_do fact should quote a policy document")
        if kind == "value" and not (speakers & set(notp)):
            bad(f"{fid}: value fact should quote someone who does not share it")
    summary.append((name, meta.get("name", "?"), n, n_lh,
                    [(f.get("id"), f.get("kind"), len(f.get("people", [])),
                      len(f.get("not_people", []))) for f in facts]))


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    problems, summary = [], []
    cases = sorted(d for d in os.listdir(root)
                   if os.path.isfile(os.path.join(root, d, "case.toml")))
    if len(cases) != 2:
        problems.append(f"expected 2 cases, found {len(cases)}: {cases}")
    for c in cases:
        check_case(os.path.join(root, c), problems, summary)
    for name, org, n, nlh, facts in summary:
        print(f"== {name} ({org}): {n} transcripts, {nlh} life histories, {len(facts)} facts")
        for fid, kind, np_, nn in facts:
            print(f"   {fid:4} {kind:12} people={np_} not_people={nn}")
    for p in problems:
        print("PROBLEM:", p)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
