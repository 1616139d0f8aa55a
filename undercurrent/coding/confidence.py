"""Confidence of automatic codings that means something: measured precision, calibrated.

Each indicator's precision comes from the audit (hits and correct hits on a gold set,
:mod:`undercurrent.coding.audit`), shrunk towards a prior for its kind when it was seen
only a few times. A coding's indicators are combined by noisy-OR, and that raw score is
mapped through a calibration table (isotonic regression on the same gold), so that "0.8"
means about 80% of such codings were right there.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

AUDIT_DIR = Path(__file__).resolve().parents[2] / "codebooks" / "audit"
#: precision assumed for an indicator the audit has not seen, by kind, and for derived readings
KIND_PRIOR = {"stance": 0.5, "patterns": 0.6, "phrases": 0.55, "separable": 0.5, "lemmas": 0.45, "compounds": 0.4, "regex": 0.4}
HOW_PRIOR = {"negated": 0.4, "undercut": 0.5, "say_do": 0.5}
#: automatic codings below this confidence are not shown as evidence in reports
REPORT_MIN_CONFIDENCE = 0.8
#: an indicator right this rarely or less, over at least PRUNE_MIN_HITS audited hits, is switched off
PRUNE_AT_MOST = 0.2
PRUNE_MIN_HITS = 3
#: how many hits' worth of weight the prior has against the audit's count (the shipped audit
#: chooses its own on the dev half: audit.json)
PRIOR_WEIGHT = 3.0
AUDIT_COLUMNS = ["code_id", "kind", "term", "how", "hits", "correct"]


def audit_settings(folder: str | Path = AUDIT_DIR) -> dict:
    """codebooks/audit/audit.json: the prior weight chosen on the dev half, and what the last
    quality benchmark measured on the test half ("report")."""
    import json

    path = Path(folder) / "audit.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def measured_precision(folder: str | Path = AUDIT_DIR) -> dict | None:
    """What the last quality benchmark measured on the held-out test half for the codings a
    report shows: {"precision", "codings", "threshold", "measured", ...}, or None."""
    return audit_settings(folder).get("report")


def _key(code_id: str, kind: str, term: str, how: str = "") -> tuple:
    return (code_id, kind, term, how or "")


@dataclass
class ConfidenceModel:
    """Per-indicator precision (from an audit table) and a calibration table.

    audit : DataFrame with columns code_id, kind, term, how, hits, correct
    calibration : DataFrame with columns raw, calibrated (increasing), or None for the identity
    """
    audit: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=AUDIT_COLUMNS))
    calibration: pd.DataFrame | None = None
    prior_weight: float = PRIOR_WEIGHT

    def __post_init__(self):
        self._precision, self.pruned = {}, {}
        for row in self.audit.itertuples(index=False):
            if row.hits >= PRUNE_MIN_HITS and row.correct <= PRUNE_AT_MOST * row.hits:
                self.pruned[_key(row.code_id, row.kind, row.term, row.how or "")] = (int(row.correct), int(row.hits))
            prior = HOW_PRIOR.get(row.how or "", KIND_PRIOR.get(row.kind, 0.5))
            self._precision[_key(row.code_id, row.kind, row.term, row.how or "")] = (
                (row.correct + self.prior_weight * prior) / (row.hits + self.prior_weight))
        if self.calibration is not None and len(self.calibration):
            self._xs = self.calibration["raw"].to_numpy(float)
            self._ys = self.calibration["calibrated"].to_numpy(float)
        else:
            self._xs = None

    @classmethod
    def shipped(cls, folder: str | Path = AUDIT_DIR) -> "ConfidenceModel":
        """The audit and calibration shipped with the codebooks (priors only when absent)."""
        folder = Path(folder)
        audit = pd.read_csv(folder / "indicators.csv", keep_default_na=False) if (folder / "indicators.csv").is_file() \
            else pd.DataFrame(columns=AUDIT_COLUMNS)
        calib = pd.read_csv(folder / "calibration.csv") if (folder / "calibration.csv").is_file() else None
        weight = audit_settings(folder).get("prior_weight", PRIOR_WEIGHT)
        return cls(audit[AUDIT_COLUMNS] if len(audit) else audit, calib, weight)

    def indicator(self, code_id: str, kind: str, term: str, how: str = "") -> float:
        """Estimated precision of one indicator (after negation/contrast handling ``how``)."""
        found = self._precision.get(_key(code_id, kind, term, how))
        if found is not None:
            return found
        return HOW_PRIOR.get(how, KIND_PRIOR.get(kind, 0.5)) if how else KIND_PRIOR.get(kind, 0.5)

    def is_pruned(self, code_id: str, kind: str, term: str, how: str = "") -> bool:
        """Switched off by the audit: it was rarely right on the gold it was measured on."""
        return _key(code_id, kind, term, how) in self.pruned

    @staticmethod
    def raw(scores) -> float:
        miss = 1.0
        for p in scores:
            miss *= 1.0 - p
        return 1.0 - miss

    def calibrate(self, raw):
        if self._xs is None:
            return raw
        return np.interp(raw, self._xs, self._ys)

    def combine(self, scores) -> float:
        """Calibrated confidence of a coding resting on these indicator precisions."""
        return round(float(self.calibrate(self.raw(scores))), 3)
