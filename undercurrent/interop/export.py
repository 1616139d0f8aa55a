"""A case (or multi-case project) as a REFI-QDA project (.qdpx) for ATLAS.ti, NVivo, MAXQDA
and QualCoder: sources as UTF-8 text, participants as cases with variables, every coding with
its coder, memos as notes. Real names never leave: source texts, titles and case names are
pseudonymised, and the offsets follow the pseudonymised text."""
from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pandas as pd

from ..safety import zip_bytes
from ..store import write_atomic
from .refi import PROJECT_NS, _xml_bytes, _xsd_datetime, code_elements, guid

_NS = PROJECT_NS


def _e(parent, tag: str, **attrs):
    return ET.SubElement(parent, f"{{{_NS}}}{tag}", **{k: str(v) for k, v in attrs.items() if v is not None})


def _spec_from_row(row: dict) -> dict:
    """A stored code row (DESIGN §3 `codes`) as the code spec a codebook file would give."""
    def loads(value, empty):
        try:
            return json.loads(value) if isinstance(value, str) and value else empty
        except ValueError:
            return empty

    spec = {"id": row["code_id"].split("/", 1)[-1],
            "label": {k: v for k, v in (("nl", row.get("label_nl")), ("en", row.get("label_en"))) if v},
            "definition": loads(row.get("definition"), {}), "include": loads(row.get("include"), {}),
            "exclude": loads(row.get("exclude"), {}), "examples": loads(row.get("examples"), [])}
    for key, col in (("direction", "direction"), ("maps_to", "maps_to")):
        if isinstance(row.get(col), str) and row[col]:
            spec[key] = row[col]
    if isinstance(row.get("opposite_id"), str) and row["opposite_id"]:
        spec["opposite"] = row["opposite_id"].split("/", 1)[-1]
    if isinstance(row.get("parent_id"), str) and row["parent_id"]:
        spec["parent"] = row["parent_id"].split("/", 1)[-1]
    indicators = loads(row.get("indicators"), {})
    if indicators:
        spec["indicators"] = indicators
    return {k: v for k, v in spec.items() if v not in ({}, [], None, "")}


def _books(codes: pd.DataFrame, codebooks) -> list[dict]:
    """Every stored code, grouped by codebook; a codebook that is loaded gives its full specs."""
    from ..coding.codebook import code_spec

    loaded = {b.id: b for b in codebooks}
    books = []
    for book_id, rows in codes.groupby("codebook", sort=False):
        book = loaded.get(book_id)
        meta = {"codebook": book_id, "version": str(rows["version"].iloc[0] or "")}
        if book is not None:
            meta.update(title=book.title, description=book.description, source=book.source, version=book.version)
        specs = []
        for row in rows.to_dict("records"):
            try:
                specs.append(code_spec(book[row["code_id"]]) if book is not None else _spec_from_row(row))
            except KeyError:  # a stored code the current codebook no longer has
                specs.append(_spec_from_row(row))
        books.append({"meta": meta, "codes": specs})
    return books


class _Pseudonymised:
    """One document's text with real names replaced, and its offsets mapped along."""

    def __init__(self, text: str, pseudonymiser):
        self.edits = []  # (start, end, new start, new end) of every replacement
        if pseudonymiser:
            pieces, last, shift = [], 0, 0
            for start, end, new in pseudonymiser.replacements(text):
                pieces += [text[last:start], new]
                self.edits.append((start, end, start + shift, start + shift + len(new)))
                shift += len(new) - (end - start)
                last = end
            pieces.append(text[last:])
            self.text = "".join(pieces)
        else:
            self.text = text

    def map(self, pos: int, *, is_end: bool) -> int:
        shift = 0
        for start, end, new_start, new_end in self.edits:
            if pos <= start:
                break
            if pos < end:  # inside a replaced name: take the whole name
                return new_end if is_end else new_start
            shift = new_end - end
        return pos + shift


