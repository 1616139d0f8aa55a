"""REFI-QDA and QualCoder exchange: valid exports, exact selections, faithful imports."""
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import DEMO, REPO, coded_corpus, shared_path

from undercurrent.coding.codebook import code_spec, load_codebook, shipped_codebooks
from undercurrent.errors import InputError
from undercurrent.interop import export_qdc, export_qdpx, import_codebook, import_project, read_exchange
from undercurrent.project import Project

SCHEMAS = REPO / "tests" / "data" / "refi"


def _validate(xml: bytes, schema: str) -> None:
    from lxml import etree

    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / schema)))
    doc = etree.fromstring(xml)
    assert xsd.validate(doc), xsd.error_log


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}  # folders too ("Sources/": b"")


def _triples(exchange) -> set[tuple[str, str, str]]:
    """(coded text, code, coder) of every coding; code as its undercurrent id where it has one."""
    texts = {s.key: s.text for s in exchange.sources}
    code_of = {}
    for code in exchange.codes:
        if code.native and "id" in code.native:
            parent = next(c for c in exchange.codes if c.key == code.parent) if code.parent else None
            while parent is not None and not (parent.native and "id" not in parent.native):
                parent = next(c for c in exchange.codes if c.key == parent.parent)
            code_of[code.key] = f"{parent.native['codebook']}/{code.native['id']}"
    return {(texts[c.source][c.start:c.end], code_of.get(c.code, c.code), c.coder) for c in exchange.codings}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo case, read and auto-coded, with its manual codings and a memo of each kind."""
    root = tmp_path_factory.mktemp("refi")
    case = root / "demo"
    shutil.copytree(DEMO, case, ignore=shutil.ignore_patterns(".undercurrent"))
    store = root / "store.sqlite"
    coded_corpus(case, store)
    with Project(case, store) as project:
        corpus = project.corpus()
        coding = corpus.codings[corpus.codings["origin"] == "manual"].iloc[0]
        project.add_memo("coding", coding["coding_id"], "Mooi voorbeeld van voordoen.", author="marloes")
        project.add_memo("document", corpus.documents["doc_id"].iloc[0], "Levensverhaal, lang.", author="marloes")
        project.add_memo("code", "onderstroom/waarden", "Let op: impliciet.", author="marloes")
        project.add_memo("case", "demo", "Eerste indruk van het bedrijf.", author="marloes")
    return case, store


@pytest.fixture(scope="module")
def exported(demo, tmp_path_factory):
    case, store = demo
    out = tmp_path_factory.mktemp("out") / "demo.qdpx"
    with Project(case, store) as project:
        export_qdpx(project, out)
        corpus = project.corpus()
    return out, corpus


def test_project_export_is_valid_and_every_selection_cuts_out_its_coded_text(exported):
    out, corpus = exported
    members = _members(out)
    _validate(members["project.qde"], "Project.xsd")
    exchange = read_exchange(out)
    assert exchange.summary.count("coding", "dropped") == 0
    # every source is UTF-8 text in sources/, referenced as internal://<GUID>.txt
    assert {f"sources/{s.key}.txt" for s in exchange.sources} <= set(members)
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"]))
    wanted = {(texts[r.doc_id][r.start:r.end], r.code_id, r.coder) for r in corpus.codings.itertuples()}
    assert _triples(exchange) == wanted
    assert len(exchange.codings) == len(corpus.codings)
    # memos travel as notes: on the coding, the document, the code and the project
    kinds = {n.target_type for n in exchange.notes}
    assert {"document", "code", "case"} <= kinds
    assert any(c.memo and "voordoen" in c.memo for c in exchange.codings)


def test_participants_are_cases_with_variables(exported):
    out, corpus = exported
    exchange = read_exchange(out)
    cases = {c.name: c for c in exchange.cases}
    assert set(cases) == set(corpus.participants["pseudonym"])
    ben = cases["Ben Oude Nijhuis"]
    assert ben.variables["role"] == "lasser" and ben.variables["birth_year"] == "1965"
    assert ben.variables["generation"] == "babyboom/X" and ben.variables["contract"] == "vast"  # attributes too
    assert len(ben.sources) == 1


def test_demo_round_trips_with_identical_codings(exported, tmp_path):
    out, corpus = exported
    summary = import_project(out, tmp_path / "back", store_path=tmp_path / "back.sqlite")
    assert summary.count("coding", "dropped") == 0, summary
    with Project(tmp_path / "back", tmp_path / "back.sqlite") as project:
        again = tmp_path / "again.qdpx"
        export_qdpx(project, again)
        back = project.corpus()
    assert _triples(read_exchange(again)) == _triples(read_exchange(out))
    assert len(back.codings) == len(corpus.codings)
    assert set(back.codings["origin"]) == {"imported"}
    # a memo on a coding travels as a note of that coding and comes back as its memo
    assert len(back.memos) == len(corpus.memos) - 1
    assert back.codings["memo"].str.contains("voordoen", na=False).any()
    assert set(back.participants["pseudonym"]) == set(corpus.participants["pseudonym"])


def test_export_pseudonymises_texts_and_moves_offsets_along(case_factory, tmp_path):
    case = case_factory({"jan.txt": "I: Hoe ging dat?\nR: Jan de Vries zei toen dat je het zelf moest uitzoeken. "
                                    "Dat heb ik onthouden.\n"},
                        "participant_id,pseudonym,naam,file\nP1,Piet,Jan de Vries,jan.txt\n")
    store = tmp_path / "s.sqlite"
    with Project(case, store) as project:
        project.ingest(show_progress=False)
        doc = project.corpus().documents.iloc[0]
        start = doc["text"].index("zei toen")
        end = doc["text"].index("onthouden") + len("onthouden")
        import pandas as pd

        project.add_codings(pd.DataFrame([dict(coding_id="c1", doc_id=doc["doc_id"], start=start, end=end,
                                               code_id="onderstroom/waarden", coder="anna", origin="manual",
                                               quote=doc["text"][start:end])]))
        whole = doc["text"].index("Jan de Vries")
        project.add_codings(pd.DataFrame([dict(coding_id="c2", doc_id=doc["doc_id"], start=whole, end=end,
                                               code_id="onderstroom/waarden", coder="anna", origin="manual",
                                               quote=doc["text"][whole:end])]))
        out = export_qdpx(project, tmp_path / "p.qdpx")
    members = _members(out)
    blob = b"".join(members.values())
    assert b"Jan" not in blob and b"jan" not in blob  # ("De Vries" is also an essay author in a codebook)
    exchange = read_exchange(out)
    cut = {exchange.sources[0].text[c.start:c.end] for c in exchange.codings}
    assert cut == {"zei toen dat je het zelf moest uitzoeken. Dat heb ik onthouden",
                   "Piet zei toen dat je het zelf moest uitzoeken. Dat heb ik onthouden"}


def test_codebooks_export_to_valid_qdc_and_come_back_unchanged(tmp_path):
    books = shipped_codebooks()
    out = export_qdc(books, tmp_path / "all.qdc")
    _validate(out.read_bytes(), "Codebook.xsd")
    written, summary = import_codebook(out, tmp_path / "back")
    assert sorted(p.stem for p in written) == sorted(b.id for b in books)
    for book in books:
        again = load_codebook(tmp_path / "back" / f"{book.id}.yaml")
        assert again.version == book.version and again.title == book.title
        assert [code_spec(c) for c in again.codes] == [code_spec(c) for c in book.codes]


def test_a_foreign_codebook_becomes_yaml_with_hierarchy_colours_and_descriptions(tmp_path):
    qdc = tmp_path / "theirs.qdc"
    qdc.write_text("""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:0:4" origin="NVivo 14">
  <Codes>
    <Code guid="c001" name="Leren" isCodable="false" color="#FF0000">
      <Description>Alles over leren</Description>
      <Code guid="c002" name="Van collega's" isCodable="true" color="#00FF00"/>
      <Code guid="c003" name="Cursus &amp; training" isCodable="true"/>
    </Code>
    <Code guid="c004" name="Sfeer::Angst" isCodable="true"/>
  </Codes>
  <Sets><Set guid="s1" name="Belangrijk"><MemberCode targetGUID="c002"/></Set></Sets>
