"""Bring a REFI-QDA project, codebook or QualCoder database into undercurrent.

A project becomes a new case folder (case.toml, participants.csv, transcripts/, codebooks/)
that ingests like any other, and its codings, coders and notes go into the store as imported
human codings and memos. A codebook becomes an undercurrent YAML codebook.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
import uuid
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .model import Exchange, ImportSummary, XCode
from ..corpus.scaffold import toml_string
from ..store import write_atomic
from .refi import read_refi


def read_exchange(path: str | Path) -> Exchange:
    """Any supported exchange file, by its extension: .qdpx, .qde, .qdc or QualCoder's .qda."""
    path = Path(path)
    if path.suffix.lower() == ".qda":
        from .qualcoder import read_qualcoder

        return read_qualcoder(path)
    return read_refi(path)


def slug(text: str, fallback: str = "x") -> str:
    """Lower-case ASCII letters, digits and _ (undercurrent's id alphabet)."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:60] or fallback


def _unique(base: str, taken: set[str]) -> str:
    name, k = base, 2
    while name in taken:
        name, k = f"{base}_{k}", k + 1
    taken.add(name)
    return name


def codebook_files(exchange: Exchange, default_id: str, lang: str, *, skip: set[str] = frozenset()
                   ) -> tuple[dict[str, dict], dict[str, str]]:
    """The exchange's codes as undercurrent codebooks: ({codebook id: YAML data}, {code key:
    code_id}). Codes exported by undercurrent come back exactly; others get ids made from their
    names, grouped in one codebook ``default_id``. Codebooks in ``skip`` are not written (the
    shipped ones a project uses as they are)."""
    while default_id in skip:
        default_id += "_import"
    by_key = {c.key: c for c in exchange.codes}
    books: dict[str, dict] = {}
    code_ids: dict[str, str] = {}
    taken: set[str] = set()

    def book_of(code: XCode) -> str | None:
        node = code
        while node is not None:
            if node.native is not None and "codebook" in node.native and "id" not in node.native:
                return node.native["codebook"]
            node = by_key.get(node.parent)
        return None

    foreign = []
    for code in exchange.codes:
        native_book = book_of(code)
        if code.native is not None and "id" not in code.native:  # an undercurrent codebook group
            books.setdefault(code.native["codebook"], {"meta": code.native, "codes": []})
        elif code.native is not None and native_book:
            code_ids[code.key] = f"{native_book}/{code.native['id']}"
            books.setdefault(native_book, {"meta": {"codebook": native_book}, "codes": []})["codes"].append(
                dict(code.native))
        else:
            code_ids[code.key] = f"{default_id}/{_unique(slug(code.name, 'code'), taken)}"
            foreign.append(code)
    for code in foreign:  # parents may come after their children in the file: ids first, then specs
        book = books.setdefault(default_id, {"meta": {"codebook": default_id, "version": "1.0",
                                                      "title": {lang: exchange.name},
                                                      "source": f"imported from {exchange.origin or 'REFI-QDA'}"},
                                             "codes": []})
        spec = {"id": code_ids[code.key].split("/", 1)[1], "label": {lang: code.name}}
        if code.description:
            spec["definition"] = {lang: code.description}
        if code.color:
            spec["color"] = code.color
        parent = code_ids.get(code.parent, "")
        if parent.startswith(default_id + "/"):
            spec["parent"] = parent.split("/", 1)[1]
        book["codes"].append(spec)
    return {k: v for k, v in books.items() if v["codes"] and k not in skip}, code_ids


def import_codebook(path: str | Path, out_dir: str | Path, *, lang: str | None = None
                    ) -> tuple[list[Path], ImportSummary]:
    """A .qdc (or the codebook of a project) as undercurrent YAML codebook files in ``out_dir``;
    ``lang`` is the language of the other program's code names (guessed when not given)."""
    from ..coding.codebook import codebook_yaml, load_codebook

    exchange = read_exchange(path)
    lang = lang or _guess_language(f"{c.name} {c.description}" for c in exchange.codes)
    books, _ = codebook_files(exchange, slug(Path(path).stem, "imported"), lang)
    written = []
    for book_id, book in books.items():
        target = Path(out_dir) / f"{book_id}.yaml"
        write_atomic(target, codebook_yaml(book["meta"], book["codes"]).encode("utf-8"))
        load_codebook(target)  # what we wrote must load: fail here, not at the next ingest
        written.append(target)
    if not exchange.codes:
        exchange.summary.add("codebook", Path(path).name, "dropped", "it holds no codes")
    return written, exchange.summary


