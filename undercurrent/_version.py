"""The package version, kept in one place: ``version`` in pyproject.toml's ``[project]`` table.

A source checkout reads it from pyproject.toml itself (an editable install's metadata keeps the
version it was installed with until it is reinstalled); an installed package reads its metadata.
"""
from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _from_pyproject() -> str | None:
    try:
        project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8")).get("project", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    version = project.get("version")
    return version if project.get("name") == "undercurrent" and isinstance(version, str) else None


def _from_metadata() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("undercurrent")
    except PackageNotFoundError:
        return None


__version__ = _from_pyproject() or _from_metadata() or "0+unknown"