</CodeBook>""", encoding="utf-8")
    written, summary = import_codebook(qdc, tmp_path / "cb")
    book = load_codebook(written[0])
    labels = {c.label["nl"]: c for c in book.codes}
    assert labels["Van collega's"].parent == labels["Leren"].id
    assert labels["Van collega's"].color == "#00FF00"
    assert labels["Leren"].definition == {"nl": "Alles over leren"}
    assert labels["Angst"].parent == labels["Sfeer"].id
    table = summary.table
    assert set(table.loc[table["outcome"] == "dropped", "item"]) == {"set"}
    assert "not codable" in " ".join(table.loc[table["name"] == "Leren", "reason"])


def _qdpx(tmp_path, qde: str, sources: dict[str, bytes], name="project.qde", folder="sources") -> Path:
    out = tmp_path / "in.qdpx"
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(name, qde)
        for file, data in sources.items():
            zf.writestr(f"{folder}/{file}", data)
    return out


def _project(sources_xml: str, codes='<Code guid="00000000-0000-0000-0000-0000000000C1" name="Leren" isCodable="true"/>',
             ns="urn:QDA-XML:project:1.0", extra="") -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{ns}" name="Proef">
  <Users><User guid="00000000-0000-0000-0000-0000000000A1" name="anna"/></Users>
  <CodeBook><Codes>{codes}</Codes></CodeBook>
  {extra}
  <Sources>{sources_xml}</Sources>
</Project>"""