def import_project(path: str | Path, case_dir: str | Path, *, store_path: str | Path | None = None,
                   lang: str | None = None) -> ImportSummary:
    """Create the case folder ``case_dir`` from a .qdpx/.qde/.qda project, ingest it, and store
    its codings (origin 'imported', coder = the other program's user) and notes (as memos)."""
    from ..coding.codebook import codebook_yaml, shipped_paths
    from ..project import Project

    path, case_dir = Path(path), Path(case_dir)
    if case_dir.exists() and any(case_dir.iterdir()):
        raise InputError(case_dir, "is not empty; an import makes a new case folder",
                         fix="give a folder that does not exist yet")
    exchange = read_exchange(path)
    summary = exchange.summary
    texts = [s.text for s in exchange.sources if s.text] + [f"{c.name} {c.description}" for c in exchange.codes]
    lang = lang or _guess_language(texts)
    case_id = slug(exchange.name, "refi")
    shipped = {p.stem for p in shipped_paths()}
    books, code_ids = codebook_files(exchange, slug(exchange.name, "refi"), lang, skip=shipped)
    shipped_used = sorted({code_ids[c.key].split("/")[0] for c in exchange.codes if c.key in code_ids} & shipped)

    files: dict[Path, bytes] = {}
    taken: set[str] = set()
    file_of: dict[str, str] = {}
    for source in exchange.sources:
        if source.text is None:
            continue
        stem = _unique(_file_stem(source.name), taken)
        file_of[source.key] = f"{stem}.txt"
        files[case_dir / "transcripts" / f"{stem}.txt"] = source.text.encode("utf-8")
    for book_id, book in books.items():
        files[case_dir / "codebooks" / f"{book_id}.yaml"] = codebook_yaml(book["meta"], book["codes"]).encode("utf-8")
    codebook_refs = shipped_used + [f"codebooks/{b}.yaml" for b in books]
    files[case_dir / "case.toml"] = _case_toml(case_id, exchange, lang, codebook_refs).encode("utf-8")
    participants, case_of = _participants(exchange, file_of, summary)
    if participants is not None:
        files[case_dir / "participants.csv"] = participants.encode("utf-8")
    for target, data in files.items():
        write_atomic(target, data)

    with Project(case_dir, store_path) as project:
        ingest = project.ingest(show_progress=False)
        for problem in ingest.problems:
            if Path(problem.path).name == "participants.csv" and not exchange.cases:
                continue  # said once, below
            summary.add("source", Path(problem.path).name, "changed" if problem.severity == "warning" else "dropped",
                        problem.message)
        if not exchange.cases and file_of:
            summary.add("case", "(none)", "changed", "the project has no cases: each source became a participant "
                        "of its own (P1, P2, …); add participants.csv to name them")
        corpus = project.corpus()
        stored = dict(zip(corpus.documents["source_path"], zip(corpus.documents["doc_id"], corpus.documents["text"])))
        doc_of = {}
        for source in exchange.sources:
            rel = f"transcripts/{file_of.get(source.key, '')}"
            if rel in stored:
                doc_id, text = stored[rel]
                if text != source.text:
                    summary.add("source", source.name, "dropped", "the stored text differs from the project's text, "
                                "so its codings cannot be placed")
                    continue
                doc_of[source.key] = doc_id
        known_codes = set(corpus.codes["code_id"])
        rows = []
        for c in exchange.codings:
            code_id = code_ids.get(c.code)
            if c.source not in doc_of:
                continue
            if code_id is None or code_id not in known_codes:
                summary.add("coding", (c.quote or "")[:60], "dropped", f"its code {c.code!r} is not in the codebook")
                continue
            rows.append(_coding_row(doc_of[c.source], c, code_id))
        frame = pd.DataFrame(rows).drop_duplicates("coding_id") if rows else pd.DataFrame()
        with project.store.transaction() as con:
            project.store.add_codings(con, frame, replace=True)
            for note in exchange.notes:
                target_type, target_id = _note_target(note, doc_of, code_ids, case_of, case_id)
                project.store.put_memo(con, dict(
                    memo_id=str(uuid.uuid5(uuid.NAMESPACE_OID, f"{case_id}:{note.key or note.text}"))[:12],
                    target_type=target_type, target_id=target_id, author=note.author, created_at=note.created_at or "",
                    text=(f"{note.name}\n\n" if note.name else "") + note.text))
                summary.add("note", note.name or note.text[:40], "carried over", f"as a memo on the {target_type}")
    return summary


