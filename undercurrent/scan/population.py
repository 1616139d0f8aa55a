"""A seeded, regenerable benchmark population of scan responses: companies in sectors, of
different sizes, with between-company variance and realistic item correlations.

    .venv/bin/python -m undercurrent.scan.population corpora/demo   # writes scan/*.csv there

Each respondent has a general learning-climate factor and one factor per building block;
companies differ in their block means (sector effect plus company effect), so the ICC(1) of
block scores across companies lies around 0.1–0.2, as in organisational climate surveys. Answers are
the latent score plus item noise, rounded onto the scale; reverse-keyed items are asked the
other way round; a few answers are left empty."""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from .instrument import Instrument, load_instrument

#: the demo company's block means: strong work content, a good name for safety to learn, little
#: time or structure for development
KAMPMAN = {"inhoud_werk": 3.9, "ruimte_veiligheid": 3.95, "samenwerkend_leren": 3.6, "leiderschap": 3.3,
           "organisatie_ontwikkeling": 2.85, "externe_omgeving": 3.4}
SECTORS = {"metaal": 3.45, "bouw": 3.35, "zorg": 3.55, "logistiek": 3.3, "ict": 3.7, "voedingsmiddelen": 3.4}


def generate(instrument: Instrument, *, companies: int = 60, seed: int = 20261203, missing: float = 0.03,
             company_sd: float = 0.22, general_sd: float = 0.45, block_sd: float = 0.3, noise_sd: float = 0.6,
             names: list[str] | None = None, sectors: list[str] | None = None, sizes: list[int] | None = None,
             profile: dict[str, float] | None = None) -> pd.DataFrame:
    """Responses of ``companies`` companies (org_id "B001", ... unless ``names``), in the columns of
    :func:`~undercurrent.scan.responses.read_responses`, the same for the same seed. ``profile``:
    {block: mean} for every company, instead of drawn ones."""
    rng = np.random.default_rng(seed)
    blocks = [b.id for b in instrument.blocks]
    sector_names = list(SECTORS)
    rows = []
    for c in range(companies):
        org = names[c] if names else f"B{c + 1:03d}"
        sector = sectors[c] if sectors else sector_names[rng.integers(len(sector_names))]
        size = sizes[c] if sizes else int(np.clip(rng.lognormal(np.log(25), 0.6), 6, 150))
        block_means = SECTORS.get(sector, 3.45) + rng.normal(0, company_sd, len(blocks)) \
            + rng.normal(0, company_sd / 2)  # a company is a bit better or worse all round
        if profile:
            block_means = np.array([profile.get(block, m) for block, m in zip(blocks, block_means)])
        departments = ["productie", "kantoor", "logistiek", "techniek"][:max(1, min(4, size // 12))]
        general = rng.normal(0, general_sd, size)
        for r in range(size):
            answers = {}
            for b, block in enumerate(blocks):
                latent = block_means[b] + general[r] + rng.normal(0, block_sd)
                for item in instrument.items_of(block):
                    x = float(np.clip(np.rint(latent + rng.normal(0, noise_sd)), instrument.scale_min,
                                      instrument.scale_max))
                    if item.reverse:
                        x = instrument.scale_min + instrument.scale_max - x
                    answers[item.id] = np.nan if rng.random() < missing else x
            rows.append(dict(respondent_id=f"{org}-{r + 1:03d}", org_id=org, sector=sector,
                             department=departments[r % len(departments)], wave="2026", **answers))
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Write the demo's scan responses (scan/responses.csv: Kampman "
                                                 "Metaal) and a benchmark population of other companies "
                                                 "(scan/benchmark.csv) into a case folder.")
    parser.add_argument("case_dir", type=Path)
    parser.add_argument("--companies", type=int, default=60)
    parser.add_argument("--seed", type=int, default=20261203)
    args = parser.parse_args(argv)
    instrument = load_instrument()
    # the demo's own scan: what the questionnaire says of Kampman Metaal (its interviews may say otherwise)
    own = generate(instrument, companies=1, seed=args.seed + 1, names=["Kampman Metaal"], sectors=["metaal"],
                   sizes=[34], profile=KAMPMAN)
    others = generate(instrument, companies=args.companies, seed=args.seed)
    folder = args.case_dir / "scan"
    folder.mkdir(parents=True, exist_ok=True)
    own.to_csv(folder / "responses.csv", index=False)
    others.to_csv(folder / "benchmark.csv", index=False)
    print(f"{folder / 'responses.csv'}: {len(own)} respondents; {folder / 'benchmark.csv'}: {len(others)} respondents "
          f"of {others['org_id'].nunique()} companies")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
