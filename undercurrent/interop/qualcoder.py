"""QualCoder projects (a `<name>.qda` folder holding `data.qda`, an SQLite database): codes and
categories, text sources, coded segments, cases with their attributes, memos and journals.

The database is opened read-only and only through SELECTs; columns QualCoder added in later
versions are used when present.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import InputError
from .model import Exchange, XCase, XCode, XCoding, XNote, XSource
from .refi import fit_offsets


def _database(path: Path) -> Path:
    if path.is_dir():
        inner = path / "data.qda"
        if not inner.is_file():
            raise InputError(path, "is a folder without data.qda", fix="give the QualCoder project folder (<name>.qda)")
        return inner
    return path


def read_qualcoder(path: str | Path) -> Exchange:
    path = Path(path)
    db = _database(path)
    with open(db, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise InputError(db, "is not a QualCoder project (not an SQLite database)")
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return _read(con, path)
    except sqlite3.DatabaseError as exc:
        raise InputError(db, f"cannot be read as a QualCoder project ({exc})") from None
    finally:
        con.close()


def _rows(con, table: str) -> list[dict]:
    exists = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()
    if not exists:
        return []
    cur = con.execute(f"SELECT * FROM {table}")  # table names are our own constants
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur]


def _read(con, path: Path) -> Exchange:
    for table in ("code_name", "source", "code_text"):
        if not con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone():
            raise InputError(path, f"has no {table} table; is this a QualCoder project?")
    project = (_rows(con, "project") or [{}])[0]
    exchange = Exchange(name=path.name.removesuffix(".qda") if path.is_dir() else path.stem,
                        origin=f"QualCoder {project.get('about') or ''}".strip())
    summary = exchange.summary
    for cat in _rows(con, "code_cat"):
        exchange.codes.append(XCode(key=f"cat{cat['catid']}", name=cat["name"] or f"category {cat['catid']}",
                                    parent=f"cat{cat['supercatid']}" if cat.get("supercatid") else None,
                                    description=cat.get("memo") or "", codable=False))
        summary.add("code", cat["name"], "carried over", "a category: a code that groups others")
    for code in _rows(con, "code_name"):
        exchange.codes.append(XCode(key=f"code{code['cid']}", name=code["name"] or f"code {code['cid']}",
                                    parent=f"cat{code['catid']}" if code.get("catid") else None,
                                    description=code.get("memo") or "", color=_color(code.get("color"))))
        summary.add("code", code["name"], "carried over")
    _parents_first(exchange)
    texts = {}
    for src in _rows(con, "source"):
        name = src["name"] or f"source {src['id']}"
        text = src.get("fulltext")
        if not text:
            media = src.get("mediapath") or ""
            summary.add("source", name, "dropped", f"no text ({media or 'empty'}): undercurrent analyses text only")
            continue
        key = f"src{src['id']}"
        texts[src["id"]] = XSource(key=key, name=name, text=text)
        exchange.sources.append(texts[src["id"]])
        summary.add("source", name, "carried over")
        if src.get("memo"):
            exchange.notes.append(XNote(src["memo"], "document", key, src.get("owner"), src.get("date"),
                                        f"memo on {name}", key=f"srcmemo{src['id']}"))
    by_source: dict[int, list[XCoding]] = {}
    for ct in _rows(con, "code_text"):
        source = texts.get(ct["fid"])
        if source is None:
            summary.add("coding", (ct.get("seltext") or "")[:60], "dropped",
                        f"its source (id {ct['fid']}) has no text or is missing")
            continue
        if ct.get("pos0") is None or ct.get("pos1") is None:
            summary.add("coding", (ct.get("seltext") or "")[:60], "dropped", "no positions (an audio/video or image coding)")
            continue
        by_source.setdefault(ct["fid"], []).append(XCoding(
            source=source.key, start=int(ct["pos0"]), end=int(ct["pos1"]), code=f"code{ct['cid']}",
            coder=ct.get("owner") or "qualcoder", created_at=_iso(ct.get("date")), memo=ct.get("memo") or None,
            quote=ct.get("seltext")))
    for fid, codings in by_source.items():
        exchange.codings += fit_offsets(texts[fid], codings, summary)
    for note in _rows(con, "annotation"):
        summary.add("annotation", (note.get("memo") or "")[:40], "changed", "kept as a memo on its document")
        if note["fid"] in texts:
            exchange.notes.append(XNote(note.get("memo") or "", "document", texts[note["fid"]].key, note.get("owner"),
                                        _iso(note.get("date")), "annotation", key=f"an{note['anid']}"))
    attributes = _rows(con, "attribute")
    cases = {}
    for case in _rows(con, "cases"):
        xcase = XCase(key=f"case{case['caseid']}", name=case["name"] or f"case {case['caseid']}",
                      description=case.get("memo") or "")
        cases[case["caseid"]] = xcase
        exchange.cases.append(xcase)
    for link in _rows(con, "case_text"):
        case, source = cases.get(link["caseid"]), texts.get(link["fid"])
        if case and source and source.key not in case.sources:
            case.sources.append(source.key)
            if link.get("pos0") not in (None, 0) or (link.get("pos1") is not None and link["pos1"] < len(source.text)):
                summary.add("case", case.name, "changed", f"linked to part of {source.name!r}: linked to all of it")
    for attr in attributes:
        if attr.get("attr_type") == "case" and attr.get("id") in cases and attr.get("value") not in (None, ""):
            cases[attr["id"]].variables[attr["name"]] = attr["value"]
        elif attr.get("attr_type") == "file" and attr.get("value") not in (None, ""):
            summary.add("variable", f"{attr['name']} of source {attr.get('id')}", "dropped",
                        "attributes of a file are not kept; put them on its case")
    for journal in _rows(con, "journal"):
        exchange.notes.append(XNote(journal.get("jentry") or "", "case", None, journal.get("owner"),
                                    _iso(journal.get("date")), journal.get("name") or "journal", key=f"j{journal['jid']}"))
    if project.get("memo"):
        exchange.notes.append(XNote(project["memo"], "case", None, None, _iso(project.get("date")), "project memo",
                                    key="project"))
    return exchange


def _parents_first(exchange: Exchange) -> None:
    """Order codes so that every parent comes before its children (QualCoder lists categories
    and codes separately, in any order)."""
    by_key = {c.key: c for c in exchange.codes}
    ordered, seen = [], set()

    def visit(code, trail=()):
        if code.key in seen:
            return
        if code.parent in by_key and code.parent not in trail:
            visit(by_key[code.parent], trail + (code.key,))
        seen.add(code.key)
        ordered.append(code)

    for code in list(exchange.codes):
        visit(code)
    exchange.codes[:] = ordered


def _color(value) -> str | None:
    return value if isinstance(value, str) and len(value) in (4, 7) and value.startswith("#") else None


def _iso(value) -> str | None:
    """QualCoder writes 'YYYY-MM-DD HH:MM:SS' in local time."""
    return value.replace(" ", "T", 1) if isinstance(value, str) and value else None
