"""Codebook files: loading, validation errors with file/code/line, rendering and export."""
import pytest

from undercurrent.coding.codebook import load_codebook, load_codebooks, shipped_codebooks
from undercurrent.errors import InputError

from conftest import REPO

MINI = REPO / "tests" / "data" / "mini_codebook.yaml"


def test_mini_codebook_loads_with_hierarchy_and_ids():
    book = load_codebook(MINI)
    assert book.coder == "auto:rules/mini@0.1"
    assert [c.code_id for c in book.codes] == ["mini/waarden", "mini/handwerk", "mini/ruimte_steunt",
                                               "mini/ruimte_hindert", "mini/tijd"]
    hand = book["handwerk"]
    assert hand.parent_id == "mini/waarden" and hand.depth == 1
    assert hand.indicators["nl"].lemmas == ["vakwerk", "afkijken"]
    assert book["ruimte_steunt"].negation == "flip" and book["tijd"].negation == "drop"
    assert book["waarden"].negation == "keep"


def test_codebook_renders_and_exports(tmp_path):
    import docx
    import openpyxl

    book = load_codebook(MINI)
    table = book.table("nl")
    assert list(table.columns)[:3] == ["code", "label", "definitie"]
    assert "  Handwerk als vakmanschap" in table["label"].tolist()
    assert "<table" in book._repr_html_()
    d = docx.Document(book.to_docx(tmp_path / "cb.docx"))
    assert "Handwerk als vakmanschap" in "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells)
    wb = openpyxl.load_workbook(book.to_xlsx(tmp_path / "cb.xlsx", lang="en"))
    assert wb.active["B3"].value.strip() == "Handwork as craft"


BAD = {
    "yaml syntax": ("codebook: x\nversion: '1'\ncodes:\n  - id: a\n    label: [unclosed\n", r"line \d+: is not valid YAML"),
    "duplicate id": ("codebook: x\nversion: '1'\ncodes:\n  - id: a\n    label: A\n  - id: a\n    label: B\n",
                     r"line 6: code 'a': duplicate id \(first on line 4\)"),
    "duplicate key": ("codebook: x\nversion: '1'\ncodes:\n  - id: a\n    label: A\n    label: B\n",
                      r"line 6: is not valid YAML: duplicate key 'label'"),
    "unknown parent": ("codebook: x\nversion: '1'\ncodes:\n  - id: a\n    label: A\n  - id: b\n    label: B\n"
                       "    parent: nope\n", r"line 6: code 'b': unknown parent 'nope'"),
    "parent cycle": ("codebook: x\nversion: '1'\ncodes:\n  - id: a\n    label: A\n    parent: b\n  - id: b\n"
                     "    label: B\n    parent: a\n", r"code 'a': is part of a parent cycle"),
    "bad pattern": ("codebook: x\nversion: '1'\ncodes:\n  - id: a\n    label: A\n    indicators:\n      nl:\n"
                    "        patterns:\n          - [{LEMMAA: fout}]\n", r"line 8: code 'a': invalid Matcher pattern"),
    "catastrophic regex": ("codebook: x\nversion: '1'\ncodes:\n  - id: a\n    label: A\n    indicators:\n"
                           "      nl:\n        regex: ['(\\w+\\s?)+$']\n",
                           r"line 8: code 'a': regex .* can backtrack catastrophically"),
    "broken regex": ("codebook: x\nversion: '1'\ncodes:\n  - id: a\n    label: A\n    indicators:\n"
                     "      nl:\n        regex: ['(unclosed']\n", r"line 8: code 'a': invalid regex"),
    "unknown field": ("codebook: x\nversion: '1'\ncodes:\n  - id: a\n    label: A\n    defintion: typo\n",
                      r"line 6: code 'a': unknown field 'defintion'"),
    "bad scan block": ("codebook: x\nversion: '1'\ncodes:\n  - id: a\n    label: A\n    maps_to: cultuur\n",
                       r"line 6: code 'a': maps_to 'cultuur' is not a scan block"),
    "flip without opposite": ("codebook: x\nversion: '1'\ncodes:\n  - id: a\n    label: A\n    negation: flip\n",
                              r"code 'a': negation: flip needs an opposite code"),
    "no label": ("codebook: x\nversion: '1'\ncodes:\n  - id: a\n", r"line 4: code 'a': has no label"),
    "bad id": ("codebook: x\nversion: '1'\ncodes:\n  - id: Hoofd Letter\n    label: A\n", r"code id 'Hoofd Letter'"),
    "multiword lemma": ("codebook: x\nversion: '1'\ncodes:\n  - id: a\n    label: A\n    indicators:\n      nl:\n"
                        "        lemmas: [met de hand]\n", r"line 8: code 'a': lemmas entry 'met de hand' has several words"),
    "no codes": ("codebook: x\nversion: '1'\n", r"x.yaml.*has no codes"),
}


@pytest.mark.parametrize("name", BAD)
def test_codebook_mistakes_name_file_code_and_line(tmp_path, name):
    text, message = BAD[name]
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_codebook(path)
    assert str(path) in str(info.value)


def test_two_codebooks_with_one_id_are_refused(tmp_path):
    (tmp_path / "a.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match="codebook id 'mini' is also used"):
        load_codebooks(tmp_path)


def test_shipped_codebooks_are_valid_and_complete():
    books = {b.id: b for b in shipped_codebooks()}
    assert set(books) == {"onderstroom", "leercultuur", "leervormen", "vakmanschap", "technologie", "intrapreneurship"}
    for book in books.values():
        assert len(book) >= 8, book.id
        leaves = [c for c in book.codes if c.indicators]
        assert all(c.label.get("nl") and c.label.get("en") for c in book.codes), book.id
        assert all(c.definition.get("nl") for c in book.codes), book.id
        assert sum(c.indicators["nl"].count() for c in leaves if "nl" in c.indicators) >= 5 * len(leaves), book.id
    # leercultuur: six scan blocks, each with supports and hinders sub-codes that flip on negation
    lc = books["leercultuur"]
    blocks = {c.maps_to for c in lc.codes if c.maps_to}
    assert blocks == {"inhoud_werk", "ruimte_veiligheid", "samenwerkend_leren", "leiderschap",
                      "organisatie_ontwikkeling", "externe_omgeving"}
    for block in blocks:
        directions = {c.direction for c in lc.codes if c.maps_to == block and c.direction}
        assert directions == {"supports", "hinders"}, block


def test_case_toml_names_an_unknown_codebook(case_factory):
    from undercurrent import Project

    case = case_factory({"a.txt": "I: Ja?\nR: Ja.\nI: Nee?\nR: Nee.\n"}, case_toml='codebooks = ["onderstroomm"]\n')
    with Project(case) as project:
        report = project.ingest()
    assert any("codebook 'onderstroomm' not found" in str(p) and "shipped: onderstroom, leercultuur" in str(p)
               for p in report.problems)
