"""Hostile and odd transcripts: never a traceback, never a silent loss.

Each class of input here once ended in a traceback, a hang or a quietly wrong corpus: ODT space
counts and deep nesting, control characters that later kill the Word writer, files without
speech, classic-Mac line ends, broken Otter speaker lines, and subtitle cues of one speaker
counted as many turns. Offsets are checked against the stored text throughout.
"""
import io
import sys
import time
import warnings
import zipfile

import pytest

from undercurrent import InputError, Project
from undercurrent.corpus.decoding import csv_records, decode_bytes
from undercurrent.corpus.readers import ODT_MAX_SPACE_RUN, SourceText, read_source
from undercurrent.corpus.segment import assign_roles, segment_source
from undercurrent.errors import InputWarning

from helpers import make_docx, make_odt


def read(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return read_source(path)


def turns(source):
    seg = segment_source(source)
    return [(r["speaker"], source.text[r["start"]:r["end"]], r["t_start_ms"], r["t_end_ms"])
            for r in seg.rows if r["kind"] == "turn"]


def rows(source, kind):
    return [r for r in segment_source(source).rows if r["kind"] == kind]


def spoken(source, kind="turn"):
    return [(r["speaker"], source.text[r["start"]:r["end"]]) for r in rows(source, kind)]


def docx_patched(paragraphs, patch) -> bytes:
    """A Word file whose document.xml went through ``patch`` (bytes -> bytes)."""
    data = make_docx(paragraphs)
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            content = src.read(info)
            out.writestr(info, patch(content) if info.filename == "word/document.xml" else content)
    return buf.getvalue()


def word_writer_accepts(text: str) -> None:
    """What the report writer does with a quote: python-docx refuses XML-invalid characters."""
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    document.save(io.BytesIO())


# --- 1. ODT: space counts and nesting; Word nesting -----------------------------------------

def test_odt_enormous_space_count_is_cut_with_a_warning(tmp_path):
    body = ('<text:p>I: Hoe<text:s text:c="99999999999"/>gaat het?</text:p><text:p>R: Goed.</text:p>'
            '<text:p>I: En nu?</text:p><text:p>R: Ook.</text:p>')
    with pytest.warns(InputWarning, match=r"groot\.odt: space counts.*99999999999 is more than 1000"):
        src = read(tmp_path, "groot.odt", make_odt(body))
    assert src.text.startswith("I: Hoe" + " " * ODT_MAX_SPACE_RUN + "gaat het?\nR: Goed.")
    assert [s for s, _ in spoken(src)] == ["I", "R", "I", "R"]


@pytest.mark.parametrize("count", ["abc", "-3", "0", "", "1e9"])
def test_odt_space_count_that_is_no_positive_number_is_one_space(tmp_path, count):
    body = f'<text:p>I: a<text:s text:c="{count}"/>b</text:p><text:p>R: c</text:p><text:p>I: d</text:p><text:p>R: e</text:p>'
    with pytest.warns(InputWarning, match=r"raar\.odt: space counts"):
        src = read(tmp_path, "raar.odt", make_odt(body))
    assert src.text.splitlines()[0] == "I: a b"


def test_odt_many_space_runs_that_expand_a_small_file_are_refused(tmp_path):
    body = "<text:p>" + '<text:s text:c="1000"/>' * 5000 + "</text:p>"
    with pytest.raises(InputError, match=r"bom\.odt: its <text:s> elements stand for more than"):
        read(tmp_path, "bom.odt", make_odt(body))


@pytest.mark.parametrize("body", [
    "<text:p>I: " + "<text:span>" * 5000 + "diep" + "</text:span>" * 5000 + " genest.</text:p>",
    "<text:list><text:list-item>" * 3000 + "<text:p>I: diep genest.</text:p>" + "</text:list-item></text:list>" * 3000,
    "<text:section>" * 3000 + "<text:p>I: diep genest.</text:p>" + "</text:section>" * 3000,
])
def test_odt_thousands_of_nested_elements_are_read_without_recursion(tmp_path, body):
    assert sys.getrecursionlimit() < 3000 * 2  # the nesting is deeper than Python would recurse
    src = read(tmp_path, "diep.odt", make_odt(body + "<text:p>R: Ja.</text:p><text:p>I: Ok?</text:p><text:p>R: Ja.</text:p>"))
    assert spoken(src)[0] == ("I", "diep genest.")


def test_odt_comments_and_tracked_deletions_are_not_read_as_speech(tmp_path):
    body = ('<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>'
            '<text:p>R: weggehaald</text:p></text:deletion></text:changed-region></text:tracked-changes>'
            '<text:p>I: Hoe<office:annotation><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Els</dc:creator>'
            '<text:p>geheime notitie</text:p></office:annotation> gaat het?</text:p><text:p>R: Goed.</text:p>')
    src = read(tmp_path, "notities.odt", make_odt(body))
    assert src.text == "I: Hoe gaat het?\nR: Goed."


def test_docx_nested_thousands_deep_is_refused_by_name(tmp_path):
    deep = lambda xml: xml.replace(b"<w:r><w:t>Hallo.</w:t></w:r>", b"<w:smartTag w:uri='u' w:element='e'>" * 5000
                                   + b"<w:r><w:t>Hallo.</w:t></w:r>" + b"</w:smartTag>" * 5000)
    with pytest.raises(InputError, match=r"diep\.docx: nests its XML elements more than 256 levels"):
        read(tmp_path, "diep.docx", docx_patched(["Hallo.", "I: Ja?", "R: Ja."], deep))


def test_docx_text_inside_wrappers_is_read_and_deleted_text_is_not(tmp_path):
    def patch(xml):
        return xml.replace(
            b"<w:r><w:t>R: Lassen.</w:t></w:r>",
            b"<w:r><w:t>R: </w:t></w:r><w:ins w:id='1' w:author='x'><w:r><w:t>Lassen</w:t></w:r></w:ins>"
            b"<w:del w:id='2' w:author='x'><w:r><w:delText> en zagen</w:delText></w:r></w:del>"
            + b"<w:smartTag w:uri='u' w:element='e'>" * 100 + b"<w:r><w:t>, echt</w:t></w:r>" + b"</w:smartTag>" * 100
            + b"<w:sdt><w:sdtContent><w:r><w:t>.</w:t></w:r></w:sdtContent></w:sdt>").replace(
            b"<w:p><w:r><w:t>I: Sinds wanneer?</w:t></w:r></w:p>",
            b"<w:sdt><w:sdtContent><w:p><w:r><w:t>I: Sinds wanneer?</w:t></w:r></w:p></w:sdtContent></w:sdt>")
    src = read(tmp_path, "wijzigingen.docx", docx_patched(["I: Wat doe je?", "R: Lassen.", "I: Sinds wanneer?", "R: Sinds '81."], patch))
    assert spoken(src) == [("I", "Wat doe je?"), ("R", "Lassen, echt."), ("I", "Sinds wanneer?"), ("R", "Sinds '81.")]


def test_docx_merged_table_cells_are_not_repeated(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r, (who, said) in enumerate([("Interviewer", "Wat doe je?"), ("Kevin", "Zetten."), ("Interviewer", "Hoe lang?")]):
        table.cell(r, 0).text = who
        table.cell(r, 1).merge(table.cell(r, 2)).text = said
    buf = io.BytesIO()
    document.save(buf)
    src = read(tmp_path, "tabel.docx", buf.getvalue())
    assert src.text.splitlines() == ["Interviewer\tWat doe je?", "Kevin\tZetten.", "Interviewer\tHoe lang?"]


# --- 2. control characters and NUL bytes -----------------------------------------------------

def test_stray_nul_and_controls_in_text_are_replaced_one_for_one(tmp_path):
    raw = "I: Hoe\x00 gaat het?\nR: Goed\x07, pagina\x0cnieuw.\nI: En nu?\nR: Ook\x1b.\n"
    with pytest.warns(InputWarning, match=r"nul\.txt, line 1: 4 control character\(s\).*U\+0000"):
        src = read(tmp_path, "nul.txt", raw)
    assert len(src.text) == len(raw)  # same length: every offset stays exact
    assert src.text == raw.replace("\x00", "\ufffd").replace("\x07", "\ufffd").replace("\x0c", " ").replace("\x1b", "\ufffd")
    for _, said in spoken(src) + spoken(src, "sentence"):
        word_writer_accepts(said)


def test_a_few_nuls_in_a_text_are_not_binary(tmp_path):
    raw = "I: Vraag?\nR: " + "Een lang antwoord. " * 600 + "\x00\x00\nI: Ok.\nR: Ja.\n"
    with pytest.warns(InputWarning, match=r"lang\.txt, line 2: 2 control"):
        src = read(tmp_path, "lang.txt", raw)
    assert "\x00" not in src.text and len(src.text) == len(raw)
    early = "I: Vraag\x00?\nR: " + "Een lang antwoord. " * 100 + "\nI: Ok.\nR: Ja.\n"
    with pytest.warns(InputWarning, match=r"vroeg\.txt, line 1: 1 control"):
        assert read(tmp_path, "vroeg.txt", early).text[8] == "\ufffd"


@pytest.mark.parametrize("data, kind", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PNG"),
    (make_docx(["I: Hallo"]), "zip archive"),
    (bytes(range(256)) * 40, "control bytes"),
    (b"\x00\x01\x02binary", "control bytes"),
    (bytes(b for i in range(4096) for b in ((i * 37) % 256, 0)), "many zero bytes"),  # raw 16-bit audio
])
def test_real_binary_files_are_still_refused(tmp_path, data, kind):
    with pytest.raises(InputError, match=rf"bin\.txt: looks like a binary file \(.*{kind}"):
        read(tmp_path, "bin.txt", data)


def test_utf16_without_bom_is_read_with_a_warning(tmp_path):
    raw = "I: Café?\nR: Reünie.\nI: Ja?\nR: Ja.\n"
    with pytest.warns(InputWarning, match=r"u16\.txt: UTF-16 without a byte-order mark"):
        text, encoding = decode_bytes(raw.encode("utf-16-le"), "u16.txt")
    assert (text, encoding) == (raw, "utf-16-le")


@pytest.mark.parametrize("patch", [
    lambda xml: xml.replace(b"Wat doe je?", b"Wat\x00 doe\x01 je?"),
    lambda xml: xml.replace(b"Wat doe je?", b"Wat&#0; doe&#x1; je?"),
])
def test_control_characters_in_word_xml_are_replaced_not_fatal(tmp_path, patch):
    with pytest.warns(InputWarning, match=r"ctl\.docx: 2 control character"):
        src = read(tmp_path, "ctl.docx", docx_patched(["I: Wat doe je?", "R: Lassen.", "I: Echt?", "R: Ja."], patch))
    assert spoken(src)[0] == ("I", "Wat\ufffd doe\ufffd je?")
    word_writer_accepts(src.text)


@pytest.mark.parametrize("body", ["<text:p>I: Wat\x01 doe je?</text:p>", "<text:p>I: Wat&#1; doe je?</text:p>"])
def test_control_characters_in_odt_xml_are_replaced_not_fatal(tmp_path, body):
    with pytest.warns(InputWarning, match=r"ctl\.odt: 1 control character"):
        src = read(tmp_path, "ctl.odt", make_odt(body + "<text:p>R: Ja.</text:p>"))
    assert src.text == "I: Wat\ufffd doe je?\nR: Ja."
    word_writer_accepts(src.text)


def test_control_characters_in_subtitle_speaker_names_are_replaced(tmp_path):
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v An\x01na>Hallo.\n\n00:00:03.000 --> 00:00:04.000\n<v Bob>Ja.\n"
    with pytest.warns(InputWarning, match=r"x\.vtt, line 4: 1 control"):
        src = read(tmp_path, "x.vtt", vtt)
    assert [s for s, *_ in turns(src)] == ["An\ufffdna", "Bob"]


def test_participants_csv_control_characters_are_replaced(tmp_path):
    path = tmp_path / "participants.csv"
    path.write_bytes(b"participant_id,pseudonym\nP1,Be\x00n\n")
    with pytest.warns(InputWarning, match=r"participants\.csv, line 2: 1 control"):
        assert [r["pseudonym"] for r in csv_records(path)] == ["Be\ufffdn"]


# --- 3. no speech -------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [
    "\ufeff\u200b\u200b\n\u00a0\u00a0\n\u200d\u2060\n",
    "\u200b" * 50,
    "\ufeff\ufeff\ufeff  \t\n",
    "... -- ...\n\u200b",
])
def test_only_invisible_characters_is_no_speech(tmp_path, content):
    with pytest.raises(InputError, match=r"leeg\.txt: no speech found"):
        read(tmp_path, "leeg.txt", content)