def _selection(start, end, name, code="00000000-0000-0000-0000-0000000000C1", guid="1"):
    return (f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}" name="{name}" '
            f'creatingUser="00000000-0000-0000-0000-0000000000A1"><Coding guid="k{guid}" '
            f'creatingUser="00000000-0000-0000-0000-0000000000A1"><CodeRef targetGUID="{code}"/></Coding>'
            f'</PlainTextSelection>')


TEXT = "I: Hoe leer je hier?\r\nR: Door mee te kijken met Henk.\r\nI: En dan?\r\nR: Dan doe je het zelf.\r\n"


@pytest.mark.parametrize("convention", ["code points", "crlf as one", "bom counted"])
def test_offsets_are_checked_against_the_text_and_conventions_repaired(tmp_path, convention):
    quote = "Door mee te kijken met Henk."
    start = TEXT.index(quote)
    data = TEXT.encode("utf-8")
    if convention == "crlf as one":
        start -= TEXT[:start].count("\r\n")
    if convention == "bom counted":
        data, start = b"\xef\xbb\xbf" + data, start + 1
    qde = _project(f'<TextSource guid="S1" name="Henk.txt" plainTextPath="internal://S1.txt">'
                   f'{_selection(start, start + len(quote), quote)}</TextSource>')
    summary = import_project(_qdpx(tmp_path, qde, {"S1.txt": data}), tmp_path / "case",
                             store_path=tmp_path / "s.sqlite")
    with Project(tmp_path / "case", tmp_path / "s.sqlite") as project:
        codings = project.corpus().codings
        text = project.corpus().documents["text"].iloc[0]
    assert [text[r.start:r.end] for r in codings.itertuples()] == [quote]
    assert codings["coder"].tolist() == ["anna"]
    changed = summary.table[(summary.table["outcome"] == "changed") & (summary.table["item"] == "source")]
    assert (len(changed) > 0) == (convention != "code points")


def test_pitfalls_of_real_exports_are_handled_and_reported(tmp_path):
    emoji = "Ik 👍 dit: leren doe je samen.\n"
    quote = "leren doe je samen."
    start16 = len(emoji[:emoji.index(quote)].encode("utf-16-le")) // 2
    sources = (
        # non-GUID ids, a bare name without internal://, UTF-16 positions after an emoji
        f'<TextSource guid="src-1" name="Interview.txt" plainTextPath="A.txt">'
        f'{_selection(start16, start16 + len(quote), quote, guid="s1")}</TextSource>'
        # the same name again, and a selection without a coding
        f'<TextSource guid="src-2" name="Interview.txt" plainTextPath="internal://B.txt">'
        f'<PlainTextSelection guid="s2" startPosition="0" endPosition="4"><Description>nog coderen</Description>'
        f'</PlainTextSelection></TextSource>'
        # referenced but absent; a path out of the archive; and a picture
        f'<TextSource guid="src-3" name="Weg.txt" plainTextPath="internal://C.txt">{_selection(0, 3, "Wat", guid="s3")}'
        f'</TextSource>'
        f'<TextSource guid="src-4" name="Geheim.txt" plainTextPath="internal://../../etc/passwd"/>'
        f'<PictureSource guid="src-5" name="Foto.jpg" path="internal://D.jpg"/>'
    )
    qde = _project(sources, ns="urn:QDA-XML:project:1:0")
    path = _qdpx(tmp_path, qde, {"A.txt": emoji.encode(), "B.txt": b"Twee keer dezelfde naam.\n"},
                 name="Proef.qde", folder="Sources")
    summary = import_project(path, tmp_path / "case", store_path=tmp_path / "s.sqlite")
    with Project(tmp_path / "case", tmp_path / "s.sqlite") as project:
        corpus = project.corpus()
    text = corpus.documents.set_index("source_path")["text"]
    assert len(text) == 2  # both "Interview.txt" kept, under two file names
    coded = corpus.codings.iloc[0]
    assert corpus.documents.set_index("doc_id").loc[coded["doc_id"], "text"][coded["start"]:coded["end"]] == quote
    table = summary.table
    dropped = table[table["outcome"] == "dropped"]
    assert set(dropped["item"]) == {"source", "selection", "coding"}
    reasons = " ".join(dropped["reason"])
    assert "C.txt" in reasons and "leaves the sources folder" in reasons and "PictureSource" in reasons
    assert "selection without a code" in reasons
    assert "UTF-16" in " ".join(table.loc[table["outcome"] == "changed", "reason"])


