"""Render the demo drafts (corpora/demo/_drafts/P*.txt) into the transcript formats of the demo case.

Deterministic: run it again and the files come out byte for byte the same. Each participant's
format exercises one of the turn conventions undercurrent recognises, so the demo doubles as an
end-to-end test of the readers (tests/test_demo_case.py compares every ingested turn with its
draft).

    python corpora/build_demo.py
"""
from __future__ import annotations

import csv
import random
import re
import shutil
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parent / "demo"
DRAFTS = DEMO / "_drafts"
INTERVIEWER = "Marloes"
WORDS_PER_SECOND = 2.5

# participant id -> (format, how the respondent is labelled, preamble)
FORMATS = {
    "P01": ("txt_ir", None, "Levensverhaal-interview 1 — lasafdeling\n\n"),
    "P02": ("docx", "Ria", "Interview P&O — 15 september 2026"),
    "P03": ("vtt", "Henk Kampman", None),
    "P04": ("txt_name", "Jeroen", "Interview teamleider werkplaats\nDatum: 21 september 2026\nLocatie: vergaderruimte\n\n"),
    "P05": ("otter", "Sandra", "Interview planning (Otter.ai export)\n\n"),
    "P06": ("srt", "Daan", None),
    "P07": ("txt_ts_name", "Kevin", None),
    "P08": ("docx_ir", None, "Interview BBL-leerling"),
    "P09": ("txt_ir_crlf", None, "LEVENSVERHAAL 9 (spuiterij)\n\n"),
    "P10": ("txt_name_ts", "Marco", "Interview lascel, 12-10-2026\n\n"),
}


def parse_draft(path: Path) -> list[tuple[str, list[str]]]:
    """[(speaker "I"|"R", [paragraphs])] from a draft file."""
    turns: list[tuple[str, list[str]]] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        block = " ".join(line.strip() for line in block.strip().splitlines())
        m = re.match(r"^(I|R):\s*(.*)$", block, re.S)
        if m:
            turns.append((m.group(1), [m.group(2).strip()]))
        elif turns:
            turns[-1][1].append(block)
        else:
            raise ValueError(f"{path}: text before the first I:/R: label: {block[:60]!r}")
    return turns


def _clock(rng: random.Random, turns):
    """Start time in ms of each turn, from word counts at a speaking pace."""
    t, out = 0.0, []
    for _, paras in turns:
        out.append(int(t * 1000))
        words = sum(len(p.split()) for p in paras)
        t += words / WORDS_PER_SECOND + rng.uniform(0.4, 2.0)
    out.append(int(t * 1000))
    return out


def _hms(ms: int, sep: str = ".") -> str:
    s, ms = divmod(ms, 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _short(ms: int) -> str:
    s = ms // 1000
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def render(pid: str, turns, out_stem: Path) -> Path:
    fmt, name, preamble = FORMATS[pid]
    rng = random.Random(f"kampman-{pid}")
    clock = _clock(rng, turns)
    label = {"I": INTERVIEWER, "R": name}
    if fmt in ("txt_ir", "txt_ir_crlf", "txt_name", "txt_ts_name", "txt_name_ts", "otter"):
        lines = []
        for k, (who, paras) in enumerate(turns):
            if fmt.startswith("txt_ir"):
                head = f"{who}: "
            elif fmt == "txt_name":
                head = f"{label[who]}: "
            elif fmt == "txt_ts_name":
                head = f"[{_hms(clock[k])[:8]}] {label[who]}: "
            elif fmt == "txt_name_ts":
                head = f"{label[who]} ({_hms(clock[k])[:8]}): "
            else:  # otter: "Name  0:13" on its own line, then the text
                head = f"{label[who]}  {_short(clock[k])}\n"
            lines.append(head + "\n\n".join(paras))
        text = (preamble or "") + "\n\n".join(lines) + "\n"
        if fmt == "txt_ir_crlf":
            text = text.replace("\n", "\r\n")
        path = out_stem.with_suffix(".txt")
        data = text.encode("utf-8")
        if pid == "P07":
            data = b"\xef\xbb\xbf" + data  # a UTF-8 BOM, as Windows Notepad writes it
        path.write_bytes(data)
        return path
    if fmt == "vtt":
        cues = ["WEBVTT", ""]
        for k, (who, paras) in enumerate(turns):
            cues += [f"{pid.lower()}-{k + 1:04d}", f"{_hms(clock[k])} --> {_hms(clock[k + 1] - 200)}",
                     f"<v {label[who]}>{' '.join(paras)}</v>", ""]
        path = out_stem.with_suffix(".vtt")
        path.write_text("\n".join(cues), encoding="utf-8", newline="\n")
        return path
    if fmt == "srt":
        cues = []
        for k, (who, paras) in enumerate(turns):
            cues += [str(k + 1), f"{_hms(clock[k], ',')} --> {_hms(clock[k + 1] - 200, ',')}",
                     f"{label[who]}: {' '.join(paras)}", ""]
        path = out_stem.with_suffix(".srt")
        path.write_text("\n".join(cues), encoding="utf-8", newline="\n")
        return path
    if fmt in ("docx", "docx_ir"):
        return _docx(turns, label if fmt == "docx" else {"I": "I", "R": "R"}, preamble, out_stem.with_suffix(".docx"))
    raise ValueError(fmt)


def _docx(turns, label, title, path: Path) -> Path:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.author = "undercurrent demo"
    document.core_properties.created = __import__("datetime").datetime(2026, 10, 1)
    document.add_heading(title, level=1)
    for who, paras in turns:
        p = document.add_paragraph()
        p.add_run(f"{label[who]}:").bold = True
        p.add_run(" " + paras[0])
        for extra in paras[1:]:
            document.add_paragraph(extra)
    document.styles["Normal"].font.size = Pt(11)
    document.save(path)
    return path


def main() -> int:
    out = DEMO / "transcripts"
    out.mkdir(exist_ok=True)
    with open(DEMO / "participants.csv", encoding="utf-8", newline="") as fh:
        rows = {r["participant_id"]: r for r in csv.DictReader(fh)}
    for pid, row in rows.items():
        draft = DRAFTS / f"{pid}.txt"
        if not draft.exists():
            print(f"missing draft {draft}", file=sys.stderr)
            return 1
        path = render(pid, parse_draft(draft), out / Path(row["file"]).stem)
        assert path.name == row["file"], (path.name, row["file"])
        print(f"{pid} -> {path.relative_to(DEMO)}")
    docs = DEMO / "documents"
    docs.mkdir(exist_ok=True)
    shutil.copyfile(DRAFTS / "documents_opleidingsbeleid.txt", docs / "opleidingsbeleid_2024-2026.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