def test_invisible_word_document_is_no_speech(tmp_path):
    with pytest.raises(InputError, match=r"leeg\.docx: no speech found"):
        read(tmp_path, "leeg.docx", make_docx(["\u200b", "\u00a0\u00a0", "\ufeff"]))


@pytest.mark.parametrize("content", [
    "Interviewer:\nAnna:\n",
    "Interviewer:\nAnna:\nInterviewer:\nAnna:\n",
    "I:\r\nR:\r\nI:\r\nR:\r\n",
    "[00:00:01] Anna:\n[00:00:02] Bob:\n",
    "Anna (00:01):\nBob (00:02):\n",
    "Marloes  0:00\n\nSandra  0:13\n\n",
    "**Interviewer:**\n\n**Anna:**\n\n**Interviewer:** \u200b\n",
])
def test_speaker_labels_without_speech_are_refused(tmp_path, content):
    with pytest.raises(InputError, match=r"labels\.txt: no speech found: there are only speaker labels"):
        turns(read(tmp_path, "labels.txt", content))


def test_bold_labels_without_speech_in_word_are_refused(tmp_path):
    data = make_docx([("Interviewer:", ""), ("Anna:", ""), ("Interviewer:", " "), ("Anna:", "")])
    with pytest.raises(InputError, match=r"labels\.docx: no speech found"):
        turns(read(tmp_path, "labels.docx", data))


