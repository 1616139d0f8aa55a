"""A case folder: case.toml, participants.csv and the sources in transcripts/ and documents/.

Everything here reads input the user controls, so every problem becomes an
:class:`~undercurrent.errors.InputError` (the case cannot be read) or a
:class:`~undercurrent.errors.Problem` (one thing skipped or doubtful) naming the file, the line
and the fix; nothing ends in a traceback and nothing is dropped without a word.
"""
from __future__ import annotations

import csv
import difflib
import io
import os
import posixpath
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from ..errors import InputError, Problem
from .decoding import decode_bytes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DOCUMENT_KINDS = ("interview", "life_history", "document", "field_note")
_KIND_ALIASES = {"interview": "interview", "life_history": "life_history", "life-history": "life_history",
                 "levensverhaal": "life_history", "life history": "life_history",
                 "document": "document", "field_note": "field_note", "veldnotitie": "field_note"}
PARTICIPANT_COLUMNS = ("participant_id", "pseudonym", "role", "department", "birth_year", "start_year")
_LINK_COLUMNS = ("file", "kind", "interview_date")
# Columns that hold the real identity of a participant: read for pseudonymisation, never stored.
IDENTITY_COLUMNS = ("name", "real_name", "naam", "full_name", "echte_naam", "volledige_naam")
#: other spellings of the columns above (Dutch headers, common variants) -> the column they mean
COLUMN_ALIASES = {
    "participant_id": ("participant", "id", "deelnemer", "deelnemer_id", "deelnemersnummer", "deelnemernummer",
                       "respondent", "respondent_id", "respondentnummer"),
    "pseudonym": ("pseudoniem", "schuilnaam"),
    "role": ("rol", "functie", "function", "job_title"),
    "department": ("afdeling", "dept"),
    "birth_year": ("geboortejaar", "year_of_birth", "jaar_van_geboorte"),
    "start_year": ("startjaar", "in_dienst", "in_dienst_sinds", "jaar_in_dienst"),
    "interview_date": ("interviewdatum", "datum_interview", "gespreksdatum", "datum_gesprek", "datum", "date"),
    "file": ("files", "file_name", "filename", "bestand", "bestanden", "bestandsnaam", "transcript"),
    "kind": ("soort", "type"),
}
_COLUMN_OF = {alias: column for column, aliases in COLUMN_ALIASES.items() for alias in aliases}
DEFAULT_MAX_FILE_MB = 25.0
SOURCE_FOLDERS = {"transcripts": "interview", "documents": "document"}
#: case.toml and participants.csv are small; anything bigger is not what it claims to be
_MAX_CONFIG_BYTES = {"case.toml": 1024 * 1024, "participants.csv": 10 * 1024 * 1024}
_KIND_WORDS = {"nl": {"interview": "interview", "life_history": "levensverhaal", "document": "document",
                      "field_note": "veldnotitie"},
               "en": {"interview": "interview", "life_history": "life history", "document": "document",
                      "field_note": "field note"}}


def display_path(path: str | Path) -> str:
    """A path as text that is safe to print and store: bytes that are not UTF-8 (kept by Python
    as lone surrogates) and control characters are shown escaped, e.g. ``transcripts/\\xff.txt``."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m.group())[1:-1], text)


def _is_clean_name(name: str) -> bool:
    """True when a file name is valid UTF-8 (no surrogate escapes) without control characters."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not re.search(r"[\x00-\x1f\x7f]", name)


def _read_config_bytes(path: Path) -> bytes:
    limit = _MAX_CONFIG_BYTES[path.name]
    try:
        if not path.is_file():
            raise InputError(path, "is not a file", fix=f"{path.name} must be a plain text file")
        size = path.stat().st_size
        if size > limit:
            raise InputError(path, f"is {size / 1024 / 1024:.1f} MB; a {path.name} is never that large",
                             fix=f"check that this is the right file (limit {limit // 1024 // 1024} MB)")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}", fix="check the file's permissions") from None


# --- case.toml -----------------------------------------------------------------------------

