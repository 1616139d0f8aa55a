"""A new, empty case folder (``undercurrent new``): case.toml with every key explained in Dutch,
a participants.csv header, transcripts/, documents/, codings/ and a LEESMIJ.md.

The folder ingests without errors as it is, so a user can check each step as they fill it in.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import InputError
from .case import PARTICIPANT_COLUMNS

#: the header written to participants.csv: the columns the reader knows (corpus/case.py), in order
PARTICIPANTS_HEADER = PARTICIPANT_COLUMNS + ("interview_date", "file", "kind")
FOLDERS = ("transcripts", "documents", "codings")


def toml_string(text: str) -> str:
    # a JSON string is a valid TOML basic string (same escapes, \uXXXX included)
    return json.dumps(text, ensure_ascii=False)


def case_toml(name: str, case_id: str | None, language: str) -> str:
    """The text of a new case.toml; ``case_id`` None leaves the id to the folder name."""
    from ..coding.codebook import shipped_paths

    shipped = ", ".join(p.stem for p in shipped_paths())
    id_line = f"id = {toml_string(case_id)}" if case_id else '# id = "mijn_casus"'
    return f"""\
# case.toml: de beschrijving van deze casus (één organisatieonderzoek).
# Een regel die met # begint is uitleg. Haal het # weg om een instelling te gebruiken.
# Tekst staat tussen aanhalingstekens, een lijst tussen [ ], een getal zonder aanhalingstekens.

# Korte code van de casus: letters, cijfers, '-', '_' en '.'. Zonder id is het de mapnaam.
{id_line}

# Naam van de casus, zoals die in het rapport staat.
name = {toml_string(name)}

# De organisatie (officiële naam) en de sector, bijvoorbeeld "metaal en techniek".
organisation = ""
sector = ""

# Taal van de transcripten: "nl" (Nederlands) of "en" (Engels).
language = {toml_string(language)}

# Periode van het veldwerk, bijvoorbeeld "september-oktober 2026".
period = ""

# Korte beschrijving van de organisatie en het onderzoek. Over meer regels: zet de tekst
# tussen drie aanhalingstekens, \"\"\" aan het begin en \"\"\" aan het eind.
description = ""

# Sprekerlabels van het onderzoeksteam zoals ze in de transcripten staan, bijvoorbeeld
# ["Marloes"]. I:, Interviewer: en Q: worden altijd als interviewer herkend.
interviewers = []

# Codeboeken: namen van meegeleverde codeboeken of paden naar een eigen .yaml-bestand
# (vanaf deze map). Zonder deze regel worden alle meegeleverde gebruikt: {shipped}.
# codebooks = ["onderstroom", "eigen_codeboek.yaml"]

# Grootste bronbestand in MB dat wordt ingelezen; een groter bestand wordt geweigerd.
max_file_mb = 25

# Gebeurtenissen die mensen met verschillende woorden noemen: een naam, met de woorden die
# erbij horen. 'ignore' noemt woorden die geen gebeurtenis zijn. Dit blok staat altijd onderaan.
# [incidents]
# brand = ["keukenbrand", "die nacht met de rook"]
# ignore = ["verhuizing"]
"""


def leesmij(name: str, folder_name: str) -> str:
    """The text of LEESMIJ.md: what goes where, in Dutch."""
    return f"""\
# {name}

Deze map is één casus voor undercurrent. Wat hoort waar:

- `case.toml`: naam, taal en instellingen van de casus. Elke instelling is in het bestand uitgelegd.
- `participants.csv`: één regel per deelnemer. Verplicht is `participant_id`. Vul ook `file` in
  (de bestandsnaam in `transcripts/`; meer bestanden gescheiden door `;`), anders hoort een
  transcript bij niemand. Verder: `pseudonym` (de naam in het rapport), `role` (functie),
  `department` (afdeling), `birth_year` en `start_year` (vier cijfers), `interview_date`
  (2026-09-14) en `kind` (`interview` of `life_history`). Extra kolommen, zoals `generation` of
  `team`, worden kenmerken van de deelnemer. Een kolom `name` met echte namen dient alleen om die
  namen in citaten door het pseudoniem te vervangen; echte namen worden nooit opgeslagen.
- `transcripts/`: interviews en levensverhalen (.txt, .md, .docx, .odt, .vtt, .srt), met sprekers
  als `I:` / `R:` of `Naam:`.
- `documents/` (mag leeg blijven): beleidsteksten en veldnotities, zonder sprekers.
- `codings/` (mag leeg blijven): eigen coderingen als CSV met de kolommen
  `document,start,end,quote,code,coder,memo`; ze worden bij elke inleesronde meegenomen.
- `scan/responses.csv` (niet verplicht): de antwoorden op de leercultuurscan.

Daarna:

    undercurrent ingest {folder_name}    # inlezen; meldt per bestand wat er niet klopt
    undercurrent run {folder_name}       # rapport in exports/{folder_name}/report.docx en report.html

undercurrent bewaart wat het inleest in `{folder_name}/.undercurrent/store.sqlite`. Zet deze map niet
in een gedeelde map of versiebeheer als de transcripten niet gedeeld mogen worden.
"""


def new_case(folder: str | Path, *, name: str | None = None, language: str = "nl") -> list[Path]:
    """Create a new case folder and return the files and folders made.

    Refuses a folder that exists and is not empty (nothing is overwritten) and a language other
    than "nl" or "en". The case id is the folder name, or, when that name holds characters an id
    may not have (a space), a cleaned-up form of it written into case.toml.
    """
    folder = Path(folder)
    if language not in ("nl", "en"):
        raise InputError(folder, f"language {language!r} is not supported", fix='use "nl" or "en"')
    if folder.exists() or folder.is_symlink():
        if not folder.is_dir():
            raise InputError(folder, "exists and is not a folder", fix="choose a new folder name")
        if any(folder.iterdir()):
            raise InputError(folder, "already exists and is not empty; `undercurrent new` only starts a new case "
                             "and never writes into one", fix="choose a new folder name, or empty this folder first")
    folder_name = folder.resolve().name
    case_id = None if re.fullmatch(r"[\w.-]+", folder_name) else (
        re.sub(r"[^\w.-]+", "_", folder_name).strip("_.") or "casus")
    name = (name or folder_name).strip() or folder_name
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for sub in FOLDERS:
        (folder / sub).mkdir()
        made.append(folder / sub)
    files = {"case.toml": case_toml(name, case_id, language),
             "participants.csv": ",".join(PARTICIPANTS_HEADER) + "\n",
             "LEESMIJ.md": leesmij(name, folder_name)}
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8", newline="\n")
        made.append(folder / file)
    return made