def _coding_row(doc_id: str, c, code_id: str) -> dict:
    from ..coding.autocode import coding_id

    return dict(coding_id=coding_id(c.coder, doc_id, c.start, c.end, code_id), doc_id=doc_id, start=c.start,
                end=c.end, code_id=code_id, coder=c.coder, origin="imported", confidence=None, evidence=None,
                memo=c.memo, run_id=None, created_at=c.created_at, quote=c.quote, stance=None)


def _note_target(note, doc_of, code_ids, case_of, case_id) -> tuple[str, str]:
    if note.target_type == "document" and note.target in doc_of:
        return "document", doc_of[note.target]
    if note.target_type == "code" and note.target in code_ids:
        return "code", code_ids[note.target]
    return "case", case_id


def _file_stem(name: str) -> str:
    stem = Path(str(name).replace("\\", "/")).name
    stem = re.sub(r"\.(txt|rtf|docx?|odt|pdf)$", "", stem, flags=re.IGNORECASE)
    stem = re.sub(r"[^\w\- ]+", "_", stem, flags=re.UNICODE).strip(" ._")
    return stem[:80] or "source"


def _guess_language(texts) -> str:
    """The texts' language by their stop words (:func:`undercurrent.topics.detect_language`);
    Dutch when it cannot tell."""
    from ..topics import detect_language

    return detect_language(texts)[0] or "nl"


def _case_toml(case_id: str, exchange: Exchange, lang: str, codebooks: list[str]) -> str:
    lines = ["# Made by undercurrent import-refi from a REFI-QDA project; edit freely.",
             f"id = {toml_string(case_id)}", f"name = {toml_string(exchange.name)}", f"language = {toml_string(lang)}",
             f"description = {toml_string('Imported from ' + (exchange.origin or 'a REFI-QDA project'))}"]
    if codebooks:
        lines.append("codebooks = [" + ", ".join(toml_string(c) for c in codebooks) + "]")
    return "\n".join(lines) + "\n"


def _participants(exchange: Exchange, file_of: dict[str, str], summary: ImportSummary):
    """participants.csv from the project's cases (each with its sources and variables)."""
    if not exchange.cases:
        return None, {}
    variables = sorted({v for case in exchange.cases for v in case.variables})
    rename = {"role": "role", "rol": "role", "functie": "role", "department": "department", "afdeling": "department"}
    out = io.StringIO()
    columns = ["participant_id", "pseudonym", "file"] + [rename.get(v.lower(), slug(v, "variable")) for v in variables]
    writer = csv.writer(out)
    writer.writerow(dict.fromkeys(columns))  # a variable named like a fixed column appears once
    claimed: dict[str, str] = {}
    case_of = {}
    taken: set[str] = set()
    for case in exchange.cases:
        pid = _unique(slug(case.name, "case").upper()[:30], taken)
        case_of[case.key] = pid
        own = []
        for key in case.sources:
            file = file_of.get(key)
            if file is None:
                continue
            if file in claimed:
                summary.add("case", case.name, "changed", f"{file} already belongs to {claimed[file]}; "
                            "undercurrent links a source to one participant")
                continue
            claimed[file] = case.name
            own.append(file)
        values = {rename.get(v.lower(), slug(v, "variable")): case.variables.get(v, "") for v in variables}
        row = {"participant_id": pid, "pseudonym": case.name, "file": ";".join(own), **values}
        writer.writerow([row.get(c, "") for c in dict.fromkeys(columns)])
        summary.add("case", case.name, "carried over", f"as participant {pid}"
                    + (f" with {len(case.variables)} variable(s)" if case.variables else ""))
    return out.getvalue(), case_of
