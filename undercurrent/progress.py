"""Progress bars: shown on a terminal, quiet in tests, CI and notebooks' batch runs."""
from __future__ import annotations

import os
import sys

from tqdm import tqdm


def progress(iterable, *, desc: str, unit: str = "it", enabled: bool | None = None):
    if enabled is None:
        enabled = sys.stderr.isatty() and not os.environ.get("UNDERCURRENT_QUIET") and not os.environ.get("CI")
    return tqdm(iterable, desc=desc, unit=unit, disable=not enabled, leave=False)