@dataclass
class CaseConfig:
    """What case.toml says about one case (organisation study)."""

    case_id: str
    path: Path
    name: str
    organisation: str = ""
    sector: str = ""
    language: str = "nl"
    period: str = ""
    description: str = ""
    interviewers: list[str] = field(default_factory=list)
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    #: codebook names (shipped) or paths (relative to the case folder); None = all shipped ones
    codebooks: list[str] | None = None
    #: `[incidents]`: alias phrase (lower case) -> incident name; names to leave out
    incident_aliases: dict[str, str] = field(default_factory=dict)
    ignore_incidents: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    #: doubts met while reading case.toml (unknown keys, a missing file), for the ingest summary
    problems: list[Problem] = field(default_factory=list)

    def as_row(self) -> dict:
        return dict(case_id=self.case_id, name=self.name, organisation=self.organisation, sector=self.sector,
                    language=self.language, period=self.period, description=self.description,
                    path=str(self.path.resolve()))


_TEXT_KEYS = ("id", "name", "organisation", "sector", "language", "period", "description")
#: every key case.toml knows: what it must be, and an example for the fix
CASE_KEYS = {
    "id": ("text", 'id = "kampman"'),
    "name": ("text", 'name = "Kampman Metaal"'),
    "organisation": ("text", 'organisation = "Kampman Metaal B.V."'),
    "sector": ("text", 'sector = "metaal"'),
    "language": ("text", 'language = "nl"'),
    "period": ("text", 'period = "september 2026"'),
    "description": ("text", 'description = "..."'),
    "interviewers": ("a list of speaker labels", 'interviewers = ["Marloes"]'),
    "max_file_mb": ("a number", "max_file_mb = 25"),
    "codebooks": ("a list of codebook names or paths", 'codebooks = ["onderstroom"]'),
    "incidents": ("a table of incident names and words",
                  '[incidents] on a line of its own, then brand = ["keukenbrand"]'),
}
#: Dutch or near spellings people write, for "did you mean" only (case.toml has one spelling)
_KEY_HINTS = {"naam": "name", "organisatie": "organisation", "taal": "language", "periode": "period",
              "beschrijving": "description", "omschrijving": "description", "interviewer": "interviewers",
              "interviewster": "interviewers", "codeboeken": "codebooks", "codebook": "codebooks",
              "incidenten": "incidents", "max_mb": "max_file_mb"}


def _describe(value) -> str:
    """What a TOML value is, for an error message: 'a number (5)', 'a table', ..."""
    if isinstance(value, bool):
        kind = "true/false"
    elif isinstance(value, (int, float)):
        kind = "a number"
    elif isinstance(value, str):
        kind = "text"
    elif isinstance(value, list):
        kind = "a list"
    elif isinstance(value, dict):
        return "a table"
    else:
        kind = "a date or time"
    shown = repr(value)
    return f"{kind} ({shown[:40] + '…' if len(shown) > 40 else shown})"


def _key_line(text: str, key: str) -> int | None:
    """The line where ``key = ...`` or ``[key]`` is written (tomllib gives no positions)."""
    pattern = re.compile(rf"""^\s*(?:\[\s*)?(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*(?:=|\])""")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return number
    return None


def _suggest(word: str, known, hints: dict | None = None) -> str | None:
    if hints and word.lower() in hints:
        return hints[word.lower()]
    found = difflib.get_close_matches(word.lower(), list(known) + list(hints or ()), n=1, cutoff=0.75)
    if not found:
        return None
    return (hints or {}).get(found[0], found[0])


def is_case_folder(path: Path) -> bool:
    return (path / "case.toml").is_file() or (path / "transcripts").is_dir()


