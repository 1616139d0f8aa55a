"""Replace participants' real names by their pseudonyms in everything that leaves the toolkit.

Real names come only from identity columns of participants.csv (name, real_name, naam,
full_name); they are read when an output is made and never stored. One :class:`Pseudonymiser`
serves every output (reports, figures, CSV and Excel exports): :meth:`Pseudonymiser.with_documents`
adds the documents whose title, id or file name reveals a real name, so these are shown under
the participant's pseudonym, also for stores ingested before titles were pseudonymised.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import pandas as pd

_PARTICLES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "'t", "la", "le", "du", "von", "vd"}
#: what may stand between the words of a name: spaces and line breaks in text, "_", "-" or "." in file names
_SEP = r"[\s_.\-]+"
_SEP_RE = re.compile(_SEP)
_NOT_LETTERS = re.compile(r"[\W\d_]+")


def _key(text: str) -> str:
    """The form under which a name is looked up: case and separators do not count."""
    return _SEP_RE.sub(" ", text).strip().casefold()


def _flexible(name: str) -> str:
    """A regex for ``name`` that allows any separator run where the name has one."""
    return _SEP.join(re.escape(piece) for piece in _SEP_RE.split(name.strip()) if piece)


class Pseudonymiser:
    """Callable: ``pseudonymise(text)`` returns text with every known real name replaced.

    Full names are replaced first, then first and last names on their own (a colleague called
    "Jan" in passing is replaced too: over-replacing is the safe side of privacy). A name is
    found whatever separates its words ("Jan de Vries", "jan_de_vries", a line break) and also
    next to digits or "_" (file names such as ``03_jan_interview``), never inside a longer word.
    """

    def __init__(self, mapping: dict[str, str], *, real_names=None, documents: dict[str, str] | None = None):
        self.mapping = {k: v for k, v in mapping.items() if k.strip()}
        self._lookup = {_key(k): v for k, v in self.mapping.items()}
        names = sorted(self.mapping, key=len, reverse=True)
        self._names = names
        # "not preceded or followed by a letter": digits and "_" separate a name in a file name
        self._pattern = (re.compile(r"(?<![^\W\d_])(" + "|".join(_flexible(n) for n in names) + r")(?![^\W\d_])",
                                    re.IGNORECASE) if names else None)
        self._real = list(self.mapping if real_names is None else real_names)
        self._squashed = {s for s in (_NOT_LETTERS.sub("", n).casefold() for n in self._real) if len(s) >= 3}
        #: safe document id or title shown in outputs -> the stored doc_id (to read an export back)
        self.documents: dict[str, str] = dict(documents or {})

    @classmethod
    def from_identities(cls, identities: dict[str, list[str]], pseudonyms: dict[str, str]) -> "Pseudonymiser":
        mapping: dict[str, str] = {}
        parts: dict[str, str] = {}
        for pid, names in identities.items():
            pseudo = pseudonyms.get(pid) or pid
            pseudo_tokens = pseudo.split()
            for name in names:
                mapping[name] = pseudo
                tokens = [t for t in name.split() if t.lower() not in _PARTICLES]
                if len(tokens) >= 2:
                    parts.setdefault(tokens[0], pseudo_tokens[0])
                    parts.setdefault(tokens[-1], pseudo_tokens[-1])
                    last = name.split(tokens[0], 1)[1].strip()  # "van der Berg" with its particles
                    parts.setdefault(last, " ".join(pseudo_tokens[1:]) or pseudo_tokens[-1])
        for part, pseudo in parts.items():
            if len(part) >= 3 and part not in mapping:
                mapping[part] = pseudo
        return cls(mapping)

    def reveals(self, text) -> bool:
        """Whether ``text`` holds a known real name anywhere, even glued to other letters
        ("JanDeVries.docx"): for file names and titles, where a miss would show a real name."""
        if not self._squashed or not isinstance(text, str) or not text:
            return False
        squashed = _NOT_LETTERS.sub("", text).casefold()
        return any(name in squashed for name in self._squashed)

    def with_documents(self, documents: pd.DataFrame, participants: pd.DataFrame | None = None) -> "Pseudonymiser":
        """This pseudonymiser, plus every document whose title, id or file name reveals a real
        name: its id and file name are shown under its title, and a title that reveals a name
        itself (a store ingested before titles were pseudonymised) becomes the participant's
        pseudonym (without a participant: the title with the names replaced, else its kind),
        numbered when one person has several. Documents that reveal nothing stay as they are."""
        if not self._squashed or documents is None or len(documents) == 0:
            return self
        pseudonyms: dict = {}
        if participants is not None and len(participants):
            pseudonyms = {(c, p): s for c, p, s in zip(participants["case_id"], participants["participant_id"],
                                                       participants["pseudonym"]) if isinstance(s, str) and s.strip()}
        mapping = dict(self.mapping)
        names = set(self._lookup)
        docs = documents.sort_values("doc_id")
        text = lambda value: value if isinstance(value, str) else ""  # noqa: E731
        used = {(c, text(t).casefold()) for c, t in zip(docs["case_id"], docs["title"]) if not self.reveals(text(t))}
        shown: dict[str, str] = {}
        for row in docs.to_dict("records"):
            title, doc_id, source = text(row.get("title")), text(row.get("doc_id")), text(row.get("source_path"))
            if not any(self.reveals(v) for v in (title, doc_id, source)):
                continue
            case_id, pid = row.get("case_id"), row.get("participant_id")
            if title and not self.reveals(title):
                safe = title  # titled by the pseudonym at ingest: only its id and file name give the name away
            else:
                base = pseudonyms.get((case_id, pid)) if isinstance(pid, str) else None
                if not base:
                    base = self(title)
                    if not base.strip() or self.reveals(base):
                        base = text(row.get("kind")) or "document"
                safe, n = base, 1
                while (case_id, safe.casefold()) in used:
                    n += 1
                    safe = f"{base} ({n})"
                used.add((case_id, safe.casefold()))
            safe_id = f"{case_id}/{safe}" if case_id else safe
            file = Path(source)
            safe_file = safe + file.suffix
            safe_path = f"{file.parent.as_posix()}/{safe_file}" if source and file.parent != Path(".") else safe_file
            tail = doc_id[len(f"{case_id}/"):] if case_id and doc_id.startswith(f"{case_id}/") else ""
            for literal, replacement in ((doc_id, safe_id), (source, safe_path), (file.name if source else "", safe_file),
                                         (file.stem if source else "", safe), (tail, safe), (title, safe)):
                # a title that is just a name ("jan") is already replaced by that name's pseudonym
                if literal and self.reveals(literal) and _key(literal) not in names:
                    mapping.setdefault(literal, self(replacement))  # a case id, a folder may hold a name too
            shown[safe_id] = shown[safe] = doc_id
        return Pseudonymiser(mapping, real_names=self._real, documents={**self.documents, **shown})

    def __call__(self, text: str) -> str:
        if not self._pattern or not text or not isinstance(text, str):
            return text
        return self._pattern.sub(self._replace, text)

    def _replace(self, match: re.Match) -> str:
        found = match.group(1)
        pseudo = self._lookup.get(_key(found))
        if pseudo is None:  # case folding that regex and str.casefold see differently: find it the slow way
            pseudo = next((self.mapping[n] for n in self._names
                           if re.fullmatch(_flexible(n), found, re.IGNORECASE)), "[…]")
        return pseudo

    def replacements(self, text: str):
        """(start, end, pseudonym) of every real name in ``text``, in order: for outputs that
        must move offsets along with the names (a REFI-QDA export's selections)."""
        if not self._pattern or not isinstance(text, str):
            return
        for match in self._pattern.finditer(text):
            yield match.start(1), match.end(1), self._replace(match)

    def __bool__(self) -> bool:
        return bool(self.mapping)


def pseudonymise_value(value, pseudonymise: Callable[[str], str]):
    """A cell with every text in it pseudonymised (also inside lists, tuples, sets and dicts)."""
    if isinstance(value, str):
        return pseudonymise(value)
    if isinstance(value, dict):
        return {pseudonymise_value(k, pseudonymise): pseudonymise_value(v, pseudonymise) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [pseudonymise_value(v, pseudonymise) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)  # a namedtuple too
    return value


def pseudonymise_frame(frame: pd.DataFrame, pseudonymise: Callable[[str], str] | None) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell, column name and index label pseudonymised;
    numbers, dates and missing values stay what they are (``frame`` itself when there are no
    names to replace)."""
    if pseudonymise is None or (isinstance(pseudonymise, Pseudonymiser) and not pseudonymise):
        return frame
    out = frame.copy()

    def texts(kind) -> bool:
        return kind == object or isinstance(kind, (pd.StringDtype, pd.CategoricalDtype))

    for k in range(out.shape[1]):  # by position: column names may repeat
        column = out.iloc[:, k]
        if texts(column.dtype):
            out.isetitem(k, pd.Series([pseudonymise_value(v, pseudonymise) for v in column], index=out.index,
                                      dtype=object))
    out.columns = [pseudonymise_value(c, pseudonymise) for c in out.columns]
    if texts(out.index.dtype) and not isinstance(out.index, pd.MultiIndex):
        out.index = [pseudonymise_value(i, pseudonymise) for i in out.index]
    return out