def test_ingest_stores_no_empty_interview_and_names_it(case_factory):
    case = case_factory({"goed.txt": "I: Vraag?\nR: Antwoord.\nI: Ok.\nR: Ja.\n",
                         "labels.txt": "Interviewer:\nAnna:\n",
                         "onzichtbaar.txt": "\ufeff\u200b\u00a0\n",
                         "nul.txt": "I: Vraag?\nR: Ant\x00woord.\nI: Ok.\nR: Ja.\n"})
    with Project(case) as project:
        report = project.ingest()
        corpus = project.corpus(report.problems)
    failed = {f["path"].rsplit("/", 1)[-1]: f["detail"] for f in report.files if f["status"] == "failed"}
    assert set(failed) == {"labels.txt", "onzichtbaar.txt"}
    assert all(d.startswith("no speech found") for d in failed.values())
    assert sorted(corpus.documents["source_path"]) == ["transcripts/goed.txt", "transcripts/nul.txt"]
    assert any(p.severity == "warning" and p.path.endswith("nul.txt") and p.line == 2 and "1 control character" in p.message
               for p in report.problems)
    nul = corpus.documents.set_index("source_path").loc["transcripts/nul.txt", "text"]
    assert nul == "I: Vraag?\nR: Ant\ufffdwoord.\nI: Ok.\nR: Ja.\n"