def read_case_config(folder: Path) -> CaseConfig:
    """Read and check case.toml: every key's type is checked, unknown keys are reported with
    the nearest known one. Raises :class:`InputError` naming case.toml, the key and line."""
    folder = Path(folder)
    toml_path = folder / "case.toml"
    if not _is_clean_name(str(folder.resolve())):
        raise InputError(display_path(folder), "the folder's name is not valid UTF-8 text",
                         fix="rename the folder (letters, digits, '-' and '_')")
    data: dict = {}
    text = ""
    problems: list[Problem] = []
    if toml_path.exists() or toml_path.is_symlink():
        try:
            text = _read_config_bytes(toml_path).decode("utf-8-sig")
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line = _toml_line(str(exc))
            raise InputError(toml_path, f"is not valid TOML: {exc}", line=line,
                             fix='write settings as key = "value", one per line') from None
        except UnicodeDecodeError:
            raise InputError(toml_path, "is not UTF-8 text", fix="re-save it as UTF-8") from None
    else:
        problems.append(Problem("warning", str(toml_path), f"is missing: the case is named after its folder "
                                f"({display_path(folder.resolve().name)!r}) and read as Dutch; write a case.toml "
                                'with at least name = "..." and language = "nl" or "en"'))

    def bad(key, expected, value, example):
        return InputError(toml_path, f"{key} must be {expected}, not {_describe(value)}", line=_key_line(text, key),
                          fix=example)

    if "case" in data and not isinstance(data["case"], dict):
        raise bad("case", "a table of settings", data["case"], '[case] on a line of its own, then name = "..."')
    case = data.pop("case", None)
    top_incidents = None
    if case is None:
        case = data
    else:
        top_incidents = data.pop("incidents", None)
        case = dict(case)
    for key in [k for k in data if k != "case"] if case is not data else []:
        problems.append(Problem("warning", str(toml_path), f"{key!r} stands before the [case] table, so it is "
                                "ignored; move it under [case]", _key_line(text, key)))
    for key in case:
        if key in CASE_KEYS:
            continue
        hint = _suggest(key, CASE_KEYS, _KEY_HINTS)
        line = _key_line(text, key)
        if hint:
            problems.append(Problem("error", str(toml_path), f"unknown key {key!r}: did you mean {hint!r}? "
                                    f"Its value was not used", line))
        else:
            problems.append(Problem("warning", str(toml_path), f"unknown key {key!r} is ignored (known keys: "
                                    f"{', '.join(CASE_KEYS)})", line))
    for key in _TEXT_KEYS:
        if key in case and not isinstance(case[key], str):
            raise bad(key, "text in quotes", case[key], CASE_KEYS[key][1])
    aliases, ignore = _incidents(toml_path, text, top_incidents, case.pop("incidents", None))
    given_id = case.pop("id", None)
    case_id = given_id or folder.resolve().name
    if not re.fullmatch(r"[\w.-]+", case_id):
        raise InputError(toml_path, f"case id {display_path(case_id)!r} may only hold letters, digits, '-', '_' "
                         "and '.'",
                         line=_key_line(text, "id") if given_id else None,
                         fix=None if given_id else 'the id is the folder name unless case.toml says id = "..."')
    language = case.pop("language", "nl").strip().lower()
    if language not in ("nl", "en"):
        raise InputError(toml_path, f"language {language!r} is not supported", line=_key_line(text, "language"),
                         fix='use "nl" or "en"')
    interviewers = case.pop("interviewers", [])
    if isinstance(interviewers, str):
        interviewers = [interviewers]
    if not isinstance(interviewers, list) or not all(isinstance(i, str) and i.strip() for i in interviewers):
        raise bad("interviewers", CASE_KEYS["interviewers"][0] + " (text in quotes)", interviewers,
                  CASE_KEYS["interviewers"][1])
    max_mb = case.pop("max_file_mb", DEFAULT_MAX_FILE_MB)
    if isinstance(max_mb, bool) or not isinstance(max_mb, (int, float)) or not 0 < max_mb < float("inf"):
        raise bad("max_file_mb", "a number above 0", max_mb, CASE_KEYS["max_file_mb"][1])
    codebooks = case.pop("codebooks", None)
    if codebooks is not None and (not isinstance(codebooks, list)
                                  or not all(isinstance(c, str) and c.strip() for c in codebooks)):
        raise bad("codebooks", CASE_KEYS["codebooks"][0], codebooks, CASE_KEYS["codebooks"][1])
    known = {k: case.pop(k, "") for k in ("name", "organisation", "sector", "period", "description")}
    return CaseConfig(case_id=case_id, path=folder, name=known["name"] or case_id,
                      organisation=known["organisation"], sector=known["sector"], language=language,
                      period=known["period"], description=_unwrap(known["description"]),
                      interviewers=[i.strip() for i in interviewers], max_file_mb=float(max_mb),
                      codebooks=codebooks, incident_aliases=aliases, ignore_incidents=ignore,
                      extra={k: v for k, v in case.items() if k not in CASE_KEYS}, problems=problems)


