"""The formal scan next to the undercurrent: an instrument (YAML), responses (CSV/XLSX), scores
with their reliability, the organisation against a benchmark population, suppression.

>>> import undercurrent as uc
>>> scan = uc.scan.case_scan("corpora/demo")          # doctest: +SKIP
>>> scan.benchmark                                     # doctest: +SKIP

A case holds ``scan/responses.csv`` (its own respondents) and, optionally, ``scan/benchmark.csv``
(other organisations, e.g. from :mod:`undercurrent.scan.population`) and ``scan/instrument.yaml``
(an official item map; default: the shipped, illustrative leercultuurscan).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .instrument import Instrument, load_instrument
from .responses import read_responses
from .scores import (benchmark, block_scores, change, cronbach_alpha, icc, item_total, keyed, mcdonald_omega, scores,
                     suppress)
from .triangulate import triangulate

__all__ = ["CaseScan", "Instrument", "benchmark", "block_scores", "case_scan", "change", "cronbach_alpha", "icc",
           "item_total", "load_instrument", "mcdonald_omega", "read_responses", "scores", "suppress", "triangulate"]


@dataclass
class CaseScan:
    """A case's scan: its organisation, the instrument, all responses (own and benchmark), and
    the tables a report shows (each a DataFrame; figures of too-small groups are suppressed)."""

    organisation: str
    instrument: Instrument
    responses: pd.DataFrame
    organisations: pd.DataFrame  # scores by org_id (own and benchmark)
    departments: pd.DataFrame  # the organisation's scores by department
    benchmark: pd.DataFrame  # the organisation against the others, all and its sector
    items: pd.DataFrame  # the organisation's items: block, item, mean, corrected item-total correlation
    icc: pd.DataFrame  # block, icc1, icc2 across organisations

    @property
    def respondents(self) -> int:
        """How many of the organisation's own people answered."""
        return int(self.responses["org_id"].eq(self.organisation).sum())

    @property
    def others(self) -> int:
        """How many other organisations the benchmark holds."""
        return int(self.responses["org_id"].nunique() - 1)

    @property
    def own_scores(self) -> pd.DataFrame:
        """The organisation's rows of ``organisations`` (one per block), suppressed ones included."""
        return self.organisations[self.organisations["org_id"] == self.organisation]

    def _repr_html_(self) -> str:
        return (f"<b>{self.instrument.id}</b> {self.organisation}: {self.respondents} respondents, {self.others} other "
                "organisations" + self.benchmark.to_html(index=False, float_format="%.2f"))


def case_scan(case_dir: str | Path, *, instrument: Instrument | str | Path | None = None) -> CaseScan | None:
    """The scan of a case folder, or None when it has no ``scan/responses.csv`` (nor .xlsx)."""
    case_dir = Path(case_dir)
    folder = case_dir / "scan"
    own_path = next((p for p in (folder / "responses.csv", folder / "responses.xlsx") if p.exists()), None)
    if own_path is None:
        return None
    if not isinstance(instrument, Instrument):
        local = folder / "instrument.yaml"
        instrument = load_instrument(instrument if instrument is not None else local if local.exists() else None)
    own = read_responses(own_path, instrument)
    if own["org_id"].nunique() != 1:
        from ..errors import InputError

        raise InputError(own_path, f"holds {own['org_id'].nunique()} organisations; a case's responses are one "
                                   "organisation's", fix="put the others in scan/benchmark.csv")
    organisation = own["org_id"].iat[0]
    bench_path = next((p for p in (folder / "benchmark.csv", folder / "benchmark.xlsx") if p.exists()), None)
    others = read_responses(bench_path, instrument) if bench_path else own.head(0)
    others = others[others["org_id"] != organisation]
    responses = pd.concat([own, others], ignore_index=True)
    by_org = scores(responses, instrument, by=["org_id", "sector"])
    sector = own["sector"].dropna().iat[0] if own["sector"].notna().any() else None
    keyed_own = keyed(own, instrument)
    items = []
    for block in instrument.blocks:
        ids = [i.id for i in instrument.items_of(block.id)]
        r = item_total(keyed_own[ids])
        items += [dict(block=block.id, item=i, mean=keyed_own[i].mean(), item_total=r.get(i)) for i in ids]
    per_person = block_scores(responses, instrument)
    iccs = [dict(block=b, icc1=v[0], icc2=v[1]) for b, t in per_person.groupby("block", sort=False)
            for v in [icc(t["score"], t["org_id"])]]
    return CaseScan(organisation=organisation, instrument=instrument, responses=responses, organisations=by_org,
                    departments=scores(own, instrument, by=["org_id", "department"]),
                    benchmark=benchmark(by_org, organisation, sector=sector),
                    items=pd.DataFrame(items) if len(own) >= instrument.min_group_size else pd.DataFrame(
                        columns=["block", "item", "mean", "item_total"]),
                    icc=pd.DataFrame(iccs, columns=["block", "icc1", "icc2"]))