# --- 4. classic-Mac CR line ends -----------------------------------------------------------------

CR_CASES = {
    "I/R": ("I: Hoe ging dat?\nR: Nou, gewoon.\n\nI: Ja?\nR: Ja [lacht].\n",
            [("I", "Hoe ging dat?"), ("R", "Nou, gewoon."), ("I", "Ja?"), ("R", "Ja [lacht].")]),
    "Name:": ("Marloes: Hoe lang al?\nJeroen: Sinds '98.\nTweede regel.\nMarloes: Oké.\nJeroen: Ja.\n",
              [("Marloes", "Hoe lang al?"), ("Jeroen", "Sinds '98.\nTweede regel."), ("Marloes", "Oké."), ("Jeroen", "Ja.")]),
    "Otter": ("Marloes  0:00\nZo, hij loopt.\n\nSandra  0:13\nIk ben planner.\n\nMarloes  1:02:05\nDank je.\n",
              [("Marloes", "Zo, hij loopt."), ("Sandra", "Ik ben planner."), ("Marloes", "Dank je.")]),
    "[ts] Name:": ("[00:00:03] Marloes: Vertel.\n[00:00:05] Kevin: In Almelo.\n[00:12:31] Marloes: Ja.\n",
                   [("Marloes", "Vertel."), ("Kevin", "In Almelo."), ("Marloes", "Ja.")]),
}