def _incidents(toml_path: Path, text: str, *tables) -> tuple[dict[str, str], list[str]]:
    """`[incidents]`: each key names an incident and lists the words people use for it;
    `ignore` lists names that are not incidents (or that the other keys split):

        [incidents]
        brand = ["keukenbrand", "die nacht met de rook", "toen de keuken afbrandde"]
        ontslagronde = ["de crisis", "de ontslagen"]     # two wordings, one incident
        ignore = ["verhuizing"]
    """
    aliases, ignore = {}, []
    for table in tables:
        if table is None:
            continue
        if not isinstance(table, dict):
            raise InputError(toml_path, f"[incidents] must be a table of names and lists of words, not "
                             f"{_describe(table)}", line=_key_line(text, "incidents"),
                             fix=CASE_KEYS["incidents"][1])
        for name, words in table.items():
            if isinstance(words, str):
                words = [words]
            if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                raise InputError(toml_path, f"[incidents] {name} must be a list of words or phrases, not "
                                 f"{_describe(words)}", line=_key_line(text, name), fix=f'{name} = ["...", "..."]')
            if name == "ignore":
                ignore += [w.strip().lower() for w in words]
                continue
            aliases[name.strip().lower()] = name.strip().lower()
            for word in words:
                aliases[" ".join(word.lower().split())] = name.strip().lower()
    return aliases, ignore


def _unwrap(text: str) -> str:
    """Join hard-wrapped lines; blank lines stay paragraph breaks."""
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip())


