"""The case report as data: sections of paragraphs, tables, quotes and figures.

Builders fill it from analysis results (they compute nothing themselves); the writers render
the same content to Word and HTML, so both formats always say the same thing.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Paragraph:
    text: str
    style: str = "body"  # body | note | lead


@dataclass
class Table:
    frame: pd.DataFrame
    caption: str = ""
    #: column name -> "int" | "pct" | "float" (display format)
    formats: dict[str, str] = field(default_factory=dict)


@dataclass
class Quote:
    text: str
    speaker: str
    source: str  # where to find it: document and offsets / timestamp
    role: str = "respondent"  # respondent | interviewer | other


@dataclass
class Figure:
    name: str  # file stem, e.g. "words_by_role"
    figure: object  # a matplotlib Figure
    caption: str = ""
    width_cm: float = 15.0


Block = Paragraph | Table | Quote | Figure


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)
    subsections: list["Section"] = field(default_factory=list)

    def add(self, block: Block) -> "Section":
        self.blocks.append(block)
        return self


@dataclass
class Report:
    title: str
    subtitle: str
    lang: str
    sections: list[Section] = field(default_factory=list)
    generated_by: str = ""

    def figures(self):
        def walk(sections):
            for s in sections:
                yield from (b for b in s.blocks if isinstance(b, Figure))
                yield from walk(s.subsections)
        return list(walk(self.sections))
