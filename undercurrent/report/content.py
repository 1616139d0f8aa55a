"""The case report as data: sections of paragraphs, tables, quotes and figures.

Builders fill it from analysis results (they compute nothing themselves); the writers render
the same content to Word and HTML, so both formats always say the same thing.
"""
from __future__ import annotations

import re
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


def pseudonymise_report(report: Report, pseudonymise) -> Report:
    """Replace real names in every text of ``report``, in place: title, headings, paragraphs,
    table cells and headers, quotes (text, speaker, source), captions and the figures' own texts.
    The last line of defence: whatever a builder forgot, no real name reaches a writer."""
    from ..corpus.pseudonymise import pseudonymise_frame
    from .figures import pseudonymise_figure

    report.title, report.subtitle = pseudonymise(report.title), pseudonymise(report.subtitle)
    report.generated_by = pseudonymise(report.generated_by)

    def walk(section: Section) -> None:
        section.heading = pseudonymise(section.heading)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                block.text = pseudonymise(block.text)
            elif isinstance(block, Table):
                renamed = {c: pseudonymise(c) for c in block.frame.columns if isinstance(c, str)}
                block.frame = pseudonymise_frame(block.frame, pseudonymise)
                block.formats = {renamed.get(c, c): f for c, f in block.formats.items()}
                block.caption = pseudonymise(block.caption)
            elif isinstance(block, Quote):
                block.text, block.speaker = pseudonymise(block.text), pseudonymise(block.speaker)
                block.source = pseudonymise(block.source)
            elif isinstance(block, Figure):  # its name becomes a file name ("scan_profile_<organisation>")
                block.name = re.sub(r"[^\w.-]+", "_", pseudonymise(block.name)).strip("_") or "figure"
                block.caption = pseudonymise(block.caption)
                pseudonymise_figure(block.figure, pseudonymise)
        for child in section.subsections:
            walk(child)

    for section in report.sections:
        walk(section)
    return report