@pytest.mark.parametrize("attack", ["traversal", "bomb", "entities", "not a zip"])
def test_hostile_archives_are_refused(tmp_path, attack):
    path = tmp_path / "bad.qdpx"
    if attack == "traversal":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("project.qde", _project(""))
            zf.writestr("../../outside.txt", "x")
    elif attack == "bomb":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("project.qde", _project(""))
            zf.writestr("sources/big.txt", b"0" * (50 * 1024 * 1024))
    elif attack == "entities":
        qde = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
               '<Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>')
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("project.qde", qde)
    else:
        path.write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(InputError) as err:
        import_project(path, tmp_path / "case")
    assert "bad.qdpx" in str(err.value)
    assert not (tmp_path / "case").exists()


def test_import_refuses_a_folder_that_already_holds_a_case(tmp_path, exported):
    (tmp_path / "case").mkdir()
    (tmp_path / "case" / "case.toml").write_text('name = "x"\n')
    with pytest.raises(InputError, match="not empty"):
        import_project(exported[0], tmp_path / "case")
    assert (tmp_path / "case" / "case.toml").read_text() == 'name = "x"\n'


def test_the_atlas_ti_sample_imports_with_a_truthful_summary(tmp_path):
    from xml.etree import ElementTree as ET

    path = shared_path("external", "refi", "TestProject.qdpx")
    members = _members(path)
    assert set(members) == {"Project.qde", "Sources/"}  # ATLAS.ti left every source out of this archive
    root = ET.fromstring(members["Project.qde"])
    ns = {"q": "urn:QDA-XML:project:1.0"}
    n_sources = len(root.find("q:Sources", ns))
    n_codings = len(root.findall("q:Sources//q:Coding", ns))
    n_sets, n_codes = len(root.findall("q:Sets/q:Set", ns)), len(root.findall(".//q:Code", ns))

    summary = import_project(path, tmp_path / "case", store_path=tmp_path / "s.sqlite")
    counts = summary.counts().set_index("item")
    assert counts.loc["source"].tolist() == [0, 0, n_sources]
    assert counts.loc["coding"].tolist() == [0, 0, n_codings]
    assert counts.loc["set"].tolist() == [0, 0, n_sets]
    assert counts.loc["user"].tolist() == [3, 0, 0]
    assert counts.loc["note"].tolist() == [2, 0, 0]  # the two project notes, as memos on the case
    # every code kept; the two "Coke::…" codes became children of "Coke"
    assert counts.loc["code"].tolist() == [n_codes - 2, 2, 0]
    reasons = " ".join(summary.table["reason"])
    assert "is not in the project" in reasons and "VideoSource" in reasons and "PictureSource" in reasons
    book = load_codebook(next((tmp_path / "case" / "codebooks").glob("*.yaml")))
    assert len(book.codes) == n_codes
    coke = next(c for c in book.codes if c.text("label", "en") == "Coke")
    assert {c.text("label", "en") for c in book.codes if c.parent == coke.id} == {"diet Coke", "full-fat Coke"}
    assert all(c.label.keys() == {"en"} for c in book.codes)  # English names, recognised as English