@pytest.mark.parametrize("name", CR_CASES)
@pytest.mark.parametrize("eol", ["\r", "\r\r\n", "\u2028"])
def test_other_line_ends_split_turns_like_newlines(tmp_path, name, eol):
    text, expected = CR_CASES[name]
    raw = text.replace("\n", eol)
    src = read(tmp_path, "mac.txt", raw)
    assert src.text == raw  # the stored text keeps its line ends
    assert spoken(src) == [(s, t.replace("\n", eol)) for s, t in expected]


def test_cr_only_paragraphs_split_on_blank_lines(tmp_path):
    raw = "I: Vraag?\rR: Eerste alinea.\rNog een regel.\r\rTweede alinea.\rI: Ok.\rR: Ja.\r"
    src = read(tmp_path, "mac.txt", raw)
    assert src.paragraph_break == "blank_line"
    assert [t for _, t in spoken(src, "paragraph")][1:3] == ["Eerste alinea.\rNog een regel.", "Tweede alinea."]


def test_cr_only_subtitles_keep_their_cues(tmp_path):
    srt = "1\n00:00:01,000 --> 00:00:02,000\nAnna: Hallo.\n\n2\n00:00:03,000 --> 00:00:04,000\nBob: Ja.\n\n" \
          "3\n00:00:05,000 --> 00:00:06,000\nAnna: Nee.\n\n4\n00:00:07,000 --> 00:00:08,000\nBob: Wel.\n"
    for eol in ("\r", "\r\r\n"):
        raw = srt.replace("\n", eol)
        src = read(tmp_path, "mac.srt", raw)
        assert [(s, t, a) for s, t, a, _ in turns(src)] == [
            ("Anna", "Hallo.", 1000), ("Bob", "Ja.", 3000), ("Anna", "Nee.", 5000), ("Bob", "Wel.", 7000)]


# --- 5. Otter exports with a broken speaker line ----------------------------------------------------

def test_otter_speaker_line_without_timestamp_starts_that_speakers_turn(tmp_path):
    raw = ("Marloes  0:00\nZo, hij loopt.\n\nSandra\nIk ben planner, al tien jaar.\n\n"
           "Marloes  1:02\nDank je.\n\nSandra  1:05\nGraag.\n")
    src = read(tmp_path, "otter.txt", raw)
    got = turns(src)
    assert [(s, t) for s, t, *_ in got] == [("Marloes", "Zo, hij loopt."), ("Sandra", "Ik ben planner, al tien jaar."),
                                            ("Marloes", "Dank je."), ("Sandra", "Graag.")]
    assert got[1][2] is None and got[2][2] == 62000
    words = {}
    for r in rows(src, "turn"):
        words[r["speaker"]] = words.get(r["speaker"], 0) + r["n_words"]
    assert words == {"Marloes": 5, "Sandra": 7}  # Sandra's words are not counted for Marloes