def _toml_line(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


# --- the sources ---------------------------------------------------------------------------

@dataclass
class SourceListing:
    """The source files of a case, and what was found but not taken."""

    sources: list[tuple[Path, str]]  # (path, default kind), in a stable order
    problems: list[Problem]
    refused: set[str]  # relative paths (posix) that exist but are not read


def list_sources(folder: Path) -> SourceListing:
    """Every file in transcripts/ and documents/ (subfolders too), in a stable order.

    Symbolic links are followed only when they resolve inside the case folder; a file name
    that is not valid text is skipped with an error (it cannot be stored or linked); names that
    differ only in upper/lower case are reported (on Windows and macOS they are one file).
    """
    folder = Path(folder)
    root = folder.resolve()
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    refused: set[str] = set()
    for sub, kind in SOURCE_FOLDERS.items():
        base = folder / sub
        if not (base.exists() or base.is_symlink()):
            continue
        if not _allowed_link(base, root, problems, refused, folder):
            continue
        if not base.is_dir():
            problems.append(Problem("error", str(base), f"is not a folder; put the sources in a folder called {sub}/"))
            continue
        for path in _walk(base, root, folder, problems, refused, {base.resolve()}):
            if kind == "document" and re.search(r"veldnotitie|field.?note", path.name, re.I):
                found.append((path, "field_note"))
            else:
                found.append((path, kind))
    found.sort(key=lambda item: str(item[0]))
    first: dict[Path, Path] = {}
    for path, kind in sorted(found, key=lambda item: item[0].is_symlink()):  # a file and links to it: read once
        real = path.resolve()
        if real in first:
            problems.append(Problem("warning", str(path), f"is a link to {first[real].relative_to(folder).as_posix()}, "
                                    "which is read already; skipped"))
            refused.add(path.relative_to(folder).as_posix())
            found.remove((path, kind))
        else:
            first[real] = path
    by_fold: dict[str, list[str]] = {}
    for path, _ in found:
        rel = path.relative_to(folder).as_posix()
        by_fold.setdefault(rel.casefold(), []).append(rel)
    for rels in by_fold.values():
        if len(rels) > 1:
            problems.append(Problem("error", str(folder / rels[0]), f"{' and '.join(rels)} differ only in upper/lower "
                                    "case (on Windows and macOS they are one file); both are read, and "
                                    "participants.csv links only a file named exactly; rename or remove one"))
    return SourceListing(found, problems, refused)


def discover_sources(folder: Path) -> list[tuple[Path, str]]:
    """(path, default kind) of every file in transcripts/ and documents/ (see :func:`list_sources`)."""
    return list_sources(folder).sources


def _allowed_link(path: Path, root: Path, problems: list[Problem], refused: set[str], folder: Path) -> bool:
    """False (with a problem) for a symbolic link that is broken or leads outside the case."""
    if not path.is_symlink():
        return True
    rel = path.relative_to(folder).as_posix()
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # broken, or a loop of links
        problems.append(Problem("warning", str(path), "is a broken symbolic link; skipped"))
        refused.add(rel)
        return False
    if not target.is_relative_to(root):
        problems.append(Problem("error", str(path), "is a symbolic link to a place outside the case folder; not read "
                                "(copy the file into the case folder instead)"))
        refused.add(rel)
        return False
    return True


def _walk(base: Path, root: Path, folder: Path, problems: list[Problem], refused: set[str], seen: set[Path]):
    """Files under ``base``; hidden files, Office lock files (~$) and READMEs are skipped."""
    try:
        entries = sorted(os.scandir(base), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem("error", display_path(base), f"cannot be listed: {exc.strerror or exc}"))
        return
    for entry in entries:
        path = Path(entry.path)
        name = entry.name
        if not _is_clean_name(name):
            try:
                what = "folder" if entry.is_dir() else "file"
            except OSError:  # pragma: no cover
                what = "file"
            problems.append(Problem("error", display_path(path), f"the {what} name is not valid UTF-8 text "
                                    f"(bytes {os.fsencode(name)!r}); not read: rename it"))
            continue
        if name.startswith((".", "~$")) or name.lower().startswith("readme"):
            continue
        if not _allowed_link(path, root, problems, refused, folder):
            continue
        try:
            is_dir, is_file = path.is_dir(), path.is_file()
        except OSError as exc:
            problems.append(Problem("error", str(path), f"cannot be read: {exc.strerror or exc}"))
            continue
        if is_dir:
            real = path.resolve()
            if real in seen:  # a link back to a folder already read
                continue
            yield from _walk(path, root, folder, problems, refused, seen | {real})
        elif is_file:
            yield path
        else:
            problems.append(Problem("warning", str(path), "is not a regular file; skipped"))


# --- participants.csv ----------------------------------------------------------------------

@dataclass
class SourceLink:
    """What participants.csv says about one source file."""

    participant_id: str
    kind: str
    interview_date: str | None
    line: int


@dataclass
class ParticipantTable:
    rows: list[dict]
    links: dict[str, SourceLink]  # relative source path (posix, exactly as on disk) -> link
    identities: dict[str, list[str]]  # participant_id -> real names (never stored)
    problems: list[Problem]


def _parse_year(path, line, column, value) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not re.fullmatch(r"\d{4}", value) or not 1900 <= int(value) <= date.today().year:
        raise InputError(path, f"{column} {value!r} is not a year", line=line, fix="write four digits, e.g. 1965")
    return int(value)


def _parse_date(path, line, value) -> str | None:
    value = value.strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    raise InputError(path, f"interview_date {value!r} is not a date", line=line, fix="write it as 2026-09-14")


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in re.split(r"[;|]", value or "") if v.strip()]


_DELIMITERS = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}


def _normal_column(name: str) -> str:
    return re.sub(r"[\s\-.]+", "_", name.strip().lower()).strip("_")


