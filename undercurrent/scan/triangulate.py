"""The scan beside the undercurrent, per building block: the score and its place among the other
organisations next to what people tell (supporting against hindering codings, say-do gaps), with
a divergence flag where the two disagree, and the advice that follows from both."""
from __future__ import annotations

import pandas as pd

#: percentiles among the other organisations that count as a high or a low score
HIGH_PERCENTILE, LOW_PERCENTILE = 67, 33
#: the share of supporting codings at or below which the interviews lean to hindering, and at or
#: above which they lean to supporting (as the block findings' balance)
HINDERING_SHARE, SUPPORTING_SHARE = 0.35, 0.65
#: how many people must tell the other side before a divergence is flagged
MIN_PEOPLE = 2

COLUMNS = ["block", "label", "mean", "band", "percentile", "position", "supports", "hinders", "share_supporting",
           "gaps", "divergence", "reason", "quotes", "advice"]


def triangulate(scan, findings: pd.DataFrame, *, lang: str = "nl", evidence=None) -> pd.DataFrame:
    """Per block of ``scan`` (a :class:`~undercurrent.scan.CaseScan`): mean, band, percentile and
    position among all other organisations ("high", "middle", "low"), the interviews' supporting
    and hindering codings (the block findings of :func:`undercurrent.synthesis.synthesis`), the
    say-do gaps on the block, and ``divergence``: "scan_higher" when the scan is high while the
    interviews lean to hindering or staff tell a say-do gap on it (two or more people),
    "scan_lower" when the scan is low while they lean to supporting; None otherwise. ``reason``
    says it in words, ``quotes`` are the evidence both ways (the side that disagrees first), and
    ``advice`` is the instrument's for the band; where the two disagree, a warning and the advice
    of the band the stories point to (low for a scan that is higher, middle for one that is lower).
    With ``evidence`` (the :class:`~undercurrent.synthesis.Evidence` the findings came from), a
    block whose codings no quote could show still has its counts; a flag needs quotes."""
    from ..report.i18n import decimal, translator

    t = translator(lang)
    ins = scan.instrument
    own = scan.own_scores.set_index("block")
    place = scan.benchmark[scan.benchmark["scope"] == "all"].set_index("block")
    blocks = findings[findings["kind"] == "block"] if len(findings) else findings
    gaps = findings[findings["kind"] == "say_do"] if len(findings) else findings
    rows = []
    for block in ins.blocks:
        score = own.loc[block.id] if block.id in own.index else None
        if score is None or score["suppressed"]:
            continue
        mean, percentile = float(score["mean"]), place["percentile"].get(block.id)
        position = None if percentile is None else "high" if percentile >= HIGH_PERCENTILE else \
            "low" if percentile <= LOW_PERCENTILE else "middle"
        told = blocks[blocks["details"].map(lambda d: d.get("block") == block.id)] if len(blocks) else blocks
        detail = told["details"].iat[0] if len(told) else _counts(evidence, block.id) if evidence is not None else {}
        on_block = gaps[gaps["details"].map(lambda d: d.get("block") == block.id
                                            and d.get("lived_people", 0) >= MIN_PEOPLE)] if len(gaps) else gaps
        share = detail.get("share_supporting")
        hindering = share is not None and share <= HINDERING_SHARE and detail.get("hinder_people", 0) >= MIN_PEOPLE
        supporting = share is not None and share >= SUPPORTING_SHARE and detail.get("support_people", 0) >= MIN_PEOPLE
        high = position == "high" or ins.band(mean) == "high"
        low = position == "low" or ins.band(mean) == "low"
        divergence = "scan_higher" if high and (hindering or len(on_block)) else "scan_lower" if low and supporting \
            else None
        if divergence and not len(told) and not (divergence == "scan_higher" and len(on_block)):
            divergence = None  # a flag cites its evidence: no quote, no flag
        quotes = []
        if len(told):
            first = "hinders" if divergence != "scan_lower" else "supports"
            mine = told["quotes"].iat[0]
            quotes = [q for q in mine if q.get("side") == first] + [q for q in mine if q.get("side") != first]
        if divergence == "scan_higher":
            quotes = [q for row in on_block.itertuples() for q in row.quotes if q.get("side") == "lived"] + quotes
        quotes = list({(q["doc_id"], q["start"]): q for q in reversed(quotes)}.values())[::-1]  # each once, in order
        reason = None
        if divergence:
            people = detail.get("hinder_people" if divergence == "scan_higher" else "support_people", 0)
            gap_people = int(on_block["details"].map(lambda d: d.get("lived_people", 0)).max()) if len(on_block) else 0
            gaps_text = (f"; {len(on_block)} " + ("zeggen-doen-kloof" if lang == "nl" else "say-do gap")) \
                if len(on_block) else ""
            reason = t(f"divergence_{divergence}", block=ins.label(block.id, lang), mean=decimal(mean, 2, lang),
                       percentile=f"{percentile:.0f}" if percentile is not None else "–", n=max(people, gap_people),
                       gaps_text=gaps_text)
        # where the stories disagree, the advice is that of the band they point to, after a warning
        advice = ins.advice(block.id, {"scan_higher": ins.bands[0] - 1, "scan_lower": ins.bands[0]}.get(divergence, mean),
                            lang)
        if divergence:
            advice = t(f"advice_{divergence}") + " " + advice
        elif hindering and ins.band(mean) != "low":  # the stories add what the score does not say
            advice = t("advice_stories_hinder") + " " + ins.advice(block.id, ins.bands[0] - 1, lang)
        rows.append(dict(block=block.id, label=ins.label(block.id, lang), mean=mean, band=ins.band(mean),
                         percentile=percentile, position=position, supports=detail.get("supports", 0),
                         hinders=detail.get("hinders", 0), share_supporting=share,
                         gaps=list(on_block["finding_id"]) if len(on_block) else [], divergence=divergence,
                         reason=reason, quotes=quotes, advice=advice))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("divergence", "reason", "percentile", "share_supporting"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def _counts(evidence, block: str) -> dict:
    """The supporting and hindering codings of a block that no finding shows (no quote sure enough)."""
    from ..synthesis.learning import block_sides

    sides = block_sides(evidence, block)
    n_sup, n_hin = len(sides["supports"]), len(sides["hinders"])
    if not n_sup + n_hin:
        return {}
    return dict(supports=n_sup, hinders=n_hin, share_supporting=round(n_sup / (n_sup + n_hin), 2),
                support_people=int(sides["supports"]["pseudonym"].nunique()),
                hinder_people=int(sides["hinders"]["pseudonym"].nunique()))