def test_otter_unknown_name_without_timestamp_is_a_turn_with_a_warning(tmp_path):
    raw = "Marloes  0:00\nZo.\n\nJan\nIk ben planner.\n\nSandra  1:02\nDank je.\n\nMarloes  1:40\nIk ook.\n"
    with pytest.warns(InputWarning, match=r"otter\.txt, line 4: line 'Jan' is taken as a speaker line"):
        src = read(tmp_path, "otter.txt", raw)
        got = spoken(src)
    assert got[1] == ("Jan", "Ik ben planner.")


def test_otter_timestamp_without_speaker_mid_sentence_continues_the_turn(tmp_path):
    raw = ("Marloes  0:00\nZo, en toen ging ik\n\n0:13\nnaar de hal, weet je.\n\n"
           "Sandra  1:02\nIk ben planner.\n\nMarloes  1:40\nIk ook.\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)  # a clear continuation needs no warning
        src = read(tmp_path, "otter.txt", raw)
        seg_turns = rows(src, "turn")
    first = seg_turns[0]
    assert (first["speaker"], first["t_start_ms"], first["t_end_ms"]) == ("Marloes", 0, 62000)
    assert src.text[first["start"]:first["end"]] == "Zo, en toen ging ik\n\n0:13\nnaar de hal, weet je."
    assert [t for s, t in spoken(src, "paragraph") if s == "Marloes"][:2] == ["Zo, en toen ging ik", "naar de hal, weet je."]
    assert first["n_words"] == 10  # the timestamp is not a word of hers


@pytest.mark.parametrize("raw, line", [
    ("Marloes  0:00\nHoe gaat het?\n\n0:13\nGoed, dank je.\n\nSandra  1:02\nIk ben planner.\n\nMarloes  1:40\nOk.\n", 4),
    ("0:00\nWelkom allemaal.\n\nMarloes  0:05\nHoe gaat het?\n\nSandra  1:02\nGoed.\n", 1),
    ("Marloes  0:00\nHoe gaat het?\r\r0:13\rGoed, dank je.\r\rSandra  1:02\rIk ben planner.\r", 4),
])
def test_otter_timestamp_without_speaker_is_nobodys_turn_and_named(tmp_path, raw, line):
    with pytest.warns(InputWarning, match=rf"otter\.txt, line {line}: timestamp 0:\d\d has no speaker name"):
        src = read(tmp_path, "otter.txt", raw)
        seg_turns = rows(src, "turn")
    unknown = [r for r in seg_turns if r["speaker"] is None]
    assert len(unknown) == 1
    said = src.text[unknown[0]["start"]:unknown[0]["end"]]
    assert said in ("Goed, dank je.", "Welkom allemaal.")
    assert all(said not in src.text[r["start"]:r["end"]] for r in seg_turns if r["speaker"] is not None)
    roles, _ = assign_roles(seg_turns, src.text, interviewers=["Marloes"])
    assert roles[None] == "other"  # not counted as the respondent's (or anyone's) speech


def test_unlabelled_text_stays_the_respondents():
    text = "Eerste alinea.\n\nTweede alinea."
    seg_turns = [r for r in segment_source(SourceText(text, "txt")).rows if r["kind"] == "turn"]
    assert assign_roles(seg_turns, text)[0][None] == "respondent"


# --- 6. subtitles: consecutive cues of one speaker are one turn ------------------------------------

VTT = """WEBVTT

1
00:00:01.000 --> 00:00:03.000
<v Marloes>Hoe ben je hier
gekomen?</v>

2
00:00:03.500 --> 00:00:05.000
<v Henk>Via mijn vader.</v>

3
00:00:05.000 --> 00:00:07.250
<v Henk>Die werkte hier al.</v>

4
00:00:07.500 --> 00:00:09.000
<v henk >En zijn vader ook.</v>

5
00:00:09.500 --> 00:00:10.000
<v Marloes>Mooi.</v>

6
00:00:10.500 --> 00:00:11.000
<v Marloes>En jij?</v>
"""


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_vtt_cues_of_one_speaker_merge_into_one_turn(tmp_path, eol):
    raw = VTT.replace("\n", eol)
    src = read(tmp_path, "teams.vtt", raw)
    got = rows(src, "turn")
    assert [(r["speaker"], r["t_start_ms"], r["t_end_ms"]) for r in got] == [
        ("Marloes", 1000, 3000), ("Henk", 3500, 9000), ("Marloes", 9500, 11000)]
    henk = src.text[got[1]["start"]:got[1]["end"]]
    assert henk.startswith("Via mijn vader.") and henk.endswith("En zijn vader ook.")
    paras = [t for s, t in spoken(src, "paragraph")]
    assert paras == [f"Hoe ben je hier{eol}gekomen?", "Via mijn vader.", "Die werkte hier al.", "En zijn vader ook.",
                     "Mooi.", "En jij?"]  # cue timings between merged cues are no speech
    assert got[1]["n_words"] == 11
    assert "-->" not in " ".join(src.text[r["start"]:r["end"]] for r in rows(src, "sentence"))


def test_a_merged_turn_reads_as_its_cues_without_timings(case_factory, tmp_path):
    case = case_factory({"teams.vtt": VTT})
    with Project(case, tmp_path / "s.sqlite") as project:
        project.ingest(show_progress=False)
        turns = project.corpus().turns()
    henk = turns.loc[turns["speaker"] == "Henk", "text"].iloc[0]
    assert henk == "Via mijn vader.\nDie werkte hier al.\nEn zijn vader ook."


def test_srt_label_cues_of_one_speaker_merge(tmp_path):
    srt = ("1\n00:00:01,000 --> 00:00:02,000\nDaan: Mijn vader\n\n2\n00:00:02,000 --> 00:00:03,000\nDaan: werkte hier.\n\n"
           "3\n00:00:04,000 --> 00:00:05,000\nMarloes: En toen?\n\n4\n00:00:06,000 --> 00:00:07,000\nDaan: Toen ik.\n\n"
           "5\n00:00:07,000 --> 00:00:08,000\nDaan: Ja.\n\n6\n00:00:08,000 --> 00:00:09,000\nMarloes: Ok.\n")
    src = read(tmp_path, "daan.srt", srt)
    got = turns(src)
    assert [(s, t0, t1) for s, _, t0, t1 in got] == [
        ("Daan", 1000, 3000), ("Marloes", 4000, 5000), ("Daan", 6000, 8000), ("Marloes", 8000, 9000)]
    assert [t for _, t in spoken(src, "paragraph")][:2] == ["Mijn vader", "werkte hier."]


def test_cues_without_a_speaker_are_not_merged(tmp_path):
    srt = "1\n00:00:01,000 --> 00:00:02,000\nHallo daar.\n\n2\n00:00:03,000 --> 00:00:04,000\nJa.\n"
    assert [(s, t) for s, t, *_ in turns(read(tmp_path, "x.srt", srt))] == [(None, "Hallo daar."), (None, "Ja.")]


def test_voice_tag_with_many_dots_does_not_hang(tmp_path):
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v" + "." * 5000 + "\n\n00:00:03.000 --> 00:00:04.000\n<v Bob>Ja.\n"
    started = time.monotonic()
    src = read(tmp_path, "punten.vtt", vtt)
    assert time.monotonic() - started < 10
    assert [s for s, *_ in turns(src)] == [None, "Bob"]
