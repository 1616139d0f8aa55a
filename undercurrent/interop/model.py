"""What an exchange file holds, independent of its format (REFI-QDA project or codebook,
QualCoder database), and the summary of what an import carried over, changed or dropped."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

SUMMARY_COLUMNS = ("item", "name", "outcome", "reason")
OUTCOMES = ("carried over", "changed", "dropped")


@dataclass
class XCode:
    key: str                       # the file's own id (a GUID in REFI, a number in QualCoder)
    name: str
    parent: str | None = None      # key of the parent code
    description: str = ""
    color: str | None = None
    codable: bool = True
    native: dict | None = None     # an undercurrent code carried in the description, restored exactly


@dataclass
class XSource:
    key: str
    name: str
    text: str | None               # None: the file names a source it does not contain
    reason: str = ""               # why text is None


@dataclass
class XCoding:
    source: str                    # XSource.key
    start: int
    end: int
    code: str                      # XCode.key
    coder: str
    created_at: str | None = None
    memo: str | None = None
    quote: str | None = None       # what the file says the selection holds, to check the offsets


@dataclass
class XCase:
    key: str
    name: str
    sources: list[str] = field(default_factory=list)
    variables: dict[str, object] = field(default_factory=dict)
    description: str = ""


@dataclass
class XNote:
    text: str
    target_type: str               # document | code | coding | case (undercurrent's memo targets)
    target: str | None             # key of the source, code or case; for codings: (source, start, end, code)
    author: str | None = None
    created_at: str | None = None
    name: str = ""
    key: str = ""


@dataclass
class Exchange:
    name: str
    origin: str = ""
    codes: list[XCode] = field(default_factory=list)
    sources: list[XSource] = field(default_factory=list)
    codings: list[XCoding] = field(default_factory=list)
    cases: list[XCase] = field(default_factory=list)
    notes: list[XNote] = field(default_factory=list)
    codebooks: dict[str, dict] = field(default_factory=dict)  # undercurrent codebook meta by id
    summary: "ImportSummary" = None

    def __post_init__(self):
        if self.summary is None:
            self.summary = ImportSummary()


class ImportSummary:
    """Every element of an imported file, once: carried over, changed (and how) or dropped (and
    why). Nothing is dropped without a row here."""

    def __init__(self):
        self.rows: list[dict] = []

    def add(self, item: str, name: str, outcome: str, reason: str = "") -> None:
        assert outcome in OUTCOMES, outcome
        self.rows.append(dict(item=item, name=str(name), outcome=outcome, reason=reason))

    @property
    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(SUMMARY_COLUMNS))

    def counts(self) -> pd.DataFrame:
        """Items by outcome: one row per kind of item, a column per outcome."""
        table = self.table
        if table.empty:
            return pd.DataFrame(columns=["item", *OUTCOMES])
        counts = table.pivot_table(index="item", columns="outcome", values="name", aggfunc="count", fill_value=0)
        return counts.reindex(columns=list(OUTCOMES), fill_value=0).reset_index().rename_axis(columns=None)

    def count(self, item: str, outcome: str) -> int:
        return sum(1 for r in self.rows if r["item"] == item and r["outcome"] == outcome)

    def __str__(self) -> str:
        lines = [self.counts().to_string(index=False)]
        details = [r for r in self.rows if r["outcome"] != "carried over"]
        for r in details[:200]:
            lines.append(f"  {r['outcome']}: {r['item']} {r['name']!r}: {r['reason']}")
        if len(details) > 200:
            lines.append(f"  … and {len(details) - 200} more (see the summary table)")
        return "\n".join(lines)