def _csv_rows(path: Path, problems: list[Problem]):
    """(header, [(line, fields)]) of participants.csv. The separator is the one the header uses
    (header names never hold one, values may: "a.txt; b.txt" in a comma file); a separator other
    than ',' is noted, a header that mixes separators or a row with more or fewer fields than the
    header is an error naming the line. csv.Sniffer is not used: on a few rows whose values hold
    ';' lists it guesses wrong, and the header alone is unambiguous."""
    text, _ = decode_bytes(_read_config_bytes(path), path)
    header_line = next((ln for ln in text.splitlines() if ln.strip()), "")
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        records = []
        header = None
        for fields in reader:
            if not any(f.strip() for f in fields):
                continue
            if header is None:
                header = fields
                continue
            records.append((reader.line_num, fields))
    except csv.Error as exc:
        raise InputError(path, f"is not a readable table: {exc}", line=reader.line_num,
                         fix="check the quotes on this line; save the sheet again as CSV") from None
    if header is None:
        raise InputError(path, "is empty",
                         fix="the first line must name the columns: participant_id,pseudonym,role,...")
    mixed = sorted({d for name in header for d in _DELIMITERS if d in name and d != delimiter})
    if mixed:
        raise InputError(path, f"the header mixes separators: {_DELIMITERS[delimiter]} and "
                         f"{', '.join(_DELIMITERS[d] for d in mixed)}", line=1,
                         fix="separate all columns by the same character, e.g. participant_id,pseudonym,role,file")
    if delimiter != ",":
        problems.append(Problem("warning", str(path), f"read with {_DELIMITERS[delimiter]} as the separator "
                                "(taken from the header line)"))
    width = len(header)
    rows = []
    for line, fields in records:
        if len(fields) > width and not any(f.strip() for f in fields[width:]):
            fields = fields[:width]  # trailing separators
        if len(fields) != width:
            other = [d for d in _DELIMITERS if d != delimiter and any(d in f for f in fields)]
            hint = (f"; it seems to use {_DELIMITERS[other[0]]} where the header uses {_DELIMITERS[delimiter]}"
                    if other and len(fields) < width else "")
            if len(fields) < width and not hint:
                problems.append(Problem("warning", str(path), f"has {len(fields)} of the header's {width} fields; "
                                        "the missing ones at the end are taken as empty", line))
                fields = fields + [""] * (width - len(fields))
            else:
                raise InputError(path, f"has {len(fields)} field{'s' if len(fields) != 1 else ''} where the header "
                                 f"has {width} (separator {_DELIMITERS[delimiter]}){hint}", line=line,
                                 fix="put a value that holds the separator in double quotes, or use one "
                                 "separator throughout")
        rows.append((line, fields))
    return header, rows


def _columns(path: Path, header: list[str], problems: list[Problem]) -> list[str | None]:
    """The column each header cell means (English name), or None for a column not used: a
    near-miss of a known name (reported: its values could be real names or lost pseudonyms)
    or an empty header. Other names are kept as participant attributes."""
    known = PARTICIPANT_COLUMNS + _LINK_COLUMNS + IDENTITY_COLUMNS
    columns: list[str | None] = []
    where: dict[str, str] = {}
    for k, raw in enumerate(header, 1):
        name = _normal_column(raw)
        column = _COLUMN_OF.get(name, name)
        if not name:
            columns.append(None)
            continue
        if column not in known:
            column = raw.strip().lower()  # an attribute, named as written
            hint = _suggest(name, known, _COLUMN_OF)
            if hint:
                what = " (real names, never stored)" if hint in IDENTITY_COLUMNS else ""
                problems.append(Problem("error", str(path), f"column {k} {raw.strip()!r} is not a known column: did "
                                        f"you mean {hint!r}{what}? Its values were not used; rename the column", 1))
                columns.append(None)
                continue
        if column in where:
            raise InputError(path, f"columns {where[column]!r} and {raw.strip()!r} both give {column}", line=1,
                             fix="keep one of them, or rename the other")
        where[column] = raw.strip()
        columns.append(column)
    return columns