def _qualcoder(path: Path) -> Path:
    folder = path / "proef.qda"
    folder.mkdir()
    con = sqlite3.connect(folder / "data.qda")
    con.executescript("""
    CREATE TABLE project (databaseversion text, date text, memo text, about text, bookmarkfile integer,
        bookmarkpos integer, codername text);
    CREATE TABLE source (id integer primary key, name text, fulltext text, mediapath text, memo text, owner text,
        date text, av_text_id integer, risid integer, unique(name));
    CREATE TABLE code_cat (catid integer primary key, name text, owner text, date text, memo text,
        supercatid integer, unique(name));
    CREATE TABLE code_name (cid integer primary key, name text, memo text, catid integer, owner text, date text,
        color text, unique(name));
    CREATE TABLE code_text (ctid integer primary key, cid integer, fid integer, seltext text, pos0 integer,
        pos1 integer, owner text, date text, memo text, avid integer, important integer,
        unique(cid,fid,pos0,pos1,owner));
    CREATE TABLE cases (caseid integer primary key, name text, memo text, owner text, date text);
    CREATE TABLE case_text (id integer primary key, caseid integer, fid integer, pos0 integer, pos1 integer,
        owner text, date text, memo text);
    CREATE TABLE attribute_type (name text primary key, date text, owner text, memo text, caseOrFile text,
        valuetype text);
    CREATE TABLE attribute (attrid integer primary key, name text, attr_type text, value text, id integer,
        date text, owner text);
    CREATE TABLE journal (jid integer primary key, name text, jentry text, date text, owner text);
    """)
    text = "I: Wat leerde je?\nR: Ik leerde het van 😀 Henk, op de vloer.\n"
    seltext = "Henk, op de vloer."
    pos0 = len(text[:text.index(seltext)].encode("utf-16-le")) // 2  # QualCoder counts like Qt
    con.execute("INSERT INTO project VALUES ('v7', '2024-01-01 10:00:00', 'projectmemo', 'QualCoder 3.5', 0, 0, 'an')")
    con.execute("INSERT INTO source VALUES (1, 'int1.txt', ?, NULL, 'bron memo', 'an', '2024-01-01 10:00:00', NULL, NULL)",
                (text,))
    con.execute("INSERT INTO source VALUES (2, 'foto.png', NULL, '/images/foto.png', '', 'an', '', NULL, NULL)")
    con.execute("INSERT INTO code_cat VALUES (1, 'Leren', 'an', '', 'categorie', NULL)")
    con.execute("INSERT INTO code_name VALUES (1, 'Van collega', 'memo', 1, 'an', '', '#AABBCC')")
    con.execute("INSERT INTO code_text VALUES (1, 1, 1, ?, ?, ?, 'an', '2024-02-03 11:12:13', 'goed', NULL, 0)",
                (seltext, pos0, pos0 + len(seltext.encode("utf-16-le")) // 2))
    con.execute("INSERT INTO cases VALUES (1, 'Respondent 1', '', 'an', '')")
    con.execute("INSERT INTO case_text VALUES (1, 1, 1, 0, ?, 'an', '', '')", (len(text),))
    con.execute("INSERT INTO attribute_type VALUES ('functie', '', 'an', '', 'case', 'character')")
    con.execute("INSERT INTO attribute VALUES (1, 'functie', 'case', 'lasser', 1, '', 'an')")
    con.execute("INSERT INTO journal VALUES (1, 'dagboek', 'Dag 1: eerste interview.', '2024-01-01 10:00:00', 'an')")
    con.commit()
    con.close()
    return folder


def test_a_qualcoder_project_imports_with_codes_cases_attributes_and_memos(tmp_path):
    summary = import_project(_qualcoder(tmp_path), tmp_path / "case", store_path=tmp_path / "s.sqlite")
    with Project(tmp_path / "case", tmp_path / "s.sqlite") as project:
        corpus = project.corpus()
    coding = corpus.codings.iloc[0]
    text = corpus.documents.set_index("doc_id").loc[coding["doc_id"], "text"]
    assert text[coding["start"]:coding["end"]] == "Henk, op de vloer."
    assert coding["coder"] == "an" and coding["memo"] == "goed"
    assert corpus.codes.set_index("code_id").loc[coding["code_id"], "parent_id"].endswith("/leren")
    participant = corpus.participants.iloc[0]
    assert participant["pseudonym"] == "Respondent 1" and participant["role"] == "lasser"
    assert {"Dag 1: eerste interview."} <= {t.split("\n\n", 1)[-1] for t in corpus.memos["text"]}
    assert summary.count("source", "dropped") == 1  # the picture


def test_cli_exports_and_imports(demo, tmp_path, capsys):
    from undercurrent.cli import main

    case, store = demo
    out = tmp_path / "demo.qdpx"
    assert main(["export-refi", str(case), "--store", str(store), "--out", str(out)]) == 0
    assert main(["import-refi", str(out), str(tmp_path / "back"), "--store", str(tmp_path / "b.sqlite")]) == 0
    printed = capsys.readouterr().out
    assert "carried over" in printed and "coding" in printed
    assert main(["import-refi", str(out), str(tmp_path / "back")]) == 2
    qdc = tmp_path / "cb.qdc"
    assert main(["codebook", str(REPO / "codebooks" / "onderstroom.yaml"), "--qdc", str(qdc)]) == 0
    assert main(["import-refi", str(qdc), str(tmp_path / "cbcase")]) == 0
    assert (tmp_path / "cbcase" / "codebooks" / "onderstroom.yaml").is_file()
