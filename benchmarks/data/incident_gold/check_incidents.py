#!/usr/bin/env python3
"""Checker for the held-out incident cases (stdlib only).

Usage: python3 check_incidents.py [root]   (root defaults to the folder of this script)

Per mention it verifies: the file exists, the quote occurs verbatim in it (inside a
respondent turn), the dating_text (if any) occurs in the quote, in the same respondent turn
or in the next respondent turn, the participant id exists in participants.csv (and its file
matches), dates parse and earliest <= latest.  It also checks case structure against the brief
and prints, per case, the incidents, people per incident and which incidents have
disagreeing datings.
"""
import csv
import datetime as dt
import json
import os
import re
import sys

try:
    import tomllib
except ImportError:  # python < 3.11
    tomllib = None

DERIVATIONS = {"explicit", "relative", "anchored", "age", "named_period"}
PCOLS = ["participant_id", "pseudonym", "role", "department", "birth_year",
         "start_year", "interview_date", "file", "kind"]


def load_toml(path):
    with open(path, "rb") as f:
        data = f.read()
    if tomllib:
        return tomllib.loads(data.decode("utf-8"))
    out = {}
    for line in data.decode("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" in line:
            k, v = line.split("=", 1)
            v = v.strip()
            if v.startswith("["):
                out[k.strip()] = re.findall(r'"([^"]*)"', v)
            else:
                out[k.strip()] = v.strip('"')
    return out


def parse_date(s):
    return dt.date.fromisoformat(s)


def true_interval(s):
    """'2016' | '2016-03' | '2016-03-05' -> (first day, last day)."""
    parts = s.split("-")
    y = int(parts[0])
    if len(parts) == 1:
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    m = int(parts[1])
    if len(parts) == 2:
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return dt.date(y, m, 1), nxt - dt.timedelta(days=1)
    d = dt.date(y, m, int(parts[2]))
    return d, d


def parse_turns(text):
    """Return list of (speaker, start, end) over the transcript text."""
    turns = []
    for m in re.finditer(r"(?m)^([A-Z]): ", text):
        turns.append([m.group(1), m.start()])
    out = []
    for i, (spk, st) in enumerate(turns):
        end = turns[i + 1][1] if i + 1 < len(turns) else len(text)
        out.append((spk, st, end))
    return out


def check_transcript(path, problems, tag):
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    if len(lines) < 3 or not lines[0].strip() or lines[1].strip():
        problems.append(f"{tag}: header line + blank line expected")
    body = "\n".join(lines[2:]).strip("\n")
    blocks = body.split("\n\n")
    for b in blocks:
        if not re.match(r"^[IR]: \S", b) or "\n" in b:
            problems.append(f"{tag}: malformed turn block: {b[:60]!r}")
    n = len(blocks)
    if not 45 <= n <= 90:
        problems.append(f"{tag}: {n} turns, expected 45-90")
    return text, n


def overlap(a, b):
    return a[0] <= b[1] and b[0] <= a[1]


def check_case(cdir, problems):
    name = os.path.basename(cdir)
    info = {"case": name}
    try:
        toml = load_toml(os.path.join(cdir, "case.toml"))
    except Exception as e:  # noqa
        problems.append(f"{name}: case.toml unreadable: {e}")
        toml = {}
    for k in ("name", "organisation", "sector", "language", "interviewers"):
        if k not in toml:
            problems.append(f"{name}: case.toml lacks {k}")
    info["language"] = toml.get("language")
    if toml.get("language") not in ("nl", "en"):
        problems.append(f"{name}: language must be nl or en")

    # participants
    parts = {}
    with open(os.path.join(cdir, "participants.csv"), encoding="utf-8", newline="") as f:
        rd = csv.DictReader(f)
        if rd.fieldnames != PCOLS:
            problems.append(f"{name}: participants.csv header {rd.fieldnames}")
        for row in rd:
            parts[row["participant_id"]] = row
    if not 4 <= len(parts) <= 5:
        problems.append(f"{name}: {len(parts)} participants, expected 4 or 5")
    texts = {}
    kinds = []
    for pid, row in parts.items():
        for k in PCOLS:
            if not (row.get(k) or "").strip():
                problems.append(f"{name}/{pid}: empty {k}")
        try:
            idate = parse_date(row["interview_date"])
            if idate.year not in (2025, 2026):
                problems.append(f"{name}/{pid}: interview_date not in 2025/2026")
            int(row["birth_year"]); int(row["start_year"])
        except Exception as e:  # noqa
            problems.append(f"{name}/{pid}: bad date/year: {e}")
        if row["kind"] not in ("interview", "life_history"):
            problems.append(f"{name}/{pid}: bad kind {row['kind']}")
        kinds.append(row["kind"])
        if not re.fullmatch(r"transcripts/\d\d_[a-z_]+\.txt", row["file"]):
            problems.append(f"{name}/{pid}: file name pattern {row['file']}")
        fp = os.path.join(cdir, row["file"])
        if not os.path.isfile(fp):
            problems.append(f"{name}/{pid}: missing file {row['file']}")
            continue
        texts[row["file"]] = check_transcript(fp, problems, f"{name}/{row['file']}")[0]
    nlh = kinds.count("life_history")
    if not 1 <= nlh <= 2:
        problems.append(f"{name}: {nlh} life histories, expected 1 or 2")

    # gold
    gold = json.load(open(os.path.join(cdir, "gold.json"), encoding="utf-8"))
    incs = gold.get("incidents", [])
    if not 3 <= len(incs) <= 4:
        problems.append(f"{name}: {len(incs)} incidents, expected 3 or 4")
    summary = []
    n_dis = n_agree = 0
    for inc in incs:
        iname = inc.get("name", "?")
        tag = f"{name}/{iname}"
        aliases = [a.lower() for a in inc.get("aliases", [])] + [iname.lower()]
        try:
            tint = true_interval(inc["true_date"])
        except Exception as e:  # noqa
            problems.append(f"{tag}: bad true_date: {e}")
            tint = None
        ms = inc.get("mentions", [])
        pids = [m.get("participant_id") for m in ms]
        if len(set(pids)) != len(pids):
            problems.append(f"{tag}: duplicate participant in mentions")
        if not 2 <= len(ms) <= 5:
            problems.append(f"{tag}: {len(ms)} people, expected 2-5")
        dated = []
        for m in ms:
            pid = m.get("participant_id")
            mtag = f"{tag}/{pid}"
            if pid not in parts:
                problems.append(f"{mtag}: participant id not in participants.csv")
            elif parts[pid]["file"] != m.get("file"):
                problems.append(f"{mtag}: file {m.get('file')} is not this participant's file")
            fp = os.path.join(cdir, m.get("file", ""))
            if not os.path.isfile(fp):
                problems.append(f"{mtag}: file does not exist: {m.get('file')}")
                continue
            text = texts.get(m["file"]) or open(fp, encoding="utf-8").read()
            q = m.get("quote") or ""
            cnt = text.count(q) if q else 0
            if cnt == 0:
                problems.append(f"{mtag}: quote not found verbatim: {q[:70]!r}")
                continue
            if not any(a in q.lower() for a in aliases):
                problems.append(f"{mtag}: quote contains no name/alias of the incident: {q[:70]!r}")
            turns = parse_turns(text)
            # every occurrence of the quote; accept if one of them satisfies the rules
            occ = [mm.start() for mm in re.finditer(re.escape(q), text)]
            tis = [next((i for i, t in enumerate(turns) if t[1] <= p < t[2]), None) for p in occ]
            tis = [i for i in tis if i is not None and turns[i][0] == "R"]
            if not tis:
                problems.append(f"{mtag}: quote is not inside a respondent turn")
                continue
            dtxt = m.get("dating_text")
            keys = ("earliest", "latest", "derivation")
            if dtxt is None:
                if any(m.get(k) is not None for k in keys):
                    problems.append(f"{mtag}: undated mention must have null earliest/latest/derivation")
                continue
            if any(m.get(k) is None for k in keys):
                problems.append(f"{mtag}: dated mention lacks earliest/latest/derivation")
                continue
            if m["derivation"] not in DERIVATIONS:
                problems.append(f"{mtag}: bad derivation {m['derivation']}")
            ok = dtxt in q
            for ti in tis:
                same = text[turns[ti][1]:turns[ti][2]]
                nxt = next((text[t[1]:t[2]] for t in turns[ti + 1:] if t[0] == "R"), "")
                ok = ok or dtxt in same or dtxt in nxt
            if not ok:
                problems.append(f"{mtag}: dating_text {dtxt!r} not in quote / same / next respondent turn")
            try:
                e, l = parse_date(m["earliest"]), parse_date(m["latest"])
            except Exception as ex:  # noqa
                problems.append(f"{mtag}: dates do not parse: {ex}")
                continue
            if e > l:
                problems.append(f"{mtag}: earliest > latest")
            try:
                idate = parse_date(parts[pid]["interview_date"])
                if l > idate:
                    problems.append(f"{mtag}: latest after interview date")
            except Exception:  # noqa
                pass
            dated.append((pid, (e, l)))
        # disagreement: two dated mentions whose intervals are disjoint
        dis_pairs = [(a[0], b[0]) for i, a in enumerate(dated) for b in dated[i + 1:]
                     if not overlap(a[1], b[1])]
        common = None
        if dated:
            common = (max(d[1][0] for d in dated), min(d[1][1] for d in dated))
        agree = (len(dated) >= 2 and common[0] <= common[1]
                 and tint is not None and overlap(common, tint))
        n_dis += bool(dis_pairs)
        n_agree += bool(agree)
        if tint is not None and not any(overlap(d[1], tint) for d in dated):
            problems.append(f"{tag}: no dated mention overlaps the true_date")
        summary.append((iname, inc.get("true_date"), len(ms), len(dated), dis_pairs, agree))
    if n_dis < 2:
        problems.append(f"{name}: only {n_dis} incidents with disagreeing datings, need >= 2")
    if n_agree < 1:
        problems.append(f"{name}: no incident on whose dating everyone agrees")
    info["summary"] = summary
    return info


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    problems = []
    infos = []
    for d in sorted(os.listdir(root)):
        cdir = os.path.join(root, d)
        if os.path.isdir(cdir) and os.path.isfile(os.path.join(cdir, "case.toml")):
            try:
                infos.append(check_case(cdir, problems))
            except Exception as e:  # noqa
                problems.append(f"{d}: crashed: {e!r}")
    langs = [i.get("language") for i in infos]
    if langs.count("nl") != 2 or langs.count("en") != 1:
        problems.append(f"expected 2 nl cases and 1 en case, got {langs}")
    for info in infos:
        print(f"== {info['case']} ({info.get('language')})")
        for iname, td, n, nd, dis, agree in info.get("summary", []):
            flag = "DISAGREE " + ",".join(f"{a}/{b}" for a, b in dis) if dis else (
                "agree" if agree else "-")
            print(f"   {iname} [{td}]: {n} people, {nd} dated -> {flag}")
    for p in problems:
        print("PROBLEM:", p)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