def read_participants(folder: Path, case_id: str, sources: SourceListing | None = None) -> ParticipantTable:
    """Read participants.csv (comma, semicolon or tab separated; UTF-8 or Excel's UTF-8 with BOM;
    English or Dutch column names) and link its files to the case's sources.

    Without participants.csv every transcript becomes its own participant, named by the number
    in its file name (``01_ben.txt`` -> P01) or numbered in order, with a warning.
    """
    folder = Path(folder)
    path = folder / "participants.csv"
    sources = sources if sources is not None else list_sources(folder)
    rels = {p.relative_to(folder).as_posix(): kind for p, kind in sources.sources}
    if not (path.exists() or path.is_symlink()):
        return _fallback_participants(path, case_id, sources, rels)
    problems: list[Problem] = []
    header, records = _csv_rows(path, problems)
    columns = _columns(path, header, problems)
    if "participant_id" not in columns:
        raise InputError(path, "has no participant_id column", line=1,
                         fix="the first line must name the columns: participant_id,pseudonym,role,... "
                         "(or in Dutch: deelnemer,pseudoniem,functie,...)")
    rows, links, identities = [], {}, {}
    seen: dict[str, int] = {}
    pseudonyms: dict[str, str] = {}
    for line, fields in records:
        record: dict[str, str] = {}
        for column, value in zip(columns, fields):
            if column is not None:
                record[column] = value.strip()
        pid = record.get("participant_id", "")
        if not pid:
            if any(record.values()):
                raise InputError(path, "participant_id is empty", line=line)
            continue
        if pid in seen:
            raise InputError(path, f"participant_id {pid!r} appears twice (first on line {seen[pid]})", line=line,
                             fix="give every participant one row; list several files in the file column, "
                             "separated by ';'")
        seen[pid] = line
        pseudonym = record.get("pseudonym") or pid
        if pseudonym.casefold() in pseudonyms:
            problems.append(Problem("warning", str(path), f"pseudonym {pseudonym!r} of {pid} is also the pseudonym of "
                                    f"{pseudonyms[pseudonym.casefold()]}; their quotes cannot be told apart", line))
        pseudonyms.setdefault(pseudonym.casefold(), pid)
        kinds = [_KIND_ALIASES.get(k.lower()) or _bad_kind(path, line, k) for k in _split_list(record.get("kind", ""))]
        files = _split_list(record.get("file", ""))
        dates = [_parse_date(path, line, d) for d in _split_list(record.get("interview_date", ""))]
        for k, file in enumerate(files):
            rel, ambiguous = _match_source(path, line, pid, file, rels)
            if ambiguous:
                problems.append(Problem("error", str(path), f"file {file!r} of participant {pid} could be "
                                        f"{' or '.join(ambiguous)} (names that differ only in case); not linked: "
                                        "write the name exactly", line))
                continue
            if rel is None:
                if _refused(file, sources.refused):
                    problems.append(Problem("error", str(path), f"file {file!r} of participant {pid} was not read "
                                            "(see the problem with that file)", line))
                else:
                    problems.append(Problem("error", str(path), f"file {file!r} of participant {pid} not found "
                                            f"in {folder / 'transcripts'}", line))
                continue
            if rel in links:
                raise InputError(path, f"file {file!r} is already linked to participant {links[rel].participant_id}",
                                 line=line)
            links[rel] = SourceLink(pid, _pick(kinds, k, "interview"), _pick(dates, k, None), line)
        attributes = {k: v for k, v in record.items()
                      if k not in PARTICIPANT_COLUMNS + _LINK_COLUMNS + IDENTITY_COLUMNS and v}
        identities[pid] = [record[c] for c in IDENTITY_COLUMNS if record.get(c)]
        rows.append(dict(case_id=case_id, participant_id=pid, pseudonym=pseudonym,
                         role=record.get("role", ""), department=record.get("department", ""),
                         birth_year=_parse_year(path, line, "birth_year", record.get("birth_year", "")),
                         start_year=_parse_year(path, line, "start_year", record.get("start_year", "")),
                         attributes=attributes))
    if not rows and any(kind == "interview" for kind in rels.values()):
        table = _fallback_participants(path, case_id, sources, rels, why="has no participants")
        table.problems[:0] = problems
        return table
    return ParticipantTable(rows, links, identities, problems)


def _bad_kind(path, line, kind):
    raise InputError(path, f"kind {kind!r} is unknown", line=line, fix="use interview or life_history")


def _pick(values: list, k: int, default):
    if not values:
        return default
    return values[k] if k < len(values) else values[-1]


def _safe_relative(path: Path, line: int, pid: str, file: str) -> str:
    """The file as a normalised relative path; a path that leaves the case folder is refused."""
    value = file.replace("\\", "/")
    if PurePosixPath(value).is_absolute() or re.match(r"[A-Za-z]:", value):
        raise InputError(path, f"file {file!r} of participant {pid} is an absolute path; only files in the case "
                         "folder are read", line=line, fix="give the name of the file in transcripts/, e.g. ben.txt")
    norm = posixpath.normpath(value)
    if norm == ".." or norm.startswith("../"):
        raise InputError(path, f"file {file!r} of participant {pid} points outside the case folder; only files in "
                         "the case folder are read", line=line,
                         fix="give the name of the file in transcripts/, e.g. ben.txt")
    return norm


def _candidates(norm: str) -> list[str]:
    return [posixpath.normpath(base + norm) for base in ("transcripts/", "documents/", "")]


