"""Replace participants' real names by their pseudonyms in everything that leaves the toolkit.

Real names come only from identity columns of participants.csv (name, real_name, naam,
full_name); they are read when an output is made and never stored.
"""
from __future__ import annotations

import re

_PARTICLES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "'t", "la", "le", "du", "von", "vd"}


class Pseudonymiser:
    """Callable: ``pseudonymise(text)`` returns text with every known real name replaced.

    Full names are replaced first, then first and last names on their own (a colleague called
    "Jan" in passing is replaced too: over-replacing is the safe side of privacy).
    """

    def __init__(self, mapping: dict[str, str]):
        self.mapping = {k: v for k, v in mapping.items() if k.strip()}
        self._lookup = {k.casefold(): v for k, v in self.mapping.items()}
        names = sorted(self.mapping, key=len, reverse=True)
        self._pattern = (re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)
                         if names else None)

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

    def __call__(self, text: str) -> str:
        if not self._pattern or not text:
            return text
        return self._pattern.sub(lambda m: self._lookup[m.group(1).casefold()], text)

    def __bool__(self) -> bool:
        return bool(self.mapping)