def export_qdpx(project, path: str | Path, *, origin: str | None = None, lang: str = "nl") -> Path:
    """Write the project's sources, cases, codes, codings and memos as a .qdpx file.

    ``origin`` limits the codings ("manual", "auto" or "imported"); all by default.
    """
    from .. import __version__

    corpus = project.corpus()
    pseudonymiser = project.pseudonymiser(corpus)  # document ids and file names too
    codings = corpus.codings if origin is None else corpus.codings[corpus.codings["origin"] == origin]
    used_books = set(corpus.codes.loc[corpus.codes["code_id"].isin(codings["code_id"]), "codebook"])
    loaded = {b.id for b in project.codebooks}
    codes = corpus.codes[corpus.codes["codebook"].isin(used_books | loaded)]
    memos = corpus.memos
    notes: dict[str, list[str]] = {}  # target key -> note guids
    note_els = []

    def note(key: str, text: str, author, created, name: str) -> None:
        note_guid = guid("note", f"{key}\x1f{name}")  # name holds the memo's own id: two equal memos stay two
        notes.setdefault(key, []).append(note_guid)
        note_els.append((note_guid, text, author, created, name))

    for memo in memos.to_dict("records"):
        note(f"{memo['target_type']}:{memo['target_id']}", pseudonymiser(memo["text"]), memo.get("author"),
             memo.get("created_at"), f"memo {memo['memo_id']}")
    for row in codings[codings["memo"].notna() & (codings["memo"] != "")].to_dict("records"):
        note(f"coding:{row['coding_id']}", pseudonymiser(row["memo"]), row["coder"], row["created_at"],
             f"memo on {row['code_id']}")

    ET.register_namespace("", _NS)
    name = " / ".join(corpus.cases["name"].astype(str)) or "undercurrent"
    root = ET.Element(f"{{{_NS}}}Project", name=pseudonymiser(name), origin=f"undercurrent {__version__}",
                      creationDateTime=_xsd_datetime(None))
    coders = sorted(set(codings["coder"]))
    if coders:
        users = _e(root, "Users")
        for coder in coders:
            _e(users, "User", guid=guid("user", coder), name=coder)
    if len(codes):
        book_el = _e(root, "CodeBook")
        code_elements(_e(book_el, "Codes"), _NS, _books(codes, project.codebooks), lang,
                      notes_for=lambda code_id: notes.get(f"code:{code_id}", []))

    participants = corpus.participants
    attributes = [a if isinstance(a, dict) else json.loads(a) if isinstance(a, str) and a else {}
                  for a in participants.get("attributes", [])]
    variables = {"role": "Text", "department": "Text", "birth_year": "Integer", "start_year": "Integer"}
    for attrs in attributes:
        for key in attrs:
            variables.setdefault(key, "Text")
    used_vars = [v for v in variables if any(_value(p, a, v) is not None
                                             for p, a in zip(participants.to_dict("records"), attributes))]
    if used_vars:
        vars_el = _e(root, "Variables")
        for var in used_vars:
            _e(vars_el, "Variable", guid=guid("variable", var), name=var, typeOfVariable=variables[var])
    docs_by_participant = corpus.documents.groupby(["case_id", "participant_id"])["doc_id"].apply(list).to_dict()
    if len(participants):
        cases_el = _e(root, "Cases")
        for p, attrs in zip(participants.to_dict("records"), attributes):
            case = _e(cases_el, "Case", guid=guid("case", f"{p['case_id']}/{p['participant_id']}"),
                      name=pseudonymiser(str(p.get("pseudonym") or p["participant_id"])))
            for var in used_vars:
                value = _value(p, attrs, var)
                if value is not None:
                    vv = _e(case, "VariableValue")
                    _e(vv, "VariableRef", targetGUID=guid("variable", var))
                    _e(vv, "IntegerValue" if variables[var] == "Integer" else "TextValue").text = str(value)
            for doc_id in docs_by_participant.get((p["case_id"], p["participant_id"]), []):
                _e(case, "SourceRef", targetGUID=guid("source", doc_id))

    files = {}
    if len(corpus.documents):
        sources_el = _e(root, "Sources")
        by_doc = {d: g for d, g in codings.groupby("doc_id")}
        for doc in corpus.documents.to_dict("records"):
            source_guid = guid("source", doc["doc_id"])
            text = _Pseudonymised(doc["text"], pseudonymiser)
            files[f"sources/{source_guid}.txt"] = text.text.encode("utf-8")
            source = _e(sources_el, "TextSource", guid=source_guid, name=pseudonymiser(doc["doc_id"]) + ".txt",
                        plainTextPath=f"internal://{source_guid}.txt")
            group = by_doc.get(doc["doc_id"])
            for (start, end), spans in (group.groupby(["start", "end"], sort=True) if group is not None else []):
                s, e = text.map(int(start), is_end=False), text.map(int(end), is_end=True)
                selection = _e(source, "PlainTextSelection", guid=guid("selection", f"{doc['doc_id']}:{start}:{end}"),
                               name=_selection_name(text.text[s:e]), startPosition=s, endPosition=e)
                for row in spans.to_dict("records"):
                    coding = _e(selection, "Coding", guid=guid("coding", row["coding_id"]),
                                creatingUser=guid("user", row["coder"]),
                                creationDateTime=_xsd_datetime(row.get("created_at")))
                    _e(coding, "CodeRef", targetGUID=guid("code", row["code_id"]))
                    for note_guid in notes.get(f"coding:{row['coding_id']}", []):
                        _e(coding, "NoteRef", targetGUID=note_guid)
            for note_guid in notes.get(f"document:{doc['doc_id']}", []):
                _e(source, "NoteRef", targetGUID=note_guid)
    if note_els:
        notes_el = _e(root, "Notes")
        for note_guid, text, author, created, note_name in note_els:
            n = _e(notes_el, "Note", guid=note_guid, name=note_name, creationDateTime=_xsd_datetime(created),
                   **({"creatingUser": guid("user", author)} if author in coders else {}))
            _e(n, "PlainTextContent").text = text
    descriptions = [str(d).strip() for d in corpus.cases.get("description", []) if isinstance(d, str) and d.strip()]
    if descriptions:
        _e(root, "Description").text = pseudonymiser("\n\n".join(descriptions))
    for case_id in corpus.cases["case_id"]:
        for note_guid in notes.get(f"case:{case_id}", []):
            _e(root, "NoteRef", targetGUID=note_guid)
    files = {"project.qde": _xml_bytes(root), **files}
    return write_atomic(Path(path), zip_bytes(files))


def _selection_name(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def _value(participant: dict, attrs: dict, var: str):
    value = participant.get(var) if var in participant else attrs.get(var)
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)) or value == "":
        return None
    if var in ("birth_year", "start_year"):
        try:
            return int(float(value))
        except (TypeError, ValueError):
            return None
    return value