def _match_source(path: Path, line: int, pid: str, file: str, rels: dict[str, str]) -> tuple[str | None, list]:
    """(source, []) for the source a ``file`` cell names: the exact name (in transcripts/,
    documents/ or relative to the case folder), else the one file whose name differs only in
    case; (None, [the candidates]) when several names differ only in case."""
    candidates = _candidates(_safe_relative(path, line, pid, file))
    for candidate in candidates:
        if candidate in rels:
            return candidate, []
    folded = {c.casefold() for c in candidates}
    matches = sorted(rel for rel in rels if rel.casefold() in folded)
    if len(matches) == 1:
        return matches[0], []
    return None, matches


def _refused(file: str, refused: set[str]) -> bool:
    try:
        norm = posixpath.normpath(file.replace("\\", "/"))
    except ValueError:  # pragma: no cover
        return False
    return any(c in refused for c in _candidates(norm))


_CODE_PREFIXED = re.compile(r"(?i)(?<![a-z])(p|r)[ _-]?(\d{1,3})(?!\d)")
_CODE_WORD = re.compile(r"(?i)(?<![a-z])(?:resp|respondent|deelnemer|participant|interview)[ _-]?(\d{1,3})(?!\d)")
_CODE_LEADING = re.compile(r"^(\d{1,3})(?!\d)")


def _fallback_participants(path: Path, case_id: str, sources: SourceListing, rels: dict[str, str],
                           why: str = "is missing") -> ParticipantTable:
    """Without participants.csv: one participant per transcript, named by the number in its
    file name (P01 for 01_ben.txt or p01.docx, R3 for r3.txt) or numbered in order; never by
    the file name itself, which may hold a real name."""
    transcripts = [rel for rel, kind in rels.items() if kind == "interview"]
    if not transcripts:
        return ParticipantTable([], {}, {}, [])
    codes: dict[str, str | None] = {}
    for rel in transcripts:
        stem = PurePosixPath(rel).stem
        m = _CODE_PREFIXED.search(stem)
        if m:
            codes[rel] = m.group(1).upper() + m.group(2)
        elif m := (_CODE_WORD.search(stem) or _CODE_LEADING.match(stem)):
            codes[rel] = "P" + m.group(1)
        else:
            codes[rel] = None
    used = {c for c in codes.values() if c}
    number = 0
    for rel in transcripts:
        if codes[rel] is None:
            number += 1
            while f"P{number}" in used:
                number += 1
            codes[rel] = f"P{number}"
            used.add(codes[rel])
    links, rows = {}, {}
    for rel in transcripts:
        pid = codes[rel]
        kind = "life_history" if re.search(r"levensverhaal|life.?histor", rel, re.I) else "interview"
        links[rel] = SourceLink(pid, kind, None, 0)
        rows.setdefault(pid, dict(case_id=case_id, participant_id=pid, pseudonym=pid, role="", department="",
                                  birth_year=None, start_year=None, attributes={}))
    ids = sorted(rows)
    shown = ", ".join(ids[:12]) + (", …" if len(ids) > 12 else "")
    problem = Problem("warning", str(path), f"{why}: each transcript is taken as a participant named by the number in "
                      f"its file name, or numbered in order ({shown}); add participants.csv with participant_id, "
                      "pseudonym, role and file for pseudonyms, roles and interview dates")
    return ParticipantTable(list(rows.values()), links, {pid: [] for pid in rows}, [problem])


def document_titles(links: dict[str, SourceLink], pseudonyms: dict[str, str], language: str) -> dict[str, str]:
    """The stored title of each linked source: the participant's pseudonym and the kind
    ("Ben, levensverhaal"), with the interview date or a number when one person has several;
    never the file name, which may hold the participant's real name."""
    words = _KIND_WORDS.get(language, _KIND_WORDS["en"])
    titles = {rel: f"{pseudonyms.get(link.participant_id) or link.participant_id}, "
                   f"{words.get(link.kind, link.kind)}" for rel, link in links.items()}
    counts = Counter(titles.values())
    for rel, link in links.items():
        if counts[titles[rel]] > 1 and link.interview_date:
            titles[rel] += f" {link.interview_date}"
    counts, seen = Counter(titles.values()), Counter()
    for rel in sorted(links):
        if counts[titles[rel]] > 1:
            seen[titles[rel]] += 1
            titles[rel] += f" ({seen[titles[rel]]})"
    return titles
