"""A case folder: case.toml, participants.csv and the sources in transcripts/ and documents/."""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..errors import InputError, Problem
from .decoding import csv_records

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
IDENTITY_COLUMNS = ("name", "real_name", "naam", "full_name")
DEFAULT_MAX_FILE_MB = 25.0
SOURCE_FOLDERS = {"transcripts": "interview", "documents": "document"}


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

    def as_row(self) -> dict:
        return dict(case_id=self.case_id, name=self.name, organisation=self.organisation, sector=self.sector,
                    language=self.language, period=self.period, description=self.description,
                    path=str(self.path.resolve()))


def is_case_folder(path: Path) -> bool:
    return (path / "case.toml").is_file() or (path / "transcripts").is_dir()


def read_case_config(folder: Path) -> CaseConfig:
    folder = Path(folder)
    toml_path = folder / "case.toml"
    data: dict = {}
    if toml_path.is_file():
        try:
            data = tomllib.loads(toml_path.read_text(encoding="utf-8-sig"))
        except tomllib.TOMLDecodeError as exc:
            line = _toml_line(str(exc))
            raise InputError(toml_path, f"is not valid TOML: {exc}", line=line,
                             fix='write settings as key = "value", one per line') from None
        except UnicodeDecodeError:
            raise InputError(toml_path, "is not UTF-8 text", fix="re-save it as UTF-8") from None
    case = data.pop("case", data)  # allow a [case] table or top-level keys
    aliases, ignore = _incidents(toml_path, data.pop("incidents", None) if data is not case else None,
                                 case.pop("incidents", None))
    case_id = str(case.pop("id", folder.resolve().name))
    if not re.fullmatch(r"[\w.-]+", case_id):
        raise InputError(toml_path, f"case id {case_id!r} may only hold letters, digits, '-', '_' and '.'")
    language = str(case.pop("language", "nl")).lower()
    if language not in ("nl", "en"):
        raise InputError(toml_path, f"language {language!r} is not supported", fix='use "nl" or "en"')
    interviewers = case.pop("interviewers", [])
    if isinstance(interviewers, str):
        interviewers = [interviewers]
    try:
        max_mb = float(case.pop("max_file_mb", DEFAULT_MAX_FILE_MB))
    except (TypeError, ValueError):
        raise InputError(toml_path, "max_file_mb must be a number") from None
    codebooks = case.pop("codebooks", None)
    if codebooks is not None and (not isinstance(codebooks, list) or not all(isinstance(c, str) for c in codebooks)):
        raise InputError(toml_path, "codebooks must be a list of names or paths", fix='codebooks = ["onderstroom"]')
    known = {k: str(case.pop(k, "")) for k in ("name", "organisation", "sector", "period", "description")}
    return CaseConfig(case_id=case_id, path=folder, name=known["name"] or case_id,
                      organisation=known["organisation"], sector=known["sector"], language=language,
                      period=known["period"], description=_unwrap(known["description"]),
                      interviewers=[str(i) for i in interviewers], max_file_mb=max_mb, codebooks=codebooks,
                      incident_aliases=aliases, ignore_incidents=ignore, extra=case)


def _incidents(toml_path: Path, *tables) -> tuple[dict[str, str], list[str]]:
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
            raise InputError(toml_path, "[incidents] must be a table of names and lists of words",
                             fix='[incidents]\nbrand = ["keukenbrand", "de rook"]')
        for name, words in table.items():
            if isinstance(words, str):
                words = [words]
            if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                raise InputError(toml_path, f"[incidents] {name} must be a list of words or phrases",
                                 fix=f'{name} = ["...", "..."]')
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
    links: dict[str, SourceLink]  # relative source path (posix, case-folded) -> link
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


def read_participants(folder: Path, case_id: str) -> ParticipantTable:
    """Read participants.csv (comma, semicolon or tab separated; UTF-8 or Excel's UTF-8 with BOM)."""
    path = Path(folder) / "participants.csv"
    if not path.is_file():
        return ParticipantTable([], {}, {}, [])
    reader = csv_records(path)
    if "participant_id" not in reader.fieldnames:
        raise InputError(path, "has no participant_id column", line=1,
                         fix="the first line must name the columns: participant_id,pseudonym,role,...")
    rows, links, identities, problems = [], {}, {}, []
    seen: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        record = {k: (v or "").strip() for k, v in record.items() if k is not None}
        pid = record.get("participant_id", "")
        if not pid:
            if any(record.values()):
                raise InputError(path, "participant_id is empty", line=line)
            continue
        if pid in seen:
            raise InputError(path, f"participant_id {pid!r} appears twice (first on line {seen[pid]})", line=line,
                             fix="give every participant one row; list several files in the file column, separated by ';'")
        seen[pid] = line
        kinds = [_KIND_ALIASES.get(k.lower()) or _bad_kind(path, line, k) for k in _split_list(record.get("kind", ""))]
        files = _split_list(record.get("file", ""))
        dates = [_parse_date(path, line, d) for d in _split_list(record.get("interview_date", ""))]
        for k, file in enumerate(files):
            rel = _resolve_source(folder, file)
            if rel is None:
                problems.append(Problem("error", str(path), f"file {file!r} of participant {pid} not found "
                                        f"in {folder / 'transcripts'}", line))
                continue
            key = rel.casefold()
            if key in links:
                raise InputError(path, f"file {file!r} is already linked to participant {links[key].participant_id}",
                                 line=line)
            links[key] = SourceLink(pid, _pick(kinds, k, "interview"), _pick(dates, k, None), line)
        attributes = {k: v for k, v in record.items()
                      if k not in PARTICIPANT_COLUMNS + _LINK_COLUMNS + IDENTITY_COLUMNS and v}
        identities[pid] = [record[c] for c in IDENTITY_COLUMNS if record.get(c)]
        rows.append(dict(case_id=case_id, participant_id=pid, pseudonym=record.get("pseudonym") or pid,
                         role=record.get("role", ""), department=record.get("department", ""),
                         birth_year=_parse_year(path, line, "birth_year", record.get("birth_year", "")),
                         start_year=_parse_year(path, line, "start_year", record.get("start_year", "")),
                         attributes=attributes))
    return ParticipantTable(rows, links, identities, problems)


def _bad_kind(path, line, kind):
    raise InputError(path, f"kind {kind!r} is unknown", line=line, fix="use interview or life_history")


def _pick(values: list, k: int, default):
    if not values:
        return default
    return values[k] if k < len(values) else values[-1]


def _resolve_source(folder: Path, file: str) -> str | None:
    for base in (folder / "transcripts", folder / "documents", folder):
        candidate = base / file
        if candidate.is_file():
            return candidate.relative_to(folder).as_posix()
    return None


def discover_sources(folder: Path) -> list[tuple[Path, str]]:
    """(path, default kind) of every file in transcripts/ and documents/, in a stable order."""
    found = []
    for sub, kind in SOURCE_FOLDERS.items():
        base = Path(folder) / sub
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            name = path.name
            if not path.is_file() or name.startswith((".", "~$")) or name.lower().startswith("readme"):
                continue
            if kind == "document" and re.search(r"veldnotitie|field.?note", name, re.I):
                found.append((path, "field_note"))
            else:
                found.append((path, kind))
    return found
