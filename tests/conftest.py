import os
from pathlib import Path

import pytest

os.environ.setdefault("UNDERCURRENT_QUIET", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEMO = REPO / "corpora" / "demo"


def shared_path(*parts: str) -> Path:
    """A file under ../shared/, or skip the test with the reason."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared/ is not part of a plain clone)")
    return path


def make_case(root: Path, transcripts: dict[str, bytes | str], participants: str | None = None,
              case_toml: str = 'name = "Testcase"\nlanguage = "nl"\n', documents: dict | None = None) -> Path:
    """Write a small case folder; str contents are written as UTF-8 without newline translation."""
    (root / "transcripts").mkdir(parents=True, exist_ok=True)
    (root / "case.toml").write_text(case_toml, encoding="utf-8")
    if participants is not None:
        (root / "participants.csv").write_text(participants, encoding="utf-8")
    for folder, files in (("transcripts", transcripts), ("documents", documents or {})):
        (root / folder).mkdir(exist_ok=True)
        for name, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (root / folder / name).write_bytes(data)
    return root


def coded_corpus(case: Path, store: Path):
    """The corpus of a case folder, ingested and auto-coded (policy documents too) into ``store``."""
    from undercurrent.project import Project

    with Project(case, store) as project:
        project.ingest(show_progress=False)
        project.autocode(show_progress=False, documents=True)
        return project.corpus()


@pytest.fixture
def case_factory(tmp_path):
    counter = iter(range(1000))

    def factory(transcripts, participants=None, **kw):
        return make_case(tmp_path / f"case{next(counter)}", transcripts, participants, **kw)
    return factory
